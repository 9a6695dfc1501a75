/*
 * The measurements against a running backend. Every latency figure alternates an ITSM request
 * with the catalog's `GET /api/catalog/entities/by-name/…` on the same backend, so both see the
 * same machine load and the ratio of their p95s says how the ITSM view compares with the catalog.
 */
import fs from 'node:fs';
import { Knex } from 'knex';
import { Agent, fetch } from 'undici';
import { SERVICE_TOKEN } from '../../reliability/replicas';
import { cpuPercent, LatencySummary, ratio, summarize } from './stats';

const dispatcher = new Agent({
  keepAliveTimeout: 1_000,
  keepAliveMaxTimeout: 1_000,
  connections: 32,
});

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
}

/** One request with the benchmark's static token; the time includes reading the whole answer. */
export async function timed(
  baseUrl: string,
  pathAndQuery: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${SERVICE_TOKEN}`,
      ...(init.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    dispatcher,
    signal: AbortSignal.timeout(300_000),
  });
  const body = await res.text();
  return {
    ms: performance.now() - started,
    status: res.status,
    bytes: Buffer.byteLength(body),
    body,
  };
}

/** The status and error message of an answer, on one line (for the report). */
export function brief(r: Timed): string {
  let message = r.body;
  try {
    message = JSON.parse(r.body)?.error?.message ?? r.body;
  } catch {
    // not JSON: the body as is
  }
  return `${r.status} ${String(message).replace(/\s+/g, ' ').slice(0, 160)}`;
}

export interface PairedResult {
  itsm: LatencySummary;
  catalog: LatencySummary;
  /** ITSM p95 / catalog p95. */
  ratioP95: number | null;
  /** Answers that were not 2xx (ITSM + catalog); a run with errors measures the wrong thing. */
  errors: number;
  firstError?: string;
  /** Mean size of the ITSM answers in bytes. */
  meanBytes: number;
}

/**
 * `samples` ITSM requests from `itsmPath(i)`, each followed by a catalog by-name lookup of
 * `catalogName(i)`, with `concurrency` workers doing the same alternation.
 */
export async function paired(
  baseUrl: string,
  samples: number,
  concurrency: number,
  itsmPath: (i: number) => string,
  catalogName: (i: number) => string,
): Promise<PairedResult> {
  const itsm: number[] = [];
  const catalog: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  let next = 0;
  const note = (r: Timed, what: string) => {
    if (r.status >= 200 && r.status < 300) return;
    errors++;
    firstError ??= `${what}: ${brief(r)}`;
  };
  const worker = async () => {
    while (next < samples) {
      const i = next++;
      const p = itsmPath(i);
      const a = await timed(baseUrl, p);
      note(a, p);
      itsm.push(a.ms);
      bytes += a.bytes;
      const c = await timed(
        baseUrl,
        `/api/catalog/entities/by-name/component/default/${catalogName(i)}`,
      );
      note(c, 'catalog by-name');
      catalog.push(c.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const a = summarize(itsm);
  const b = summarize(catalog);
  return {
    itsm: a,
    catalog: b,
    ratioP95: ratio(a.p95, b.p95),
    errors,
    firstError,
    meanBytes: Math.round(bytes / Math.max(1, samples)),
  };
}

/** Resident set size of a process in MB (VmRSS of /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

/** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU use of an idle process over `seconds`, in percent of one core. */
export async function idleCpu(pid: number, seconds: number): Promise<number> {
  const before = cpuTicks(pid);
  await new Promise(resolve => setTimeout(resolve, seconds * 1000));
  return cpuPercent(before, cpuTicks(pid), seconds);
}

export interface AlertIntakeResult {
  alerts: number;
  alertsPerSecond: number;
  rawInsertsPerSecond: number;
  /** alerts/s over raw inserts/s. */
  share: number | null;
  lost: number;
  duplicated: number;
  errors: number;
  firstError?: string;
}

/**
 * `n` new firing alerts (unique fingerprints, Alertmanager format) with `concurrency` in flight,
 * then as many raw single-row INSERTs into itsm_incidents at the same concurrency (removed
 * again). Lost and duplicated are counted in the table: one incident per fingerprint.
 */
export async function alertIntake(
  baseUrl: string,
  db: Knex,
  entities: Array<{ entityRef: string; serviceId: string }>,
  n: number,
  concurrency: number,
  runId: string,
): Promise<AlertIntakeResult> {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const e = entities[i % entities.length];
        const fingerprint = `bench-${runId}-${i}`;
        const r = await timed(baseUrl, '/api/itsm/events/alerts', {
          method: 'POST',
          body: {
            version: '4',
            groupKey: `{}:{alertname="BenchAlert${i}"}`,
            status: 'firing',
            receiver: 'backstage-itsm',
            groupLabels: { alertname: `BenchAlert${i}` },
            commonLabels: {},
            commonAnnotations: {},
            externalURL: 'http://alertmanager:9093',
            alerts: [
              {
                status: 'firing',
                labels: {
                  alertname: `BenchAlert${i}`,
                  severity: 'warning',
                  entity: e.entityRef,
                  service: e.serviceId,
                },
                annotations: { summary: `Bench alert ${i}` },
                startsAt,
                endsAt: '0001-01-01T00:00:00Z',
                generatorURL: 'http://prometheus:9090/graph',
                fingerprint,
              },
            ],
          },
        });
        if (r.status < 200 || r.status >= 300) {
          errors++;
          firstError ??= brief(r);
        }
      }
    }),
  );
  const alertSeconds = (performance.now() - t0) / 1000;

  // The plugin stores `alertmanager:<fingerprint>` (plus `#<startsAt>` when an alert fires again).
  const stored = await db('itsm_incidents')
    .where('external_key', 'like', `alertmanager:bench-${runId}-%`)
    .select('external_key');
  const perFingerprint = new Map<string, number>();
  for (const row of stored) {
    const fp = String(row.external_key)
      .split('#')[0]
      .slice('alertmanager:'.length);
    perFingerprint.set(fp, (perFingerprint.get(fp) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (let i = 0; i < n; i++) {
    const c = perFingerprint.get(`bench-${runId}-${i}`) ?? 0;
    if (c === 0) lost++;
    if (c > 1) duplicated += c - 1;
  }

  // Raw single-row inserts: the same table, one INSERT (and commit) per row.
  const template = await db('itsm_incidents').first();
  const maxSeq = Number((await db('itsm_incidents').max({ m: 'seq' }))[0].m);
  next = 0;
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        await db('itsm_incidents').insert({
          ...template,
          id: `raw-${runId}-${i}`.slice(0, 36),
          seq: maxSeq + 1 + i,
          external_key: `raw-${runId}-${i}`,
        });
      }
    }),
  );
  const rawSeconds = (performance.now() - t1) / 1000;
  await db('itsm_incidents')
    .where('external_key', 'like', `raw-${runId}-%`)
    .delete();

  const alertsPerSecond = Math.round((n / alertSeconds) * 10) / 10;
  const rawInsertsPerSecond = Math.round((n / rawSeconds) * 10) / 10;
  return {
    alerts: n,
    alertsPerSecond,
    rawInsertsPerSecond,
    share: ratio(alertsPerSecond, rawInsertsPerSecond),
    lost,
    duplicated,
    errors,
    firstError,
  };
}

