/*
 * Service-management KPIs over a list of incidents and changes. Pure: the caller selects the
 * records of the scope (a service, an owner group, or everything) and passes `now`.
 *
 * Decisions:
 * - Window [from, to): incident figures (counts, MTTA, MTTR, SLA fulfilment, recurring,
 *   detection, first-contact resolution) cover incidents OPENED within the window.
 * - Backlog is a snapshot at `now` over ALL incidents passed (whatever their opening date):
 *   states new / in_progress / on_hold, opened at or before `now`.
 * - MTTA = acknowledgedAt − openedAt, MTTR = resolvedAt − openedAt, in wall-clock minutes
 *   (not business time); negative spans from inconsistent imports count as 0. MTTR covers
 *   incidents with a `resolvedAt` that are not canceled. Median of an even count is the mean of
 *   the two middle values.
 * - SLA fulfilment: `responseBreached` / `resolutionBreached` true = breached, false = not
 *   breached, null = no SLA. A `false` only counts as met once the clock is decided: response
 *   after acknowledgement (or resolution/cancellation), resolution once resolved or closed.
 *   Canceled incidents are left out of fulfilment, MTTR and first-contact resolution.
 *   `measured` = incidents that contributed to at least one of the two percentages.
 * - Detection: `monitoring` vs people; portal, email, phone AND import count as people (an
 *   imported record was, in the vast majority, reported by a person in the old tool; we cannot
 *   tell otherwise).
 * - First-contact resolution % = resolved at L1 without escalation / resolved (resolved or
 *   closed with a `resolvedAt`).
 * - Changes: `total` = changes passed by the caller; `completed` = closed with an outcome and
 *   `closedAt` within the window. Success rate = successful / completed; failure rate =
 *   completed changes that caused at least one incident / completed.
 * - Minutes rounded to 2 decimals, percentages to 1 decimal; null where the denominator is 0.
 */
import type {
  ChangeOutcome,
  ChangeState,
  DurationStats,
  IncidentSource,
  IncidentState,
  KpiReport,
  Priority,
  SupportLevel,
} from '@backstage-itsm/plugin-itsm-common';
import { type InstantInput, toIsoUtc, toMillis } from './calendar';

/** @public */
export interface KpiIncident {
  id: string;
  priority: Priority;
  state: IncidentState;
  source: IncidentSource;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  supportLevel: SupportLevel;
  escalated: boolean;
  problemId: string | null;
  /** null = the incident has no SLA. */
  responseBreached: boolean | null;
  /** null = the incident has no SLA. */
  resolutionBreached: boolean | null;
}

/** @public */
export interface KpiChange {
  id: string;
  state: ChangeState;
  outcome: ChangeOutcome | null;
  causedIncidentCount: number;
  closedAt: string | null;
}

/** @public */
export interface KpiProblemRef {
  id: string;
  number: string;
  title: string;
}

/** @public */
export interface KpiInput {
  from: InstantInput;
  to: InstantInput;
  now: InstantInput;
  incidents: KpiIncident[];
  changes: KpiChange[];
  problems: KpiProblemRef[];
}

const MINUTE_MS = 60_000;
const PRIORITY_KEYS: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
const STATE_KEYS: readonly IncidentState[] = [
  'new',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'canceled',
];
const OPEN_STATES: ReadonlySet<IncidentState> = new Set<IncidentState>([
  'new',
  'in_progress',
  'on_hold',
]);
const DECIDED_STATES: ReadonlySet<IncidentState> = new Set<IncidentState>([
  'resolved',
  'closed',
  'canceled',
]);

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? round((part / whole) * 100, 1) : null;
}

/** Count, mean and median of durations in minutes. */
export function durationStats(minutes: number[]): DurationStats {
  if (minutes.length === 0)
    return { count: 0, meanMinutes: null, medianMinutes: null };
  const sorted = [...minutes].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    count: sorted.length,
    meanMinutes: round(mean, 2),
    medianMinutes: round(median, 2),
  };
}

function statsByPriority(
  items: Array<{ priority: Priority; minutes: number }>,
): DurationStats & { byPriority: Record<Priority, DurationStats> } {
  const byPriority = {} as Record<Priority, DurationStats>;
  for (const p of PRIORITY_KEYS) {
    byPriority[p] = durationStats(
      items.filter(i => i.priority === p).map(i => i.minutes),
    );
  }
  return { ...durationStats(items.map(i => i.minutes)), byPriority };
}

function spanMinutes(fromIso: string, toIso: string): number {
  return Math.max(0, toMillis(toIso) - toMillis(fromIso)) / MINUTE_MS;
}

