/*
 * The reliability campaign: two replicas of the example backend on one PostgreSQL database
 * set, then the permission matrix (example policy), the races, the fuzzer and a SIGKILL under
 * load, and the permission matrix again with the stricter policy (replicas restarted).
 *
 *   ./dev reliability [--long] [--write] [--seed N] [--requests N] [--concurrency N]
 *                     [--phases matrix,races,fuzz,kill,strict] [--keep-db] [--timeout-minutes N]
 *
 * The CI run (20,000 fuzz requests) writes its report to test/reliability/artifacts/ (ignored
 * by git); `--long` makes it 100,000 and `--write` also writes test/RELIABILITY.md. Exit code 1
 * when an invariant fails.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runFuzz } from './fuzz';
import { totals } from './http';
import { runKill } from './kill';
import { runMatrix } from './matrix';
import { runRaces } from './races';
import {
  defaultWorkDir,
  dropDatabases,
  freePort,
  itsmDb,
  killAllReplicasSync,
  REPO_ROOT,
  Replica,
  ReplicaOptions,
  sleep,
  startReplica,
  stopAll,
  tail,
} from './replicas';
import { Report } from './report';
import { signIn, signInAll } from './users';

const PORTS: [number, number] = [17300, 17399];
const PHASES = ['matrix', 'races', 'fuzz', 'kill', 'strict'];

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const long = argv.includes('--long');
  const seed = Number(value('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  return {
    long,
    write: argv.includes('--write'),
    keepDb: argv.includes('--keep-db'),
    seed,
    requests: Number(value('--requests') ?? (long ? 100_000 : 20_000)),
    concurrency: Number(value('--concurrency') ?? 16),
    phases: (value('--phases') ?? PHASES.join(',')).split(','),
    /** The whole run's limit: a hung replica or request must not hang CI. */
    timeoutMinutes: Number(value('--timeout-minutes') ?? (long ? 120 : 30)),
  };
}

