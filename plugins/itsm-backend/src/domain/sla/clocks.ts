/*
 * SLA clocks of one incident: response (time to own) and resolution (time to resolve).
 *
 * Pure function of (timeline, calendar, targets, now). Anchors: ServiceNow task SLAs,
 * iTop stopwatches, GLPI TTO/TTR.
 *
 * Decisions (documented here and relied upon by the API):
 * - Events after `now` are ignored, so evaluating a complete (imported) timeline at time t gives
 *   exactly what a live system saw at t, and evaluating at the end gives the same figures as a
 *   live incident: the engine has no hidden state.
 * - Response clock: starts at `openedAt`, never paused, stops at the first move to
 *   `in_progress` (acknowledgement). If the incident reaches `resolved`, `closed` or `canceled`
 *   without ever being acknowledged, the response clock stops at that moment (it is judged
 *   against its goal like an acknowledgement). A move `new → on_hold` does not stop it.
 *   Reopening never restarts it.
 * - Resolution clock: starts at `openedAt`; runs in `new` and `in_progress`, is paused in
 *   `on_hold`, stops on `resolved`, `closed` or `canceled`. Reopening (e.g. `resolved →
 *   in_progress`) resumes it; the time spent resolved or on hold does not count. Hence the
 *   deadline moves out by the business time spent paused.
 * - Goal: the targets of the incident's CURRENT priority (latest `priorityChanges` entry at or
 *   before `now`). A priority change is retroactive: the clock keeps its start (`openedAt`) and
 *   its elapsed time and simply takes the new goal, like iTop/GLPI and ServiceNow's
 *   "retroactive start". Consequently raising the priority can put a clock in breach at once
 *   (with `breachedAt` in the past) and lowering it can lift a breach that is not stored yet —
 *   which is why breaches are persisted by the caller and merged back with `mergeStoredBreach`.
 * - Elapsed time counts business time of the SLA calendar only.
 * - The deadline is the earliest instant at which the elapsed time reaches the goal. A clock is
 *   breached when it is still running strictly after that instant (so a clock whose deadline
 *   was Friday 18:00 and that is still running on Saturday is breached, although no business
 *   time passed since). A clock stopped exactly at its deadline is met.
 * - Output: `state` is `breached` as soon as the clock has breached, also while it still runs
 *   or is paused (`stoppedAt` tells whether it stopped); otherwise running / paused / met.
 *   `deadline` is null while paused; for running and stopped clocks it is the deadline as it
 *   stood (for breached ones, `breachedAt`). `remainingMinutes` is clamped to ≥ 0; overrun
 *   stays visible through `elapsedMinutes > goalMinutes` and `percent > 100`. Minutes are
 *   rounded to 2 decimals, `percent` to 1 decimal; `warning` is true from 75 % of the goal.
 */
import {
  SLA_WARNING_SHARE,
  type ClockState,
  type IncidentState,
  type Priority,
  type SlaCalendar,
  type SlaClock,
  type SlaTargets,
} from '@backstage-itsm/plugin-itsm-common';
import {
  addBusinessMs,
  businessMsBetween,
  type InstantInput,
  toIsoUtc,
  toMillis,
} from './calendar';

/** What the clocks are computed from. All arrays sorted by time (ties keep their order). */
export interface IncidentTimeline {
  /** ISO instant the incident was opened (or reported, for imports). */
  openedAt: string;
  /** The first entry is the initial priority at `openedAt`. */
  priorityChanges: Array<{ at: string; priority: Priority }>;
  stateChanges: Array<{ at: string; from: IncidentState; to: IncidentState }>;
}

/** @public */
export interface IncidentClocks {
  response: SlaClock;
  resolution: SlaClock;
}

const MINUTE_MS = 60_000;
const RUNNING_STATES: ReadonlySet<IncidentState> = new Set<IncidentState>([
  'new',
  'in_progress',
]);
const STOPPED_STATES: ReadonlySet<IncidentState> = new Set<IncidentState>([
  'resolved',
  'closed',
  'canceled',
]);

type RunStatus = 'running' | 'paused' | 'stopped';

