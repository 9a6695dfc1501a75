/*
 * SLA engine: business calendars, incident SLA clocks, monthly availability and KPIs.
 * Pure functions only (no I/O, no clock reads): `now` is always a parameter.
 */
export * from './calendar';
export * from './clocks';
export * from './availability';
export * from './kpis';
