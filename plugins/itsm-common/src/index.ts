/**
 * Shared types, permissions, the typed API client and the rules both the ITSM backend and
 * frontend apply (incident and change life cycles, health, risk estimate, SLA warning share,
 * weekdays, service entity kinds) of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './requests';
export * from './priority';
export * from './permissions';
export * from './client';
export * from './weekdays';
export * from './incidents';
export * from './changes';
export * from './risk';
export * from './sla';
export * from './entityKinds';
