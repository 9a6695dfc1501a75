import type { BusinessCalendar } from '@backstage-itsm/plugin-itsm-common';

/**
 * Office hours, Mon–Fri 08:00–18:00 Europe/Berlin, the calendar most SLA rule tests count in;
 * `holidays` as the calendar takes them (fixed `YYYY-MM-DD` or yearly `--MM-DD`).
 */
export function officeHoursCalendar(holidays?: string[]): BusinessCalendar {
  const day: Array<[string, string]> = [['08:00', '18:00']];
  return {
    timezone: 'Europe/Berlin',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    ...(holidays ? { holidays } : {}),
  };
}
