/*
 * Health from incidents is shown by the frontend too, so the rule is written once in
 * itsm-common (`incidents.ts`, with its tests); the domain re-exports it.
 */
export { healthFromIncidents } from '@backstage-itsm/plugin-itsm-common';
