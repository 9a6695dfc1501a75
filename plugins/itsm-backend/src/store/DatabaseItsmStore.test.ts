import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Problem, Service, Sla } from '@backstage-itsm/plugin-itsm-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  expectConstraintViolation,
  ITSM_TEST_DATABASE_IDS,
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import { DatabaseItsmStore, IncidentFilter } from './DatabaseItsmStore';
import { StoredChange, StoredIncident, noSlaMarks } from './rows';
import { CHECKOUT, PAYMENTS, SEARCH } from '../__testUtils__/fixtures';

/*
 * The store on every supported database (PostgreSQL, MySQL/MariaDB, SQLite): one logical
 * database per engine, emptied before each test. Every test asserts concrete values so a
 * dialect difference (type coercion, collation, LIKE escaping, transaction semantics) fails it.
 */

const T0 = '2026-11-23T10:00:00.000Z';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ORPHAN = 'component:default/orphan';
const SHOP = 'group:default/shop-team';
const PAY_TEAM = 'group:default/payments-team';

/** T0 plus the given minutes, as the fixed-width ISO string the store keeps. */
function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

/** A deterministic UUID, the same on every database (so results can be compared across them). */
function uuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function meta(id: string, createdAt = T0) {
  return {
    id,
    version: 1,
    createdAt,
    createdBy: ALICE,
    updatedAt: createdAt,
    updatedBy: ALICE,
  };
}

function makeSla(id: string, overrides: Partial<Sla> = {}): Sla {
  return {
    ...meta(id),
    name: 'Gold',
    description: 'Business critical',
    availabilityTarget: 99.95,
    calendar: {
      timezone: 'Europe/Berlin',
      hours: {
        mon: [['08:00', '18:00']],
        fri: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
      holidays: ['2026-12-25', '--12-26'],
    },
    targets: {
      P1: { responseMinutes: 15, resolutionMinutes: 240 },
      P2: { responseMinutes: 60, resolutionMinutes: 480 },
      P3: { responseMinutes: 240, resolutionMinutes: 1440 },
      P4: { responseMinutes: 480, resolutionMinutes: 2880 },
    },
    ...overrides,
  };
}

function makeService(
  id: string,
  entityRefs: string[],
  overrides: Partial<Service> = {},
): Service {
  return {
    ...meta(id),
    entityRef: entityRefs[0],
    entityRefs,
    name: `Service ${id}`,
    purpose: null,
    ownerRef: SHOP,
    category: 'application',
    criticality: 2,
    lifecycle: 'live',
    supportHours: null,
    slaId: null,
    contact: null,
    escalationPath: [],
    maintenanceWindow: null,
    managedBy: 'manual',
    ...overrides,
  };
}

/** An incident as the store gives it back for sequence number `seq`. */
function makeIncident(
  id: string,
  seq: number,
  overrides: Partial<StoredIncident> = {},
): StoredIncident {
  const openedAt = overrides.openedAt ?? T0;
  return {
    ...meta(id, openedAt),
    number: `INC-${seq}`,
    title: `Incident ${id}`,
    description: null,
    entityRef: CHECKOUT,
    serviceId: null,
    impact: 2,
    urgency: 2,
    priority: 'P3',
    state: 'new',
    onHoldReason: null,
    assigneeRef: null,
    supportLevel: 'L1',
    source: 'portal',
    openedAt,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    outage: null,
    resolutionNotes: null,
    workaround: null,
    problemId: null,
    causedByChangeId: null,
    externalKey: null,
    escalated: false,
    slaMarks: noSlaMarks(),
    ...overrides,
  };
}

function makeProblem(
  id: string,
  seq: number,
  overrides: Partial<Problem> = {},
): Problem {
  return {
    ...meta(id),
    number: `PRB-${seq}`,
    title: `Problem ${id}`,
    description: null,
    entityRefs: [CHECKOUT],
    serviceId: null,
    state: 'new',
    rootCause: null,
    knownError: null,
    assigneeRef: null,
    incidentIds: [],
    fixChangeId: null,
    ...overrides,
  };
}

function makeChange(
  id: string,
  seq: number,
  overrides: Partial<StoredChange> = {},
): StoredChange {
  return {
    ...meta(id, overrides.createdAt ?? T0),
    number: `CHG-${seq}`,
    title: `Change ${id}`,
    description: null,
    type: 'normal',
    entityRefs: [CHECKOUT],
    risk: null,
    riskAssessment: null,
    impact: 2,
    plannedStart: null,
    plannedEnd: null,
    actualStart: null,
    actualEnd: null,
    plannedOutage: false,
    implementationPlan: null,
    rollbackPlan: null,
    testPlan: null,
    state: 'new',
    outcome: null,
    reviewNotes: null,
    rejectionReason: null,
    requestedBy: BOB,
    deployment: null,
    conflicts: [],
    approvalRound: 1,
    closedAt: null,
    ...overrides,
  };
}

const TABLES_IN_DELETE_ORDER = [
  'itsm_history',
  'itsm_incident_timeline',
  'itsm_incidents',
  'itsm_problem_entities',
  'itsm_problems',
  'itsm_change_approvals',
  'itsm_change_entities',
  'itsm_changes',
  'itsm_service_entities',
  'itsm_services',
  'itsm_slas',
  'itsm_sequences',
];

/** The ids of every page of a listing, following nextCursor to the end. */
async function allPages<T extends { id: string }>(
  list: (
    cursor?: string,
  ) => Promise<{ items: T[]; totalCount: number; nextCursor: string | null }>,
  expectedTotal: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await list(cursor);
    pages += 1;
    expect(page.totalCount).toBe(expectedTotal);
    ids.push(...page.items.map(i => i.id));
    if (!page.nextCursor) break;
    expect(page.items.length).toBeGreaterThan(0);
    cursor = page.nextCursor;
    if (pages > 100) throw new Error('pagination does not terminate');
  }
  return { ids, pages };
}

/** Ids sorted by (value, id) the way keyset pagination orders them. */
function expectedOrder<T extends { id: string }>(
  items: T[],
  value: (item: T) => string | number,
  order: 'asc' | 'desc',
): string[] {
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => {
    if (a < b) return -1;
    return a > b ? 1 : 0;
  };
  return [...items]
    .sort((a, b) => sign * (cmp(value(a), value(b)) || cmp(a.id, b.id)))
    .map(i => i.id);
}

const databases = itsmTestDatabases();
if (requireAllTestDatabases) {
  // Fails with the reason from itsmTestDatabases' beforeAll when a database is missing.
  it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      ...ITSM_TEST_DATABASE_IDS,
    ]);
  });
}
/** Pagination results per database, compared across databases at the end. */
const paginationResults = new Map<string, Record<string, string[]>>();

