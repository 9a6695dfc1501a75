import { IncidentState } from '@backstage-itsm/plugin-itsm-common';

/**
 * Incident lifecycle (ITIL): New → In Progress → On Hold → Resolved → Closed, plus Canceled.
 * Resolved → In Progress is the reopen. New may go straight to On Hold or Resolved (a caller
 * who answers "it works again" before anyone picked the ticket up); the response clock then
 * stops at that moment.
 */
const INCIDENT_TRANSITIONS: Record<IncidentState, IncidentState[]> = {
  new: ['in_progress', 'on_hold', 'resolved', 'canceled'],
  in_progress: ['on_hold', 'resolved', 'canceled'],
  on_hold: ['in_progress', 'resolved', 'canceled'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  canceled: [],
};

export const OPEN_INCIDENT_STATES: IncidentState[] = ['new', 'in_progress', 'on_hold'];

export function allowedIncidentTransitions(from: IncidentState): IncidentState[] {
  return INCIDENT_TRANSITIONS[from];
}

export function isIncidentTransitionAllowed(
  from: IncidentState,
  to: IncidentState,
): boolean {
  return INCIDENT_TRANSITIONS[from].includes(to);
}

export function isOpenIncidentState(state: IncidentState): boolean {
  return OPEN_INCIDENT_STATES.includes(state);
}
