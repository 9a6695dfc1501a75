import type { Health, Incident } from '@backstage-itsm/plugin-itsm-common';
import { OPEN_INCIDENT_STATES } from './labels';

/**
 * Health from open incidents, the way the backend derives it: an open P1 or an ongoing
 * outage → major outage, an open P2 → degraded.
 */
export function healthFromIncidents(
  incidents: Array<Pick<Incident, 'state' | 'priority' | 'outage'>>,
): Health {
  const open = incidents.filter(i => OPEN_INCIDENT_STATES.includes(i.state));
  if (open.some(i => i.priority === 'P1' || (i.outage && !i.outage.end))) {
    return 'major_outage';
  }
  if (open.some(i => i.priority === 'P2')) return 'degraded';
  return 'operational';
}
