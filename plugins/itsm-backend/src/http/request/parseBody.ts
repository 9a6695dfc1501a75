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

/** A request with a JSON body and headers (every typed route's request is one). */
interface RequestWithBody<B> {
  body: B;
  header(name: string): string | undefined;
}

/** The body of an update with its version: from the body, or else from the If-Match header. */
export function withVersion<B extends { version?: number }>(
  req: RequestWithBody<B>,
): Omit<B, 'version'> & { version?: number } {
  return {
    ...req.body,
    version: parseVersion(req.body.version, req.header('if-match')),
  };
}

function oneOf<T extends number>(
  allowed: readonly T[],
  value: number,
  field: string,
): T {
  const found = allowed.find(a => a === value);
  if (found === undefined)
    throw new InputError(`${field}: must be one of ${allowed.join(', ')}`);
  return found;
}

const IMPACTS: readonly Impact[] = [1, 2, 3];
const URGENCIES: readonly Urgency[] = [1, 2, 3];
const CRITICALITIES: readonly Criticality[] = [1, 2, 3, 4];

/** Weekly hours as the schema types them: intervals of two `HH:mm` strings. */
type WeeklyHoursBody = Partial<Record<Weekday, string[][]>>;

const isWeekday = (day: string): day is Weekday =>
  WEEKDAYS.some(w => w === day);

function weeklyHours(
  hours: WeeklyHoursBody,
): Partial<Record<Weekday, TimeInterval[]>> {
  const out: Partial<Record<Weekday, TimeInterval[]>> = {};
  for (const [day, intervals] of Object.entries(hours)) {
    if (intervals && isWeekday(day))
      out[day] = intervals.map(([start, end]): TimeInterval => [start, end]);
  }
  return out;
}

/** `{ timezone, hours }` of a maintenance window or a business calendar. */
function withWeeklyHours<W extends { hours: WeeklyHoursBody }>(
  value: W,
): Omit<W, 'hours'> & { hours: Partial<Record<Weekday, TimeInterval[]>> } {
  return { ...value, hours: weeklyHours(value.hours) };
}

const impact = (value: number) => oneOf(IMPACTS, value, 'impact');
const urgency = (value: number) => oneOf(URGENCIES, value, 'urgency');

/** Impact and urgency of an incident, impact of a change. */
export function parseImpactFields<
  B extends { impact?: number; urgency?: number },
>(
  body: B,
): Omit<B, 'impact' | 'urgency'> & { impact?: Impact; urgency?: Urgency } {
  const { impact: givenImpact, urgency: givenUrgency, ...rest } = body;
  return {
    ...rest,
    ...(givenImpact === undefined ? {} : { impact: impact(givenImpact) }),
    ...(givenUrgency === undefined ? {} : { urgency: urgency(givenUrgency) }),
  };
}

/** The same for an incident to be opened, where both are required. */
export function parseNewIncident<B extends { impact: number; urgency: number }>(
  body: B,
): Omit<B, 'impact' | 'urgency'> & { impact: Impact; urgency: Urgency } {
  return {
    ...body,
    impact: impact(body.impact),
    urgency: urgency(body.urgency),
  };
}

/** Criticality and maintenance window of a service. */
export function parseServiceFields<
  B extends {
    criticality?: number;
    maintenanceWindow?: { timezone: string; hours: WeeklyHoursBody } | null;
  },
>(
  body: B,
): Omit<B, 'criticality' | 'maintenanceWindow'> & {
  criticality?: Criticality;
  maintenanceWindow?: {
    timezone: string;
    hours: Partial<Record<Weekday, TimeInterval[]>>;
  } | null;
} {
  const { criticality, maintenanceWindow: window, ...rest } = body;
  return {
    ...rest,
    ...(criticality === undefined
      ? {}
      : { criticality: oneOf(CRITICALITIES, criticality, 'criticality') }),
    ...(window === undefined
      ? {}
      : { maintenanceWindow: window && withWeeklyHours(window) }),
  };
}

/** An SLA calendar as the schema types it: `24x7` or business hours. */
type CalendarBody =
  | '24x7'
  | { timezone: string; hours: WeeklyHoursBody; holidays?: string[] };

const slaCalendar = (calendar: CalendarBody): SlaCalendar =>
  calendar === '24x7' ? calendar : withWeeklyHours(calendar);

/** The calendar of an SLA update. */
export function parseSlaFields<B extends { calendar?: CalendarBody }>(
  body: B,
): Omit<B, 'calendar'> & { calendar?: SlaCalendar } {
  const { calendar, ...rest } = body;
  return calendar === undefined
    ? rest
    : { ...rest, calendar: slaCalendar(calendar) };
}

/** The calendar of a new SLA. */
export function parseNewSla<B extends { calendar: CalendarBody }>(
  body: B,
): Omit<B, 'calendar'> & { calendar: SlaCalendar } {
  return { ...body, calendar: slaCalendar(body.calendar) };
}
