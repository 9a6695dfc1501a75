/*
 * The scale benchmark (issue #14): generates a large company's catalog and two years of ITSM
 * history, starts the repo's example backend (packages/backend) on it, once on PostgreSQL and
 * once on SQLite, and measures every figure of the issue's table, each latency interleaved with
 * the catalog's by-name lookup. Writes test/bench/RESULTS.md and results.json.
 *
 *   ./dev bench [--scale F] [--db pg|sqlite|both] [--only a,b] [--seed N] [--samples N] [--keep-db] [--out DIR]
 *   ./dev bench --smoke      the generator and loader only (SQLite, no backend; what ./dev test runs)
 *
 * --only names: summary, incidents, calendar, kpis, kpis-all, alerts, sla-check, rss, idle.
 * Default scale 1: 2,000 components and services, 200,000 incidents (~1 M timeline rows),
 * 40,000 changes, 4,000 problems. Ports 17300–17399.
 */
/* eslint-disable no-console */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knex } from 'knex';
import {
  dropDatabases,
  freePort,
  killAllReplicasSync,
  REPO_ROOT,
  Replica,
  startReplica,
  stopReplica,
  tail,
} from '../reliability/replicas';
import { bundleSize } from './scale/bundle';
import {
  BenchDatabase,
  loadItsmRows,
  pgDatabase,
  sqliteDatabase,
} from './scale/database';
import {
  catalogPlan,
  catalogYaml,
  countsFor,
  fixedRows,
  OPEN_STATES,
  seededRandom,
  SEARCH_WORD,
} from './scale/generate';
import {
  alertIntake,
  idleCpu,
  paired,
  rssMb,
  SlaCheckRun,
  slaCheckRun,
  timed,
} from './scale/measure';
import { BenchResults, DbResults, renderReport } from './scale/report';

const PORTS: [number, number] = [17300, 17399];
const MEASUREMENTS = [
  'summary',
  'incidents',
  'calendar',
  'kpis',
  'kpis-all',
  'alerts',
  'sla-check',
  'rss',
  'idle',
];
const TAB_TODO =
  'TODO: serve a production build of packages/app from the backend and time navigation → data rendered for the ITSM tab and the Overview tab with Playwright (/usr/bin/chromium --no-sandbox --disable-gpu --disable-background-networking).';

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const db = value('--db') ?? 'both';
  if (!['pg', 'sqlite', 'both'].includes(db))
    throw new Error(`--db pg|sqlite|both, got ${db}`);
  const only = (value('--only') ?? MEASUREMENTS.join(',')).split(',');
  for (const o of only)
    if (!MEASUREMENTS.includes(o))
      throw new Error(`--only: unknown ${o} (${MEASUREMENTS.join(', ')})`);
  const scale = Number(value('--scale') ?? 1);
  if (!(scale > 0 && scale <= 10))
    throw new Error(`--scale must be in (0, 10], got ${value('--scale')}`);
  return {
    smoke: argv.includes('--smoke'),
    scale,
    dbs: (db === 'both' ? ['pg', 'sqlite'] : [db]) as Array<'pg' | 'sqlite'>,
    only: new Set(only),
    seed: Number(value('--seed') ?? 14),
    samples: Number(value('--samples') ?? 100),
    keepDb: argv.includes('--keep-db'),
    out: value('--out') ?? path.join(REPO_ROOT, 'test/bench'),
  };
}

