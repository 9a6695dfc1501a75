/*
 * Starts the repo's example backend (packages/backend) as child processes on one PostgreSQL
 * database set, each in its own process group so a SIGKILL takes the whole replica down, and
 * drops the databases at the end. The backend runs from source with Backstage's own node
 * transform (what `backstage-cli package start` does, minus the file watcher), which starts in
 * ~15 s and needs no build.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The checkout whose backend and spec are tested: this repository, or another checkout with
 * its own node_modules (`ITSM_RELIABILITY_TARGET=/path/to/checkout`, e.g. a branch under review).
 */
export const REPO_ROOT =
  process.env.ITSM_RELIABILITY_TARGET ?? path.resolve(__dirname, '../..');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');

/** The external access token of the service principal (CI/CD, monitoring). */
export const SERVICE_TOKEN = 'reliability-service-token-8f3a1c';
export const SERVICE_SUBJECT = 'reliability-ci';
/** A second static token with another subject: it gets the default allow-list only. */
export const OTHER_SERVICE_TOKEN = 'reliability-other-token-51d0e7';
export const OTHER_SERVICE_SUBJECT = 'reliability-unlisted';

/** The plugin's default allow-list of service principals (`itsm.servicePrincipals.allow`). */
export const DEFAULT_SERVICE_ALLOW = [
  'read',
  'alerts',
  'deployments',
  'incident.create',
  'change.create',
];

export interface ReplicaOptions {
  /** `backend.database.prefix`: one database set per run, dropped by `dropDatabases`. */
  dbPrefix: string;
  /** The directory for config files and logs. */
  workDir: string;
  /** `itsm.permissions.readOtherTeams` (the stricter policy when false). */
  readOtherTeams: boolean;
  /** `backend.database` instead of PostgreSQL with `dbPrefix` (the scale benchmark's SQLite). */
  database?: Record<string, unknown>;
  /** Merged over the generated config (objects merge, arrays and values replace). */
  extraConfig?: Record<string, unknown>;
}

type ConfigObject = Record<string, unknown>;
const isObject = (v: unknown): v is ConfigObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `over` merged into `base`: nested objects merge, everything else replaces. */
export function mergeConfig(
  base: ConfigObject,
  over: ConfigObject,
): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      isObject(current) && isObject(value)
        ? mergeConfig(current, value)
        : value;
  }
  return out;
}

export interface Replica {
  name: string;
  port: number;
  baseUrl: string;
  logFile: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const running = new Set<Replica>();

/** A free TCP port in [from, to] that nobody listens on now. */
export async function freePort(
  from: number,
  to: number,
  taken: Set<number>,
): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>(resolve => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`No free port in ${from}-${to}`);
}

function configFor(
  port: number,
  opts: ReplicaOptions,
  seedDemoData: boolean,
): ConfigObject {
  return mergeConfig(
    baseConfigFor(port, opts, seedDemoData),
    opts.extraConfig ?? {},
  );
}

function baseConfigFor(
  port: number,
  opts: ReplicaOptions,
  seedDemoData: boolean,
) {
  return {
    app: { baseUrl: `http://localhost:${port}` },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: `http://localhost:${port}` },
      database: opts.database ?? {
        client: 'pg',
        prefix: opts.dbPrefix,
        connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: SERVICE_TOKEN, subject: SERVICE_SUBJECT },
          },
          {
            type: 'static',
            options: {
              token: OTHER_SERVICE_TOKEN,
              subject: OTHER_SERVICE_SUBJECT,
            },
          },
        ],
      },
    },
    itsm: {
      // Seeding races with itself when two replicas start on an empty database: one seeds.
      demoData: { enabled: seedDemoData },
      permissions: {
        adminGroups: ['group:default/platform-team'],
        readOtherTeams: opts.readOtherTeams,
      },
      // What service principals may do (the plugin decides; Backstage allows them everything).
      // Every other subject keeps the plugin's default list; the campaign's CI token may also
      // write incidents, problems, changes and services, but never administer SLAs or vote.
      servicePrincipals: {
        allow: [
          ...DEFAULT_SERVICE_ALLOW,
          {
            subject: SERVICE_SUBJECT,
            allow: [
              ...DEFAULT_SERVICE_ALLOW,
              'service.create',
              'service.update',
              'service.admin',
              'incident.update',
              'problem.create',
              'problem.update',
              'change.update',
            ],
          },
        ],
      },
      catalogSync: { enabled: true },
      changes: {
        // The vote race needs a change that only the whole CAB (3 members) moves: every
        // concurrent vote must then count, and exactly one of them schedules the change.
        approvalPolicy: { normal: { medium: { cabApprovals: 3 } } },
        // No freeze windows: the races and the matrix plan changes a few days ahead, which must
        // not fall into the demo's year-end freeze when the campaign runs in December.
        freezeWindows: [],
      },
    },
  };
}

/** Starts one replica; resolves when its ITSM API answers /health. */
export async function startReplica(
  name: string,
  port: number,
  opts: ReplicaOptions,
  seedDemoData: boolean,
): Promise<Replica> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const cfgFile = path.join(opts.workDir, `${name}.config.json`);
  fs.writeFileSync(
    cfgFile,
    JSON.stringify(configFor(port, opts, seedDemoData), null, 2),
  );
  const logFile = path.join(opts.workDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      cfgFile,
    ],
    {
      cwd: BACKEND_DIR,
      detached: true, // its own process group: kill(-pid) reaches every process of the replica
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // Logging every request would cost more CPU than serving it on a 2-core machine.
        LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? 'warn',
        ESBK_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.json'),
      },
    },
  );
  fs.closeSync(log);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  const replica: Replica = {
    name,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    logFile,
    child,
    exited,
  };
  running.add(replica);
  exited.then(() => running.delete(replica));

  const deadline = Date.now() + 240_000;
  let dead = false;
  exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead)
      throw new Error(
        `${name} exited during start-up; see ${logFile}:\n${tail(logFile)}`,
      );
    try {
      const res = await fetch(`${replica.baseUrl}/api/itsm/health`);
      if (res.ok) return replica;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(
    `${name} did not answer /api/itsm/health within 240 s; see ${logFile}:\n${tail(
      logFile,
    )}`,
  );
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Ends a replica's process group with `signal` and waits for it (SIGKILL after 10 s). */
export async function stopReplica(
  replica: Replica,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null)
    return;
  try {
    process.kill(-replica.child.pid!, signal);
  } catch {
    return;
  }
  const timeout = sleep(10_000).then(() => 'timeout');
  if ((await Promise.race([replica.exited, timeout])) === 'timeout') {
    try {
      process.kill(-replica.child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    await replica.exited;
  }
}

/** Synchronous last resort (process exit handlers cannot await): SIGKILL every started group. */
export function killAllReplicasSync(): void {
  for (const r of running) {
    try {
      process.kill(-r.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(r => stopReplica(r)));
}

/** The PostgreSQL connection of the ITSM plugin's database of this run (for direct checks). */
export function itsmDb(dbPrefix: string): Client {
  return new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: `${dbPrefix}itsm`,
  });
}

/** Drops every database of the run (`<prefix>*`). */
export async function dropDatabases(dbPrefix: string): Promise<string[]> {
  const admin = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${dbPrefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    return rows.map(r => r.datname);
  } finally {
    await admin.end();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

export function defaultWorkDir(runId: string): string {
  return path.join(os.tmpdir(), `itsm-reliability-${runId}`);
}
