import { Knex } from 'knex';
import {
  expectConstraintViolation,
  ITSM_TEST_DATABASE_IDS,
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import { DatabaseItsmStore } from './DatabaseItsmStore';

/*
 * Walks every migration up and down, one at a time, on every supported database (the pattern
 * of the notifications backend's migrations test), and checks what the schema promises:
 * tables, columns, defaults, unique constraints, named indexes and cascades.
 */

const directory = DatabaseItsmStore.migrationsDirectory();

const TABLES = [
  'itsm_sequences',
  'itsm_slas',
  'itsm_services',
  'itsm_service_entities',
  'itsm_changes',
  'itsm_change_entities',
  'itsm_change_approvals',
  'itsm_problems',
  'itsm_problem_entities',
  'itsm_incidents',
  'itsm_incident_timeline',
  'itsm_history',
  'itsm_alert_intake',
];

const INDEXES: Record<string, string[]> = {
  itsm_slas: ['itsm_slas_name_idx'],
  itsm_services: [
    'itsm_services_owner_idx',
    'itsm_services_sla_idx',
    'itsm_services_name_idx',
  ],
  itsm_service_entities: ['itsm_service_entities_ref_idx'],
  itsm_changes: [
    'itsm_changes_state_idx',
    'itsm_changes_window_idx',
    'itsm_changes_created_idx',
    'itsm_changes_type_idx',
  ],
  itsm_change_entities: ['itsm_change_entities_ref_idx'],
  itsm_change_approvals: ['itsm_change_approvals_vote_uq'],
  itsm_problems: [
    'itsm_problems_state_idx',
    'itsm_problems_service_idx',
    'itsm_problems_created_idx',
  ],
  itsm_problem_entities: ['itsm_problem_entities_ref_idx'],
  itsm_incidents: [
    'itsm_incidents_entity_idx',
    'itsm_incidents_service_idx',
    'itsm_incidents_state_idx',
    'itsm_incidents_priority_idx',
    'itsm_incidents_assignee_idx',
    'itsm_incidents_opened_idx',
    'itsm_incidents_problem_idx',
    'itsm_incidents_change_idx',
  ],
  itsm_incident_timeline: ['itsm_incident_timeline_idx'],
  itsm_history: ['itsm_history_record_idx'],
};

async function migrationNames(
  knex: Knex,
): Promise<{ done: string[]; pending: string[] }> {
  const [done, pending] = await knex.migrate.list({ directory });
  return {
    done: done.map((m: any) => m.name ?? m.file ?? m),
    pending: pending.map((m: any) => m.file ?? m.name ?? m),
  };
}

async function existingTables(knex: Knex): Promise<string[]> {
  const found: string[] = [];
  for (const table of TABLES) {
    if (await knex.schema.hasTable(table)) found.push(table);
  }
  return found;
}

/** The names of the indexes (unique ones included) of a table, from the database's catalog. */
async function indexNames(knex: Knex, table: string): Promise<string[]> {
  const client = knex.client.config.client as string;
  if (client === 'pg') {
    const rows = await knex('pg_indexes')
      .where({ tablename: table, schemaname: knex.raw('current_schema()') })
      .select('indexname');
    return rows.map(r => r.indexname);
  }
  if (client === 'mysql' || client === 'mysql2') {
    const rows = await knex('information_schema.statistics')
      .where({ table_name: table, table_schema: knex.raw('database()') })
      .distinct({ name: 'index_name' });
    return rows.map(r => r.name ?? r.NAME ?? r.INDEX_NAME);
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'index', tbl_name: table })
    .select('name');
  return rows.map(r => r.name);
}

const META = {
  version: 1,
  created_at: '2026-11-23T10:00:00.000Z',
  created_by: 'user:default/alice',
  updated_at: '2026-11-23T10:00:00.000Z',
  updated_by: 'user:default/alice',
};

