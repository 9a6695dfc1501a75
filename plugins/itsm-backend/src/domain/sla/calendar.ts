/*
 * SLA calendars: business-time arithmetic in an IANA timezone.
 *
 * Pure module: no I/O, no clock reads. Every instant is an argument.
 *
 * Semantics
 * ---------
 * - A calendar is either `'24x7'` (every instant counts, UTC for month boundaries) or a
 *   `BusinessCalendar`: weekly wall-clock intervals per weekday in `timezone`, minus holidays.
 * - Working time is *real elapsed time* while the wall clock of the calendar's zone is inside a
 *   working interval. So an interval `00:00–06:00` on the Sunday DST starts (Europe/Berlin, last
 *   Sunday of March) lasts 5 hours, and 7 hours on the Sunday DST ends; `08:00–18:00` on the
 *   Monday after is 08:00 local summer time.
 * - A wall time that does not exist (skipped by a DST gap) starts when the wall clock first
 *   shows a later time, i.e. at the transition (`02:30` on the spring-forward day → 03:00 CEST).
 *   A wall time that exists twice (fall back) means its first occurrence.
 * - `24:00` as an end means the start of the next calendar day in the zone.
 * - Holidays are whole calendar days in the zone: `YYYY-MM-DD` (one date) or `--MM-DD` (yearly;
 *   `--02-29` only applies in leap years).
 * - Intervals are half-open `[start, end)`. A target that is used up exactly at a closing time
 *   ends at that closing time (not at the next opening).
 *
 * Cost: `addBusinessMinutes` and `businessMinutesBetween` do not step minute by minute nor
 * day by day over the whole span. Nominal weekly minutes are precomputed; whole weeks are
 * skipped arithmetically and corrected by the (precomputed, per year) holidays and DST days in
 * the skipped range; then at most about a week (plus holidays) is walked day by day, and only
 * days with a DST transition or a holiday need Luxon to place their intervals.
 */
import { DateTime, IANAZone } from 'luxon';
import {
  WEEKDAYS,
  type BusinessCalendar,
  type SlaCalendar,
} from '@backstage-itsm/plugin-itsm-common';

/** Anything that denotes an instant. Strings are ISO 8601; without an offset they mean UTC. */
export type InstantInput = DateTime | Date | string;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** Safety net for calendars whose working time is (nearly) unreachable, e.g. all days holidays. */
const MAX_WALK_DAYS = 3700;

// ---------------------------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------------------------

/** Epoch milliseconds of an instant; throws a RangeError for an invalid one. */
export function toMillis(input: InstantInput, field = 'instant'): number {
  let ms: number;
  if (DateTime.isDateTime(input)) {
    ms = input.isValid ? input.toMillis() : NaN;
  } else if (input instanceof Date) {
    ms = input.getTime();
  } else if (typeof input === 'string') {
    const dt = DateTime.fromISO(input, { zone: 'utc' });
    ms = dt.isValid ? dt.toMillis() : NaN;
  } else {
    ms = NaN;
  }
  if (!Number.isFinite(ms)) {
    throw new RangeError(
      `${field}: not a valid ISO 8601 instant (${String(input)})`,
    );
  }
  return ms;
}

