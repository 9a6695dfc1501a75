/*
 * Monthly availability of a service against its SLA. Pure: `now` is a parameter.
 *
 * Decisions:
 * - The month runs from the 1st 00:00 to the next 1st 00:00 in the calendar's timezone
 *   (UTC for `'24x7'`).
 * - Scheduled time = business minutes of the whole month in the calendar (planned maintenance
 *   does not reduce it).
 * - Downtime = union of the outages (overlaps count once), minus the planned-maintenance windows,
 *   clipped to [month start, min(now, month end)], measured in business minutes only. An
 *   ongoing outage (`end: null`) counts up to `now` or the month end, whichever comes first;
 *   nothing is counted after `now` (recorded ends in the future are cut at `now`).
 * - Availability % = (scheduled − downtime) / scheduled × 100, full precision; 100 when the
 *   month has no scheduled time.
 * - Met: EXACTLY ON TARGET COUNTS AS MET (availability ≥ target, compared with an epsilon of
 *   1e-9 to absorb float noise). ServiceNow treats exactly-on-target as not met; we follow the
 *   usual reading of "availability of at least X %".
 * - Error budget: total = (100 − target) / 100 × scheduled; used = downtime;
 *   remaining = total − used (may be negative: that shows by how much it is overspent).
 * - Burn rate = (used / total) / (elapsed share of the month at `now`), where the elapsed share
 *   is measured in scheduled (business) time, since the budget can only be spent then. Null when
 *   no scheduled time has elapsed yet or the budget is 0 (target 100 %).
 * - Minute figures are rounded to 4 decimals; `met` and `burnRate` use unrounded values.
 */
import { DateTime, Interval } from 'luxon';
import type {
  AvailabilityReport,
  SlaCalendar,
} from '@backstage-itsm/plugin-itsm-common';
import {
  businessMsBetween,
  calendarZone,
  type InstantInput,
  toMillis,
} from './calendar';

/** @public */
export interface AvailabilityInput {
  serviceId: string;
  /** `YYYY-MM` */
  month: string;
  calendar: SlaCalendar;
  /** Percent, e.g. 99.5. */
  target: number;
  /** `end: null` = ongoing. */
  outages: Array<{ start: string; end: string | null }>;
  /** Planned outage windows of implemented changes; excluded from downtime. */
  maintenance?: Array<{ start: string; end: string }>;
  now: InstantInput;
}

const MINUTE_MS = 60_000;
const EPSILON = 1e-9;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Start (inclusive) and end (exclusive) of a `YYYY-MM` month in the calendar's zone. */
export function monthBounds(
  month: string,
  calendar: SlaCalendar,
): { start: DateTime; end: DateTime } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`month: must be 'YYYY-MM' (got '${month}')`);
  const start = DateTime.fromObject(
    { year: Number(m[1]), month: Number(m[2]), day: 1 },
    { zone: calendarZone(calendar) },
  );
  return { start, end: start.plus({ months: 1 }) };
}

function clippedInterval(
  startMs: number,
  endMs: number,
  lo: number,
  hi: number,
): Interval | null {
  const s = Math.max(startMs, lo);
  const e = Math.min(endMs, hi);
  if (!(e > s)) return null;
  return Interval.fromDateTimes(
    DateTime.fromMillis(s),
    DateTime.fromMillis(e),
  ) as Interval;
}

/** Availability report of one service for one month. */
export function computeAvailability(
  input: AvailabilityInput,
): AvailabilityReport {
  const { calendar, target } = input;
  if (!Number.isFinite(target) || target < 0 || target > 100) {
    throw new RangeError(
      `target: must be a percentage between 0 and 100 (got ${target})`,
    );
  }
  const { start, end } = monthBounds(input.month, calendar);
  const monthStart = start.toMillis();
  const monthEnd = end.toMillis();
  const nowMs = toMillis(input.now, 'now');
  const horizon = Math.min(monthEnd, Math.max(monthStart, nowMs));

  const outages: Interval[] = [];
  input.outages.forEach((o, i) => {
    const s = toMillis(o.start, `outages[${i}].start`);
    const e = o.end === null ? horizon : toMillis(o.end, `outages[${i}].end`);
    const iv = clippedInterval(s, e, monthStart, horizon);
    if (iv) outages.push(iv);
  });
  const maintenance: Interval[] = [];
  (input.maintenance ?? []).forEach((w, i) => {
    const s = toMillis(w.start, `maintenance[${i}].start`);
    const e = toMillis(w.end, `maintenance[${i}].end`);
    const iv = clippedInterval(s, e, monthStart, horizon);
    if (iv) maintenance.push(iv);
  });

  const merged = Interval.merge(outages) as Interval[];
  const mergedMaintenance = Interval.merge(maintenance) as Interval[];
  const down = merged.flatMap(iv =>
    mergedMaintenance.length > 0
      ? (iv.difference(...mergedMaintenance) as Interval[])
      : [iv],
  );
  let downtimeMs = 0;
  for (const iv of down) {
    downtimeMs += businessMsBetween(
      calendar,
      (iv.start as DateTime).toMillis(),
      (iv.end as DateTime).toMillis(),
    );
  }

  const scheduledMs = businessMsBetween(calendar, monthStart, monthEnd);
  const elapsedMs = businessMsBetween(calendar, monthStart, horizon);
  const availability =
    scheduledMs > 0 ? ((scheduledMs - downtimeMs) / scheduledMs) * 100 : 100;

  const scheduled = scheduledMs / MINUTE_MS;
  const used = downtimeMs / MINUTE_MS;
  const total = ((100 - target) * scheduled) / 100;
  const elapsedShare = scheduledMs > 0 ? elapsedMs / scheduledMs : 0;
  const burnRate =
    total > 0 && elapsedShare > 0 ? used / total / elapsedShare : null;

  return {
    serviceId: input.serviceId,
    month: input.month,
    scheduledMinutes: round(scheduled, 4),
    downtimeMinutes: round(used, 4),
    availability,
    target,
    met: availability >= target - EPSILON,
    errorBudget: {
      totalMinutes: round(total, 4),
      usedMinutes: round(used, 4),
      remainingMinutes: round(total - used, 4),
      burnRate,
    },
  };
}
