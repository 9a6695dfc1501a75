import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import searchBackend from '@backstage/plugin-search-backend';
import itsmPlugin, {
  itsmSearchCollatorsModule,
} from '@backstage-itsm/plugin-itsm-backend';
import {
  createItsmRecordConditionalDecision,
  itsmReadPermission,
  itsmRecordConditions,
} from '@backstage-itsm/plugin-itsm-common';
import { AddressInfo } from 'node:net';
import { itsmExamplePolicyModule as itsmPolicyModule } from '@backstage-itsm/backend-example-modules';

jest.setTimeout(120_000);

/*
 * Permissions end to end: the real permission backend with the example policy of this backend
 * (@backstage-itsm/backend-example-modules), the real permissions service, the ITSM plugin's `itsm-record` rules and
 * getResources (CONDITIONAL answers are resolved by the permission backend through the plugin's
 * apply-conditions endpoint), over HTTP and on every test database. Group membership comes from
 * the catalog below.
 */

function component(name: string, owner: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}
function group(name: string, members: string[]) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  };
}
function userEntity(name: string, groups: string[]) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** bob and dave: shop-team (checkout); carol, erin, gina: payments-team; alice, carol, dave: CAB; frank: admin. */
const entities = [
  component('checkout', 'shop-team'),
  component('payments', 'payments-team'),
  group('shop-team', ['bob', 'dave']),
  group('payments-team', ['carol', 'erin', 'gina']),
  group('cab', ['alice', 'carol', 'dave']),
  group('platform-team', ['frank']),
  userEntity('alice', ['cab']),
  userEntity('bob', ['shop-team']),
  userEntity('carol', ['payments-team', 'cab']),
  userEntity('dave', ['shop-team', 'cab']),
  userEntity('erin', ['payments-team']),
  userEntity('frank', ['platform-team']),
  userEntity('gina', ['payments-team']),
];

const SLA = {
  name: 'Silver',
  availabilityTarget: 99.5,
  calendar: '24x7',
  targets: {
    P1: { responseMinutes: 30, resolutionMinutes: 240 },
    P2: { responseMinutes: 60, resolutionMinutes: 480 },
    P3: { responseMinutes: 240, resolutionMinutes: 1440 },
    P4: { responseMinutes: 480, resolutionMinutes: 2880 },
  },
};

const groupsOf = (userRef: string) => {
  const name = userRef.split('/')[1];
  const found = entities.find(
    e => e.kind === 'User' && e.metadata.name === name,
  );
  return ((found?.spec as any)?.memberOf ?? []).map(
    (g: string) => `group:default/${g}`,
  );
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...groupsOf(userEntityRef)],
      };
    },
  }),
});

/**
 * The mock auth service drops the actor of on-behalf-of user tokens, which the permission
 * backend requires for conditional (resourceRef-less) requests; the real auth service keeps
 * it (the calling plugin is the actor). This keeps it in the tests too.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: inner.authenticate.bind(inner),
      getNoneCredentials: inner.getNoneCredentials.bind(inner),
      getOwnServiceCredentials: inner.getOwnServiceCredentials.bind(inner),
      isPrincipal: inner.isPrincipal.bind(inner) as any,
      getLimitedUserToken: inner.getLimitedUserToken.bind(inner),
      listPublicServiceKeys: inner.listPublicServiceKeys.bind(inner),
      async getPluginRequestToken(options: any) {
        const principal = options.onBehalfOf.principal;
        if (principal.type === 'user') {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});

interface StartOptions {
  /** itsm.permissions.readOtherTeams; absent = the default (true). */
  readOtherTeams?: boolean;
  /** A database from TestDatabases; defaults to a fresh in-memory SQLite. */
  knex?: Awaited<ReturnType<TestDatabases['init']>>;
  /** Another policy module instead of the example policy. */
  policy?: any;
  /** Install the search backend with the ITSM collators (Lunr, AuthorizedSearchEngine). */
  search?: boolean;
}

interface Response {
  status: number;
  body: any;
}

