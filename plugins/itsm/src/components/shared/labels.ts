import type {
  IncidentState,
  SupportLevel,
} from '@backstage-itsm/plugin-itsm-common';

/** States in which an incident counts as open (mirrors the backend's state machine). */
export const OPEN_INCIDENT_STATES: IncidentState[] = ['new', 'in_progress', 'on_hold'];

/** Transitions the backend allows (it has the last word; shown as options only). */
export const INCIDENT_TRANSITIONS: Record<IncidentState, IncidentState[]> = {
  new: ['in_progress', 'on_hold', 'resolved', 'canceled'],
  in_progress: ['on_hold', 'resolved', 'canceled'],
  on_hold: ['in_progress', 'resolved', 'canceled'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  canceled: [],
};

export function nextSupportLevel(level: SupportLevel): SupportLevel | undefined {
  if (level === 'L1') return 'L2';
  if (level === 'L2') return 'L3';
  return undefined;
}