/** ISO 8601 in UTC with milliseconds, e.g. `2025-06-02T07:00:00.000Z`. */
export function toIsoUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates as day numbers (days since 1970-01-01). Pure calendar arithmetic, no zones.
// ---------------------------------------------------------------------------------------------

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function ymdOf(dayNum: number): Ymd {
  const d = new Date(dayNum * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekdayIndex(dayNum: number): number {
  return (((dayNum + 3) % 7) + 7) % 7;
}

/** The calendar date (in `zone`) of an instant, as a day number. */
function localDayNumber(zone: string, ms: number): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return dayNumber(dt.year, dt.month, dt.day);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Minutes of the day of `HH:MM`, `24:00` → 1440; null when malformed. */
function parseWallTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

const FIXED_HOLIDAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEARLY_HOLIDAY_RE = /^--(\d{2})-(\d{2})$/;

type ParsedHoliday =
  | { kind: 'fixed'; dayNum: number }
  | { kind: 'yearly'; month: number; day: number };

function parseHoliday(value: unknown): ParsedHoliday | null {
  if (typeof value !== 'string') return null;
  let m = FIXED_HOLIDAY_RE.exec(value);
  if (m) {
    const dt = DateTime.fromObject(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
      { zone: 'utc' },
    );
    if (!dt.isValid) return null;
    return { kind: 'fixed', dayNum: dayNumber(dt.year, dt.month, dt.day) };
  }
  m = YEARLY_HOLIDAY_RE.exec(value);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    // 2000 is a leap year, so --02-29 is accepted (it applies in leap years only).
    if (
      !DateTime.fromObject({ year: 2000, month, day }, { zone: 'utc' }).isValid
    )
      return null;
    return { kind: 'yearly', month, day };
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a calendar as it comes from an API body. Returns human-readable errors, each starting
 * with the offending field (e.g. `calendar.hours.mon[0]: end must be after start`); an empty
 * array means valid. `path` prefixes the field names (default `calendar`).
 */
export function validateCalendar(
  calendar: unknown,
  path = 'calendar',
): string[] {
  if (calendar === '24x7') return [];
  if (!isPlainObject(calendar)) {
    return [
      `${path}: must be '24x7' or an object with timezone, hours and optional holidays`,
    ];
  }
  const errors: string[] = [];
  for (const key of Object.keys(calendar)) {
    if (key !== 'timezone' && key !== 'hours' && key !== 'holidays') {
      errors.push(
        `${path}.${key}: unknown field (allowed: timezone, hours, holidays)`,
      );
    }
  }

  const tz = calendar.timezone;
  if (typeof tz !== 'string' || tz.trim() === '') {
    errors.push(
      `${path}.timezone: required, an IANA zone such as 'Europe/Berlin'`,
    );
  } else if (!IANAZone.isValidZone(tz)) {
    errors.push(`${path}.timezone: unknown IANA zone '${tz}'`);
  }

  const hours = calendar.hours;
  if (!isPlainObject(hours)) {
    errors.push(
      `${path}.hours: must be an object keyed by weekday (mon, tue, … sun)`,
    );
  } else {
    let intervalCount = 0;
    for (const [key, list] of Object.entries(hours)) {
      const field = `${path}.hours.${key}`;
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        errors.push(
          `${field}: unknown weekday (use mon, tue, wed, thu, fri, sat, sun)`,
        );
        continue;
      }
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        errors.push(
          `${field}: must be an array of ["HH:MM", "HH:MM"] intervals`,
        );
        continue;
      }
      const accepted: Array<{ index: number; start: number; end: number }> = [];
      for (let index = 0; index < list.length; index++) {
        const interval: unknown = list[index];
        const f = `${field}[${index}]`;
        if (!Array.isArray(interval) || interval.length !== 2) {
          errors.push(`${f}: must be a pair ["HH:MM", "HH:MM"]`);
          continue;
        }
        const [rawStart, rawEnd] = interval.map(v => String(v));
        const start = parseWallTime(interval[0]);
        const end = parseWallTime(interval[1]);
        if (start === null || start >= DAY_MINUTES) {
          errors.push(
            `${f}: start '${rawStart}' is not a time HH:MM (00:00–23:59)`,
          );
        }
        if (end === null) {
          errors.push(
            `${f}: end '${rawEnd}' is not a time HH:MM (00:00–24:00)`,
          );
        }
        if (start === null || start >= DAY_MINUTES || end === null) continue;
        if (end <= start) {
          errors.push(`${f}: end must be after start`);
          continue;
        }
        const overlapping = accepted.find(o => start < o.end && o.start < end);
        if (overlapping) {
          errors.push(`${f}: overlaps ${field}[${overlapping.index}]`);
          continue;
        }
        accepted.push({ index, start, end });
        intervalCount++;
      }
    }
    if (
      intervalCount === 0 &&
      !errors.some(e => e.startsWith(`${path}.hours.`))
    ) {
      errors.push(
        `${path}.hours: at least one working interval is required (or use '24x7')`,
      );
    }
  }

  const holidays = calendar.holidays;
  if (holidays !== undefined && holidays !== null) {
    if (!Array.isArray(holidays)) {
      errors.push(
        `${path}.holidays: must be an array of 'YYYY-MM-DD' or '--MM-DD' dates`,
      );
    } else {
      holidays.forEach((h: unknown, index: number) => {
        if (parseHoliday(h) === null) {
          errors.push(
            `${path}.holidays[${index}]: must be a date 'YYYY-MM-DD' or a yearly date '--MM-DD' (got '${String(
              h,
            )}')`,
          );
        }
      });
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Compilation (memoised; calendars are treated as immutable values — do not mutate one after use)
// ---------------------------------------------------------------------------------------------

interface YearSpecials {
  /** Days that need Luxon to place their intervals: DST-transition candidates and holidays. */
  days: Set<number>;
  /** Days whose actual working time differs from the nominal one: [dayNum, actual − nominal ms]. */
  corrections: Array<[number, number]>;
}

interface CompiledCalendar {
  zone: string;
  /** Per weekday (0 = Monday): sorted, non-overlapping [startMinute, endMinute] wall intervals. */
  week: Array<Array<[number, number]>>;
  dayNominalMs: number[];
  weekNominalMs: number;
  fixedHolidays: Set<number>;
  /** month * 100 + day */
  yearlyHolidays: Set<number>;
  yearlyHolidayList: Array<{ month: number; day: number }>;
  specialsByYear: Map<number, YearSpecials>;
  dayCache: Map<number, Array<[number, number]>>;
}

/** By object identity (the common case in a loop) … */
const compiledCache = new WeakMap<BusinessCalendar, CompiledCalendar>();
/** … and by content, for calendars parsed afresh from storage on every request. */
const compiledByContent = new Map<string, CompiledCalendar>();
const CONTENT_CACHE_LIMIT = 256;
const DAY_CACHE_LIMIT = 4096;

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  const contentKey = JSON.stringify([
    calendar.timezone,
    calendar.hours,
    calendar.holidays ?? [],
  ]);
  const byContent = compiledByContent.get(contentKey);
  if (byContent) {
    compiledCache.set(calendar, byContent);
    return byContent;
  }
  const errors = validateCalendar(calendar);
  if (errors.length > 0) {
    throw new RangeError(`Invalid SLA calendar: ${errors.join('; ')}`);
  }
  const week: Array<Array<[number, number]>> = WEEKDAYS.map(day => {
    const list = calendar.hours[day] ?? [];
    return list
      .map(
        ([s, e]) =>
          [parseWallTime(s) as number, parseWallTime(e) as number] as [
            number,
            number,
          ],
      )
      .sort((a, b) => a[0] - b[0]);
  });
  const dayNominalMs = week.map(list =>
    list.reduce((sum, [s, e]) => sum + (e - s) * MINUTE_MS, 0),
  );
  const fixedHolidays = new Set<number>();
  const yearlyHolidays = new Set<number>();
  const yearlyHolidayList: Array<{ month: number; day: number }> = [];
  for (const h of calendar.holidays ?? []) {
    const parsed = parseHoliday(h) as ParsedHoliday;
    if (parsed.kind === 'fixed') {
      fixedHolidays.add(parsed.dayNum);
    } else if (!yearlyHolidays.has(parsed.month * 100 + parsed.day)) {
      yearlyHolidays.add(parsed.month * 100 + parsed.day);
      yearlyHolidayList.push({ month: parsed.month, day: parsed.day });
    }
  }
  const compiled: CompiledCalendar = {
    zone: calendar.timezone,
    week,
    dayNominalMs,
    weekNominalMs: dayNominalMs.reduce((a, b) => a + b, 0),
    fixedHolidays,
    yearlyHolidays,
    yearlyHolidayList,
    specialsByYear: new Map(),
    dayCache: new Map(),
  };
  compiledCache.set(calendar, compiled);
  if (compiledByContent.size >= CONTENT_CACHE_LIMIT) compiledByContent.clear();
  compiledByContent.set(contentKey, compiled);
  return compiled;
}

function isHoliday(cc: CompiledCalendar, dayNum: number): boolean {
  if (cc.fixedHolidays.has(dayNum)) return true;
  if (cc.yearlyHolidays.size === 0) return false;
  const { month, day } = ymdOf(dayNum);
  return cc.yearlyHolidays.has(month * 100 + day);
}

// ---------------------------------------------------------------------------------------------
// DST: days on which the zone's UTC offset changes (cached per zone and year)
// ---------------------------------------------------------------------------------------------

const transitionDayCache = new Map<string, Map<number, number[]>>();

/**
 * Calendar days of `year` that may contain an offset change in `zone` (a superset: a few
 * neighbouring days are included, which only costs a little precision work, never correctness).
 * Sampled once a day at 12:00 UTC via Luxon's zone data; two changes that cancel out within
 * one day are not seen (no real zone does that).
 */
function transitionDays(zone: string, year: number): number[] {
  let byYear = transitionDayCache.get(zone);
  if (!byYear) {
    byYear = new Map();
    transitionDayCache.set(zone, byYear);
  }
  const cached = byYear.get(year);
  if (cached) return cached;
  const z = IANAZone.create(zone);
  const first = dayNumber(year, 1, 1);
  const last = dayNumber(year + 1, 1, 1) - 1;
  const result = new Set<number>();
  let prev = z.offset((first - 2) * DAY_MS + DAY_MS / 2);
  for (let d = first - 1; d <= last + 2; d++) {
    const o = z.offset(d * DAY_MS + DAY_MS / 2);
    if (o !== prev) {
      // The change lies between 12:00 UTC of d-1 and of d; with offsets within ±14 h its local
      // date is in d-2 … d+1. One more day on each side covers intervals ending at 24:00.
      for (let k = d - 3; k <= d + 2; k++)
        if (k >= first && k <= last) result.add(k);
    }
    prev = o;
  }
  const list = [...result].sort((a, b) => a - b);
  byYear.set(year, list);
  return list;
}

// ---------------------------------------------------------------------------------------------
// Placing a day's intervals on the time line
// ---------------------------------------------------------------------------------------------

/**
 * The instant at which the wall clock of `zone` first shows `minuteOfDay` on `dayNum`
 * (1440 = the next day's 00:00). Handles DST gaps (→ the transition) and folds (→ first
 * occurrence) with Luxon.
 */
function wallTimeToMillis(
  zone: string,
  dayNum: number,
  minuteOfDay: number,
): number {
  let dn = dayNum;
  let minutes = minuteOfDay;
  if (minutes >= DAY_MINUTES) {
    dn += Math.floor(minutes / DAY_MINUTES);
    minutes %= DAY_MINUTES;
  }
  const { year, month, day } = ymdOf(dn);
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (
    dt.year === year &&
    dt.month === month &&
    dt.day === day &&
    dt.hour === hour &&
    dt.minute === minute
  ) {
    // Exists; if it exists twice (fall back) take the first occurrence.
    return dt.getPossibleOffsets()[0].toMillis();
  }
  // Skipped by a gap: Luxon moved it forward by the gap. The wall clock first shows a time at
  // or after the requested one at the transition, which we locate with Luxon's zone offsets.
  return transitionBefore(zone, dt.toMillis());
}

/** The first instant ≤ `afterMs` from which the zone's offset equals the one at `afterMs`. */
function transitionBefore(zone: string, afterMs: number): number {
  const z = IANAZone.create(zone);
  const target = z.offset(afterMs);
  let lo = afterMs - 26 * 3_600_000;
  let hi = afterMs;
  if (z.offset(lo) === target) return afterMs;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (z.offset(mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function isTransitionDay(zone: string, dayNum: number): boolean {
  const days = transitionDays(zone, ymdOf(dayNum).year);
  // Tiny sorted arrays (a dozen entries a year): a linear scan is fine.
  return days.includes(dayNum);
}

/** Working intervals of one calendar day as [startMs, endMs) instants; [] on holidays. */
function intervalsOfDay(
  cc: CompiledCalendar,
  dayNum: number,
): Array<[number, number]> {
  const cached = cc.dayCache.get(dayNum);
  if (cached) return cached;
  let result: Array<[number, number]> = [];
  const spec = cc.week[weekdayIndex(dayNum)];
  if (spec.length > 0 && !isHoliday(cc, dayNum)) {
    if (isTransitionDay(cc.zone, dayNum)) {
      for (const [s, e] of spec) {
        const start = wallTimeToMillis(cc.zone, dayNum, s);
        const end = wallTimeToMillis(cc.zone, dayNum, e);
        if (end > start) result.push([start, end]);
      }
    } else {
      // No offset change on this day: wall minutes after local midnight are real minutes.
      const { year, month, day } = ymdOf(dayNum);
      const midnight = DateTime.fromObject(
        { year, month, day },
        { zone: cc.zone },
      ).toMillis();
      result = spec.map(([s, e]) => [
        midnight + s * MINUTE_MS,
        midnight + e * MINUTE_MS,
      ]);
    }
  }
  if (cc.dayCache.size >= DAY_CACHE_LIMIT) cc.dayCache.clear();
  cc.dayCache.set(dayNum, result);
  return result;
}

function sumIntervals(intervals: Array<[number, number]>): number {
  let sum = 0;
  for (const [s, e] of intervals) sum += e - s;
  return sum;
}

function yearSpecials(cc: CompiledCalendar, year: number): YearSpecials {
  const cached = cc.specialsByYear.get(year);
  if (cached) return cached;
  const days = new Set<number>(transitionDays(cc.zone, year));
  const first = dayNumber(year, 1, 1);
  const last = dayNumber(year + 1, 1, 1) - 1;
  for (const d of cc.fixedHolidays) if (d >= first && d <= last) days.add(d);
  for (const { month, day } of cc.yearlyHolidayList) {
    const dt = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
    if (dt.isValid) days.add(dayNumber(year, month, day)); // --02-29 only in leap years
  }
  const corrections: Array<[number, number]> = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const delta =
      sumIntervals(intervalsOfDay(cc, d)) - cc.dayNominalMs[weekdayIndex(d)];
    if (delta !== 0) corrections.push([d, delta]);
  }
  const specials = { days, corrections };
  cc.specialsByYear.set(year, specials);
  return specials;
}

function isSpecialDay(cc: CompiledCalendar, dayNum: number): boolean {
  return yearSpecials(cc, ymdOf(dayNum).year).days.has(dayNum);
}

/** Working ms of the whole days [fromDay, toDay): nominal weeks + holiday/DST corrections. */
function wholeDaysMs(
  cc: CompiledCalendar,
  fromDay: number,
  toDay: number,
): number {
  const n = toDay - fromDay;
  if (n <= 0) return 0;
  const weeks = Math.floor(n / 7);
  let ms = weeks * cc.weekNominalMs;
  for (let d = fromDay + weeks * 7; d < toDay; d++)
    ms += cc.dayNominalMs[weekdayIndex(d)];
  const firstYear = ymdOf(fromDay).year;
  const lastYear = ymdOf(toDay - 1).year;
  for (let y = firstYear; y <= lastYear; y++) {
    for (const [d, delta] of yearSpecials(cc, y).corrections) {
      if (d >= fromDay && d < toDay) ms += delta;
    }
  }
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Core operations in milliseconds (used by clocks and availability)
// ---------------------------------------------------------------------------------------------

/**
 * The earliest instant at which `amountMs` of working time has passed since `startMs`
 * (epoch ms), or null when the calendar never accumulates that much (no working hours).
 * `amountMs <= 0` returns `startMs`.
 */
export function addBusinessMs(
  calendar: SlaCalendar,
  startMs: number,
  amountMs: number,
): number | null {
  if (!(amountMs > 0)) return startMs;
  if (calendar === '24x7') return startMs + amountMs;
  const cc = compile(calendar);
  if (cc.weekNominalMs <= 0) return null;
  let remaining = amountMs;
  let day = localDayNumber(cc.zone, startMs);

  // 1. The rest of the start day.
  for (const [s, e] of intervalsOfDay(cc, day)) {
    if (e <= startMs) continue;
    const from = Math.max(s, startMs);
    const available = e - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  day += 1;

  // 2. Skip whole weeks arithmetically (holidays/DST corrected) while more than a week is left.
  for (let guard = 0; guard < 64 && remaining > cc.weekNominalMs; guard++) {
    let weeks = Math.floor((remaining - 1) / cc.weekNominalMs);
    let ms = wholeDaysMs(cc, day, day + 7 * weeks);
    if (ms >= remaining) {
      // Only possible when DST adds time to the skipped weeks: back off one week.
      weeks -= 1;
      if (weeks < 1) break;
      ms = wholeDaysMs(cc, day, day + 7 * weeks);
      if (ms >= remaining) break;
    }
    remaining -= ms;
    day += 7 * weeks;
  }

  // 3. Walk the last days; ordinary days are consumed by their nominal minutes.
  for (let i = 0; i < MAX_WALK_DAYS; i++, day++) {
    if (!isSpecialDay(cc, day)) {
      const nominal = cc.dayNominalMs[weekdayIndex(day)];
      if (nominal < remaining) {
        remaining -= nominal;
        continue;
      }
    }
    for (const [s, e] of intervalsOfDay(cc, day)) {
      const available = e - s;
      if (remaining <= available) return s + remaining;
      remaining -= available;
    }
  }
  return null;
}

function overlapMs(
  intervals: Array<[number, number]>,
  from: number,
  to: number,
): number {
  let sum = 0;
  for (const [s, e] of intervals) {
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (b > a) sum += b - a;
  }
  return sum;
}

/** Working ms between two instants (epoch ms); negative when `bMs < aMs`. */
export function businessMsBetween(
  calendar: SlaCalendar,
  aMs: number,
  bMs: number,
): number {
  if (bMs < aMs) return -businessMsBetween(calendar, bMs, aMs);
  if (bMs === aMs) return 0;
  if (calendar === '24x7') return bMs - aMs;
  const cc = compile(calendar);
  const dayA = localDayNumber(cc.zone, aMs);
  const dayB = localDayNumber(cc.zone, bMs);
  if (dayA === dayB) return overlapMs(intervalsOfDay(cc, dayA), aMs, bMs);
  return (
    overlapMs(intervalsOfDay(cc, dayA), aMs, Infinity) +
    wholeDaysMs(cc, dayA + 1, dayB) +
    overlapMs(intervalsOfDay(cc, dayB), -Infinity, bMs)
  );
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * The instant (a UTC `DateTime`) at which `minutes` of business time have elapsed since
 * `start`. A target used up exactly at a closing time ends at that closing time; a start
 * outside working hours counts from the next opening; `minutes <= 0` returns `start`.
 * Throws a RangeError for an invalid calendar or a calendar without any working time ahead.
 */
export function addBusinessMinutes(
  calendar: SlaCalendar,
  start: InstantInput,
  minutes: number,
): DateTime {
  if (!Number.isFinite(minutes))
    throw new RangeError('minutes: must be a finite number');
  const startMs = toMillis(start, 'start');
  const result = addBusinessMs(
    calendar,
    startMs,
    Math.round(minutes * MINUTE_MS),
  );
  if (result === null) {
    throw new RangeError('calendar: has no working time to reach the target');
  }
  return DateTime.fromMillis(result, { zone: 'utc' });
}

/**
 * Business minutes between two instants (may be fractional; negative when `b` is before `a`).
 * The business minutes of a whole month are `businessMinutesBetween(cal, monthStart, nextMonthStart)`.
 */
export function businessMinutesBetween(
  calendar: SlaCalendar,
  a: InstantInput,
  b: InstantInput,
): number {
  return (
    businessMsBetween(calendar, toMillis(a, 'from'), toMillis(b, 'to')) /
    MINUTE_MS
  );
}

/** Whether an instant lies inside the calendar's working time. */
export function isBusinessTime(
  calendar: SlaCalendar,
  instant: InstantInput,
): boolean {
  if (calendar === '24x7') return true;
  const ms = toMillis(instant);
  const cc = compile(calendar);
  return intervalsOfDay(cc, localDayNumber(cc.zone, ms)).some(
    ([s, e]) => ms >= s && ms < e,
  );
}

/** Nominal business minutes of a week without holidays or DST effects (0 for none; 10080 for 24x7). */
export function weeklyBusinessMinutes(calendar: SlaCalendar): number {
  if (calendar === '24x7') return 7 * DAY_MINUTES;
  return compile(calendar).weekNominalMs / MINUTE_MS;
}

/** The calendar's timezone; `'24x7'` calendars count in UTC. */
export function calendarZone(calendar: SlaCalendar): string {
  return calendar === '24x7' ? 'utc' : calendar.timezone;
}