/** The tested checkout's commit (with `+changes` when its tree differs from it). */
function gitCommit(dir: string): string {
  try {
    const head = execSync('git rev-parse --short HEAD', {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

/** The demo data is there when the seeder's CAB queue is (it writes it last but one). */
async function waitForDemoData(base: string): Promise<void> {
  const token = await signIn(base, 'frank');
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/api/itsm/changes?state=authorize`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok && (await res.json()).totalCount >= 2) {
      await sleep(3000);
      return;
    }
    await sleep(2000);
  }
  throw new Error('the demo data was not seeded within 240 s');
}

async function main() {
  const o = args();
  const runId = `${Date.now().toString(36)}${Math.floor(
    Math.random() * 1296,
  ).toString(36)}`;
  const dbPrefix = `itsm_rel_${runId}_`;
  const workDir = defaultWorkDir(runId);
  const artifacts = path.join(__dirname, 'artifacts');
  const report = new Report({
    run: o.long ? 'long' : 'CI',
    seed: o.seed,
    'fuzz requests asked': o.requests,
    concurrency: o.concurrency,
    database: `PostgreSQL 127.0.0.1:5432, databases ${dbPrefix}*`,
    backend: path.relative(
      path.resolve(__dirname, '../..'),
      path.join(REPO_ROOT, 'packages/backend'),
    ),
    commit: gitCommit(REPO_ROOT),
  });
  console.log(
    `reliability run ${runId}: seed ${o.seed}, phases ${o.phases.join(
      ',',
    )}, logs in ${workDir}`,
  );

  let cleaning = false;
  const cleanup = async () => {
    if (cleaning) return;
    cleaning = true;
    await stopAll();
    if (!o.keepDb) {
      const dropped = await dropDatabases(dbPrefix).catch(e => [
        `drop failed: ${e}`,
      ]);
      console.log(`dropped ${dropped.length} databases (${dbPrefix}*)`);
    }
  };
  process.on('exit', killAllReplicasSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`${sig}: stopping the replicas`);
      killAllReplicasSync();
      cleanup().finally(() => process.exit(130));
    });
  }

  const watchdog = setTimeout(() => {
    console.error(
      `The run exceeded ${o.timeoutMinutes} minutes: stopping the replicas`,
    );
    killAllReplicasSync();
    report.check(
      'setup',
      `the run finished within ${o.timeoutMinutes} minutes`,
      false,
      'killed by the watchdog',
    );
    report.write(artifacts);
    cleanup().finally(() => process.exit(1));
  }, o.timeoutMinutes * 60_000);
  watchdog.unref();

  const taken = new Set<number>();
  const ports = [
    await freePort(...PORTS, taken),
    await freePort(...PORTS, taken),
  ];
  const start = async (opts: ReplicaOptions): Promise<Replica[]> => {
    // One after the other: the first creates the databases and seeds the demo data.
    const a = await startReplica('replica-a', ports[0], opts, true);
    const b = await startReplica('replica-b', ports[1], opts, false);
    return [a, b];
  };

  const db = itsmDb(dbPrefix);
  // Dropping the databases at the end terminates this connection too; that is no failure.
  db.on('error', () => undefined);
  let exitCode = 1;
  try {
    const t0 = Date.now();
    let replicas = await start({ dbPrefix, workDir, readOtherTeams: true });
    await waitForDemoData(replicas[0].baseUrl);
    report.figure(
      'setup',
      'replicas up with demo data (s)',
      Math.round((Date.now() - t0) / 1000),
    );
    await db.connect();
    const users = await signInAll(replicas[0].baseUrl);
    const ctx = { replicas, users, db, report, runId };

    if (o.phases.includes('matrix'))
      await runMatrix({ ...ctx, policy: 'example' });
    if (o.phases.includes('races')) await runRaces(ctx);
    if (o.phases.includes('fuzz')) {
      await runFuzz({
        replicas,
        users,
        report,
        seed: o.seed,
        requests: o.requests,
        concurrency: o.concurrency,
      });
    }
    if (o.phases.includes('kill')) {
      await runKill({ ...ctx, beforeMs: 4000, afterMs: 4000, workers: 8 });
    }
    if (o.phases.includes('strict')) {
      await stopAll();
      replicas = await start({ dbPrefix, workDir, readOtherTeams: false });
      const strictUsers = await signInAll(replicas[0].baseUrl);
      await runMatrix({
        ...ctx,
        replicas,
        users: strictUsers,
        policy: 'strict',
      });
    }
    for (const r of replicas) {
      const alive = r.child.exitCode === null && r.child.signalCode === null;
      if (!alive && !o.phases.includes('kill'))
        report.check('setup', `${r.name} stayed up`, false, tail(r.logFile));
    }
    exitCode = report.failed.length ? 1 : 0;
  } catch (e: any) {
    report.check(
      'setup',
      'the campaign ran to the end',
      false,
      String(e?.stack ?? e),
    );
  } finally {
    await db.end().catch(() => undefined);
    await cleanup();
  }
  report.figure('totals', 'HTTP requests', totals.requests);
  report.figure(
    'totals',
    'statuses',
    Object.entries(totals.byStatus)
      .map(([k, v]) => `${v}× ${k === '0' ? 'no answer' : k}`)
      .join(', '),
  );
  report.write(
    artifacts,
    o.write ? path.join(__dirname, '../RELIABILITY.md') : undefined,
  );
  report.printFigures();
  const failed = report.failed;
  console.log(
    `\n${report.checks.length - failed.length} passed, ${
      failed.length
    } failed; ${totals.requests} requests; seed ${o.seed}`,
  );
  for (const f of failed)
    console.log(`\nFAIL ${f.phase}: ${f.name}\n${f.detail}`);
  if (failed.length === 0) fs.rmSync(workDir, { recursive: true, force: true });
  else console.log(`\nreplica configs and logs kept in ${workDir}`);
  console.log(
    `\nreport: ${path.relative(
      process.cwd(),
      path.join(artifacts, 'RELIABILITY.md'),
    )}${o.write ? ' and test/RELIABILITY.md' : ''}`,
  );
  process.exit(failed.length || exitCode ? 1 : 0);
}

main().catch(e => {
  console.error(e);
  killAllReplicasSync();
  process.exit(1);
});
