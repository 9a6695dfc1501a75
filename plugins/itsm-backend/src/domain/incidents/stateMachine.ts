/*
 * The incident lifecycle is shared with the frontend, so it is written once in itsm-common
 * (`incidents.ts`: transitions, open states and their tests); the domain re-exports it.
 */
export {
  OPEN_INCIDENT_STATES,
  allowedIncidentTransitions,
  isIncidentTransitionAllowed,
  isOpenIncidentState,
} from '@backstage-itsm/plugin-itsm-common';
