/** A day of the week, as SLA working hours and change windows name it. @public */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * The weekdays in ISO order: index 0 is Monday, so `WEEKDAYS[luxonWeekday - 1]` names a
 * Luxon (ISO) weekday.
 * @public
 */
export const WEEKDAYS: readonly Weekday[] = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
];