interface ClockRun {
  /** Running periods [start, end) in epoch ms, in order. */
  segments: Array<[number, number]>;
  status: RunStatus;
  stoppedAt: number | null;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function nowMillis(now: InstantInput): number {
  return toMillis(now, 'now');
}

function evaluateClock(
  calendar: SlaCalendar,
  run: ClockRun,
  goalMinutes: number,
): SlaClock {
  const goalMs = Math.round(goalMinutes * MINUTE_MS);
  let elapsed = 0;
  let breachedAt: number | null = null;
  let deadline: number | null = null;
  for (const [s, e] of run.segments) {
    if (breachedAt === null) {
      const need = goalMs - elapsed;
      const d = addBusinessMs(calendar, s, need);
      deadline = d;
      if (d !== null && d < e) breachedAt = d;
    }
    elapsed += businessMsBetween(calendar, s, e);
  }
  if (breachedAt !== null) deadline = breachedAt;

  let state: ClockState;
  if (breachedAt !== null) state = 'breached';
  else if (run.status === 'running') state = 'running';
  else if (run.status === 'paused') state = 'paused';
  else state = 'met';

  return {
    goalMinutes,
    elapsedMinutes: round(elapsed / MINUTE_MS, 2),
    remainingMinutes: round(Math.max(0, goalMs - elapsed) / MINUTE_MS, 2),
    percent: goalMs > 0 ? round((elapsed / goalMs) * 100, 1) : 100,
    deadline:
      run.status === 'paused' || deadline === null ? null : toIsoUtc(deadline),
    state,
    warning: goalMs <= 0 || elapsed >= SLA_WARNING_SHARE * goalMs,
    breachedAt: breachedAt === null ? null : toIsoUtc(breachedAt),
    stoppedAt: run.stoppedAt === null ? null : toIsoUtc(run.stoppedAt),
  };
}

/** The priority in force at `nowMs` (the initial one if `now` is before every entry). */
export function currentPriority(
  timeline: IncidentTimeline,
  now: InstantInput,
): Priority {
  const nowMs = nowMillis(now);
  const changes = timeline.priorityChanges;
  if (!changes || changes.length === 0) {
    throw new RangeError(
      'timeline.priorityChanges: must contain the initial priority',
    );
  }
  let priority = changes[0].priority;
  for (const c of changes) {
    if (toMillis(c.at, 'timeline.priorityChanges[].at') <= nowMs)
      priority = c.priority;
  }
  return priority;
}

/**
 * Computes both SLA clocks of an incident at `now`. See the module comment for the rules.
 * Throws a RangeError for malformed instants, a missing initial priority or targets.
 */
export function computeIncidentClocks(
  timeline: IncidentTimeline,
  calendar: SlaCalendar,
  targets: SlaTargets,
  now: InstantInput,
): IncidentClocks {
  const nowMs = nowMillis(now);
  const openedMs = toMillis(timeline.openedAt, 'timeline.openedAt');
  const endMs = Math.max(nowMs, openedMs);
  const priority = currentPriority(timeline, now);
  const target = targets[priority];
  if (!target) throw new RangeError(`targets.${priority}: missing`);

  const events = timeline.stateChanges
    .map((c, index) => ({
      at: Math.max(
        openedMs,
        toMillis(c.at, `timeline.stateChanges[${index}].at`),
      ),
      to: c.to,
      index,
    }))
    .filter(e => e.at <= nowMs)
    .sort((a, b) => a.at - b.at || a.index - b.index);

  // Response: one segment from opening to acknowledgement (or an unacknowledged end).
  const responseStop = events.find(
    e => e.to === 'in_progress' || STOPPED_STATES.has(e.to),
  );
  const response: ClockRun = responseStop
    ? {
        segments: [[openedMs, responseStop.at]],
        status: 'stopped',
        stoppedAt: responseStop.at,
      }
    : { segments: [[openedMs, endMs]], status: 'running', stoppedAt: null };

  // Resolution: running in new/in_progress, paused on hold, stopped when resolved/closed/canceled.
  const segments: Array<[number, number]> = [];
  let state: IncidentState = 'new';
  let runStart = openedMs;
  let stoppedAt: number | null = null;
  for (const e of events) {
    const wasRunning = RUNNING_STATES.has(state);
    const isRunning = RUNNING_STATES.has(e.to);
    if (wasRunning && !isRunning) segments.push([runStart, e.at]);
    if (!wasRunning && isRunning) runStart = e.at;
    if (STOPPED_STATES.has(e.to)) {
      if (!STOPPED_STATES.has(state)) stoppedAt = e.at;
    } else {
      stoppedAt = null;
    }
    state = e.to;
  }
  let status: RunStatus;
  if (RUNNING_STATES.has(state)) {
    segments.push([runStart, endMs]);
    status = 'running';
  } else {
    status = state === 'on_hold' ? 'paused' : 'stopped';
  }
  const resolution: ClockRun = { segments, status, stoppedAt };

  return {
    response: evaluateClock(calendar, response, target.responseMinutes),
    resolution: evaluateClock(calendar, resolution, target.resolutionMinutes),
  };
}

/**
 * Applies a breach the caller stored earlier: once breached, always breached (later events such
 * as lowering the priority never un-set it). Keeps the earliest `breachedAt`.
 */
export function mergeStoredBreach(
  clock: SlaClock,
  storedBreachedAt: string | null,
): SlaClock {
  if (!storedBreachedAt) return clock;
  const stored = toMillis(storedBreachedAt, 'storedBreachedAt');
  const computed =
    clock.breachedAt === null ? Infinity : toMillis(clock.breachedAt);
  return {
    ...clock,
    state: 'breached',
    breachedAt: toIsoUtc(Math.min(stored, computed)),
  };
}