describe.each(databases.eachSupportedId())(
  'DatabaseItsmStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseItsmStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // Through create(): runs the migrations like the plugin does.
      store = await DatabaseItsmStore.create({
        database: mockServices.database({ knex }),
      });
    });

    beforeEach(async () => {
      for (const table of TABLES_IN_DELETE_ORDER) {
        await knex(table).delete();
      }
    });

    const by = (actor: string, minutes: number) => ({ actor, at: at(minutes) });

    /** Inserts an incident with the next incident number and returns it as stored. */
    async function addIncident(
      id: string,
      overrides: Partial<StoredIncident> = {},
    ) {
      const seq = await store.nextSeq('incident');
      const incident = makeIncident(id, seq, overrides);
      await store.insertIncident(incident, seq);
      return incident;
    }

    async function addChange(
      id: string,
      overrides: Partial<StoredChange> = {},
    ) {
      const seq = await store.nextSeq('change');
      const change = makeChange(id, seq, overrides);
      await store.insertChange(change, seq);
      return change;
    }

    // ------------------------------------------------------------------ records

    it('inserts, reads and updates SLAs', async () => {
      const gold = makeSla('sla-gold');
      const silver = makeSla('sla-silver', {
        name: 'Silver',
        calendar: '24x7',
        description: null,
      });
      await store.insertSla(gold);
      await store.insertSla(silver);

      expect(await store.getSla('sla-gold')).toEqual(gold);
      expect(await store.getSla('sla-silver')).toEqual(silver);
      expect(await store.getSla('sla-none')).toBeUndefined();
      expect(
        (await store.getSlas(['sla-silver', 'sla-gold', 'sla-none']))
          .map(s => s.id)
          .sort(),
      ).toEqual(['sla-gold', 'sla-silver']);
      expect((await store.findSlaByName('gOLD'))?.id).toBe('sla-gold');
      expect(await store.findSlaByName('bronze')).toBeUndefined();

      await store.updateSla(
        'sla-gold',
        1,
        { name: 'Platinum', availabilityTarget: 99.99 },
        by(BOB, 5),
      );
      expect(await store.getSla('sla-gold')).toEqual({
        ...gold,
        name: 'Platinum',
        availabilityTarget: 99.99,
        version: 2,
        updatedAt: at(5),
        updatedBy: BOB,
      });

      const list = await store.listSlas({ q: 'plat' });
      expect(list).toEqual({
        items: [expect.objectContaining({ id: 'sla-gold' })],
        totalCount: 1,
        nextCursor: null,
      });
      expect((await store.listSlas({})).items.map(s => s.name)).toEqual([
        'Platinum',
        'Silver',
      ]);
    });

    it('keeps several entity refs per service and several services per entity', async () => {
      await store.insertSla(makeSla('sla-1'));
      // Deliberately not alphabetical: the position column keeps the given order.
      const shop = makeService(
        'svc-shop',
        [SEARCH, CHECKOUT, 'api:default/checkout-api'],
        {
          name: 'Shop',
          purpose: 'Sells things',
          slaId: 'sla-1',
          contact: '#shop',
          supportHours: 'Mon-Fri 8-18',
          escalationPath: ['user:default/bob', 'group:default/shop-team'],
          maintenanceWindow: {
            timezone: 'Europe/Berlin',
            hours: { sun: [['02:00', '04:00']] },
          },
          criticality: 1,
          managedBy: 'catalog',
        },
      );
      const payments = makeService('svc-pay', [PAYMENTS, CHECKOUT], {
        name: 'Payments',
        ownerRef: PAY_TEAM,
        category: 'infrastructure',
      });
      await store.insertService(shop);
      await store.insertService(payments);

      expect(await store.getService('svc-shop')).toEqual(shop);
      expect(await store.getService('svc-pay')).toEqual(payments);
      expect((await store.getService('svc-shop'))?.entityRef).toBe(SEARCH);
      expect(await store.getService('svc-none')).toBeUndefined();

      // An entity in two services: both, ordered by name, each with all of its refs.
      expect(await store.getServicesByEntity(CHECKOUT)).toEqual([
        payments,
        shop,
      ]);
      expect(await store.getServicesByEntity(SEARCH)).toEqual([shop]);
      expect(await store.getServicesByEntity(ORPHAN)).toEqual([]);
      const byEntities = await store.getServicesByEntities([
        CHECKOUT,
        PAYMENTS,
        SEARCH,
      ]);
      expect(byEntities.map(s => s.id).sort()).toEqual(['svc-pay', 'svc-shop']); // no duplicates

      // Filters of the listing.
      expect(
        (await store.listServices({ entityRef: CHECKOUT })).items.map(
          s => s.id,
        ),
      ).toEqual(['svc-pay', 'svc-shop']);
      expect(
        (await store.listServices({ owner: PAY_TEAM })).items.map(s => s.id),
      ).toEqual(['svc-pay']);
      expect((await store.listServices({ slaId: 'sla-1' })).totalCount).toBe(1);
      expect(
        (await store.listServices({ q: 'SELLS' })).items.map(s => s.id),
      ).toEqual(['svc-shop']);
      expect(
        (await store.listServices({ sort: 'criticality' })).items.map(
          s => s.id,
        ),
      ).toEqual(['svc-shop', 'svc-pay']);

      // Replacing the refs moves the entity out of the service.
      await store.updateService(
        'svc-shop',
        1,
        {
          entityRefs: [CHECKOUT, ORPHAN],
          entityRef: CHECKOUT,
          maintenanceWindow: null,
          escalationPath: [],
        },
        by(BOB, 1),
      );
      const updated = await store.getService('svc-shop');
      expect(updated).toEqual({
        ...shop,
        entityRef: CHECKOUT,
        entityRefs: [CHECKOUT, ORPHAN],
        maintenanceWindow: null,
        escalationPath: [],
        version: 2,
        updatedAt: at(1),
        updatedBy: BOB,
      });
      expect(await store.getServicesByEntity(SEARCH)).toEqual([]);
      expect((await store.getServicesByEntity(ORPHAN)).map(s => s.id)).toEqual([
        'svc-shop',
      ]);
      expect(
        await knex('itsm_service_entities')
          .where({ service_id: 'svc-shop' })
          .orderBy('position'),
      ).toEqual([
        expect.objectContaining({ entity_ref: CHECKOUT, position: 0 }),
        expect.objectContaining({ entity_ref: ORPHAN, position: 1 }),
      ]);
    });

    it('inserts, reads and updates incidents', async () => {
      await store.insertService(makeService('svc-1', [CHECKOUT]));
      const incident = await addIncident('inc-1', {
        title: 'Checkout down',
        description: 'HTTP 500 on /pay',
        serviceId: 'svc-1',
        impact: 1,
        urgency: 1,
        priority: 'P1',
        source: 'monitoring',
        externalKey: 'alert-42',
        outage: { start: at(-5), end: null },
        escalated: true,
      });
      expect(incident.number).toBe('INC-1001');
      expect(await store.getIncident('inc-1')).toEqual(incident);
      expect(await store.getIncidentByExternalKey('alert-42')).toEqual(
        incident,
      );
      expect(await store.getIncidentByExternalKey('alert-43')).toBeUndefined();
      expect(await store.getIncident('inc-none')).toBeUndefined();

      await store.updateIncident(
        'inc-1',
        1,
        {
          state: 'on_hold',
          onHoldReason: 'awaiting_vendor',
          assigneeRef: BOB,
          supportLevel: 'L2',
          acknowledgedAt: at(3),
          outage: { start: at(-5), end: at(30) },
          workaround: 'Use the old checkout',
          escalated: false,
        },
        by(BOB, 3),
      );
      const updated = {
        ...incident,
        state: 'on_hold' as const,
        onHoldReason: 'awaiting_vendor' as const,
        assigneeRef: BOB,
        supportLevel: 'L2' as const,
        acknowledgedAt: at(3),
        outage: { start: at(-5), end: at(30) },
        workaround: 'Use the old checkout',
        escalated: false,
        version: 2,
        updatedAt: at(3),
        updatedBy: BOB,
      };
      expect(await store.getIncident('inc-1')).toEqual(updated);

      // Clearing the outage writes NULLs.
      await store.updateIncident(
        'inc-1',
        2,
        { outage: null, assigneeRef: null },
        by(ALICE, 4),
      );
      const cleared = await store.getIncident('inc-1');
      expect(cleared?.outage).toBeNull();
      expect(cleared?.assigneeRef).toBeNull();
      expect(cleared?.version).toBe(3);
      expect(
        (await store.getIncidents(['inc-1', 'inc-x'])).map(i => i.id),
      ).toEqual(['inc-1']);
    });

    it('rejects stale versions with ConflictError and unknown ids with NotFoundError, changing nothing', async () => {
      await store.insertSla(makeSla('sla-1'));
      await store.insertService(makeService('svc-1', [CHECKOUT]));
      await addIncident('inc-1');
      const prbSeq = await store.nextSeq('problem');
      await store.insertProblem(makeProblem('prb-1', prbSeq), prbSeq);
      await addChange('chg-1');

      const cases: Array<{
        table: string;
        update: (id: string, version: number) => Promise<void>;
        id: string;
        column: string;
      }> = [
        {
          table: 'itsm_slas',
          id: 'sla-1',
          column: 'name',
          update: (id, v) => store.updateSla(id, v, { name: 'X' }, by(BOB, 9)),
        },
        {
          table: 'itsm_services',
          id: 'svc-1',
          column: 'name',
          update: (id, v) =>
            store.updateService(
              id,
              v,
              { name: 'X', entityRefs: [ORPHAN] },
              by(BOB, 9),
            ),
        },
        {
          table: 'itsm_incidents',
          id: 'inc-1',
          column: 'title',
          update: (id, v) =>
            store.updateIncident(id, v, { title: 'X' }, by(BOB, 9)),
        },
        {
          table: 'itsm_problems',
          id: 'prb-1',
          column: 'title',
          update: (id, v) =>
            store.updateProblem(
              id,
              v,
              { title: 'X', entityRefs: [ORPHAN] },
              by(BOB, 9),
            ),
        },
        {
          table: 'itsm_changes',
          id: 'chg-1',
          column: 'title',
          update: (id, v) =>
            store.updateChange(
              id,
              v,
              { title: 'X', entityRefs: [ORPHAN] },
              by(BOB, 9),
            ),
        },
      ];

      for (const c of cases) {
        // A good update first: version 1 → 2.
        await c.update(c.id, 1);
        const before = await knex(c.table).where({ id: c.id }).first();
        expect(Number(before.version)).toBe(2);
        expect(before[c.column]).toBe('X');
        await knex(c.table)
          .where({ id: c.id })
          .update({ [c.column]: 'kept' });

        // Stale (1) and future (7) versions conflict and change nothing.
        for (const stale of [1, 7]) {
          const error = await c.update(c.id, stale).catch(e => e);
          expect(error).toBeInstanceOf(ConflictError);
          expect(error.message).toContain('current version 2');
        }
        const after = await knex(c.table).where({ id: c.id }).first();
        expect(after).toEqual({ ...before, [c.column]: 'kept' });

        await expect(c.update('no-such-id', 1)).rejects.toBeInstanceOf(
          NotFoundError,
        );
      }

      // The entity lists were replaced by the good update only.
      expect((await store.getService('svc-1'))?.entityRefs).toEqual([ORPHAN]);
      expect((await store.getChange('chg-1'))?.entityRefs).toEqual([ORPHAN]);
      expect((await store.getProblem('prb-1'))?.entityRefs).toEqual([ORPHAN]);
      expect(
        await knex('itsm_problem_entities')
          .where({ problem_id: 'prb-1' })
          .select('entity_ref'),
      ).toEqual([{ entity_ref: ORPHAN }]);
    });

    it('links incidents to problems with setProblemIncidents', async () => {
      await store.insertService(makeService('svc-1', [CHECKOUT]));
      const inc1 = await addIncident('inc-1', { openedAt: at(0) });
      await addIncident('inc-2', { openedAt: at(20) });
      await addIncident('inc-3', { openedAt: at(10) });
      await addChange('chg-fix');

      const seqP = await store.nextSeq('problem');
      const seqQ = await store.nextSeq('problem');
      expect([seqP, seqQ]).toEqual([1001, 1002]);
      const p = makeProblem('prb-p', seqP, {
        entityRefs: [CHECKOUT, PAYMENTS, CHECKOUT], // duplicates are stored once
        serviceId: 'svc-1',
        description: 'Memory leak',
        knownError: { symptom: 'OOM', workaround: 'restart', solution: null },
      });
      await store.insertProblem(p, seqP);
      await store.insertProblem(makeProblem('prb-q', seqQ), seqQ);
      expect(await store.getProblem('prb-p')).toEqual(p);
      expect(
        (
          await knex('itsm_problem_entities')
            .where({ problem_id: 'prb-p' })
            .select('entity_ref')
        )
          .map(r => r.entity_ref)
          .sort(),
      ).toEqual([CHECKOUT, PAYMENTS]);

      await store.setProblemIncidents('prb-p', ['inc-3', 'inc-1'], by(BOB, 30));
      expect((await store.getProblem('prb-p'))?.incidentIds).toEqual([
        'inc-1',
        'inc-3',
      ]); // by openedAt
      const linked = await store.getIncident('inc-1');
      expect(linked).toEqual({
        ...inc1,
        problemId: 'prb-p',
        version: 2,
        updatedAt: at(30),
        updatedBy: BOB,
      });
      expect((await store.getIncident('inc-2'))?.problemId).toBeNull();
      expect((await store.getIncident('inc-2'))?.version).toBe(1);

      // inc-2 first belongs to Q, then moves to P; inc-1 is dropped; inc-3 stays untouched.
      await store.setProblemIncidents('prb-q', ['inc-2'], by(BOB, 31));
      await store.setProblemIncidents(
        'prb-p',
        ['inc-3', 'inc-2'],
        by(ALICE, 32),
      );
      const [i1, i2, i3] = await Promise.all(
        ['inc-1', 'inc-2', 'inc-3'].map(id => store.getIncident(id)),
      );
      expect([i1?.problemId, i1?.version, i1?.updatedAt]).toEqual([
        null,
        3,
        at(32),
      ]);
      expect([i2?.problemId, i2?.version, i2?.updatedAt]).toEqual([
        'prb-p',
        3,
        at(32),
      ]);
      expect([i3?.problemId, i3?.version, i3?.updatedAt]).toEqual([
        'prb-p',
        2,
        at(30),
      ]);
      expect((await store.getProblem('prb-p'))?.incidentIds).toEqual([
        'inc-3',
        'inc-2',
      ]);
      expect((await store.getProblem('prb-q'))?.incidentIds).toEqual([]);
      expect(
        (await store.listIncidents({ problemId: 'prb-p' })).items.map(
          i => i.id,
        ),
      ).toEqual(['inc-2', 'inc-3']);

      await store.setProblemIncidents('prb-p', [], by(ALICE, 33));
      expect((await store.getProblem('prb-p'))?.incidentIds).toEqual([]);
      expect(
        (await knex('itsm_incidents').whereNotNull('problem_id')).length,
      ).toBe(0);

      await store.updateProblem(
        'prb-p',
        1,
        {
          state: 'fix_in_progress',
          rootCause: 'Unbounded cache',
          fixChangeId: 'chg-fix',
          knownError: null,
        },
        by(BOB, 40),
      );
      expect(await store.getProblem('prb-p')).toEqual({
        ...p,
        state: 'fix_in_progress',
        rootCause: 'Unbounded cache',
        fixChangeId: 'chg-fix',
        knownError: null,
        version: 2,
        updatedAt: at(40),
        updatedBy: BOB,
      });
      expect(
        (await store.getProblems(['prb-q', 'prb-p'])).map(x => x.number).sort(),
      ).toEqual(['PRB-1001', 'PRB-1002']);

      // Listing: entity filter through the entity table, owner through the service, number search.
      expect(
        (await store.listProblems({ entityRef: PAYMENTS })).items.map(
          x => x.id,
        ),
      ).toEqual(['prb-p']);
      expect(
        (await store.listProblems({ owner: SHOP })).items.map(x => x.id),
      ).toEqual(['prb-p']);
      expect(
        (await store.listProblems({ q: 'PRB-1002' })).items.map(x => x.id),
      ).toEqual(['prb-q']);
      expect(
        (await store.listProblems({ q: 'unbounded' })).items.map(x => x.id),
      ).toEqual(['prb-p']);
      expect((await store.listProblems({ states: ['new'] })).totalCount).toBe(
        1,
      );
    });

    it('inserts, reads and updates changes with entity refs and approvals', async () => {
      const change = await addChange('chg-1', {
        title: 'Upgrade DB',
        description: 'Postgres 15 → 16',
        type: 'normal',
        entityRefs: [PAYMENTS, CHECKOUT, SEARCH],
        risk: 'high',
        riskAssessment: {
          answers: {
            userFacing: true,
            dataMigration: true,
            affectedComponents: 3,
          },
          score: 7,
          level: 'high',
          reasons: [
            { factor: 'dataMigration', points: 3, message: 'Migrates data' },
          ],
        },
        impact: 1,
        plannedStart: at(60),
        plannedEnd: at(120),
        plannedOutage: true,
        implementationPlan: '1. stop\n2. upgrade',
        rollbackPlan: 'restore snapshot',
        testPlan: 'smoke tests',
        state: 'authorize',
        deployment: {
          deploymentId: 'gh-deploy-77',
          version: '1.2.3',
          environment: 'production',
          status: 'queued',
          url: 'https://ci.example.com/77',
          startedAt: null,
          finishedAt: null,
        },
        conflicts: [
          {
            kind: 'freeze',
            entityRef: CHECKOUT,
            message: 'Year-end freeze',
            blocking: true,
          },
        ],
      });
      expect(change.number).toBe('CHG-1001');
      expect(await store.getChange('chg-1')).toEqual(change);
      expect(await store.getChangeByDeploymentId('gh-deploy-77')).toEqual(
        change,
      );
      expect(
        await store.getChangeByDeploymentId('gh-deploy-78'),
      ).toBeUndefined();
      expect(await store.getChange('chg-none')).toBeUndefined();

      await store.updateChange(
        'chg-1',
        1,
        {
          entityRefs: [CHECKOUT],
          plannedOutage: false,
          approvalRound: 2,
          state: 'new',
          rejectionReason: 'Too risky',
          deployment: null,
          conflicts: [],
          closedAt: at(200),
        },
        by(BOB, 10),
      );
      expect(await store.getChange('chg-1')).toEqual({
        ...change,
        entityRefs: [CHECKOUT],
        plannedOutage: false,
        approvalRound: 2,
        state: 'new',
        rejectionReason: 'Too risky',
        deployment: null,
        conflicts: [],
        closedAt: at(200),
        version: 2,
        updatedAt: at(10),
        updatedBy: BOB,
      });
      expect(
        await store.getChangeByDeploymentId('gh-deploy-77'),
      ).toBeUndefined();
      expect(
        (await store.getChanges(['chg-1'])).map(c => c.entityRefs),
      ).toEqual([[CHECKOUT]]);

      // Votes: one per voter and round.
      await addChange('chg-2');
      const carol = {
        voterRef: 'user:default/carol',
        decision: 'approve' as const,
        comment: null,
        at: at(12),
        roles: ['cab' as const],
      };
      const dave = {
        voterRef: 'user:default/dave',
        decision: 'reject' as const,
        comment: 'no rollback',
        at: at(11),
        roles: ['cab' as const, 'owner' as const],
      };
      await store.insertApproval('chg-1', 2, carol);
      await store.insertApproval('chg-1', 2, dave);
      await store.insertApproval('chg-1', 3, { ...carol, at: at(14) }); // a new round: may vote again
      await store.insertApproval('chg-2', 1, carol);

      const error = await store
        .insertApproval('chg-1', 2, {
          ...carol,
          decision: 'reject',
          at: at(13),
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        'user:default/carol has already voted on this change',
      );

      const approvals = await store.listApprovals([
        'chg-1',
        'chg-2',
        'chg-none',
      ]);
      expect(approvals.get('chg-1')).toEqual([
        { ...dave, round: 2 },
        { ...carol, round: 2 },
        { ...carol, at: at(14), round: 3 },
      ]);
      expect(approvals.get('chg-2')).toEqual([{ ...carol, round: 1 }]);
      expect(approvals.has('chg-none')).toBe(false);
      expect(
        await knex('itsm_change_approvals')
          .count({ n: '*' })
          .then(r => Number(r[0].n)),
      ).toBe(4);
    });

    it('reports a duplicate vote as ConflictError inside a transaction too, and keeps the transaction usable', async () => {
      await addChange('chg-1');
      const vote = {
        voterRef: 'user:default/carol',
        decision: 'approve' as const,
        comment: null,
        at: at(1),
        roles: ['cab' as const],
      };
      await store.insertApproval('chg-1', 1, vote);

      // The way ChangeManager votes: the insert and the change update in one transaction.
      const error = await store
        .transaction(async tx => {
          await tx.insertApproval('chg-1', 1, { ...vote, at: at(2) });
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);

      // Catching the conflict inside the transaction leaves it usable (no aborted transaction).
      await store.transaction(async tx => {
        await expect(
          tx.insertApproval('chg-1', 1, vote),
        ).rejects.toBeInstanceOf(ConflictError);
        await tx.updateChange('chg-1', 1, { state: 'assess' }, by(BOB, 3));
      });
      expect((await store.getChange('chg-1'))?.state).toBe('assess');
      expect((await store.listApprovals(['chg-1'])).get('chg-1')).toHaveLength(
        1,
      );
    });

    it('appends and reads history and incident timelines in order', async () => {
      await addIncident('inc-1');
      await addIncident('inc-2');
      await store.appendHistory([]);
      await store.appendHistory([
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(0),
          actor: ALICE,
          action: 'created',
          changes: {},
        },
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(0), // same instant: insertion order decides
          actor: BOB,
          action: 'transition',
          changes: {
            state: { from: 'new', to: 'in_progress' },
            tags: { from: null, to: ['a', { b: 1 }] },
          },
          comment: 'Taking it',
        },
        {
          recordType: 'incident',
          recordId: 'inc-2',
          at: at(1),
          actor: BOB,
          action: 'created',
          changes: {},
        },
        {
          recordType: 'problem',
          recordId: 'inc-1',
          at: at(1),
          actor: BOB,
          action: 'created',
          changes: {},
        },
      ]);
      await store.appendHistory([
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(-10),
          actor: ALICE,
          action: 'updated',
          changes: { title: { from: 'a', to: 'b' } },
        },
      ]);

      const history = await store.getHistory('incident', 'inc-1');
      expect(history.map(({ id: _id, ...rest }) => rest)).toEqual([
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(0),
          actor: ALICE,
          action: 'created',
          changes: {},
          comment: null,
        },
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(0),
          actor: BOB,
          action: 'transition',
          changes: {
            state: { from: 'new', to: 'in_progress' },
            tags: { from: null, to: ['a', { b: 1 }] },
          },
          comment: 'Taking it',
        },
        {
          recordType: 'incident',
          recordId: 'inc-1',
          at: at(-10),
          actor: ALICE,
          action: 'updated',
          changes: { title: { from: 'a', to: 'b' } },
          comment: null,
        },
      ]);
      expect(new Set(history.map(h => h.id)).size).toBe(3);
      expect(history.every(h => /^[0-9a-f-]{36}$/.test(h.id))).toBe(true);
      expect(await store.getHistory('problem', 'inc-1')).toHaveLength(1);
      expect(await store.getHistory('incident', 'inc-3')).toEqual([]);

      await store.appendTimeline([]);
      await store.appendTimeline([
        {
          incidentId: 'inc-1',
          at: at(5),
          kind: 'state',
          from: 'new',
          to: 'in_progress',
        },
        {
          incidentId: 'inc-1',
          at: at(0),
          kind: 'state',
          from: null,
          to: 'new',
        },
        {
          incidentId: 'inc-1',
          at: at(5),
          kind: 'priority',
          from: 'P3',
          to: 'P1',
        },
        {
          incidentId: 'inc-2',
          at: at(1),
          kind: 'state',
          from: null,
          to: 'new',
        },
      ]);
      const timelines = await store.getTimelines(['inc-1', 'inc-2', 'inc-3']);
      expect(timelines.get('inc-1')).toEqual([
        {
          incidentId: 'inc-1',
          at: at(0),
          kind: 'state',
          from: null,
          to: 'new',
        },
        {
          incidentId: 'inc-1',
          at: at(5),
          kind: 'state',
          from: 'new',
          to: 'in_progress',
        },
        {
          incidentId: 'inc-1',
          at: at(5),
          kind: 'priority',
          from: 'P3',
          to: 'P1',
        },
      ]);
      expect(timelines.get('inc-2')).toEqual([
        {
          incidentId: 'inc-2',
          at: at(1),
          kind: 'state',
          from: null,
          to: 'new',
        },
      ]);
      expect(timelines.has('inc-3')).toBe(false);
    });

    // ------------------------------------------------------------------ sequences, marks

    it('hands out increasing unique numbers with nextSeq, also concurrently', async () => {
      expect(await store.nextSeq('incident')).toBe(1001);
      expect(await store.nextSeq('incident')).toBe(1002);
      expect(await store.nextSeq('problem')).toBe(1001); // sequences are independent
      expect(await store.nextSeq('incident')).toBe(1003);

      // Concurrent first use of a sequence (the row does not exist yet), each call inside a
      // transaction that has already written something, the way the managers use it. The barrier
      // makes the transactions overlap (SQLite serializes transactions: there it lets each pass).
      const writers = knex.client.config.client === 'better-sqlite3' ? 1 : 5;
      let arrived = 0;
      let release = () => {};
      const barrier = new Promise<void>(resolve => {
        release = resolve;
      });
      const first = await Promise.all(
        [0, 1, 2, 3, 4].map(i =>
          store.transaction(async tx => {
            await tx.insertSla(makeSla(`sla-${i}`, { name: `SLA ${i}` }));
            arrived += 1;
            if (arrived === writers) release();
            await barrier;
            return tx.nextSeq('change');
          }),
        ),
      );
      expect([...first].sort((a, b) => a - b)).toEqual([
        1001, 1002, 1003, 1004, 1005,
      ]);
      // Nothing written before nextSeq was lost (a deadlock would silently roll it back on MySQL).
      expect(
        (await knex('itsm_slas').select('id').orderBy('id')).map(r => r.id),
      ).toEqual(['sla-0', 'sla-1', 'sla-2', 'sla-3', 'sla-4']);

      // Concurrent use of an existing sequence, plain and inside transactions.
      const next = await Promise.all([
        ...[1, 2, 3].map(() => store.nextSeq('change')),
        ...[1, 2, 3].map(() => store.transaction(tx => tx.nextSeq('change'))),
      ]);
      expect([...next].sort((a, b) => a - b)).toEqual([
        1006, 1007, 1008, 1009, 1010, 1011,
      ]);
      expect(await store.nextSeq('change')).toBe(1012);
      expect(await knex('itsm_sequences').orderBy('name')).toEqual([
        { name: 'change', value: 1012 },
        { name: 'incident', value: 1003 },
        { name: 'problem', value: 1001 },
      ]);
    });

    it('marks an SLA warning or breach only once', async () => {
      await addIncident('inc-1');
      expect(
        await store.markIncidentSla('inc-1', 'response_breached_at', at(30)),
      ).toBe(true);
      expect(
        await store.markIncidentSla('inc-1', 'response_breached_at', at(31)),
      ).toBe(false);
      expect(
        await store.markIncidentSla('inc-1', 'resolution_warned_at', at(32)),
      ).toBe(true);
      expect(
        await store.markIncidentSla('inc-none', 'response_warned_at', at(32)),
      ).toBe(false);

      // Concurrent checkers: exactly one wins.
      const results = await Promise.all(
        [40, 41, 42].map(m =>
          store.markIncidentSla('inc-1', 'resolution_breached_at', at(m)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);

      const incident = await store.getIncident('inc-1');
      expect(incident?.slaMarks).toEqual({
        responseWarnedAt: null,
        responseBreachedAt: at(30),
        resolutionWarnedAt: at(32),
        resolutionBreachedAt: at(40 + results.indexOf(true)),
      });
      // Marks are not versioned edits.
      expect(incident?.version).toBe(1);
    });

    // ------------------------------------------------------------------ listings

    describe('listIncidents', () => {
      beforeEach(async () => {
        await store.insertService(
          makeService('svc-shop', [CHECKOUT, SEARCH], {
            name: 'Shop',
            ownerRef: SHOP,
          }),
        );
        await store.insertService(
          makeService('svc-pay', [PAYMENTS], {
            name: 'Payments',
            ownerRef: PAY_TEAM,
          }),
        );
        await addChange('chg-1');
        const prbSeq = await store.nextSeq('problem');
        await store.insertProblem(makeProblem('prb-1', prbSeq), prbSeq);
        // inc-1 … inc-5 are INC-1001 … INC-1005.
        await addIncident('inc-1', {
          entityRef: CHECKOUT,
          serviceId: 'svc-shop',
          priority: 'P1',
          state: 'new',
          openedAt: at(0),
          title: 'Checkout down',
          assigneeRef: BOB,
          updatedAt: at(50),
        });
        await addIncident('inc-2', {
          entityRef: CHECKOUT,
          serviceId: 'svc-shop',
          priority: 'P3',
          state: 'resolved',
          openedAt: at(10),
          title: 'Slow checkout page',
          description: 'CPU at 100% on db',
          updatedAt: at(45),
        });
        await addIncident('inc-3', {
          entityRef: PAYMENTS,
          serviceId: 'svc-pay',
          priority: 'P2',
          state: 'in_progress',
          openedAt: at(20),
          title: 'Payment errors',
          description: 'gateway 5xx',
          causedByChangeId: 'chg-1',
          updatedAt: at(60),
        });
        await addIncident('inc-4', {
          entityRef: SEARCH,
          serviceId: 'svc-shop',
          priority: 'P4',
          state: 'closed',
          openedAt: at(30),
          title: 'Search typo',
          description: 'CPU at 1000 rpm',
          problemId: 'prb-1',
          updatedAt: at(40),
        });
        await addIncident('inc-5', {
          entityRef: PAYMENTS,
          serviceId: null,
          priority: 'P1',
          state: 'on_hold',
          openedAt: at(40),
          title: 'Card declines',
          updatedAt: at(55),
        });
      });

      const ids = async (filter: IncidentFilter) =>
        (await store.listIncidents(filter)).items.map(i => i.id);

      it('filters by entity, state, priority, owner, time, service, assignee, links', async () => {
        expect(await ids({})).toEqual([
          'inc-5',
          'inc-4',
          'inc-3',
          'inc-2',
          'inc-1',
        ]); // openedAt desc
        expect(await ids({ entityRef: CHECKOUT })).toEqual(['inc-2', 'inc-1']);
        expect(await ids({ entityRef: ORPHAN })).toEqual([]);
        expect(await ids({ states: ['new', 'in_progress'] })).toEqual([
          'inc-3',
          'inc-1',
        ]);
        expect(await ids({ priorities: ['P1'] })).toEqual(['inc-5', 'inc-1']);
        expect(
          await ids({ priorities: ['P1', 'P4'], states: ['closed'] }),
        ).toEqual(['inc-4']);
        // Owner through the service's owner (inc-5 has no service).
        expect(await ids({ owner: SHOP })).toEqual(['inc-4', 'inc-2', 'inc-1']);
        expect(await ids({ owner: PAY_TEAM })).toEqual(['inc-3']);
        expect(await ids({ owner: 'group:default/nobody' })).toEqual([]);
        // from inclusive, to exclusive.
        expect(await ids({ from: at(10), to: at(30) })).toEqual([
          'inc-3',
          'inc-2',
        ]);
        expect(await ids({ from: at(40) })).toEqual(['inc-5']);
        expect(await ids({ to: at(0) })).toEqual([]);
        expect(await ids({ serviceId: 'svc-pay' })).toEqual(['inc-3']);
        expect(await ids({ serviceIds: ['svc-pay', 'svc-shop'] })).toEqual([
          'inc-4',
          'inc-3',
          'inc-2',
          'inc-1',
        ]);
        expect(await ids({ assigneeRef: BOB })).toEqual(['inc-1']);
        expect(await ids({ problemId: 'prb-1' })).toEqual(['inc-4']);
        expect(await ids({ causedByChangeId: 'chg-1' })).toEqual(['inc-3']);
        expect(
          await ids({ entityRef: CHECKOUT, states: ['resolved'], owner: SHOP }),
        ).toEqual(['inc-2']);

        const found = await store.findIncidents({ owner: SHOP });
        expect(found.map(i => i.id)).toEqual(['inc-1', 'inc-2', 'inc-4']); // openedAt asc
        expect(found[0].number).toBe('INC-1001');
      });

      it('searches text and incident numbers', async () => {
        expect(await ids({ q: 'INC-1003' })).toEqual(['inc-3']);
        expect(await ids({ q: 'inc1003' })).toEqual(['inc-3']);
        expect(await ids({ q: ' INC-1005 ' })).toEqual(['inc-5']);
        expect(await ids({ q: 'INC-9999' })).toEqual([]);
        expect(await ids({ q: 'CHECKOUT' })).toEqual(['inc-2', 'inc-1']); // case-insensitive
        expect(await ids({ q: 'gateway' })).toEqual(['inc-3']); // description
        // LIKE wildcards in the query are literal characters.
        expect(await ids({ q: '100%' })).toEqual(['inc-2']);
        expect(await ids({ q: '5_x' })).toEqual([]);
        expect(await ids({ q: '5xx' })).toEqual(['inc-3']);
        expect(await ids({ q: 'cpu', entityRef: SEARCH })).toEqual(['inc-4']);
        // The escape character itself and backslashes are literal too.
        await addIncident('inc-6', {
          title: 'Disk 100% full! See C:\\temp_dir',
          openedAt: at(50),
        });
        expect(await ids({ q: '100%' })).toEqual(['inc-6', 'inc-2']);
        expect(await ids({ q: 'full!' })).toEqual(['inc-6']);
        expect(await ids({ q: '!' })).toEqual(['inc-6']);
        expect(await ids({ q: 'c:\\temp_dir' })).toEqual(['inc-6']);
        expect(await ids({ q: 'temp_d' })).toEqual(['inc-6']);
        expect(await ids({ q: 'tempxdir' })).toEqual([]);
        expect(await ids({ q: '\\' })).toEqual(['inc-6']);
        expect(await ids({ q: '%' })).toEqual(['inc-6', 'inc-2']);
        expect(await ids({ q: '_' })).toEqual(['inc-6']);
      });

      it('sorts and counts', async () => {
        // Priority ascending by default; ties (two P1s) by id.
        expect(await ids({ sort: 'priority' })).toEqual([
          'inc-1',
          'inc-5',
          'inc-3',
          'inc-2',
          'inc-4',
        ]);
        expect(await ids({ sort: 'priority', order: 'desc' })).toEqual([
          'inc-4',
          'inc-2',
          'inc-3',
          'inc-5',
          'inc-1',
        ]);
        expect(await ids({ sort: 'number', order: 'asc' })).toEqual([
          'inc-1',
          'inc-2',
          'inc-3',
          'inc-4',
          'inc-5',
        ]);
        expect(await ids({ sort: 'number' })).toEqual([
          'inc-5',
          'inc-4',
          'inc-3',
          'inc-2',
          'inc-1',
        ]);
        expect(await ids({ sort: 'updatedAt' })).toEqual([
          'inc-3',
          'inc-5',
          'inc-1',
          'inc-2',
          'inc-4',
        ]);
        expect(await ids({ sort: 'openedAt', order: 'asc' })).toEqual([
          'inc-1',
          'inc-2',
          'inc-3',
          'inc-4',
          'inc-5',
        ]);

        const page = await store.listIncidents({ owner: SHOP, limit: 2 });
        expect(page.totalCount).toBe(3);
        expect(page.items.map(i => i.id)).toEqual(['inc-4', 'inc-2']);
        expect(page.nextCursor).toEqual(expect.any(String));
        const rest = await store.listIncidents({
          owner: SHOP,
          limit: 2,
          cursor: page.nextCursor!,
        });
        expect(rest).toEqual({
          items: [expect.objectContaining({ id: 'inc-1' })],
          totalCount: 3,
          nextCursor: null,
        });
        expect(
          await store.listIncidents({ q: 'nothing matches this' }),
        ).toEqual({ items: [], totalCount: 0, nextCursor: null });
        await expect(
          store.listIncidents({ cursor: 'not-a-cursor' }),
        ).rejects.toBeInstanceOf(InputError);
      });
    });

    it('pages through many rows sharing sort values without duplicates or gaps', async () => {
      await store.insertService(
        makeService('svc-shop', [CHECKOUT], { ownerRef: SHOP }),
      );
      const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
      const incidents: StoredIncident[] = [];
      for (let i = 0; i < 23; i++) {
        incidents.push(
          await addIncident(uuid(`incident-${i}`), {
            openedAt: at((i % 3) * 10), // three distinct values only
            updatedAt: at(100), // one value for all
            priority: priorities[i % 4],
            entityRef: i % 2 ? CHECKOUT : SEARCH,
            serviceId: i % 2 ? 'svc-shop' : null,
          }),
        );
      }
      const seqOf = new Map(
        incidents.map(i => [i.id, Number(i.number.slice(4))]),
      );
      const results: Record<string, string[]> = {};

      const scenarios: Array<{
        name: string;
        filter: IncidentFilter;
        items: StoredIncident[];
        value: (i: StoredIncident) => string | number;
        order: 'asc' | 'desc';
      }> = [
        {
          name: 'openedAt desc',
          filter: {},
          items: incidents,
          value: i => i.openedAt,
          order: 'desc',
        },
        {
          name: 'openedAt asc',
          filter: { order: 'asc' },
          items: incidents,
          value: i => i.openedAt,
          order: 'asc',
        },
        {
          name: 'priority asc',
          filter: { sort: 'priority' },
          items: incidents,
          value: i => i.priority,
          order: 'asc',
        },
        {
          name: 'priority desc',
          filter: { sort: 'priority', order: 'desc' },
          items: incidents,
          value: i => i.priority,
          order: 'desc',
        },
        {
          name: 'updatedAt desc',
          filter: { sort: 'updatedAt' },
          items: incidents,
          value: i => i.updatedAt,
          order: 'desc',
        },
        {
          name: 'number asc',
          filter: { sort: 'number', order: 'asc' },
          items: incidents,
          value: i => seqOf.get(i.id)!,
          order: 'asc',
        },
        {
          name: 'owner, openedAt desc',
          filter: { owner: SHOP },
          items: incidents.filter(i => i.serviceId === 'svc-shop'),
          value: i => i.openedAt,
          order: 'desc',
        },
      ];

      const listing = (filter: IncidentFilter) => (cursor?: string) =>
        store.listIncidents({ ...filter, cursor });
      for (const s of scenarios) {
        for (const limit of [1, 4, 5, 23, 50]) {
          const { ids, pages } = await allPages(
            listing({ ...s.filter, limit }),
            s.items.length,
          );
          const expected = expectedOrder(s.items, s.value, s.order);
          expect({ scenario: s.name, limit, ids }).toEqual({
            scenario: s.name,
            limit,
            ids: expected,
          });
          expect(new Set(ids).size).toBe(s.items.length);
          expect(pages).toBe(Math.max(1, Math.ceil(s.items.length / limit)));
          if (limit === 4) results[s.name] = ids;
        }
      }
      paginationResults.set(databaseId, results);
    });

    // ------------------------------------------------------------------ changes

    describe('listChanges', () => {
      const D = (hour: number) =>
        `2026-12-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

      beforeEach(async () => {
        await store.insertService(
          makeService('svc-shop', [CHECKOUT, SEARCH], {
            name: 'Shop',
            ownerRef: SHOP,
          }),
        );
        // A second service of the same owner on the same entity must not duplicate results.
        await store.insertService(
          makeService('svc-shop-2', [CHECKOUT], {
            name: 'Shop 2',
            ownerRef: SHOP,
          }),
        );
        await store.insertService(
          makeService('svc-pay', [PAYMENTS], {
            name: 'Payments',
            ownerRef: PAY_TEAM,
          }),
        );
        // chg-1 … chg-5 are CHG-1001 … CHG-1005.
        await addChange('chg-1', {
          entityRefs: [CHECKOUT],
          plannedStart: D(8),
          plannedEnd: D(9),
          createdAt: at(0),
          title: 'Deploy checkout',
        });
        await addChange('chg-2', {
          entityRefs: [PAYMENTS],
          plannedStart: D(9),
          plannedEnd: D(10),
          createdAt: at(1),
          type: 'emergency',
          state: 'scheduled',
        });
        await addChange('chg-3', {
          entityRefs: [SEARCH, PAYMENTS],
          plannedStart: D(10),
          plannedEnd: D(12),
          createdAt: at(2),
          type: 'standard',
        });
        await addChange('chg-4', {
          entityRefs: [CHECKOUT],
          plannedStart: null,
          plannedEnd: null,
          createdAt: at(3),
          description: 'No window yet',
        });
        await addChange('chg-5', {
          entityRefs: [ORPHAN],
          plannedStart: D(7),
          plannedEnd: D(13),
          createdAt: at(4),
          state: 'closed',
        });
      });

      const ids = async (
        filter: Parameters<DatabaseItsmStore['listChanges']>[0],
      ) => (await store.listChanges(filter)).items.map(c => c.id).sort();

      it('filters by planned window overlap [windowFrom, windowTo)', async () => {
        expect(await ids({ windowFrom: D(9), windowTo: D(10) })).toEqual([
          'chg-2',
          'chg-5',
        ]);
        expect(await ids({ windowFrom: D(8), windowTo: D(9) })).toEqual([
          'chg-1',
          'chg-5',
        ]);
        expect(await ids({ windowFrom: D(9), windowTo: D(9) })).toEqual([
          'chg-5',
        ]); // empty range
        expect(await ids({ windowFrom: D(11), windowTo: D(14) })).toEqual([
          'chg-3',
          'chg-5',
        ]);
        expect(await ids({ windowFrom: D(13), windowTo: D(14) })).toEqual([]);
        expect(await ids({ windowFrom: '2026-12-01T09:30:00.000Z' })).toEqual([
          'chg-2',
          'chg-3',
          'chg-5',
        ]);
        expect(await ids({ windowTo: '2026-12-01T08:30:00.000Z' })).toEqual([
          'chg-1',
          'chg-5',
        ]);
        const found = await store.findChanges({
          windowFrom: D(0),
          windowTo: D(23),
        });
        expect(found.map(c => c.id)).toEqual([
          'chg-5',
          'chg-1',
          'chg-2',
          'chg-3',
        ]); // by plannedStart
      });

      it('filters by owner, entities, state, type, creation time and text', async () => {
        expect(await ids({ owner: SHOP })).toEqual(['chg-1', 'chg-3', 'chg-4']);
        expect((await store.listChanges({ owner: SHOP })).totalCount).toBe(3);
        expect(await ids({ owner: PAY_TEAM })).toEqual(['chg-2', 'chg-3']);
        expect(
          await ids({ owner: SHOP, windowFrom: D(9), windowTo: D(10) }),
        ).toEqual([]);
        expect(
          await ids({
            owner: SHOP,
            windowFrom: '2026-12-01T09:30:00.000Z',
            windowTo: '2026-12-01T10:30:00.000Z',
          }),
        ).toEqual(['chg-3']);
        expect(await ids({ entityRef: CHECKOUT })).toEqual(['chg-1', 'chg-4']);
        expect(await ids({ entityRefs: [CHECKOUT, PAYMENTS] })).toEqual([
          'chg-1',
          'chg-2',
          'chg-3',
          'chg-4',
        ]);
        expect(
          (await store.listChanges({ entityRefs: [SEARCH, PAYMENTS] }))
            .totalCount,
        ).toBe(2);
        expect(await ids({ states: ['scheduled', 'closed'] })).toEqual([
          'chg-2',
          'chg-5',
        ]);
        expect(await ids({ types: ['standard', 'emergency'] })).toEqual([
          'chg-2',
          'chg-3',
        ]);
        expect(await ids({ from: at(1), to: at(3) })).toEqual([
          'chg-2',
          'chg-3',
        ]);
        expect(await ids({ q: 'CHG-1004' })).toEqual(['chg-4']);
        expect(await ids({ q: 'deploy CHECKOUT' })).toEqual(['chg-1']);
        expect(await ids({ q: 'window' })).toEqual(['chg-4']);
      });

      it('sorts and pages', async () => {
        const order = async (
          filter: Parameters<DatabaseItsmStore['listChanges']>[0],
        ) => (await store.listChanges(filter)).items.map(c => c.id);
        expect(await order({})).toEqual([
          'chg-5',
          'chg-4',
          'chg-3',
          'chg-2',
          'chg-1',
        ]); // createdAt desc
        expect(await order({ sort: 'number', order: 'asc' })).toEqual([
          'chg-1',
          'chg-2',
          'chg-3',
          'chg-4',
          'chg-5',
        ]);
        // plannedStart falls back to createdAt (chg-4 was created on 2026-11-23, before all windows).
        expect(await order({ sort: 'plannedStart', order: 'asc' })).toEqual([
          'chg-4',
          'chg-5',
          'chg-1',
          'chg-2',
          'chg-3',
        ]);
        const { ids: paged } = await allPages(
          cursor =>
            store.listChanges({
              sort: 'plannedStart',
              order: 'desc',
              limit: 2,
              cursor,
            }),
          5,
        );
        expect(paged).toEqual(['chg-3', 'chg-2', 'chg-1', 'chg-5', 'chg-4']);
      });
    });

    // ------------------------------------------------------------------ types, transactions

    it('returns timestamps, booleans, numbers and JSON exactly as stored', async () => {
      const odd = [
        '1999-12-31T23:59:59.999Z',
        '2026-03-29T01:30:00.000Z', // Europe's DST switch
        '2026-10-25T00:59:59.001Z',
      ];
      const text = 'Grüße "quoted" \'single\' \\ back-slash 🚀 \n second line';
      await store.insertSla(
        makeSla('sla-1', { availabilityTarget: 99.95, description: text }),
      );
      await store.insertService(
        makeService('svc-1', [CHECKOUT], {
          maintenanceWindow: {
            timezone: 'America/New_York',
            hours: { sat: [['22:00', '24:00']] },
          },
          escalationPath: [text],
        }),
      );
      await addIncident('inc-t', {
        openedAt: odd[0],
        createdAt: odd[0],
        updatedAt: odd[1],
        acknowledgedAt: odd[1],
        resolvedAt: odd[2],
        outage: { start: odd[1], end: odd[2] },
        escalated: true,
        description: text,
      });
      await addIncident('inc-f', { escalated: false });
      await addChange('chg-t', {
        plannedOutage: true,
        plannedStart: odd[1],
        plannedEnd: odd[2],
        description: text,
      });
      await addChange('chg-f', { plannedOutage: false });

      // Raw rows: strings in, the same strings out (no Date objects, no timezone shift).
      const row = await knex('itsm_incidents').where({ id: 'inc-t' }).first();
      expect([
        row.opened_at,
        row.updated_at,
        row.acknowledged_at,
        row.resolved_at,
      ]).toEqual([odd[0], odd[1], odd[1], odd[2]]);
      expect(typeof row.opened_at).toBe('string');
      expect(row.description).toBe(text);

      const inc = await store.getIncident('inc-t');
      expect([
        inc?.openedAt,
        inc?.createdAt,
        inc?.updatedAt,
        inc?.acknowledgedAt,
        inc?.resolvedAt,
      ]).toEqual([odd[0], odd[0], odd[1], odd[1], odd[2]]);
      expect(inc?.outage).toEqual({ start: odd[1], end: odd[2] });
      expect(inc?.escalated).toBe(true);
      expect(inc?.description).toBe(text);
      expect((await store.getIncident('inc-f'))?.escalated).toBe(false);
      expect(inc?.impact).toBe(2);
      expect(typeof inc?.version).toBe('number');

      const chgT = await store.getChange('chg-t');
      expect([
        chgT?.plannedOutage,
        chgT?.plannedStart,
        chgT?.plannedEnd,
        chgT?.description,
      ]).toEqual([true, odd[1], odd[2], text]);
      expect((await store.getChange('chg-f'))?.plannedOutage).toBe(false);
      await store.updateChange(
        'chg-t',
        1,
        { plannedOutage: false },
        by(BOB, 1),
      );
      await store.updateChange('chg-f', 1, { plannedOutage: true }, by(BOB, 1));
      expect((await store.getChange('chg-t'))?.plannedOutage).toBe(false);
      expect((await store.getChange('chg-f'))?.plannedOutage).toBe(true);

      const sla = await store.getSla('sla-1');
      expect(sla?.availabilityTarget).toBe(99.95);
      expect(sla?.description).toBe(text);
      expect(sla?.calendar).toEqual(makeSla('x').calendar);
      expect((await store.getService('svc-1'))?.escalationPath).toEqual([text]);
      expect((await store.getService('svc-1'))?.maintenanceWindow).toEqual({
        timezone: 'America/New_York',
        hours: { sat: [['22:00', '24:00']] },
      });

      // Timestamps compare as text: range filters see the exact instants.
      expect((await store.listIncidents({ to: odd[0] })).items).toEqual([]);
      expect(
        (
          await store.listIncidents({
            from: odd[0],
            to: '2000-01-01T00:00:00.000Z',
          })
        ).items.map(i => i.id),
      ).toEqual(['inc-t']);
    });

    it('rolls back everything when a transaction throws', async () => {
      await store.insertSla(makeSla('sla-old'));
      expect(await store.nextSeq('incident')).toBe(1001);

      // Observed inside the transaction, asserted after it rolled back.
      let seqInside: number | undefined;
      let outerTx: DatabaseItsmStore | undefined;
      let innerTx: DatabaseItsmStore | undefined;
      let breachedInside: string | null | undefined;
      const error = await store
        .transaction(async tx => {
          outerTx = tx;
          await tx.insertSla(makeSla('sla-new', { name: 'New' }));
          await tx.updateSla('sla-old', 1, { name: 'Renamed' }, by(BOB, 1));
          await tx.insertService(
            makeService('svc-new', [CHECKOUT, PAYMENTS], { slaId: 'sla-new' }),
          );
          const seq = await tx.nextSeq('incident');
          seqInside = seq;
          await tx.insertIncident(
            makeIncident('inc-new', seq, { serviceId: 'svc-new' }),
            seq,
          );
          const chgSeq = await tx.nextSeq('change');
          await tx.insertChange(makeChange('chg-new', chgSeq), chgSeq);
          await tx.insertApproval('chg-new', 1, {
            voterRef: BOB,
            decision: 'approve',
            comment: null,
            at: at(1),
            roles: ['cab'],
          });
          await tx.appendHistory([
            {
              recordType: 'incident',
              recordId: 'inc-new',
              at: at(1),
              actor: BOB,
              action: 'created',
              changes: {},
            },
          ]);
          await tx.appendTimeline([
            {
              incidentId: 'inc-new',
              at: at(1),
              kind: 'state',
              from: null,
              to: 'new',
            },
          ]);
          // A nested transaction joins the outer one.
          await tx.transaction(async inner => {
            innerTx = inner;
            await inner.markIncidentSla(
              'inc-new',
              'response_breached_at',
              at(2),
            );
          });
          breachedInside = (await tx.getIncident('inc-new'))?.slaMarks
            .responseBreachedAt;
          throw new Error('boom');
        })
        .catch(e => e);
      expect(error).toEqual(new Error('boom'));
      expect(seqInside).toBe(1002);
      // The nested transaction joined the outer one.
      expect(outerTx).toBeDefined();
      expect(innerTx).toBe(outerTx);
      // Visible inside the transaction …
      expect(breachedInside).toBe(at(2));

      // … and gone afterwards, every table.
      expect(await store.getSla('sla-new')).toBeUndefined();
      expect(await store.getSla('sla-old')).toEqual(makeSla('sla-old'));
      expect(await store.getService('svc-new')).toBeUndefined();
      expect(await store.getServicesByEntity(PAYMENTS)).toEqual([]);
      expect(await store.getIncident('inc-new')).toBeUndefined();
      expect(await store.getChange('chg-new')).toBeUndefined();
      expect(await store.getHistory('incident', 'inc-new')).toEqual([]);
      expect((await store.getTimelines(['inc-new'])).size).toBe(0);
      for (const table of TABLES_IN_DELETE_ORDER) {
        const count = Number((await knex(table).count({ n: '*' }))[0].n);
        expect({ table, count }).toEqual({
          table,
          count: ['itsm_slas', 'itsm_sequences'].includes(table) ? 1 : 0,
        });
      }
      // The sequence was rolled back too.
      expect(await store.nextSeq('incident')).toBe(1002);
      expect(await store.nextSeq('change')).toBe(1001);

      // A failing statement inside the transaction (duplicate entity ref → primary key) rolls back
      // the version bump that came before it.
      await store.insertService(makeService('svc-1', [CHECKOUT]));
      await expectConstraintViolation(
        store.transaction(tx =>
          tx.updateService(
            'svc-1',
            1,
            { name: 'X', entityRefs: [SEARCH, SEARCH] },
            by(BOB, 5),
          ),
        ),
      );
      expect(await store.getService('svc-1')).toEqual(
        makeService('svc-1', [CHECKOUT]),
      );

      // And a transaction that returns commits everything.
      const value = await store.transaction(async tx => {
        await tx.insertSla(makeSla('sla-committed', { name: 'Committed' }));
        return tx.nextSeq('problem');
      });
      expect(value).toBe(1001);
      expect((await store.getSla('sla-committed'))?.name).toBe('Committed');
    });
  },
);

describe('DatabaseItsmStore across databases', () => {
  it('pages identically on every database', () => {
    const all = [...paginationResults.entries()];
    expect(all.map(([id]) => id)).toEqual(
      databases.eachSupportedId().map(([id]) => id),
    );
    for (const [, results] of all.slice(1)) {
      expect(results).toEqual(all[0][1]);
    }
    expect(Object.keys(all[0]?.[1] ?? {})).toHaveLength(7);
  });
});
