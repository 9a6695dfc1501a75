import {
  SUPPORT_LEVELS,
  type Health,
  type Incident,
  type IncidentState,
  type SupportLevel,
} from './types';

/**
 * Incident lifecycle (ITIL): New → In Progress → On Hold → Resolved → Closed, plus Canceled.
 * Resolved → In Progress is the reopen. New may go straight to On Hold or Resolved (a caller
 * who answers "it works again" before anyone picked the ticket up); the response clock then
 * stops at that moment. The backend enforces it; the frontend offers these as options.
 * @public
 */
export const INCIDENT_TRANSITIONS: Readonly<
  Record<IncidentState, readonly IncidentState[]>
> = {
  new: ['in_progress', 'on_hold', 'resolved', 'canceled'],
  in_progress: ['on_hold', 'resolved', 'canceled'],
  on_hold: ['in_progress', 'resolved', 'canceled'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  canceled: [],
};

/** States in which an incident counts as open. @public */
export const OPEN_INCIDENT_STATES: IncidentState[] = [
  'new',
  'in_progress',
  'on_hold',
];

/** The states an incident may move to from `from`. @public */
export function allowedIncidentTransitions(
  from: IncidentState,
): IncidentState[] {
  return [...INCIDENT_TRANSITIONS[from]];
}

/** @public */
export function isIncidentTransitionAllowed(
  from: IncidentState,
  to: IncidentState,
): boolean {
  return INCIDENT_TRANSITIONS[from].includes(to);
}

/** @public */
export function isOpenIncidentState(state: IncidentState): boolean {
  return OPEN_INCIDENT_STATES.includes(state);
}

/**
 * Health of a service or entity from its open incidents:
 * - major outage: an open P1, or an open incident flagged as an ongoing outage;
 * - degraded: any other open P2 (or P3 with an ongoing outage flag, covered above);
 * - operational: otherwise (open P3/P4 tickets do not degrade the service).
 * @public
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

/**
 * The level an incident is escalated to from `level` (the next in `SUPPORT_LEVELS`);
 * undefined at the last level.
 * @public
 */
export function nextSupportLevel(
  level: SupportLevel,
): SupportLevel | undefined {
  const index = SUPPORT_LEVELS.indexOf(level);
  return index >= 0 ? SUPPORT_LEVELS[index + 1] : undefined;
}
