import { InputError } from '@backstage/errors';
import {
  Criticality,
  Impact,
  SlaCalendar,
  TimeInterval,
  Urgency,
  Weekday,
  WEEKDAYS,
} from '@backstage-itsm/plugin-itsm-common';
import { parseVersion } from './parseVersion';

/*
 * Request bodies as the application layer takes them. The OpenAPI validator has checked each
 * body against its schema; TypeScript only sees what JSON Schema can say, so the narrower
 * types of plugin-itsm-common are restored here: impact 1–3 and criticality 1–4 as their
 * literal types, a time interval as a [start, end] pair. The values pass through unchanged.
 */

/** A request with a JSON body and headers (any typed route's request). */
interface RequestWithBody<B> {
  body: B;
  header(name: string): string | undefined;
}

/** The body of an update with its version: from the body, or else from the If-Match header. */
export function withVersion<B extends { version?: number }>(req: RequestWithBody<B>): Omit<B, 'version'> & { version?: number } {
  return { ...req.body, version: parseVersion(req.body.version, req.header('if-match')) };
}

function oneOf<T extends number>(allowed: readonly T[], value: number, field: string): T {
  const found = allowed.find(a => a === value);
  if (found === undefined) throw new InputError(`${field}: must be one of ${allowed.join(', ')}`);
  return found;
}

const IMPACTS: readonly Impact[] = [1, 2, 3];
const URGENCIES: readonly Urgency[] = [1, 2, 3];
const CRITICALITIES: readonly Criticality[] = [1, 2, 3, 4];

/** Weekly hours as the schema types them: intervals of two `HH:mm` strings. */
type WeeklyHoursBody = Partial<Record<Weekday, string[][]>>;

const isWeekday = (day: string): day is Weekday => WEEKDAYS.some(w => w === day);

function weeklyHours(hours: WeeklyHoursBody): Partial<Record<Weekday, TimeInterval[]>> {
  const out: Partial<Record<Weekday, TimeInterval[]>> = {};
  for (const [day, intervals] of Object.entries(hours)) {
    if (intervals && isWeekday(day)) out[day] = intervals.map(([start, end]): TimeInterval => [start, end]);
  }
  return out;
}

/** `{ timezone, hours }` of a maintenance window or a business calendar. */
function withWeeklyHours<W extends { hours: WeeklyHoursBody }>(value: W): Omit<W, 'hours'> & { hours: Partial<Record<Weekday, TimeInterval[]>> } {
  return { ...value, hours: weeklyHours(value.hours) };
}

/** Impact and urgency of an incident, impact of a change. */
export function parseImpactFields<B extends { impact?: number; urgency?: number }>(
  body: B,
): Omit<B, 'impact' | 'urgency'> & { impact?: Impact; urgency?: Urgency } {
  const { impact, urgency, ...rest } = body;
  return {
    ...rest,
    ...(impact === undefined ? {} : { impact: oneOf(IMPACTS, impact, 'impact') }),
    ...(urgency === undefined ? {} : { urgency: oneOf(URGENCIES, urgency, 'urgency') }),
  };
}

/** The same for an incident to be opened, where both are required. */
export function parseNewIncident<B extends { impact: number; urgency: number }>(
  body: B,
): Omit<B, 'impact' | 'urgency'> & { impact: Impact; urgency: Urgency } {
  return { ...body, impact: oneOf(IMPACTS, body.impact, 'impact'), urgency: oneOf(URGENCIES, body.urgency, 'urgency') };
}

/** Criticality and maintenance window of a service. */
export function parseServiceFields<B extends { criticality?: number; maintenanceWindow?: { timezone: string; hours: WeeklyHoursBody } | null }>(
  body: B,
): Omit<B, 'criticality' | 'maintenanceWindow'> & {
  criticality?: Criticality;
  maintenanceWindow?: { timezone: string; hours: Partial<Record<Weekday, TimeInterval[]>> } | null;
} {
  const { criticality, maintenanceWindow, ...rest } = body;
  return {
    ...rest,
    ...(criticality === undefined ? {} : { criticality: oneOf(CRITICALITIES, criticality, 'criticality') }),
    ...(maintenanceWindow === undefined ? {} : { maintenanceWindow: maintenanceWindow && withWeeklyHours(maintenanceWindow) }),
  };
}

/** The calendar of an SLA: `24x7` or business hours. */
export function parseSlaFields<B extends { calendar?: '24x7' | { timezone: string; hours: WeeklyHoursBody; holidays?: string[] } }>(
  body: B,
): Omit<B, 'calendar'> & { calendar?: SlaCalendar } {
  const { calendar, ...rest } = body;
  if (calendar === undefined) return rest;
  return { ...rest, calendar: calendar === '24x7' ? calendar : withWeeklyHours(calendar) };
}

/** The same for a new SLA, where the calendar is required. */
export function parseNewSla<B extends { calendar: '24x7' | { timezone: string; hours: WeeklyHoursBody; holidays?: string[] } }>(
  body: B,
): Omit<B, 'calendar'> & { calendar: SlaCalendar } {
  return { ...body, calendar: body.calendar === '24x7' ? body.calendar : withWeeklyHours(body.calendar) };
}