export interface SlaCheckRun {
  ms: number | null;
  /** Who started the run: the schedule (a run in progress when asked) or the benchmark. */
  startedBy: 'schedule' | 'trigger';
  timedOut: boolean;
  error?: string;
}

interface TaskState {
  status: 'running' | 'idle';
  startedAt?: string;
  lastRunEndedAt?: string;
  lastRunError?: string;
}

/** The message of the scheduler's `lastRunError` (a serialized error: name, message, stack). */
export function runErrorMessage(
  serialized: string | undefined,
): string | undefined {
  if (!serialized) return undefined;
  try {
    const parsed = JSON.parse(serialized);
    return typeof parsed?.message === 'string' ? parsed.message : serialized;
  } catch {
    return serialized;
  }
}

async function taskState(
  baseUrl: string,
  taskId: string,
): Promise<TaskState | null> {
  const r = await timed(baseUrl, '/api/itsm/.backstage/scheduler/v1/tasks');
  if (r.status !== 200) throw new Error(`scheduler task list: ${brief(r)}`);
  const tasks: Array<{ taskId: string; taskState: TaskState | null }> =
    JSON.parse(r.body).tasks;
  return tasks.find(t => t.taskId === taskId)?.taskState ?? null;
}

/**
 * One run of the scheduled SLA check (`itsm-sla-breach-check`), timed from the task state the
 * scheduler keeps in the plugin's database (`GET /api/itsm/.backstage/scheduler/v1/tasks`):
 * from the run's `startedAt` to its `lastRunEndedAt`. A run in progress is timed as it is (the
 * schedule started it); otherwise the benchmark starts one through the scheduler's endpoint
 * (`POST …/tasks/<id>/trigger`). A run past the task's timeout (50 s) is ended by the
 * scheduler: the figure is then the timeout, and the work goes on in the background.
 */
export async function slaCheckRun(
  baseUrl: string,
  limitMs = 900_000,
): Promise<SlaCheckRun> {
  const taskId = 'itsm-sla-breach-check';
  const triggerPath = `/api/itsm/.backstage/scheduler/v1/tasks/${taskId}/trigger`;
  const deadline = Date.now() + limitMs;
  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
  const state = await taskState(baseUrl, taskId);
  const before = state?.lastRunEndedAt;
  let startedAt = state?.status === 'running' ? state.startedAt : undefined;
  let startedBy: SlaCheckRun['startedBy'] = 'schedule';
  if (!startedAt) {
    startedBy = 'trigger';
    // The trigger's own time bounds a run too short to be seen running between two polls.
    startedAt = new Date().toISOString();
    const trigger = await timed(baseUrl, triggerPath, { method: 'POST' });
    if (trigger.status !== 200)
      return {
        ms: null,
        startedBy,
        timedOut: false,
        error: `trigger: ${brief(trigger)}`,
      };
  }
  while (Date.now() < deadline) {
    const now = await taskState(baseUrl, taskId);
    if (now?.status === 'running' && now.startedAt) startedAt = now.startedAt;
    if (
      now?.status === 'idle' &&
      now.lastRunEndedAt &&
      now.lastRunEndedAt !== before
    ) {
      const ms = Date.parse(now.lastRunEndedAt) - Date.parse(startedAt);
      return {
        ms,
        startedBy,
        timedOut: /timeout|timed out|abort/i.test(now.lastRunError ?? ''),
        error: runErrorMessage(now.lastRunError),
      };
    }
    await sleep(100);
  }
  return {
    ms: null,
    startedBy,
    timedOut: true,
    error: `no end of the run within ${limitMs / 1000} s`,
  };
}
