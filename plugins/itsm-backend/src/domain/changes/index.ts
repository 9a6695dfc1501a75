/*
 * Change-management domain logic: pure functions (no I/O, no clock reads).
 */
export * from './risk';
export * from './cabPolicy';
export * from './stateMachine';
export * from './conflicts';
export * from './config';
