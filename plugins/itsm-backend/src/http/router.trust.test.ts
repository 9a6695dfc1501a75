import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  ITSM_TEST_DATABASE_IDS,
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import {
  examplePolicyConfig,
  examplePolicyFeatures,
} from '../__testUtils__/examplePolicy';
import {
  gold24x7Sla,
  testEntities,
  CHECKOUT,
  PAYMENTS,
  SEARCH,
  UNOWNED,
  groupEntity,
  userEntity,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

/*
 * Who may write (issue "Trust", items 1 and 6), through HTTP, the real permission stack with the
 * example policy, and the database, on SQLite, PostgreSQL and MySQL/MariaDB:
 *
 * - a service's owner comes from the catalog: only an entity's owners (or an ITSM service admin,
 *   itsm.service.admin) register services on it or name another owner group, so no one can make
 *   their group the "owner" of another team's changes and incidents;
 * - an incident's service is named or unambiguous, never "the first by name";
 * - service principals may do only what itsm.servicePrincipals.allow lists (never SLAs by default).
 *
 * The catalog: checkout and search are shop-team's (bob, dave), payments is payments-team's
 * (carol, erin), unowned has no owner; frank is in platform-team, the admin group.
 */

const SHOP = 'group:default/shop-team';
const PAYMENTS_TEAM = 'group:default/payments-team';
const enc = encodeURIComponent;

const ENTITIES: Entity[] = [
  ...testEntities,
  groupEntity('platform-team', ['frank']),
  userEntity('frank', ['platform-team']),
];

/** A service principal with the given subject (the mock auth service's token format). */
function serviceHeader(subject: string) {
  return `Bearer mock-service-token:${JSON.stringify({
    sub: subject,
    target: 'itsm',
  })}`;
}

/** A plugin's request on behalf of a user (e.g. the scaffolder for the template's initiator). */
function onBehalfOfHeader(userRef: string) {
  return `Bearer mock-service-token:${JSON.stringify({
    obo: userRef,
    target: 'itsm',
  })}`;
}

function client(t: ItsmTestBackend, authorization: string) {
  return {
    get: (path: string) =>
      request(t.server)
        .get(`/api/itsm${path}`)
        .set('Authorization', authorization),
    post: (path: string, body?: object) =>
      request(t.server)
        .post(`/api/itsm${path}`)
        .set('Authorization', authorization)
        .send(body),
    patch: (path: string, body?: object) =>
      request(t.server)
        .patch(`/api/itsm${path}`)
        .set('Authorization', authorization)
        .send(body),
  };
}

const alert = (labels: Record<string, string>, fingerprint: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', severity: 'warning', ...labels },
      annotations: { summary: `Errors (${fingerprint})` },
      startsAt: '2026-01-10T10:00:00Z',
      fingerprint,
    },
  ],
});

const databases = itsmTestDatabases();

if (requireAllTestDatabases) {
  // Fails with the reason from itsmTestDatabases' beforeAll when a database is missing.
  it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      ...ITSM_TEST_DATABASE_IDS,
    ]);
  });
}

