import { Health, Incident } from '@backstage-itsm/plugin-itsm-common';
import { isOpenIncidentState } from './stateMachine';

/**
 * Health of a service or entity from its open incidents:
 * - major outage: an open P1, or an open incident flagged as an ongoing outage;
 * - degraded: any other open P2 (or P3 with an ongoing outage flag, covered above);
 * - operational: otherwise (open P3/P4 tickets do not degrade the service).
 */
export function healthFromIncidents(
  incidents: Array<Pick<Incident, 'state' | 'priority' | 'outage'>>,
): Health {
  const open = incidents.filter(i => isOpenIncidentState(i.state));
  if (open.some(i => i.priority === 'P1' || (i.outage && !i.outage.end))) {
    return 'major_outage';
  }
  if (open.some(i => i.priority === 'P2')) {
    return 'degraded';
  }
  return 'operational';
}