function gitCommit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The generator and the batched loader against a SQLite file with the plugin's migrations. */
async function smoke(seed: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-bench-smoke-'));
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'itsm.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await db.migrate.latest({
      directory: path.join(REPO_ROOT, 'plugins/itsm-backend/migrations'),
    });
    const counts = countsFor(0.002);
    const plan = catalogPlan(counts);
    const now = Date.now();
    const result = await loadItsmRows(
      db,
      fixedRows(plan, seed, now),
      counts,
      seed,
      now,
    );
    const [{ n }] = await db('itsm_incidents').count({ n: '*' });
    const [{ open }] = await db('itsm_incidents')
      .whereIn('state', OPEN_STATES)
      .count({ open: '*' });
    if (Number(n) !== counts.incidents)
      throw new Error(
        `smoke: ${n} incidents stored, ${counts.incidents} generated`,
      );
    console.log(
      `scale benchmark smoke: ${Object.entries(result.rows)
        .map(([t, c]) => `${t} ${c}`)
        .join(', ')} loaded into SQLite in ${
        result.seconds
      } s (${open} open incidents)`,
    );
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitForCatalog(
  baseUrl: string,
  groups: number,
  components: number,
): Promise<number> {
  const started = Date.now();
  const deadline = started + 30 * 60_000;
  while (Date.now() < deadline) {
    const r = await timed(baseUrl, '/api/catalog/entity-facets?facet=kind');
    if (r.status === 200) {
      const facets: Array<{ value: string; count: number }> = JSON.parse(r.body)
        .facets.kind;
      const count = (kind: string) =>
        facets.find(f => f.value.toLowerCase() === kind)?.count ?? 0;
      if (count('component') >= components && count('group') >= groups)
        return (Date.now() - started) / 1000;
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(
    'the catalog did not ingest the generated entities within 30 min',
  );
}

async function runOne(
  kind: 'pg' | 'sqlite',
  opts: ReturnType<typeof args>,
  runId: string,
): Promise<DbResults> {
  const counts = countsFor(opts.scale);
  const plan = catalogPlan(counts);
  const now = Date.now();
  const workDir = path.join(os.tmpdir(), `itsm-bench-${runId}-${kind}`);
  fs.mkdirSync(workDir, { recursive: true });
  const catalogFile = path.join(workDir, 'catalog.yaml');
  fs.writeFileSync(catalogFile, catalogYaml(plan));
  const dbPrefix = `itsm_bench_${runId}_`;
  const database: BenchDatabase =
    kind === 'pg'
      ? pgDatabase(dbPrefix)
      : sqliteDatabase(path.join(workDir, 'sqlite'));
  const result: DbResults = {
    db: kind === 'pg' ? 'PostgreSQL' : 'SQLite',
    dbVersion: await database.describe(),
    load: { rows: {}, seconds: 0, catalogSeconds: 0 },
    paired: {},
    errors: [],
  };
  // The history exists before the backend starts, as in a portal that has run for two years:
  // the plugin's migrations and the batched rows first, then the backend (its first scheduled
  // SLA check then meets every open incident, and the load does not race with it).
  const itsm = database.itsm();
  let replica: Replica | undefined;
  try {
    await database.create();
    await itsm.migrate.latest({
      directory: path.join(REPO_ROOT, 'plugins/itsm-backend/migrations'),
    });
    log(`${kind}: loading the ITSM rows`);
    const fixed = fixedRows(plan, opts.seed, now);
    const loaded = await loadItsmRows(itsm, fixed, counts, opts.seed, now, log);
    result.load.rows = loaded.rows;
    result.load.seconds = loaded.seconds;

    const port = await freePort(PORTS[0], PORTS[1], new Set());
    log(`${kind}: starting packages/backend on :${port} (work dir ${workDir})`);
    replica = await startReplica(
      `bench-${kind}`,
      port,
      {
        dbPrefix,
        workDir,
        readOtherTeams: true,
        database: database.backendConfig,
        extraConfig: {
          // The generated catalog, registered the way a portal registers a catalog file.
          catalog: {
            locations: [
              {
                type: 'file',
                target: catalogFile,
                rules: [{ allow: ['Component', 'Group'] }],
              },
            ],
          },
        },
      },
      false,
    );
    const pid = replica.child.pid!;
    // The first SLA check after start-up meets every open incident of the loaded history: it is
    // timed from now on (the schedule starts it 5 s after the plugin's start, while the catalog
    // ingests the entities), so a short run does not end unseen.
    const firstSlaRun: Promise<SlaCheckRun> | undefined = opts.only.has(
      'sla-check',
    )
      ? slaCheckRun(replica.baseUrl).catch(e => ({
          ms: null,
          startedBy: 'schedule',
          timedOut: false,
          error: String(e),
        }))
      : undefined;
    log(
      `${kind}: waiting for the catalog to ingest ${counts.groups} groups and ${counts.components} components`,
    );
    result.load.catalogSeconds = Math.round(
      await waitForCatalog(replica.baseUrl, counts.groups, counts.components),
    );
    result.rss = { afterLoadMb: rssMb(pid) };

    const rnd = seededRandom(opts.seed ^ 0xbe4c);
    const component = () =>
      plan.components[Math.floor(rnd() * plan.components.length)].name;
    const group = () => plan.groups[Math.floor(rnd() * plan.groups.length)];
    const base = replica.baseUrl;
    const n = opts.samples;
    // URL-encoded: the API refuses reserved characters (the colons) in a query parameter.
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const measure = async (
      key: string,
      label: string,
      samples: number,
      concurrency: number,
      p: (i: number) => string,
    ) => {
      log(`${kind}: ${label}`);
      const r = await paired(base, samples, concurrency, p, () => component());
      result.paired[key] = { ...r, label };
      if (r.errors)
        result.errors.push(
          `${label}: ${r.errors} errors, first: ${r.firstError}`,
        );
    };
    const step = async (name: string, fn: () => Promise<void>) => {
      if (!opts.only.has(name)) return;
      try {
        await fn();
      } catch (e) {
        result.errors.push(
          `${name}: ${e instanceof Error ? e.message : String(e)}`,
        );
        log(`${kind}: ${name} failed: ${e}`);
      }
    };

    await step('sla-check', async () => {
      log(
        `${kind}: scheduled SLA check, the first run after start-up and a triggered one`,
      );
      const [{ open }] = await itsm('itsm_incidents')
        .whereIn('state', OPEN_STATES)
        .count({ open: '*' });
      const first = await firstSlaRun!;
      const next = await slaCheckRun(base);
      result.slaCheck = { first, next, openIncidents: Number(open) };
    });
    await step('summary', async () => {
      await measure(
        'summarySequential',
        'entity summary, sequential',
        n,
        1,
        () => `/api/itsm/entities/component/default/${component()}/summary`,
      );
      await measure(
        'summaryConcurrent',
        'entity summary, 8 concurrent',
        n * 2,
        8,
        () => `/api/itsm/entities/component/default/${component()}/summary`,
      );
    });
    await step('incidents', async () => {
      await measure(
        'incidentsQWord',
        `incidents, free text q=${SEARCH_WORD}`,
        n,
        1,
        () => `/api/itsm/incidents?q=${SEARCH_WORD}`,
      );
      await measure(
        'incidentsQNumber',
        'incidents, free text q=INC-<number>',
        n,
        1,
        () =>
          `/api/itsm/incidents?q=INC-${
            1001 + Math.floor(rnd() * counts.incidents)
          }`,
      );
      await measure(
        'incidentsFirstPage',
        'incidents, unfiltered first page',
        n,
        1,
        () => '/api/itsm/incidents',
      );
      await measure(
        'incidentsFiltered',
        'incidents, filtered (owner group, open states)',
        n,
        1,
        () =>
          `/api/itsm/incidents?owner=${encodeURIComponent(
            `group:default/${group()}`,
          )}&state=new&state=in_progress&state=on_hold`,
      );
    });
    await step('calendar', async () => {
      const d = new Date(now);
      const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      await measure(
        'calendarMonth',
        'change calendar, one month',
        n,
        1,
        () => `/api/itsm/changes/calendar?from=${iso(from)}&to=${iso(to)}`,
      );
    });
    await step('kpis', async () => {
      await measure(
        'kpisOwner90d',
        'KPIs of one owner group, 90 days',
        n,
        1,
        () =>
          `/api/itsm/kpis?owner=${encodeURIComponent(
            `group:default/${group()}`,
          )}&from=${iso(now - 90 * 86_400_000)}&to=${iso(now)}`,
      );
    });
    await step('kpis-all', async () => {
      log(`${kind}: KPIs of everything, one year`);
      const rssBeforeMb = rssMb(pid);
      const r = await timed(
        base,
        `/api/itsm/kpis?from=${iso(now - 365 * 86_400_000)}&to=${iso(now)}`,
      );
      result.kpisAllYear = {
        ms: Math.round(r.ms),
        status: r.status,
        rssBeforeMb,
        rssAfterMb: rssMb(pid),
      };
      if (r.status !== 200)
        result.errors.push(
          `KPIs of everything: ${r.status} ${r.body.slice(0, 200)}`,
        );
    });
    await step('alerts', async () => {
      log(`${kind}: alert intake`);
      const entities = fixed.servicePlans.map(s => ({
        entityRef: s.entityRef,
        serviceId: s.id,
      }));
      const count = Math.max(100, Math.round(2000 * opts.scale));
      result.alerts = await alertIntake(base, itsm, entities, count, 8, runId);
      if (result.alerts.errors)
        result.errors.push(
          `alerts: ${result.alerts.errors} errors, first: ${result.alerts.firstError}`,
        );
    });
    await step('rss', async () => {
      const summaries = Math.max(200, Math.round(10_000 * opts.scale));
      log(`${kind}: ${summaries} summary requests for the RSS figure`);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next++ < summaries)
            await timed(
              base,
              `/api/itsm/entities/component/default/${component()}/summary`,
            );
        }),
      );
      result.rss = { ...result.rss!, afterSummariesMb: rssMb(pid), summaries };
    });
    await step('idle', async () => {
      log(`${kind}: idle CPU over 30 s`);
      result.idleCpu = { percent: await idleCpu(pid, 30), seconds: 30 };
    });
  } catch (e) {
    result.errors.push(
      `${e instanceof Error ? e.message : String(e)}${
        replica ? `\n${tail(replica.logFile)}` : ''
      }`,
    );
  } finally {
    await itsm.destroy();
    if (replica) await stopReplica(replica);
    if (!opts.keepDb) {
      if (kind === 'pg') await dropDatabases(dbPrefix);
      fs.rmSync(workDir, { recursive: true, force: true });
    } else {
      log(
        `${kind}: kept ${
          kind === 'pg' ? `databases ${dbPrefix}*` : ''
        } and ${workDir}`,
      );
    }
  }
  return result;
}

async function main() {
  const opts = args();
  if (opts.smoke) {
    await smoke(opts.seed);
    return;
  }
  const runId = Math.random().toString(36).slice(2, 8);
  const cpus = os.cpus();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    scale: opts.scale,
    seed: opts.seed,
    counts: countsFor(opts.scale),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      ramGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      commit: gitCommit(),
    },
    bundle: bundleSize(REPO_ROOT),
    tab: { measured: false, todo: TAB_TODO },
    databases: [],
  };
  for (const kind of opts.dbs)
    results.databases.push(await runOne(kind, opts, runId));
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(
    path.join(opts.out, 'results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const md = renderReport(results);
  fs.writeFileSync(path.join(opts.out, 'RESULTS.md'), md);
  console.log(md);
  console.log(`written: ${path.join(opts.out, 'RESULTS.md')} and results.json`);
}

process.on('exit', killAllReplicasSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllReplicasSync();
    process.exit(130);
  });
}

main().catch(e => {
  // Not the whole error: a failed batch insert carries its SQL (megabytes).
  console.error(
    String(e instanceof Error ? e.stack ?? e.message : e).slice(0, 2000),
  );
  process.exitCode = 1;
});