/** Writes one row into every table and checks what the schema promises about them. */
async function checkSchema(knex: Knex) {
  await knex('itsm_sequences').insert({ name: 'incident', value: 1001 });
  await knex('itsm_slas').insert({
    id: 'sla-1',
    name: 'Gold',
    availability_target: 99.95,
    calendar: '"24x7"',
    targets: '{}',
    ...META,
  });
  // managed_by has a default; version is given by META but the column also defaults to 1.
  const { version: _v, ...metaWithoutVersion } = META;
  await knex('itsm_services').insert({
    id: 'svc-1',
    name: 'Checkout',
    owner_ref: 'group:default/shop-team',
    category: 'application',
    criticality: 1,
    lifecycle: 'live',
    sla_id: 'sla-1',
    ...metaWithoutVersion,
  });
  await knex('itsm_service_entities').insert([
    {
      service_id: 'svc-1',
      entity_ref: 'component:default/checkout',
      position: 0,
    },
    {
      service_id: 'svc-1',
      entity_ref: 'component:default/checkout-ui',
      position: 1,
    },
  ]);
  await knex('itsm_changes').insert({
    id: 'chg-1',
    seq: 1001,
    title: 'Deploy',
    type: 'normal',
    impact: 2,
    state: 'new',
    requested_by: 'user:default/bob',
    deployment_id: 'deploy-1',
    planned_start: '2026-11-24T08:00:00.000Z',
    planned_end: '2026-11-24T09:00:00.000Z',
    ...META,
  });
  await knex('itsm_change_entities').insert({
    change_id: 'chg-1',
    entity_ref: 'component:default/checkout',
    position: 0,
  });
  const vote = {
    change_id: 'chg-1',
    round: 1,
    voter_ref: 'user:default/carol',
    decision: 'approve',
    roles: '["cab"]',
    at: '2026-11-23T11:00:00.000Z',
  };
  await knex('itsm_change_approvals').insert({ id: 'vote-1', ...vote });
  await knex('itsm_problems').insert({
    id: 'prb-1',
    seq: 1001,
    title: 'Leak',
    entity_refs: '["component:default/checkout"]',
    service_id: 'svc-1',
    state: 'new',
    fix_change_id: 'chg-1',
    ...META,
  });
  await knex('itsm_problem_entities').insert({
    problem_id: 'prb-1',
    entity_ref: 'component:default/checkout',
  });
  await knex('itsm_incidents').insert({
    id: 'inc-1',
    seq: 1001,
    title: 'Down',
    entity_ref: 'component:default/checkout',
    service_id: 'svc-1',
    impact: 1,
    urgency: 1,
    priority: 'P1',
    state: 'new',
    support_level: 'L1',
    source: 'portal',
    opened_at: '2026-11-23T10:00:00.000Z',
    problem_id: 'prb-1',
    caused_by_change_id: 'chg-1',
    external_key: 'alert-1',
    ...META,
  });
  await knex('itsm_incident_timeline').insert([
    {
      incident_id: 'inc-1',
      at: '2026-11-23T10:00:00.000Z',
      kind: 'state',
      from_value: null,
      to_value: 'new',
    },
    {
      incident_id: 'inc-1',
      at: '2026-11-23T10:05:00.000Z',
      kind: 'state',
      from_value: 'new',
      to_value: 'in_progress',
    },
  ]);
  await knex('itsm_history').insert([
    {
      id: 'h-1',
      record_type: 'incident',
      record_id: 'inc-1',
      at: META.created_at,
      actor: 'a',
      action: 'created',
      changes: '{}',
    },
    {
      id: 'h-2',
      record_type: 'incident',
      record_id: 'inc-1',
      at: META.created_at,
      actor: 'a',
      action: 'updated',
      changes: '{}',
    },
  ]);

  // Defaults and exact round trips.
  const service = await knex('itsm_services').where({ id: 'svc-1' }).first();
  expect(service.managed_by).toBe('manual');
  expect(Number(service.version)).toBe(1);
  const change = await knex('itsm_changes').where({ id: 'chg-1' }).first();
  expect(Boolean(Number(change.planned_outage))).toBe(false);
  expect(Number(change.approval_round)).toBe(1);
  expect(change.planned_start).toBe('2026-11-24T08:00:00.000Z');
  const incident = await knex('itsm_incidents').where({ id: 'inc-1' }).first();
  expect(Boolean(Number(incident.escalated))).toBe(false);
  expect(incident.opened_at).toBe('2026-11-23T10:00:00.000Z');
  expect(incident.response_breached_at).toBeNull();
  const sla = await knex('itsm_slas').where({ id: 'sla-1' }).first();
  expect(Number(sla.availability_target)).toBe(99.95);

  // Auto-increment keys.
  const timeline = await knex('itsm_incident_timeline').orderBy('id');
  expect(timeline.map(r => r.to_value)).toEqual(['new', 'in_progress']);
  expect(Number(timeline[1].id)).toBeGreaterThan(Number(timeline[0].id));
  const history = await knex('itsm_history').orderBy('seq');
  expect(history.map(r => r.id)).toEqual(['h-1', 'h-2']);
  expect(Number(history[1].seq)).toBeGreaterThan(Number(history[0].seq));

  // Unique constraints: one vote per voter and round, numbers, deployment ids, alert keys.
  await expectConstraintViolation(
    knex('itsm_change_approvals').insert({ id: 'vote-2', ...vote }),
  );
  await knex('itsm_change_approvals').insert({
    id: 'vote-3',
    ...vote,
    round: 2,
  });
  await expectConstraintViolation(
    knex('itsm_incidents').insert({
      ...(await knex('itsm_incidents').where({ id: 'inc-1' }).first()),
      id: 'inc-2',
      external_key: 'alert-2',
    }),
  ); // seq 1001 again
  await expectConstraintViolation(
    knex('itsm_incidents').insert({
      ...(await knex('itsm_incidents').where({ id: 'inc-1' }).first()),
      id: 'inc-3',
      seq: 1002,
    }),
  ); // external_key alert-1 again
  await expectConstraintViolation(
    knex('itsm_changes').insert({ ...change, id: 'chg-2', seq: 1002 }),
  ); // deployment_id deploy-1 again
  await expectConstraintViolation(
    knex('itsm_service_entities').insert({
      service_id: 'svc-1',
      entity_ref: 'component:default/checkout',
      position: 5,
    }),
  ); // primary key (service_id, entity_ref)
  await expectConstraintViolation(
    knex('itsm_sequences').insert({ name: 'incident', value: 1 }),
  );

  // Named indexes.
  for (const [table, names] of Object.entries(INDEXES)) {
    const actual = await indexNames(knex, table);
    for (const name of names) {
      expect({ table, index: name, present: actual.includes(name) }).toEqual({
        table,
        index: name,
        present: true,
      });
    }
  }

  // Cascades: deleting a change removes its entities and votes (the problem and incident
  // reference it without cascade, so unlink them first).
  await knex('itsm_incidents').update({ caused_by_change_id: null });
  await knex('itsm_problems').update({ fix_change_id: null });
  await knex('itsm_changes').where({ id: 'chg-1' }).delete();
  expect(
    await knex('itsm_change_entities').where({ change_id: 'chg-1' }),
  ).toEqual([]);
  expect(
    await knex('itsm_change_approvals').where({ change_id: 'chg-1' }),
  ).toEqual([]);
  // Foreign keys are enforced (SQLite included: TestDatabases turns them on like Backstage).
  await expectConstraintViolation(
    knex('itsm_service_entities').insert({
      service_id: 'no-such-service',
      entity_ref: 'x',
      position: 0,
    }),
  );
}