/** Computes the KPI report; see the module comment for what counts where. */
export function computeKpis(input: KpiInput): KpiReport {
  const fromMs = toMillis(input.from, 'from');
  const toMs = toMillis(input.to, 'to');
  const nowMs = toMillis(input.now, 'now');
  const inWindow = (iso: string) => {
    const t = toMillis(iso);
    return t >= fromMs && t < toMs;
  };
  const incidents = input.incidents.filter(i => inWindow(i.openedAt));

  const byPriority = Object.fromEntries(
    PRIORITY_KEYS.map(p => [p, 0]),
  ) as Record<Priority, number>;
  const byState = Object.fromEntries(STATE_KEYS.map(s => [s, 0])) as Record<
    IncidentState,
    number
  >;
  for (const i of incidents) {
    byPriority[i.priority] += 1;
    byState[i.state] += 1;
  }

  const mtta = statsByPriority(
    incidents
      .filter(i => i.acknowledgedAt !== null)
      .map(i => ({
        priority: i.priority,
        minutes: spanMinutes(i.openedAt, i.acknowledgedAt!),
      })),
  );
  const resolved = incidents.filter(
    i => i.resolvedAt !== null && i.state !== 'canceled',
  );
  const mttr = statsByPriority(
    resolved.map(i => ({
      priority: i.priority,
      minutes: spanMinutes(i.openedAt, i.resolvedAt!),
    })),
  );

  let responseMet = 0;
  let responseBreached = 0;
  let resolutionMet = 0;
  let resolutionBreached = 0;
  let measured = 0;
  for (const i of incidents) {
    if (i.state === 'canceled') continue;
    let counted = false;
    if (i.responseBreached === true) {
      responseBreached++;
      counted = true;
    } else if (
      i.responseBreached === false &&
      (i.acknowledgedAt !== null || DECIDED_STATES.has(i.state))
    ) {
      responseMet++;
      counted = true;
    }
    if (i.resolutionBreached === true) {
      resolutionBreached++;
      counted = true;
    } else if (i.resolutionBreached === false && DECIDED_STATES.has(i.state)) {
      resolutionMet++;
      counted = true;
    }
    if (counted) measured++;
  }

  const open = input.incidents.filter(
    i => OPEN_STATES.has(i.state) && toMillis(i.openedAt) <= nowMs,
  );
  const ages = open.map(i => (nowMs - toMillis(i.openedAt)) / MINUTE_MS);

  const problemById = new Map(input.problems.map(p => [p.id, p]));
  const perProblem = new Map<string, number>();
  for (const i of incidents) {
    if (i.problemId)
      perProblem.set(i.problemId, (perProblem.get(i.problemId) ?? 0) + 1);
  }
  const recurring = [...perProblem.entries()]
    .filter(([, n]) => n >= 2)
    .map(([problemId, n]) => ({
      problemId,
      problemNumber: problemById.get(problemId)?.number ?? problemId,
      title: problemById.get(problemId)?.title ?? '',
      incidents: n,
    }))
    .sort(
      (a, b) =>
        b.incidents - a.incidents ||
        a.problemNumber.localeCompare(b.problemNumber),
    );

  const monitoring = incidents.filter(i => i.source === 'monitoring').length;
  const people = incidents.length - monitoring;

  const firstContact = resolved.filter(
    i => i.supportLevel === 'L1' && !i.escalated,
  ).length;

  const completed = input.changes.filter(
    c =>
      c.state === 'closed' &&
      c.outcome !== null &&
      c.closedAt !== null &&
      inWindow(c.closedAt),
  );
  const successful = completed.filter(c => c.outcome === 'successful').length;
  const failing = completed.filter(c => c.causedIncidentCount >= 1).length;

  return {
    from: toIsoUtc(fromMs),
    to: toIsoUtc(toMs),
    incidents: { total: incidents.length, byPriority, byState },
    mtta,
    mttr,
    slaFulfilment: {
      responsePercent: percent(responseMet, responseMet + responseBreached),
      resolutionPercent: percent(
        resolutionMet,
        resolutionMet + resolutionBreached,
      ),
      measured,
    },
    backlog: {
      open: open.length,
      oldestAgeMinutes:
        ages.length > 0
          ? round(
              ages.reduce((a, b) => Math.max(a, b)),
              2,
            )
          : null,
      meanAgeMinutes:
        ages.length > 0
          ? round(ages.reduce((a, b) => a + b, 0) / ages.length, 2)
          : null,
    },
    recurring,
    detection: {
      monitoring,
      people,
      monitoringPercent: percent(monitoring, incidents.length),
    },
    firstContactResolutionPercent: percent(firstContact, resolved.length),
    changes: {
      total: input.changes.length,
      completed: completed.length,
      successRatePercent: percent(successful, completed.length),
      failureRatePercent: percent(failing, completed.length),
    },
  };
}