async function start(options: StartOptions = {}) {
  // At run time a MockSchedulerService (its .d.ts says SchedulerService): it installs itself.
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & { factory(): any };
  const permissions: Record<string, any> = {
    adminGroups: ['group:default/platform-team'],
  };
  if (options.readOtherTeams !== undefined)
    permissions.readOtherTeams = options.readOtherTeams;
  const features: any[] = [
    itsmPlugin,
    catalogServiceMock.factory({ entities: entities as any }),
    mockServices.rootConfig.factory({
      data: {
        itsm: { permissions, catalogSync: { enabled: false } },
        permission: { enabled: true },
      },
    }),
    scheduler.factory(),
    permissionsServiceFactory,
    userInfoFactory,
    authFactory,
    permissionBackend,
    options.policy ?? itsmPolicyModule,
  ];
  if (options.knex)
    features.push(mockServices.database.factory({ knex: options.knex }));
  if (options.search) features.push(searchBackend, itsmSearchCollatorsModule);
  const backend = await startTestBackend({ features });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }`;

  const call = async (
    userRef: string,
    method: string,
    path: string,
    body?: object,
  ): Promise<Response> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(userRef),
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const as = (userRef: string) => ({
    get: (path: string) => call(userRef, 'GET', `/api/itsm${path}`),
    post: (path: string, body?: object) =>
      call(userRef, 'POST', `/api/itsm${path}`, body),
    patch: (path: string, body?: object) =>
      call(userRef, 'PATCH', `/api/itsm${path}`, body),
    search: (term: string) =>
      call(
        userRef,
        'GET',
        `/api/search/query?term=${encodeURIComponent(term)}`,
      ),
  });
  return { backend, as, scheduler };
}

/** Asserts a set-up request's status (showing the error message on a mismatch) and returns its body. */
function ok(res: Response, status = 201) {
  expect({ status: res.status, error: res.body?.error?.message }).toMatchObject(
    { status },
  );
  return res.body;
}

const names = (items: any[]) => items.map(r => r.name ?? r.title).sort();

/**
 * One team's records and a shared one: a service with an SLA per component, an incident and a
 * problem on each, a change on each and one change on both components (owned by both teams).
 * Everything is created by frank (admin), so the set-up does not depend on who may create what.
 */
async function seed(t: Awaited<ReturnType<typeof start>>) {
  const frank = t.as('user:default/frank');
  const sla = ok(await frank.post('/slas', SLA));
  const records: Record<string, any> = { sla };
  for (const [key, name] of [
    ['checkout', 'Checkout'],
    ['payments', 'Payments'],
  ]) {
    const entityRef = `component:default/${key}`;
    const service = ok(
      await frank.post('/services', { entityRef, name, slaId: sla.id }),
    );
    records[`${key}Service`] = service;
    records[`${key}Incident`] = ok(
      await frank.post('/incidents', {
        title: `${name} outage`,
        entityRef,
        serviceId: service.id,
        impact: 2,
        urgency: 2,
      }),
    );
    records[`${key}Problem`] = ok(
      await frank.post('/problems', {
        title: `${name} outage problem`,
        serviceId: service.id,
        entityRefs: [entityRef],
      }),
    );
    records[`${key}Change`] = ok(
      await frank.post('/changes', {
        title: `${name} outage fix`,
        type: 'normal',
        entityRefs: [entityRef],
        plannedStart: '2030-04-01T10:00:00Z',
        plannedEnd: '2030-04-01T12:00:00Z',
      }),
    );
  }
  records.sharedChange = ok(
    await frank.post('/changes', {
      title: 'Shared outage fix',
      type: 'normal',
      entityRefs: ['component:default/checkout', 'component:default/payments'],
      // the same window as the two others: it conflicts with both
      plannedStart: '2030-04-01T10:00:00Z',
      plannedEnd: '2030-04-01T12:00:00Z',
    }),
  );
  return records;
}

const CALENDAR = `/changes/calendar?from=${encodeURIComponent(
  '2030-03-01T00:00:00Z',
)}&to=${encodeURIComponent('2030-05-01T00:00:00Z')}`;
const SUMMARY = '/entities/component/default/checkout/summary';

/** The by-id read routes of a record. */
function byIdRoutes(r: Record<string, any>, team: 'checkout' | 'payments') {
  return [
    `/services/${r[`${team}Service`].id}`,
    `/services/${r[`${team}Service`].id}/history`,
    `/services/${r[`${team}Service`].id}/availability`,
    `/incidents/${r[`${team}Incident`].id}`,
    `/incidents/${r[`${team}Incident`].id}/history`,
    `/problems/${r[`${team}Problem`].id}`,
    `/problems/${r[`${team}Problem`].id}/history`,
    `/changes/${r[`${team}Change`].id}`,
    `/changes/${r[`${team}Change`].id}/history`,
  ];
}

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'MYSQL_8', 'SQLITE_3'],
});
const REQUIRED: TestDatabaseId[] = ['POSTGRES_15', 'MYSQL_8', 'SQLITE_3'];

if (process.env.ITSM_REQUIRE_ALL_TEST_DATABASES) {
  it('runs on every required test database', () => {
    expect(REQUIRED.filter(id => !databases.supports(id))).toEqual([]);
  });
}

describe.each(databases.eachSupportedId())(
  'reading under itsm.permissions.readOtherTeams: false (%p)',
  databaseId => {
    let t: Awaited<ReturnType<typeof start>>;
    let r: Record<string, any>;

    beforeAll(async () => {
      t = await start({
        readOtherTeams: false,
        knex: await databases.init(databaseId),
      });
      r = await seed(t);
    });
    afterAll(() => t?.backend.stop());

    it("answers 404 to erin (payments-team) on every by-id route of checkout's records, exactly like an unknown id", async () => {
      const erin = t.as('user:default/erin');
      for (const path of byIdRoutes(r, 'checkout')) {
        const res = await erin.get(path);
        expect([path, res.status]).toEqual([path, 404]);
        // The same answer as for an id that does not exist (the record's existence does not leak).
        const id = path.split('/')[2];
        const type = path.split('/')[1].replace(/s$/, '');
        expect([path, res.body.error.message]).toEqual([
          path,
          `No ${type} with id ${id}`,
        ]);
        const unknown = await erin.get(
          path.replace(id, '00000000-0000-4000-8000-000000000000'),
        );
        expect([path, unknown.status, unknown.body.error.name]).toEqual([
          path,
          404,
          res.body.error.name,
        ]);
      }
    });

    it('lets erin read her own records and bob his, by id', async () => {
      for (const [userRef, team] of [
        ['user:default/erin', 'payments'],
        ['user:default/bob', 'checkout'],
      ] as const) {
        for (const path of byIdRoutes(r, team)) {
          const res = await t.as(userRef).get(path);
          expect([userRef, path, res.status, res.body?.error?.message]).toEqual(
            [userRef, path, 200, undefined],
          );
        }
      }
      expect(
        (
          await t
            .as('user:default/erin')
            .get(`/services/${r.paymentsService.id}`)
        ).body.name,
      ).toBe('Payments');
      // a change on both components is owned by both teams
      expect(
        (await t.as('user:default/erin').get(`/changes/${r.sharedChange.id}`))
          .status,
      ).toBe(200);
      expect(
        (
          await t
            .as('user:default/bob')
            .get(`/changes/${r.sharedChange.id}/history`)
        ).status,
      ).toBe(200);
    });

    it('lets the admin group read everything and CAB members every change, but no other record', async () => {
      for (const path of [
        ...byIdRoutes(r, 'checkout'),
        ...byIdRoutes(r, 'payments'),
      ]) {
        expect([
          path,
          (await t.as('user:default/frank').get(path)).status,
        ]).toEqual([path, 200]);
      }
      const alice = t.as('user:default/alice'); // CAB only
      expect((await alice.get(`/changes/${r.checkoutChange.id}`)).status).toBe(
        200,
      );
      expect(
        (await alice.get(`/changes/${r.paymentsChange.id}/history`)).status,
      ).toBe(200);
      expect(
        (await alice.get(`/incidents/${r.checkoutIncident.id}`)).status,
      ).toBe(404);
      expect(
        (await alice.get(`/services/${r.paymentsService.id}`)).status,
      ).toBe(404);
      expect(names((await alice.get('/changes')).body.items)).toEqual([
        'Checkout outage fix',
        'Payments outage fix',
        'Shared outage fix',
      ]);
      expect((await alice.get('/incidents')).body.totalCount).toBe(0);
    });

    it('filters the lists as before', async () => {
      const erin = t.as('user:default/erin');
      expect(names((await erin.get('/services')).body.items)).toEqual([
        'Payments',
      ]);
      expect(names((await erin.get('/incidents')).body.items)).toEqual([
        'Payments outage',
      ]);
      expect(names((await erin.get('/problems')).body.items)).toEqual([
        'Payments outage problem',
      ]);
      expect(names((await erin.get('/changes')).body.items)).toEqual([
        'Payments outage fix',
        'Shared outage fix',
      ]);
      expect((await erin.get('/incidents')).body.totalCount).toBe(1);
    });

    it("shows erin only what she may read in the summary of checkout (mixed: checkout's records and the shared change)", async () => {
      const summary = ok(await t.as('user:default/erin').get(SUMMARY), 200);
      expect(summary.services).toEqual([]);
      expect(summary.slas).toEqual([]);
      expect(summary.openIncidents).toEqual([]);
      expect(summary.recentIncidents).toEqual([]);
      expect(summary.openIncidentsByPriority).toEqual({
        P1: 0,
        P2: 0,
        P3: 0,
        P4: 0,
      });
      expect(summary.health).toBe('operational');
      expect(summary.openProblems).toEqual([]);
      expect(names(summary.recentChanges)).toEqual(['Shared outage fix']);
      expect(
        names([...summary.nextChanges, ...summary.ongoingChanges]),
      ).toEqual(['Shared outage fix']);
      expect(summary.kpis).toBeNull();

      const mine = ok(await t.as('user:default/bob').get(SUMMARY), 200);
      expect(names(mine.services)).toEqual(['Checkout']);
      expect(mine.slas.map((s: any) => s.name)).toEqual(['Silver']);
      expect(names(mine.openIncidents)).toEqual(['Checkout outage']);
      expect(
        mine.openIncidentsByPriority.P3 + mine.openIncidentsByPriority.P2,
      ).toBe(1);
      expect(names(mine.openProblems)).toEqual(['Checkout outage problem']);
      expect(names(mine.recentChanges)).toEqual([
        'Checkout outage fix',
        'Shared outage fix',
      ]);
      expect(mine.kpis.incidents.total).toBe(1);
      expect(mine.kpis.changes.total).toBe(2);
    });

    it('counts only readable records in the KPIs', async () => {
      const kpis = async (userRef: string, query: string) =>
        ok(await t.as(userRef).get(`/kpis${query}`), 200);
      const checkout = `?entityRef=${encodeURIComponent(
        'component:default/checkout',
      )}`;
      expect((await kpis('user:default/erin', checkout)).incidents.total).toBe(
        0,
      );
      expect((await kpis('user:default/erin', checkout)).changes.total).toBe(1); // the shared change
      expect((await kpis('user:default/bob', checkout)).incidents.total).toBe(
        1,
      );
      expect((await kpis('user:default/bob', checkout)).changes.total).toBe(2);
      // Without a scope: everything the caller may read.
      const all = await kpis('user:default/erin', '');
      expect([
        all.incidents.total,
        all.backlog.open,
        all.changes.total,
      ]).toEqual([1, 1, 2]);
      expect((await kpis('user:default/frank', '')).incidents.total).toBe(2);
      expect((await kpis('user:default/alice', '')).incidents.total).toBe(0);
      expect((await kpis('user:default/alice', '')).changes.total).toBe(3);
      // Naming another team's service or owner does not reveal its figures either.
      expect(
        (await kpis('user:default/erin', `?serviceId=${r.checkoutService.id}`))
          .incidents.total,
      ).toBe(0);
      expect(
        (
          await kpis(
            'user:default/erin',
            `?owner=${encodeURIComponent('group:default/shop-team')}`,
          )
        ).incidents.total,
      ).toBe(0);
    });

    it('lists only readable changes on the change calendar', async () => {
      const calendar = async (userRef: string, extra = '') =>
        names(ok(await t.as(userRef).get(`${CALENDAR}${extra}`), 200).items);
      expect(await calendar('user:default/erin')).toEqual([
        'Payments outage fix',
        'Shared outage fix',
      ]);
      expect(await calendar('user:default/bob')).toEqual([
        'Checkout outage fix',
        'Shared outage fix',
      ]);
      expect(
        await calendar(
          'user:default/erin',
          `&entityRef=${encodeURIComponent('component:default/checkout')}`,
        ),
      ).toEqual(['Shared outage fix']);
      // CAB members plan with every change
      expect(await calendar('user:default/alice')).toEqual([
        'Checkout outage fix',
        'Payments outage fix',
        'Shared outage fix',
      ]);
    });

    it('answers the availability of an own service and 404 for another team\u2019s', async () => {
      const own = ok(
        await t
          .as('user:default/erin')
          .get(`/services/${r.paymentsService.id}/availability`),
        200,
      );
      expect(own).toMatchObject({
        serviceId: r.paymentsService.id,
        target: 99.5,
      });
      expect(
        (
          await t
            .as('user:default/erin')
            .get(`/services/${r.checkoutService.id}/availability`)
        ).status,
      ).toBe(404);
    });

    it('leaves the titles of changes the caller may not read out of conflicts, by id, in lists, calendar and summary', async () => {
      const messages = (change: any) =>
        change.conflicts.map((c: any) => c.message).join('\n');
      const shared = (items: any[]) =>
        items.find(c => c.id === r.sharedChange.id);
      const erin = t.as('user:default/erin');
      const seen = [
        ok(await erin.get(`/changes/${r.sharedChange.id}`), 200),
        shared((await erin.get('/changes')).body.items),
        shared((await erin.get(CALENDAR)).body.items),
        shared(ok(await erin.get(SUMMARY), 200).nextChanges),
      ];
      for (const change of seen) {
        expect(change.conflicts.map((c: any) => c.changeId).sort()).toEqual(
          [r.checkoutChange.id, r.paymentsChange.id].sort(),
        );
        expect(messages(change)).toContain(
          `${r.paymentsChange.number} "Payments outage fix"`,
        );
        expect(messages(change)).toContain(r.checkoutChange.number);
        expect(messages(change)).not.toContain('Checkout outage fix');
      }
      const bob = messages(
        ok(
          await t.as('user:default/bob').get(`/changes/${r.sharedChange.id}`),
          200,
        ),
      );
      expect([
        bob.includes('"Checkout outage fix"'),
        bob.includes('Payments outage fix'),
      ]).toEqual([true, false]);
      const frank = messages(
        ok(
          await t.as('user:default/frank').get(`/changes/${r.sharedChange.id}`),
          200,
        ),
      );
      expect([
        frank.includes('"Checkout outage fix"'),
        frank.includes('"Payments outage fix"'),
      ]).toEqual([true, true]);
    });

    it('answers 404 to writes on records the caller may not read, 403 where she reads but may not write', async () => {
      const erin = t.as('user:default/erin');
      const writes = [
        () =>
          erin.patch(`/services/${r.checkoutService.id}`, {
            version: 1,
            purpose: 'x',
          }),
        () =>
          erin.patch(`/incidents/${r.checkoutIncident.id}`, {
            version: 1,
            title: 'x',
          }),
        () =>
          erin.post(`/incidents/${r.checkoutIncident.id}/transitions`, {
            version: 1,
            to: 'in_progress',
          }),
        () =>
          erin.patch(`/problems/${r.checkoutProblem.id}`, {
            version: 1,
            title: 'x',
          }),
        () =>
          erin.post(`/problems/${r.checkoutProblem.id}/transitions`, {
            version: 1,
            to: 'assess',
          }),
        () =>
          erin.patch(`/changes/${r.checkoutChange.id}`, {
            version: 1,
            title: 'x',
          }),
        () =>
          erin.post(`/changes/${r.checkoutChange.id}/transitions`, {
            version: 1,
            to: 'assess',
          }),
        () =>
          erin.post(`/changes/${r.checkoutChange.id}/approvals`, {
            decision: 'approve',
          }),
      ];
      for (const write of writes) {
        const res = await write();
        expect([res.status, res.body.error.message]).toEqual([
          404,
          expect.stringMatching(
            /^No (service|incident|problem|change) with id /,
          ),
        ]);
      }
      // alice (CAB) reads every change but owns none: updating one is a 403
      const alice = await t
        .as('user:default/alice')
        .patch(`/changes/${r.checkoutChange.id}`, { version: 1, title: 'x' });
      expect(alice.status).toBe(403);
      expect(
        (
          await t
            .as('user:default/bob')
            .get(`/incidents/${r.checkoutIncident.id}`)
        ).body.title,
      ).toBe('Checkout outage');
    });

    it('lets everybody read the SLA tiers (itsm.sla.read)', async () => {
      expect(
        (await t.as('user:default/erin').get('/slas')).body.items.map(
          (s: any) => s.name,
        ),
      ).toEqual(['Silver']);
      expect(
        (await t.as('user:default/erin').get(`/slas/${r.sla.id}`)).body.name,
      ).toBe('Silver');
    });
  },
);

describe.each(databases.eachSupportedId())(
  'reading under the example policy as configured by default (%p)',
  databaseId => {
    let t: Awaited<ReturnType<typeof start>>;
    let r: Record<string, any>;

    beforeAll(async () => {
      t = await start({ knex: await databases.init(databaseId) });
      r = await seed(t);
    });
    afterAll(() => t?.backend.stop());

    it('lets erin read the other team\u2019s records by id, in the lists and in every aggregate', async () => {
      const erin = t.as('user:default/erin');
      for (const path of byIdRoutes(r, 'checkout')) {
        const res = await erin.get(path);
        expect([path, res.status, res.body?.error?.message]).toEqual([
          path,
          200,
          undefined,
        ]);
      }
      expect(names((await erin.get('/incidents')).body.items)).toEqual([
        'Checkout outage',
        'Payments outage',
      ]);
      const summary = ok(await erin.get(SUMMARY), 200);
      expect(names(summary.services)).toEqual(['Checkout']);
      expect(names(summary.openIncidents)).toEqual(['Checkout outage']);
      expect(names(summary.recentChanges)).toEqual([
        'Checkout outage fix',
        'Shared outage fix',
      ]);
      expect(summary.kpis.incidents.total).toBe(1);
      expect(ok(await erin.get('/kpis'), 200).incidents.total).toBe(2);
      expect(names(ok(await erin.get(CALENDAR), 200).items)).toEqual([
        'Checkout outage fix',
        'Payments outage fix',
        'Shared outage fix',
      ]);
    });
  },
);

describe('permissions of the example policy (writes)', () => {
  let t: Awaited<ReturnType<typeof start>>;
  let checkoutIncident: any;
  let paymentsIncident: any;

  beforeAll(async () => {
    t = await start();
    const frank = t.as('user:default/frank');
    for (const [entityRef, name] of [
      ['component:default/checkout', 'Checkout'],
      ['component:default/payments', 'Payments'],
    ]) {
      ok(await frank.post('/services', { entityRef, name }));
    }
    const open = async (entityRef: string) =>
      ok(
        await frank.post('/incidents', {
          title: `Broken ${entityRef}`,
          entityRef,
          impact: 2,
          urgency: 2,
        }),
      );
    checkoutIncident = await open('component:default/checkout');
    paymentsIncident = await open('component:default/payments');
  });
  afterAll(() => t?.backend.stop());

  it('lets bob (shop-team) update the incident of the checkout service', async () => {
    const res = await t
      .as('user:default/bob')
      .patch(`/incidents/${checkoutIncident.id}`, {
        version: checkoutIncident.version,
        title: 'Checkout is slow',
      });
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    checkoutIncident = res.body;
  });

  it('answers 403 to erin (payments-team) updating it, and lets her update the payments one', async () => {
    const denied = await t
      .as('user:default/erin')
      .patch(`/incidents/${checkoutIncident.id}`, {
        version: checkoutIncident.version,
        title: 'Not mine',
      });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/itsm\.incident\.update/);
    const transition = await t
      .as('user:default/erin')
      .post(`/incidents/${checkoutIncident.id}/transitions`, {
        to: 'in_progress',
        version: checkoutIncident.version,
      });
    expect(transition.status).toBe(403);
    const own = await t
      .as('user:default/erin')
      .post(`/incidents/${paymentsIncident.id}/transitions`, {
        to: 'in_progress',
        version: paymentsIncident.version,
      });
    expect([own.status, own.body.error?.message]).toEqual([200, undefined]);
  });

  it('answers 403 to erin updating the checkout service, 200 to bob', async () => {
    const services = (await t.as('user:default/bob').get('/services')).body
      .items;
    const checkout = services.find((s: any) => s.name === 'Checkout');
    const denied = await t
      .as('user:default/erin')
      .patch(`/services/${checkout.id}`, {
        version: checkout.version,
        purpose: 'x',
      });
    expect(denied.status).toBe(403);
    const updated = await t
      .as('user:default/bob')
      .patch(`/services/${checkout.id}`, {
        version: checkout.version,
        purpose: 'Sells',
      });
    expect([updated.status, updated.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
  });

  it('lets a CAB member vote and keeps non-members out', async () => {
    const bob = t.as('user:default/bob');
    let change = ok(
      await bob.post('/changes', {
        title: 'Upgrade',
        type: 'normal',
        entityRefs: ['component:default/checkout'],
        plannedStart: '2030-04-01T10:00:00Z',
        plannedEnd: '2030-04-01T12:00:00Z',
        riskAssessment: { rollbackTested: true },
      }),
    );
    for (const to of ['assess', 'authorize']) {
      change = ok(
        await bob.post(`/changes/${change.id}/transitions`, {
          to,
          version: change.version,
        }),
        200,
      );
    }
    // erin: neither CAB nor an owner of checkout
    expect(
      (
        await t
          .as('user:default/erin')
          .post(`/changes/${change.id}/approvals`, { decision: 'approve' })
      ).status,
    ).toBe(403);
    const vote = await t
      .as('user:default/alice')
      .post(`/changes/${change.id}/approvals`, { decision: 'approve' });
    expect([vote.status, vote.body.error?.message]).toEqual([200, undefined]);
    expect(vote.body.state).toBe('scheduled');
  });

  it('answers 403 to an SLA create by a non-admin', async () => {
    const res = await t.as('user:default/bob').post('/slas', SLA);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/itsm\.sla\.admin/);
  });
});

describe('lists and reads under a hand-written conditional read policy', () => {
  // Trees of the rules (allOf / anyOf / not) are translated into the SQL of the list queries
  // (permissionFilters.ts) and resolved per record for reads by id; DENY answers empty pages,
  // 404 by id and 403 on the SLA tiers (itsm.sla.read).
  const ownerReadPolicy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'owner-read-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            async handle(req, user) {
              const claims = user?.info.ownershipEntityRefs ?? [];
              if (
                req.permission.name === 'itsm.sla.read' &&
                user?.info.userEntityRef === 'user:default/alice'
              ) {
                return { result: 'DENY' as any };
              }
              if (req.permission.name === itsmReadPermission.name) {
                if (user?.info.userEntityRef === 'user:default/alice')
                  return { result: 'DENY' as any };
                if (user?.info.userEntityRef === 'user:default/dave') {
                  // CAB members read everything, others only their own: anyOf(isCabMember, isOwner)
                  return createItsmRecordConditionalDecision(
                    itsmReadPermission,
                    {
                      anyOf: [
                        itsmRecordConditions.isCabMember({ claims }),
                        itsmRecordConditions.isOwner({ claims }),
                      ],
                    },
                  );
                }
                if (user?.info.userEntityRef === 'user:default/gina') {
                  // her team's services, but none of their incidents
                  return createItsmRecordConditionalDecision(
                    itsmReadPermission,
                    {
                      allOf: [
                        itsmRecordConditions.isOwner({ claims }),
                        itsmRecordConditions.isRecordType({
                          types: ['service'],
                        }),
                      ],
                    },
                  );
                }
                if (user?.info.userEntityRef === 'user:default/bob') {
                  // problems and changes only, of any team
                  return createItsmRecordConditionalDecision(
                    itsmReadPermission,
                    {
                      not: itsmRecordConditions.isRecordType({
                        types: ['service', 'incident'],
                      }),
                    },
                  );
                }
                return createItsmRecordConditionalDecision(itsmReadPermission, {
                  allOf: [
                    itsmRecordConditions.isOwner({ claims }),
                    { not: itsmRecordConditions.isCabMember({ claims }) },
                  ],
                });
              }
              return { result: 'ALLOW' as any };
            },
          });
        },
      });
    },
  });

  let t: Awaited<ReturnType<typeof start>>;
  let r: Record<string, any>;
  beforeAll(async () => {
    t = await start({ policy: ownerReadPolicy });
    r = await seed(t);
  });
  afterAll(() => t?.backend.stop());

  it('filters every list by the condition', async () => {
    const list = async (userRef: string, path: string) =>
      names((await t.as(userRef).get(path)).body.items);
    const expected: Record<string, Record<string, string[]>> = {
      '/services': {
        erin: ['Payments'],
        carol: [],
        dave: ['Checkout', 'Payments'],
        bob: [],
      },
      '/incidents': {
        erin: ['Payments outage'],
        carol: [],
        dave: ['Checkout outage', 'Payments outage'],
        bob: [],
      },
      '/problems': {
        erin: ['Payments outage problem'],
        carol: [],
        dave: ['Checkout outage problem', 'Payments outage problem'],
        bob: ['Checkout outage problem', 'Payments outage problem'],
      },
      '/changes': {
        erin: ['Payments outage fix', 'Shared outage fix'],
        carol: [],
        dave: [
          'Checkout outage fix',
          'Payments outage fix',
          'Shared outage fix',
        ],
        bob: [
          'Checkout outage fix',
          'Payments outage fix',
          'Shared outage fix',
        ],
      },
    };
    for (const [path, byUser] of Object.entries(expected)) {
      for (const [name, items] of Object.entries(byUser)) {
        expect([path, name, await list(`user:default/${name}`, path)]).toEqual([
          path,
          name,
          items,
        ]);
      }
    }
  });

  it('resolves the same trees for reads by id', async () => {
    const status = async (userRef: string, path: string) =>
      (await t.as(userRef).get(path)).status;
    expect(
      await status('user:default/bob', `/problems/${r.paymentsProblem.id}`),
    ).toBe(200);
    expect(
      await status('user:default/bob', `/incidents/${r.checkoutIncident.id}`),
    ).toBe(404);
    expect(
      await status('user:default/carol', `/incidents/${r.paymentsIncident.id}`),
    ).toBe(404);
    expect(
      await status(
        'user:default/dave',
        `/incidents/${r.paymentsIncident.id}/history`,
      ),
    ).toBe(200);
  });

  it('counts only readable outages in the availability of a readable service', async () => {
    // One hour on the 10th of last month (a whole month in the past, whenever the test runs).
    const now = new Date();
    const month = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1),
    )
      .toISOString()
      .slice(0, 7);
    ok(
      await t.as('user:default/frank').post('/incidents', {
        title: 'Payments blackout',
        entityRef: 'component:default/payments',
        serviceId: r.paymentsService.id,
        impact: 1,
        urgency: 1,
        outage: {
          start: `${month}-10T10:00:00Z`,
          end: `${month}-10T11:00:00Z`,
        },
        // availability counts the incidents opened before the month's end
        source: 'import',
        openedAt: `${month}-10T10:00:00Z`,
      }),
    );
    const availability = async (userRef: string) =>
      ok(
        await t
          .as(userRef)
          .get(`/services/${r.paymentsService.id}/availability?month=${month}`),
        200,
      );
    expect((await availability('user:default/erin')).downtimeMinutes).toBe(60);
    expect((await availability('user:default/gina')).downtimeMinutes).toBe(0);
    expect(
      (
        await t
          .as('user:default/gina')
          .get(`/incidents/${r.paymentsIncident.id}`)
      ).status,
    ).toBe(404);
  });

  it('answers empty pages, 404 by id and empty aggregates on DENY, and 403 on the SLA tiers without itsm.sla.read', async () => {
    const alice = t.as('user:default/alice');
    expect((await alice.get('/incidents')).body).toEqual({
      items: [],
      totalCount: 0,
      nextCursor: null,
    });
    expect((await alice.get('/services')).body.items).toEqual([]);
    expect((await alice.get(`/changes/${r.sharedChange.id}`)).status).toBe(404);
    expect((await alice.get(CALENDAR)).body.items).toEqual([]);
    expect((await alice.get('/kpis')).body.changes.total).toBe(0);
    const summary = ok(await alice.get(SUMMARY), 200);
    expect([summary.services, summary.recentChanges, summary.slas]).toEqual([
      [],
      [],
      [],
    ]);
    expect((await alice.get('/slas')).status).toBe(403);
    expect((await alice.get(`/slas/${r.sla.id}`)).status).toBe(403);
  });
});

describe('search under itsm.permissions.readOtherTeams: false', () => {
  // The search backend's AuthorizedSearchEngine asks itsm.record.read (the collators'
  // visibilityPermission) for the searching user; on a CONDITIONAL answer it authorizes each
  // result with the document's authorization.resourceRef (the record id).
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ readOtherTeams: false, search: true });
    await seed(t);
    for (const type of [
      'itsm_service',
      'itsm_incident',
      'itsm_problem',
      'itsm_change',
    ]) {
      await t.scheduler.triggerTask(`search_index_${type}`);
    }
  });
  afterAll(() => t?.backend.stop());

  const found = async (userRef: string, term: string) => {
    const res = ok(await t.as(userRef).search(term), 200);
    return res.results
      .map((result: any) => result.document.title.replace(/^[A-Z]+-\d+ · /, ''))
      .sort();
  };

  it('finds only the records the user may read', async () => {
    expect(await found('user:default/erin', 'outage')).toEqual([
      'Payments outage',
      'Payments outage fix',
      'Payments outage problem',
      'Shared outage fix',
    ]);
    expect(await found('user:default/bob', 'outage')).toEqual([
      'Checkout outage',
      'Checkout outage fix',
      'Checkout outage problem',
      'Shared outage fix',
    ]);
    expect(await found('user:default/alice', 'outage')).toEqual([
      'Checkout outage fix',
      'Payments outage fix',
      'Shared outage fix',
    ]);
    expect(await found('user:default/frank', 'outage')).toHaveLength(7);
  });
});
