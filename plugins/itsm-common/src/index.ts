/**
 * Shared types, permissions and the typed API client of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './requests';
export * from './priority';
export * from './permissions';
export * from './client';