describe.each(databases.eachSupportedId())(
  'who may write, on %s',
  databaseId => {
    let t: ItsmTestBackend;
    let checkoutService: any;
    let shopChange: any;

    const as = (user: string) => t.as(`user:default/${user}`);
    const servicesOn = async (entityRef: string) =>
      (await as('bob').get(`/services?entityRef=${enc(entityRef)}&sort=name`))
        .body.items;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      t = await startItsmTestBackend({
        knex,
        entities: ENTITIES,
        config: examplePolicyConfig(),
        extraFeatures: examplePolicyFeatures(ENTITIES),
      });
      checkoutService = expectStatus(
        await as('bob').post('/services', {
          entityRef: CHECKOUT,
          name: 'Checkout',
        }),
        201,
      ).body;
      shopChange = expectStatus(
        await as('bob').post('/changes', {
          title: 'Upgrade checkout',
          type: 'normal',
          entityRefs: [CHECKOUT],
        }),
        201,
      ).body;
    });
    afterAll(async () => {
      await t?.stop();
    });

    it("refuses the takeover of another team's records step by step, changing nothing", async () => {
      const erin = as('erin');
      expect(checkoutService.ownerRef).toBe(SHOP);

      // 1. erin (payments-team) may not touch shop-team's change.
      const edit = await erin.patch(`/changes/${shopChange.id}`, {
        version: shopChange.version,
        title: 'Mine now',
      });
      expect(edit.status).toBe(403);

      // 2. She cannot register a service on shop-team's entity: not for her team, not for the
      //    entity's owner, not by adding it to a service of her own entity, not by a name that
      //    sorts first.
      const takeover = await erin.post('/services', {
        entityRef: CHECKOUT,
        name: '0 Takeover',
        ownerRef: PAYMENTS_TEAM,
      });
      expect(takeover.status).toBe(403);
      expect(takeover.body.error.message).toBe(
        `entityRef: ${CHECKOUT} is owned by ${SHOP}, not by you; only its owners or an ITSM service admin (itsm.service.admin) may register services on it`,
      );
      expect(
        (
          await erin.post('/services', {
            entityRef: CHECKOUT,
            name: '0 Takeover',
          })
        ).status,
      ).toBe(403);
      const both = await erin.post('/services', {
        entityRefs: [PAYMENTS, CHECKOUT],
        name: '0 Takeover',
      });
      expect(both.status).toBe(403);
      expect(both.body.error.message).toMatch(
        /^entityRefs\[1\]: component:default\/checkout is owned by/,
      );

      // 3. Her own entity is fine, but the service cannot be stretched onto checkout or given away.
      const own = expectStatus(
        await erin.post('/services', { entityRef: PAYMENTS, name: 'Payments' }),
        201,
      ).body;
      expect(own.ownerRef).toBe(PAYMENTS_TEAM);
      const stretch = await erin.patch(`/services/${own.id}`, {
        version: own.version,
        entityRefs: [PAYMENTS, CHECKOUT],
      });
      expect(stretch.status).toBe(403);
      expect(stretch.body.error.message).toMatch(
        /^entityRefs\[1\]: component:default\/checkout is owned by group:default\/shop-team/,
      );
      const giveAway = await erin.patch(`/services/${own.id}`, {
        version: own.version,
        ownerRef: SHOP,
      });
      expect(giveAway.status).toBe(403);
      expect(giveAway.body.error.message).toBe(
        `ownerRef: a service on ${PAYMENTS} is owned by its catalog owner ${PAYMENTS_TEAM}; only an ITSM service admin (itsm.service.admin) may name another owner group (${SHOP})`,
      );

      // 4. So the change is still not hers to edit or cancel.
      expect(
        (
          await erin.patch(`/changes/${shopChange.id}`, {
            version: shopChange.version,
            title: 'Mine now',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await erin.post(`/changes/${shopChange.id}/transitions`, {
            to: 'canceled',
            version: shopChange.version,
          })
        ).status,
      ).toBe(403);

      // 5. The next checkout incident lands on shop-team's service, and erin cannot edit it.
      const incident = expectStatus(
        await as('dave').post('/incidents', {
          title: 'Checkout slow',
          entityRef: CHECKOUT,
          impact: 2,
          urgency: 2,
        }),
        201,
      ).body;
      expect(incident.serviceId).toBe(checkoutService.id);
      expect(
        (
          await erin.patch(`/incidents/${incident.id}`, {
            version: incident.version,
            title: 'x',
          })
        ).status,
      ).toBe(403);

      // A plugin acting for erin (the scaffolder's itsm:service:register) gets erin's rights.
      const viaScaffolder = await client(
        t,
        onBehalfOfHeader('user:default/erin'),
      ).post('/services', {
        entityRef: CHECKOUT,
        name: '0 Takeover',
      });
      expect(viaScaffolder.status).toBe(403);

      // The database is as before.
      expect((await servicesOn(CHECKOUT)).map((s: any) => s.id)).toEqual([
        checkoutService.id,
      ]);
      const change = (await as('bob').get(`/changes/${shopChange.id}`)).body;
      expect(change).toMatchObject({
        version: shopChange.version,
        state: 'new',
        title: 'Upgrade checkout',
      });
      const mine = (await as('bob').get(`/services/${own.id}`)).body;
      expect(mine).toMatchObject({
        version: 1,
        ownerRef: PAYMENTS_TEAM,
        entityRefs: [PAYMENTS],
      });
      expect(
        (await as('bob').get(`/incidents/${incident.id}`)).body.version,
      ).toBe(incident.version);
      expect(
        (
          await as('bob').get(`/changes/${shopChange.id}/history`)
        ).body.items.map((h: any) => h.action),
      ).toEqual(['created']);
    });

    it('lets owners register services on their entities, owned by the catalog owner', async () => {
      const bob = as('bob');
      const search = expectStatus(
        await bob.post('/services', { entityRef: 'search', name: 'Search' }),
        201,
      ).body;
      expect(search).toMatchObject({
        entityRefs: [SEARCH],
        ownerRef: SHOP,
        createdBy: 'user:default/bob',
      });

      // Naming the entity's owner is fine; naming another group is not (bob is in shop-team only).
      const named = expectStatus(
        await bob.post('/services', {
          entityRef: SEARCH,
          name: 'Search API',
          ownerRef: 'shop-team',
        }),
        201,
      ).body;
      expect(named.ownerRef).toBe(SHOP);
      const other = await bob.post('/services', {
        entityRef: SEARCH,
        name: 'Search for payments',
        ownerRef: PAYMENTS_TEAM,
      });
      expect(other.status).toBe(403);
      expect(other.body.error.message).toMatch(
        /^ownerRef: a service on component:default\/search is owned by its catalog owner group:default\/shop-team/,
      );
      // Through the scaffolder on bob's behalf: the same rule.
      const viaScaffolder = await client(
        t,
        onBehalfOfHeader('user:default/bob'),
      ).post('/services', {
        entityRef: SEARCH,
        name: 'Search for payments',
        ownerRef: PAYMENTS_TEAM,
      });
      expect(viaScaffolder.status).toBe(403);
      // An entity without an owner is nobody's to register.
      expect(
        (
          await bob.post('/services', {
            entityRef: UNOWNED,
            name: 'Orphan',
            ownerRef: SHOP,
          })
        ).status,
      ).toBe(403);

      expect((await servicesOn(SEARCH)).map((s: any) => s.name)).toEqual([
        'Search',
        'Search API',
      ]);
    });

    it('lets an admin (itsm.service.admin through the policy) register for another group and reassign', async () => {
      const frank = as('frank');
      const storefront = expectStatus(
        await frank.post('/services', {
          entityRef: PAYMENTS,
          name: 'Payments storefront',
          ownerRef: 'shop-team',
        }),
        201,
      ).body;
      expect(storefront).toMatchObject({
        ownerRef: SHOP,
        createdBy: 'user:default/frank',
      });
      const orphan = expectStatus(
        await frank.post('/services', {
          entityRef: UNOWNED,
          name: 'Orphan',
          ownerRef: PAYMENTS_TEAM,
        }),
        201,
      ).body;
      expect(orphan.ownerRef).toBe(PAYMENTS_TEAM);
      const moved = await frank.patch(`/services/${orphan.id}`, {
        version: orphan.version,
        ownerRef: SHOP,
      });
      expect([moved.status, moved.body.ownerRef]).toEqual([200, SHOP]);
      // bob (shop-team) may now manage it, as its owner; he may not hand it to another team.
      const back = await as('bob').patch(`/services/${orphan.id}`, {
        version: moved.body.version,
        ownerRef: PAYMENTS_TEAM,
      });
      expect(back.status).toBe(403);
    });

    it("puts an incident on the named service or the entity's only active one; several → 400", async () => {
      const bob = as('bob');
      const [search, searchApi] = await servicesOn(SEARCH);
      const before = (await bob.get(`/incidents?entityRef=${enc(SEARCH)}`)).body
        .totalCount;

      const ambiguous = await bob.post('/incidents', {
        title: 'Search down',
        entityRef: SEARCH,
        impact: 1,
        urgency: 1,
      });
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.error.message).toBe(
        `serviceId: required, ${SEARCH} has 2 services (Search (${search.id}), Search API (${searchApi.id}))`,
      );
      expect(
        (await bob.get(`/incidents?entityRef=${enc(SEARCH)}`)).body.totalCount,
      ).toBe(before);

      const explicit = expectStatus(
        await bob.post('/incidents', {
          title: 'Search API down',
          entityRef: SEARCH,
          serviceId: searchApi.id,
          impact: 1,
          urgency: 1,
        }),
        201,
      ).body;
      expect(explicit.serviceId).toBe(searchApi.id);
      const onlyId = expectStatus(
        await bob.post('/incidents', {
          title: 'Search slow',
          serviceId: search.id,
          impact: 2,
          urgency: 2,
        }),
        201,
      ).body;
      expect([onlyId.serviceId, onlyId.entityRef]).toEqual([search.id, SEARCH]);
      const mismatch = await bob.post('/incidents', {
        title: 'x',
        entityRef: SEARCH,
        serviceId: checkoutService.id,
        impact: 2,
        urgency: 2,
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.message).toMatch(
        /^entityRef: component:default\/search is not one of the entities of service Checkout/,
      );

      // A retired service no longer counts: the entity's single active one is taken.
      expectStatus(
        await bob.patch(`/services/${searchApi.id}`, {
          version: searchApi.version,
          lifecycle: 'retired',
        }),
        200,
      );
      const single = expectStatus(
        await bob.post('/incidents', {
          title: 'Search flaky',
          entityRef: SEARCH,
          impact: 3,
          urgency: 3,
        }),
        201,
      ).body;
      expect(single.serviceId).toBe(search.id);
    });

    it('takes the service of an alert from its service label; ambiguity is a 400 naming the label', async () => {
      const monitoring = client(t, serviceHeader('external:alertmanager'));
      const [payments, storefront] = await servicesOn(PAYMENTS);
      expect([payments.name, storefront.name]).toEqual([
        'Payments',
        'Payments storefront',
      ]);
      const count = async () =>
        (await as('bob').get(`/incidents?entityRef=${enc(PAYMENTS)}`)).body
          .totalCount;
      const before = await count();

      const ambiguous = await monitoring.post(
        '/events/alerts',
        alert({ entity: PAYMENTS }, 'pay-1'),
      );
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.error.message).toBe(
        `alerts[0].labels.service: required, ${PAYMENTS} has 2 services (Payments (${payments.id}), Payments storefront (${storefront.id}))`,
      );
      const unknown = await monitoring.post(
        '/events/alerts',
        alert({ entity: PAYMENTS, service: 'Ledger' }, 'pay-2'),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        `alerts[0].labels.service: no service 'Ledger' on ${PAYMENTS}`,
      );
      expect(await count()).toBe(before);

      const byName = await monitoring.post(
        '/events/alerts',
        alert({ entity: PAYMENTS, service: 'payments STOREFRONT' }, 'pay-3'),
      );
      expect([byName.status, byName.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      const created = (
        await as('bob').get(`/incidents/${byName.body.results[0].incidentId}`)
      ).body;
      expect(created.serviceId).toBe(storefront.id);
      // A retry answers 200 with the first delivery's answer and creates nothing.
      const afterFirst = await count();
      const retry = await monitoring.post(
        '/events/alerts',
        alert({ entity: PAYMENTS, service: 'payments STOREFRONT' }, 'pay-3'),
      );
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(byName.body);
      expect(await count()).toBe(afterFirst);

      const generic = await monitoring.post('/events/alerts', {
        dedupKey: 'pay-4',
        status: 'firing',
        title: 'Ledger lag',
        entity: PAYMENTS,
        service: payments.id,
      });
      expect([generic.status, generic.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      expect(
        (
          await as('bob').get(
            `/incidents/${generic.body.results[0].incidentId}`,
          )
        ).body.serviceId,
      ).toBe(payments.id);
      expect(await count()).toBe(before + 2);
    });

    it('limits service principals to the default allow-list: no SLA administration', async () => {
      const ci = client(t, serviceHeader('external:ci'));
      const slaCount = async () =>
        (await as('bob').get('/slas')).body.totalCount;
      const slasBefore = await slaCount();

      const sla = await ci.post('/slas', gold24x7Sla);
      expect(sla.status).toBe(403);
      expect(sla.body.error.message).toBe(
        'Service principal external:ci may not sla admin: not in itsm.servicePrincipals.allow',
      );
      // Users: only the admin groups (the policy).
      expect((await as('bob').post('/slas', gold24x7Sla)).status).toBe(403);
      const gold = expectStatus(
        await as('frank').post('/slas', gold24x7Sla),
        201,
      ).body;
      expect(
        (
          await ci.patch(`/slas/${gold.id}`, {
            version: gold.version,
            name: 'Cheap gold',
          })
        ).status,
      ).toBe(403);
      expect(await slaCount()).toBe(slasBefore + 1);
      expect((await as('bob').get(`/slas/${gold.id}`)).body).toMatchObject({
        name: 'Gold',
        version: 1,
      });

      // What the integrations need is allowed.
      const read = await ci.get('/services');
      expect([read.status, read.body.totalCount > 0]).toEqual([200, true]);
      const deployment = await ci.post('/events/deployments', {
        entityRef: CHECKOUT,
        deploymentId: 'run-1',
        version: '1.0.0',
        environment: 'production',
        status: 'succeeded',
        startedAt: '2026-11-01T10:00:00Z',
        finishedAt: '2026-11-01T10:05:00Z',
      });
      expect([deployment.status, deployment.body.error?.message]).toEqual([
        201,
        undefined,
      ]);
      const incident = expectStatus(
        await ci.post('/incidents', {
          title: 'Synthetic check failed',
          entityRef: CHECKOUT,
          impact: 2,
          urgency: 2,
        }),
        201,
      ).body;
      expect(incident).toMatchObject({
        createdBy: 'external:ci',
        serviceId: checkoutService.id,
      });

      // Everything else is not.
      const update = await ci.patch(`/incidents/${incident.id}`, {
        version: incident.version,
        title: 'x',
      });
      expect(update.status).toBe(403);
      expect(update.body.error.message).toBe(
        'Service principal external:ci may not incident update: not in itsm.servicePrincipals.allow',
      );
      expect(
        (
          await ci.post('/services', {
            entityRef: CHECKOUT,
            name: 'Bot service',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await ci.patch(`/services/${checkoutService.id}`, {
            version: 1,
            name: 'Renamed',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await ci.post('/problems', {
            title: 'Found by a bot',
            entityRefs: [CHECKOUT],
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await ci.post(`/changes/${shopChange.id}/transitions`, {
            to: 'canceled',
            version: shopChange.version,
          })
        ).status,
      ).toBe(403);
      expect(
        (await as('bob').get(`/changes/${shopChange.id}`)).body.state,
      ).toBe('new');
      expect(
        (await as('bob').get(`/services/${checkoutService.id}`)).body,
      ).toMatchObject({ name: 'Checkout', version: 1 });
    });
  },
);

describe('itsm.servicePrincipals.allow with per-subject entries', () => {
  let t: ItsmTestBackend;
  beforeAll(async () => {
    t = await startItsmTestBackend({
      entities: ENTITIES,
      config: examplePolicyConfig({
        servicePrincipals: {
          allow: [
            'read',
            { subject: 'external:ci', allow: ['deployments'] },
            {
              subject: 'external:platform-bot',
              allow: ['read', 'sla.admin', 'service.create', 'service.admin'],
            },
          ],
        },
      }),
      extraFeatures: examplePolicyFeatures(ENTITIES),
    });
    expectStatus(
      await t
        .as('user:default/bob')
        .post('/services', { entityRef: CHECKOUT, name: 'Checkout' }),
      201,
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const deployment = (id: string) => ({
    entityRef: CHECKOUT,
    deploymentId: id,
    version: '2.0.0',
    environment: 'production',
    status: 'succeeded',
    startedAt: '2026-11-02T10:00:00Z',
    finishedAt: '2026-11-02T10:05:00Z',
  });

  it('gives a subject its own list instead of the general one', async () => {
    const ci = client(t, serviceHeader('external:ci'));
    expect(
      (await ci.post('/events/deployments', deployment('run-2'))).status,
    ).toBe(201);
    const alerts = await ci.post(
      '/events/alerts',
      alert({ entity: CHECKOUT }, 'ci-1'),
    );
    expect(alerts.status).toBe(403);
    expect(alerts.body.error.message).toBe(
      'Service principal external:ci may not alerts: not in itsm.servicePrincipals.allow',
    );
    // Not allowed to read: lists answer an empty page.
    const list = await ci.get('/services');
    expect([list.status, list.body.totalCount, list.body.items]).toEqual([
      200,
      0,
      [],
    ]);
  });

  it('applies the general list to every other subject (here: read only)', async () => {
    const other = client(t, serviceHeader('external:monitoring'));
    expect((await other.get('/services')).body.totalCount).toBe(1);
    expect(
      (await other.post('/events/alerts', alert({ entity: CHECKOUT }, 'm-1')))
        .status,
    ).toBe(403);
    expect(
      (await other.post('/events/deployments', deployment('run-3'))).status,
    ).toBe(403);
    expect(
      (
        await other.post('/incidents', {
          title: 'x',
          entityRef: CHECKOUT,
          impact: 2,
          urgency: 2,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .as('user:default/bob')
          .get(`/incidents?entityRef=${enc(CHECKOUT)}`)
      ).body.totalCount,
    ).toBe(0);
  });

  it('lets an operator opt a subject into SLA and service administration explicitly', async () => {
    const bot = client(t, serviceHeader('external:platform-bot'));
    const sla = await bot.post('/slas', gold24x7Sla);
    expect([sla.status, sla.body.createdBy]).toEqual([
      201,
      'external:platform-bot',
    ]);
    const service = await bot.post('/services', {
      entityRef: PAYMENTS,
      name: 'Payments',
      ownerRef: SHOP,
    });
    expect([service.status, service.body.ownerRef]).toEqual([201, SHOP]);
  });
});