describe('ITSM migrations', () => {
  const databases = itsmTestDatabases();
  if (requireAllTestDatabases) {
    // Fails with the reason from itsmTestDatabases' beforeAll when a database is missing.
    it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
      expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
        ...ITSM_TEST_DATABASE_IDS,
      ]);
    });
  }

  it.each(databases.eachSupportedId())(
    'walks every migration up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      const initial = await migrationNames(knex);
      expect(initial.done).toEqual([]);
      expect(initial.pending.length).toBeGreaterThanOrEqual(1);
      expect(initial.pending[0]).toBe('20261123000000_init.js');
      expect(await existingTables(knex)).toEqual([]);

      // Up, one migration at a time: every step applies exactly one.
      for (let i = 0; i < initial.pending.length; i++) {
        await knex.migrate.up({ directory });
        expect((await migrationNames(knex)).done.length).toBe(i + 1);
      }
      expect((await migrationNames(knex)).pending).toEqual([]);
      expect(await existingTables(knex)).toEqual(TABLES);

      // The columns the store relies on.
      expect(
        await knex.schema.hasColumn('itsm_incidents', 'response_breached_at'),
      ).toBe(true);
      expect(
        await knex.schema.hasColumn('itsm_incidents', 'external_key'),
      ).toBe(true);
      expect(await knex.schema.hasColumn('itsm_changes', 'deployment_id')).toBe(
        true,
      );
      expect(
        await knex.schema.hasColumn('itsm_changes', 'approval_round'),
      ).toBe(true);
      expect(await knex.schema.hasColumn('itsm_services', 'managed_by')).toBe(
        true,
      );
      expect(await knex.schema.hasColumn('itsm_history', 'seq')).toBe(true);

      await checkSchema(knex);

      // Down, one migration at a time, to zero.
      for (let i = initial.pending.length; i > 0; i--) {
        await knex.migrate.down({ directory });
        expect((await migrationNames(knex)).done.length).toBe(i - 1);
      }
      expect(await existingTables(knex)).toEqual([]);

      // Up again on the emptied database: the down migrations left nothing behind.
      await knex.migrate.latest({ directory });
      expect(await existingTables(knex)).toEqual(TABLES);
      expect(await knex('itsm_incidents').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      expect(
        Number((await knex('itsm_incidents').count({ n: '*' }))[0].n),
      ).toBe(0);
      await checkSchema(knex);

      // And everything down at once, the way DatabaseItsmStore.migrateDown does it.
      await knex.migrate.rollback({ directory }, true);
      expect((await migrationNames(knex)).done).toEqual([]);
      expect(await existingTables(knex)).toEqual([]);
      await DatabaseItsmStore.migrateDown(knex); // nothing left to roll back: a no-op
    },
  );
});
