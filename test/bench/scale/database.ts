/*
 * The databases of a benchmark run: PostgreSQL (a fresh database set per run, dropped at the
 * end) or SQLite (one file per plugin in a directory), and the batched loading of the generated
 * rows into the ITSM plugin's tables, which the backend has created (its migrations run at
 * start-up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { knex, Knex } from 'knex';
import {
  changeBatches,
  DatasetCounts,
  FixedRows,
  incidentBatches,
  problemRows,
  Row,
} from './generate';

export type DbKind = 'pg' | 'sqlite';

export interface BenchDatabase {
  kind: DbKind;
  /** `backend.database` of the backend under test. */
  backendConfig: Record<string, unknown>;
  /** Creates the ITSM plugin's database (the backend finds it and uses it). */
  create(): Promise<void>;
  /** A connection to the ITSM plugin's database. */
  itsm(): Knex;
  /** A description for the report (server version). */
  describe(): Promise<string>;
}

export function pgDatabase(prefix: string): BenchDatabase {
  return {
    kind: 'pg',
    backendConfig: {
      client: 'pg',
      prefix,
      connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
    },
    create: async () => {
      const admin = knex({
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: 5432,
          user: 'postgres',
          database: 'postgres',
        },
      });
      try {
        await admin.raw('CREATE DATABASE ??', [`${prefix}itsm`]);
      } finally {
        await admin.destroy();
      }
    },
    itsm: () =>
      knex({
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: 5432,
          user: 'postgres',
          database: `${prefix}itsm`,
        },
        pool: { min: 0, max: 8 },
      }),
    describe: async () => {
      const db = knex({
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: 5432,
          user: 'postgres',
          database: 'postgres',
        },
      });
      try {
        const { rows } = await db.raw('SHOW server_version');
        return `PostgreSQL ${rows[0].server_version}`;
      } finally {
        await db.destroy();
      }
    },
  };
}

export function sqliteDatabase(directory: string): BenchDatabase {
  fs.mkdirSync(directory, { recursive: true });
  return {
    kind: 'sqlite',
    backendConfig: { client: 'better-sqlite3', connection: { directory } },
    // better-sqlite3 creates the file on first use.
    create: async () => {},
    itsm: () =>
      knex({
        client: 'better-sqlite3',
        connection: { filename: path.join(directory, 'itsm.sqlite') },
        useNullAsDefault: true,
        pool: { min: 1, max: 1 },
      }),
    describe: async () => {
      const db = knex({
        client: 'better-sqlite3',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
      });
      try {
        const rows = await db.raw('select sqlite_version() as v');
        return `SQLite ${rows[0].v} (better-sqlite3, file in ${directory})`;
      } finally {
        await db.destroy();
      }
    },
  };
}

/**
 * Inserts rows in chunks that stay below every driver's limits: bound parameters (65,535 on
 * PostgreSQL, 32,766 on SQLite) and SQLite's 500 terms of a compound SELECT (knex writes a
 * multi-row insert there as `SELECT … UNION ALL SELECT …`).
 */
async function insertChunked(
  db: Knex,
  table: string,
  rows: Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0]).length;
  const size = Math.max(1, Math.min(400, Math.floor(30_000 / perRow)));
  for (let i = 0; i < rows.length; i += size) {
    await db(table).insert(rows.slice(i, i + size));
  }
}

export interface LoadResult {
  rows: Record<string, number>;
  seconds: number;
}

/** Loads the generated data set into the ITSM tables, one transaction per batch. */
export async function loadItsmRows(
  db: Knex,
  fixed: FixedRows,
  counts: DatasetCounts,
  seed: number,
  nowMs: number,
  progress: (line: string) => void = () => {},
): Promise<LoadResult> {
  const started = Date.now();
  const rows: Record<string, number> = {};
  const put = async (trx: Knex, table: string, list: Row[]) => {
    await insertChunked(trx, table, list);
    rows[table] = (rows[table] ?? 0) + list.length;
  };
  await db.transaction(async trx => {
    await put(trx, 'itsm_slas', fixed.slas);
    await put(trx, 'itsm_services', fixed.services);
    await put(trx, 'itsm_service_entities', fixed.serviceEntities);
  });
  const problems = problemRows(
    fixed.servicePlans,
    counts.problems,
    seed,
    nowMs,
  );
  await db.transaction(async trx => {
    await put(trx, 'itsm_problems', problems.problems);
    await put(trx, 'itsm_problem_entities', problems.problemEntities);
  });
  for (const batch of changeBatches(
    fixed.servicePlans,
    counts.changes,
    seed,
    nowMs,
  )) {
    await db.transaction(async trx => {
      await put(trx, 'itsm_changes', batch.changes);
      await put(trx, 'itsm_change_entities', batch.changeEntities);
    });
  }
  let done = 0;
  for (const batch of incidentBatches(
    fixed.servicePlans,
    problems,
    counts.incidents,
    seed,
    nowMs,
    1000,
  )) {
    await db.transaction(async trx => {
      await put(trx, 'itsm_incidents', batch.incidents);
      await put(trx, 'itsm_incident_timeline', batch.timeline);
    });
    done += batch.incidents.length;
    if (done % 20_000 < 1000)
      progress(`  ${done} / ${counts.incidents} incidents`);
  }
  // The numbers the plugin hands out next (INC-…, PRB-…, CHG-…) follow the loaded ones.
  for (const [name, count] of [
    ['incident', counts.incidents],
    ['problem', counts.problems],
    ['change', counts.changes],
  ] as const) {
    await db('itsm_sequences')
      .insert({ name, value: 1000 + count })
      .onConflict('name')
      .merge();
  }
  if (db.client.config.client === 'pg') await db.raw('ANALYZE');
  return { rows, seconds: Math.round((Date.now() - started) / 100) / 10 };
}
