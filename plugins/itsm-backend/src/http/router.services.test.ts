import { mockCredentials } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import request from 'supertest';
import {
  SERVICE_ACTOR,
  gold24x7Sla,
  silverSla,
  UNKNOWN_ID,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectRecordMeta,
  expectStatus,
  useItsmTestBackend,
  walkPages,
} from '../__testUtils__/testBackend';

/*
 * Router tests of /health, /services (incl. history and availability) and /slas, through HTTP
 * and the real SQLite database.
 */

const enc = encodeURIComponent;

/** PATCH as the test service principal (the harness' asService() has no patch). */
function patchAsService(t: ItsmTestBackend, path: string, body: object) {
  return request(t.server)
    .patch(`/api/itsm${path}`)
    .set('Authorization', mockCredentials.service.header())
    .send(body);
}

describe('GET /health', () => {
  const t = useItsmTestBackend();

  it('answers without credentials', async () => {
    const res = await request(t.server).get('/api/itsm/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses other routes with invalid credentials', async () => {
    const res = await request(t.server)
      .get('/api/itsm/services')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(res.status).toBe(401);
  });
});

describe('/slas', () => {
  const t = useItsmTestBackend();

  it('creates an SLA with a business calendar and one with 24x7', async () => {
    const bob = t.as('user:default/bob');
    const silver = await bob.post('/slas', silverSla);
    expect(silver.status).toBe(201);
    expectRecordMeta(silver.body, 'user:default/bob');
    expect(silver.body).toMatchObject({
      name: 'Silver',
      description: null,
      availabilityTarget: 99.5,
      calendar: silverSla.calendar,
      targets: silverSla.targets,
    });

    // Service tokens never administer SLAs unless itsm.servicePrincipals.allow says so.
    const byService = await t
      .asService()
      .post('/slas', { ...gold24x7Sla, description: 'Round the clock' });
    expect(byService.status).toBe(403);
    expect(byService.body.error.message).toBe(
      `Service principal ${SERVICE_ACTOR} may not sla admin: not in itsm.servicePrincipals.allow`,
    );

    const gold = await t
      .as('user:default/alice')
      .post('/slas', { ...gold24x7Sla, description: 'Round the clock' });
    expect(gold.status).toBe(201);
    expectRecordMeta(gold.body, 'user:default/alice');
    expect(gold.body.calendar).toBe('24x7');
    expect(gold.body.description).toBe('Round the clock');

    const read = await bob.get(`/slas/${silver.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(silver.body);
  });

  it.each([
    ['missing targets', { ...silverSla, targets: undefined }, /targets/],
    ['missing name', { ...silverSla, name: undefined }, /name/],
    [
      'unknown field',
      { ...silverSla, tier: 'silver' },
      /additional properties/,
    ],
    [
      'availabilityTarget above 100',
      { ...silverSla, availabilityTarget: 101 },
      /availabilityTarget must be <= 100/,
    ],
    [
      'a target of 0 minutes',
      {
        ...silverSla,
        targets: {
          ...silverSla.targets,
          P2: { responseMinutes: 0, resolutionMinutes: 10 },
        },
      },
      /targets\/P2\/responseMinutes/,
    ],
    [
      'a malformed time',
      {
        ...silverSla,
        calendar: {
          ...silverSla.calendar,
          hours: { mon: [['8:00', '18:00']] },
        },
      },
      /calendar/,
    ],
  ])('POST /slas with %s → 400', async (_name, body, message) => {
    const res = await t.as().post('/slas', body as object);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an invalid calendar naming the field', async () => {
    const endBeforeStart = await t.as().post('/slas', {
      ...silverSla,
      calendar: { ...silverSla.calendar, hours: { mon: [['18:00', '08:00']] } },
    });
    expect(endBeforeStart.status).toBe(400);
    expect(endBeforeStart.body.error.message).toMatch(
      /^calendar\.hours\.mon\[0\]: end must be after start/,
    );

    const zone = await t.as().post('/slas', {
      ...silverSla,
      calendar: { ...silverSla.calendar, timezone: 'Mars/Olympus' },
    });
    expect(zone.status).toBe(400);
    expect(zone.body.error.message).toMatch(
      /calendar\.timezone: unknown IANA zone 'Mars\/Olympus'/,
    );
  });

  it('refuses a resolution target shorter than the response target', async () => {
    const res = await t.as().post('/slas', {
      ...silverSla,
      targets: {
        ...silverSla.targets,
        P3: { responseMinutes: 240, resolutionMinutes: 60 },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'targets.P3.resolutionMinutes: must not be shorter than responseMinutes (240)',
    );
  });

  it('lists SLAs by name with q and cursor pagination', async () => {
    const bob = t.as();
    for (const name of ['Bronze', 'Platinum']) {
      expect((await bob.post('/slas', { ...gold24x7Sla, name })).status).toBe(
        201,
      );
    }
    const all = await bob.get('/slas');
    expect(all.status).toBe(200);
    const names = all.body.items.map((s: any) => s.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining(['Bronze', 'Gold', 'Platinum', 'Silver']),
    );
    expect(all.body.totalCount).toBe(all.body.items.length);
    expect(all.body.nextCursor).toBeNull();

    const q = await bob.get('/slas?q=PLAT');
    expect(q.body.items.map((s: any) => s.name)).toEqual(['Platinum']);
    expect(q.body.totalCount).toBe(1);

    const walk = await walkPages(bob, '/slas?limit=1', {
      totalCount: all.body.totalCount,
      maxPages: 20,
    });
    walk.pages.forEach(page => expect(page.items).toHaveLength(1));
    const seen = walk.pages.map(page => page.items[0].id);
    expect(seen).toEqual(all.body.items.map((s: any) => s.id));

    const tooMany = await bob.get('/slas?limit=501');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/limit/);
    const badCursor = await bob.get('/slas?cursor=garbage');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toMatch(/^cursor:/);
  });

  it('updates an SLA with optimistic concurrency', async () => {
    const bob = t.as('user:default/bob');
    const created = await bob.post('/slas', { ...silverSla, name: 'Silver 2' });
    const id = created.body.id;

    const updated = await t.as('user:default/carol').patch(`/slas/${id}`, {
      version: 1,
      availabilityTarget: 99.7,
      targets: {
        ...silverSla.targets,
        P1: { responseMinutes: 20, resolutionMinutes: 200 },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      version: 2,
      availabilityTarget: 99.7,
      updatedBy: 'user:default/carol',
    });
    expect(updated.body.createdBy).toBe('user:default/bob');
    expect(updated.body.createdAt).toBe(created.body.createdAt);
    expect(updated.body.targets.P1).toEqual({
      responseMinutes: 20,
      resolutionMinutes: 200,
    });

    const stale = await bob.patch(`/slas/${id}`, {
      version: 1,
      availabilityTarget: 90,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /version: .*current version 2, yours 1/,
    );
    const reread = await bob.get(`/slas/${id}`);
    expect(reread.body.version).toBe(2);
    expect(reread.body.availabilityTarget).toBe(99.7);

    const noVersion = await bob.patch(`/slas/${id}`, { name: 'x' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/^version: required/);
    const staleHeader = await bob
      .patch(`/slas/${id}`, { name: 'x' })
      .set('If-Match', '"1"');
    expect(staleHeader.status).toBe(409);

    const badCalendar = await bob.patch(`/slas/${id}`, {
      version: 2,
      calendar: {
        timezone: 'Europe/Berlin',
        hours: { fri: [['17:00', '09:00']] },
      },
    });
    expect(badCalendar.status).toBe(400);
    expect(badCalendar.body.error.message).toMatch(
      /^calendar\.hours\.fri\[0\]/,
    );

    const unknownField = await bob.patch(`/slas/${id}`, {
      version: 2,
      tier: 'x',
    });
    expect(unknownField.status).toBe(400);
    expect((await bob.get(`/slas/${id}`)).body.version).toBe(2);
  });

  it('answers 404 for unknown SLAs', async () => {
    const get = await t.as().get('/slas/no-such-sla');
    expect(get.status).toBe(404);
    expect(get.body.error.message).toBe('No SLA with id no-such-sla');
    const patch = await t
      .as()
      .patch('/slas/no-such-sla', { version: 1, name: 'x' });
    expect(patch.status).toBe(404);
  });
});

describe('/services', () => {
  // The test service principal may administer services here (itsm.servicePrincipals.allow).
  const t = useItsmTestBackend({
    config: {
      itsm: {
        servicePrincipals: {
          allow: [
            'read',
            {
              subject: SERVICE_ACTOR,
              allow: [
                'read',
                'service.create',
                'service.update',
                'service.admin',
              ],
            },
          ],
        },
      },
    },
  });
  let silverId: string;
  let goldId: string;
  beforeAll(async () => {
    silverId = (await t.as().post('/slas', silverSla)).body.id;
    goldId = (await t.as().post('/slas', gold24x7Sla)).body.id;
  });

  it('creates a service with defaults from the catalog', async () => {
    const res = await t.as('user:default/bob').post('/services', {
      entityRef: 'component:default/checkout',
      name: 'Checkout',
      slaId: silverId,
    });
    expect(res.status).toBe(201);
    expectRecordMeta(res.body, 'user:default/bob');
    expect(res.body).toMatchObject({
      entityRef: 'component:default/checkout',
      entityRefs: ['component:default/checkout'],
      name: 'Checkout',
      purpose: null,
      ownerRef: 'group:default/shop-team',
      category: 'application',
      criticality: 3,
      lifecycle: 'live',
      supportHours: null,
      slaId: silverId,
      contact: null,
      escalationPath: [],
      maintenanceWindow: null,
      managedBy: 'manual',
    });
    const read = await t.as().get(`/services/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('creates a service over several entities, normalizing refs, as a service principal', async () => {
    const res = await t.asService().post('/services', {
      entityRefs: ['Payments', 'component:default/checkout', 'payments'],
      name: 'Payments platform',
      ownerRef: 'payments-team',
      category: 'infrastructure',
      criticality: 1,
      maintenanceWindow: {
        timezone: 'Europe/Berlin',
        hours: { sun: [['02:00', '06:00']] },
      },
    });
    expect(res.status).toBe(201);
    expectRecordMeta(res.body, SERVICE_ACTOR);
    expect(res.body.entityRefs).toEqual([
      'component:default/payments',
      'component:default/checkout',
    ]);
    expect(res.body.entityRef).toBe('component:default/payments');
    expect(res.body.ownerRef).toBe('group:default/payments-team');
    expect(res.body.maintenanceWindow).toEqual({
      timezone: 'Europe/Berlin',
      hours: { sun: [['02:00', '06:00']] },
    });

    const history = await t.as().get(`/services/${res.body.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      recordType: 'service',
      recordId: res.body.id,
      action: 'created',
      actor: SERVICE_ACTOR,
    });
  });

  it('answers 404 naming entityRef for an entity missing from the catalog', async () => {
    const res = await t.as().post('/services', {
      entityRef: 'component:default/ghost',
      name: 'Ghost',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /entityRef.*no entity 'component:default\/ghost' in the catalog/,
    );

    const many = await t.as().post('/services', {
      entityRefs: ['component:default/checkout', 'component:default/ghost'],
      name: 'Ghost',
    });
    expect(many.status).toBe(404);
    expect(many.body.error.message).toMatch(
      /^entityRefs\[1\]: no entity 'component:default\/ghost'/,
    );
  });

  it('answers 400 for an entity kind that cannot hold a service', async () => {
    const res = await t.as().post('/services', {
      entityRef: 'api:default/checkout-api',
      name: 'API',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /entityRef.*'api:default\/checkout-api' is a API; expected one of component, system, resource/,
    );
  });

  it('needs an ownerRef when the entity has no owner', async () => {
    const res = await t.as().post('/services', {
      entityRef: 'component:default/unowned',
      name: 'Unowned',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^ownerRef: required/);

    const withOwner = await t.as().post('/services', {
      entityRef: 'component:default/unowned',
      name: 'Unowned',
      ownerRef: 'group:default/shop-team',
    });
    expect(withOwner.status).toBe(201);
    expect(withOwner.body.ownerRef).toBe('group:default/shop-team');
  });

  it.each([
    ['no entity', { name: 'X' }, /^entityRef: required/],
    [
      'no name',
      { entityRef: 'component:default/search' },
      /required property 'name'/,
    ],
    [
      'an unknown category',
      {
        entityRef: 'component:default/search',
        name: 'X',
        category: 'hardware',
      },
      /category must be equal to one of the allowed values/,
    ],
    [
      'criticality 5',
      { entityRef: 'component:default/search', name: 'X', criticality: 5 },
      /criticality must be <= 4/,
    ],
    [
      'an unknown field',
      { entityRef: 'component:default/search', name: 'X', color: 'red' },
      /must NOT have additional properties/,
    ],
    [
      'an empty entityRefs list',
      { entityRefs: [], name: 'X' },
      /entityRefs must NOT have fewer than 1 items/,
    ],
    [
      'a maintenance window ending before it starts',
      {
        entityRef: 'component:default/search',
        name: 'X',
        maintenanceWindow: {
          timezone: 'Europe/Berlin',
          hours: { sat: [['06:00', '02:00']] },
        },
      },
      /^maintenanceWindow\.hours\.sat\[0\]/,
    ],
  ])('POST /services with %s → 400', async (_name, body, message) => {
    const res = await t.as().post('/services', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 404 naming slaId for an unknown SLA', async () => {
    const res = await t.as().post('/services', {
      entityRef: 'component:default/search',
      name: 'X',
      slaId: UNKNOWN_ID,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(`slaId: no SLA with id ${UNKNOWN_ID}`);
  });

  it('updates a service, records the history and refuses stale versions', async () => {
    const bob = t.as('user:default/bob');
    const created = await bob.post('/services', {
      entityRef: 'component:default/search',
      name: 'Search',
    });
    const id = created.body.id;

    const updated = await t.as('user:default/dave').patch(`/services/${id}`, {
      version: 1,
      name: 'Site search',
      criticality: 2,
      slaId: goldId,
      entityRefs: ['component:default/search', 'component:default/checkout'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      version: 2,
      name: 'Site search',
      criticality: 2,
      slaId: goldId,
      entityRefs: ['component:default/search', 'component:default/checkout'],
      createdBy: 'user:default/bob',
      updatedBy: 'user:default/dave',
    });

    const byService = await patchAsService(t, `/services/${id}`, {
      version: 2,
      contact: '#search',
    });
    expect(byService.status).toBe(200);
    expect(byService.body).toMatchObject({
      version: 3,
      contact: '#search',
      updatedBy: SERVICE_ACTOR,
    });

    const stale = await bob.patch(`/services/${id}`, {
      version: 2,
      name: 'Stale',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/current version 3, yours 2/);
    const reread = await bob.get(`/services/${id}`);
    expect(reread.body).toMatchObject({
      version: 3,
      name: 'Site search',
      contact: '#search',
    });

    // The version may come as an If-Match header instead of in the body.
    const noVersion = await bob.patch(`/services/${id}`, {
      supportHours: '24x7',
    });
    expect([noVersion.status, noVersion.body.error?.message]).toEqual([
      400,
      'version: required, the version of the record your change is based on (or an If-Match header)',
    ]);
    const viaHeader = await bob
      .patch(`/services/${id}`, { supportHours: '24x7' })
      .set('If-Match', '"3"');
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toMatchObject({ version: 4, supportHours: '24x7' });
    const badHeader = await bob
      .patch(`/services/${id}`, { supportHours: 'x' })
      .set('If-Match', 'soon');
    expect([badHeader.status, badHeader.body.error?.message]).toEqual([
      400,
      'If-Match: must be a record version number',
    ]);

    const history = await bob.get(`/services/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => [h.action, h.actor])).toEqual([
      ['created', 'user:default/bob'],
      ['updated', 'user:default/dave'],
      ['updated', SERVICE_ACTOR],
      ['updated', 'user:default/bob'],
    ]);
    expect(history.body.items[1].changes).toEqual({
      name: { from: 'Search', to: 'Site search' },
      criticality: { from: 3, to: 2 },
      slaId: { from: null, to: goldId },
      entityRefs: {
        from: ['component:default/search'],
        to: ['component:default/search', 'component:default/checkout'],
      },
    });
    expect(history.body.items[2].changes).toEqual({
      contact: { from: null, to: '#search' },
    });
  });

  it('answers 400 for bad PATCH bodies and leaves the service unchanged', async () => {
    const bob = t.as();
    const created = await bob.post('/services', {
      entityRef: 'component:default/search',
      name: 'Search B',
    });
    const id = created.body.id;

    const noVersion = await bob.patch(`/services/${id}`, { name: 'x' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/version/);

    const api = await bob.patch(`/services/${id}`, {
      version: 1,
      entityRefs: ['api:default/checkout-api'],
    });
    expect(api.status).toBe(400);
    expect(api.body.error.message).toMatch(
      /^entityRefs\[0\]: 'api:default\/checkout-api' is a API/,
    );

    const ghost = await bob.patch(`/services/${id}`, {
      version: 1,
      entityRefs: ['component:default/ghost'],
    });
    expect(ghost.status).toBe(404);
    expect(ghost.body.error.message).toMatch(/^entityRefs\[0\]: no entity/);

    const sla = await bob.patch(`/services/${id}`, {
      version: 1,
      slaId: UNKNOWN_ID,
    });
    expect(sla.status).toBe(404);
    expect(sla.body.error.message).toMatch(/^slaId:/);

    const lifecycle = await bob.patch(`/services/${id}`, {
      version: 1,
      lifecycle: 'dead',
    });
    expect(lifecycle.status).toBe(400);
    expect(lifecycle.body.error.message).toMatch(/lifecycle/);

    const reread = await bob.get(`/services/${id}`);
    expect(reread.body).toEqual(created.body);
  });

  it('answers 404 for unknown services on every route', async () => {
    const bob = t.as();
    for (const res of [
      await bob.get('/services/nope'),
      await bob.patch('/services/nope', { version: 1, name: 'x' }),
      await bob.get('/services/nope/history'),
      await bob.get('/services/nope/availability?month=2025-11'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });

  it('lists services with filters, sorting and pagination', async () => {
    const bob = t.as();
    const all = await bob.get('/services?limit=500');
    expect(all.status).toBe(200);
    const total = all.body.totalCount;
    expect(total).toBeGreaterThanOrEqual(5);
    expect(all.body.items).toHaveLength(total);
    const names = all.body.items.map((s: any) => s.name);
    expect(names).toEqual([...names].sort());

    const checkout = await bob.get(
      `/services?entityRef=${enc('component:default/checkout')}`,
    );
    expect(checkout.body.items.length).toBeGreaterThanOrEqual(2);
    for (const s of checkout.body.items)
      expect(s.entityRefs).toContain('component:default/checkout');
    expect(checkout.body.totalCount).toBe(checkout.body.items.length);

    const bareName = await bob.get('/services?entityRef=checkout');
    expect(bareName.body.items.map((s: any) => s.id)).toEqual(
      checkout.body.items.map((s: any) => s.id),
    );

    const payments = await bob.get(
      `/services?owner=${enc('group:default/payments-team')}`,
    );
    expect(payments.body.items.map((s: any) => s.name)).toEqual([
      'Payments platform',
    ]);

    const infra = await bob.get('/services?category=infrastructure');
    expect(infra.body.items.map((s: any) => s.name)).toEqual([
      'Payments platform',
    ]);

    const bySla = await bob.get(`/services?slaId=${silverId}`);
    expect(bySla.body.items.map((s: any) => s.name)).toEqual(['Checkout']);

    const q = await bob.get('/services?q=site');
    expect(q.body.items.map((s: any) => s.name)).toEqual(['Site search']);

    const byCriticality = await bob.get('/services?sort=criticality&order=asc');
    const crits = byCriticality.body.items.map((s: any) => s.criticality);
    expect(crits).toEqual([...crits].sort((a: number, b: number) => a - b));
    expect(crits[0]).toBe(1);

    const desc = await bob.get('/services?order=desc');
    expect(desc.body.items.map((s: any) => s.name)).toEqual(
      [...names].reverse(),
    );

    const walk = await walkPages(bob, '/services?limit=2', {
      totalCount: total,
      maxPages: 50,
    });
    walk.pages.forEach(page =>
      expect(page.items.length).toBeLessThanOrEqual(2),
    );
    const seen = walk.pages.flatMap(page => page.items.map(s => s.id));
    expect(walk.cursor).toBeNull();
    expect(walk.pages.length).toBe(Math.ceil(total / 2));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.body.items.map((s: any) => s.id));

    const limit = await bob.get('/services?limit=501');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(
      /request\/query\/limit must be <= 500/,
    );
    const cursorBad = await bob.get('/services?cursor=bm90LWEtY3Vyc29y');
    expect(cursorBad.status).toBe(400);
    expect(cursorBad.body.error.message).toMatch(/^cursor:/);
    const sortBad = await bob.get('/services?sort=color');
    expect(sortBad.status).toBe(400);
    expect(sortBad.body.error.message).toMatch(/sort/);
  });
});

describe('GET /services/{id}/availability', () => {
  const t = useItsmTestBackend();
  let serviceId: string;
  let noSlaId: string;
  beforeAll(async () => {
    const bob = t.as();
    const sla = await bob.post('/slas', silverSla);
    serviceId = (
      await bob.post('/services', {
        entityRef: 'component:default/checkout',
        name: 'Checkout',
        slaId: sla.body.id,
      })
    ).body.id;
    noSlaId = (
      await bob.post('/services', {
        entityRef: 'component:default/search',
        name: 'Search',
      })
    ).body.id;
    // A one-hour outage on Mon 2025-11-10, 10:00–11:00 Berlin (CET = UTC+1), in business hours.
    const outage = await bob.post('/incidents', {
      title: 'Checkout down',
      entityRef: 'component:default/checkout',
      impact: 1,
      urgency: 1,
      source: 'import',
      openedAt: '2025-11-10T09:00:00Z',
      outage: { start: '2025-11-10T09:00:00Z', end: '2025-11-10T10:00:00Z' },
    });
    expectStatus(outage, 201);
    // Outside business hours (Sat 2025-11-15): no downtime under the Silver calendar.
    const weekend = await bob.post('/incidents', {
      title: 'Checkout down on Saturday',
      entityRef: 'component:default/checkout',
      impact: 1,
      urgency: 2,
      source: 'import',
      openedAt: '2025-11-15T10:00:00Z',
      outage: { start: '2025-11-15T10:00:00Z', end: '2025-11-15T14:00:00Z' },
    });
    expectStatus(weekend, 201);
  });

  it('computes the month by the SLA calendar', async () => {
    const res = await t
      .as()
      .get(`/services/${serviceId}/availability?month=2025-11`);
    expect(res.status).toBe(200);
    // November 2025: 20 weekdays × 10 h = 12000 business minutes; 60 minutes down.
    expect(res.body).toEqual({
      serviceId,
      month: '2025-11',
      scheduledMinutes: 12000,
      downtimeMinutes: 60,
      availability: 99.5,
      target: 99.5,
      met: true,
      errorBudget: {
        totalMinutes: 60,
        usedMinutes: 60,
        remainingMinutes: 0,
        burnRate: 1,
      },
    });

    const october = await t
      .as()
      .get(`/services/${serviceId}/availability?month=2025-10`);
    expect(october.status).toBe(200);
    // October 2025: 23 weekdays × 10 h.
    expect(october.body).toMatchObject({
      scheduledMinutes: 13800,
      downtimeMinutes: 0,
      availability: 100,
      met: true,
    });
  });

  it('defaults to the current month in the calendar zone', async () => {
    const res = await t.as().get(`/services/${serviceId}/availability`);
    expect(res.status).toBe(200);
    expect(res.body.month).toBe(
      DateTime.now().setZone('Europe/Berlin').toFormat('yyyy-MM'),
    );
  });

  it('answers 400 for a malformed month and 404 without an SLA', async () => {
    const bad = await t
      .as()
      .get(`/services/${serviceId}/availability?month=2025-13`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/month/);
    const noSla = await t
      .as()
      .get(`/services/${noSlaId}/availability?month=2025-11`);
    expect(noSla.status).toBe(404);
    expect(noSla.body.error.message).toBe(
      'Service Search has no SLA, so it has no availability target',
    );
  });
});
