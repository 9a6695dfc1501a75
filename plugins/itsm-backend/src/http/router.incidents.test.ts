import {
  CHECKOUT,
  PAYMENTS,
  SEARCH,
  SERVICE_ACTOR,
  gold24x7Sla,
  silverSla,
  UNKNOWN_ID,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectRecordMeta,
  expectStatus,
  listTitles,
  useItsmTestBackend,
  walkPages,
} from '../__testUtils__/testBackend';

/*
 * Router tests of /incidents: creation, the priority matrix, updates with optimistic
 * concurrency, the state machine, escalations, SLA figures of imported incidents, lists and
 * history, through HTTP and the real SQLite database.
 */

const enc = encodeURIComponent;

/** Creates an incident as bob. */
async function createIncident(t: ItsmTestBackend, body: object) {
  const res = await t.as('user:default/bob').post('/incidents', body);
  expect(res.status).toBe(201);
  return res.body;
}

async function setUp(t: ItsmTestBackend) {
  const bob = t.as('user:default/bob');
  const silver = await bob.post('/slas', silverSla);
  const gold = await bob.post('/slas', gold24x7Sla);
  const checkout = await bob.post('/services', {
    entityRef: CHECKOUT,
    name: 'Checkout',
    slaId: silver.body.id,
  });
  const payments = await bob.post('/services', {
    entityRef: PAYMENTS,
    name: 'Payments',
    slaId: gold.body.id,
  });
  expect([
    silver.status,
    gold.status,
    checkout.status,
    payments.status,
  ]).toEqual([201, 201, 201, 201]);
  return {
    silverId: silver.body.id,
    checkoutId: checkout.body.id,
    paymentsId: payments.body.id,
  };
}

describe('POST /incidents', () => {
  // The test service principal may also work incidents here (itsm.servicePrincipals.allow).
  const t = useItsmTestBackend({
    config: {
      itsm: {
        servicePrincipals: {
          allow: ['read', 'incident.create', 'incident.update'],
        },
      },
    },
    setUp,
  });

  it('creates an incident with the record fields and defaults', async () => {
    const res = await t.as('user:default/bob').post('/incidents', {
      title: 'Checkout slow',
      description: 'p95 above 3 s',
      entityRef: 'checkout',
      impact: 2,
      urgency: 2,
    });
    expect(res.status).toBe(201);
    expectRecordMeta(res.body, 'user:default/bob');
    expect(res.body).toMatchObject({
      title: 'Checkout slow',
      description: 'p95 above 3 s',
      entityRef: CHECKOUT,
      serviceId: t.data.checkoutId,
      impact: 2,
      urgency: 2,
      priority: 'P3',
      state: 'new',
      onHoldReason: null,
      assigneeRef: null,
      supportLevel: 'L1',
      source: 'portal',
      openedAt: res.body.createdAt,
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      outage: null,
      problemId: null,
      causedByChangeId: null,
    });
    expect(res.body.number).toMatch(/^INC-\d{4,}$/);

    const read = await t.as().get(`/incidents/${res.body.id}`);
    expect(read.status).toBe(200);
    const { sla, ...rest } = read.body;
    expect(rest).toEqual(res.body);
    expect(sla).toMatchObject({ slaId: t.data.silverId, slaName: 'Silver' });
    expect(sla.response.goalMinutes).toBe(240);
    expect(sla.resolution.goalMinutes).toBe(1440);
  });

  it('derives the priority from the impact × urgency matrix', async () => {
    const expected: Record<string, string> = {
      '1,1': 'P1',
      '1,2': 'P2',
      '1,3': 'P3',
      '2,1': 'P2',
      '2,2': 'P3',
      '2,3': 'P4',
      '3,1': 'P3',
      '3,2': 'P4',
      '3,3': 'P4',
    };
    for (const [key, priority] of Object.entries(expected)) {
      const [impact, urgency] = key.split(',').map(Number);
      const res = await t.as().post('/incidents', {
        title: `Matrix ${key}`,
        entityRef: SEARCH,
        impact,
        urgency,
      });
      expect(res.status).toBe(201);
      expect([key, res.body.priority]).toEqual([key, priority]);
    }
  });

  it('numbers incidents consecutively', async () => {
    const a = await t.as().post('/incidents', {
      title: 'A',
      entityRef: SEARCH,
      impact: 3,
      urgency: 3,
    });
    const b = await t.as().post('/incidents', {
      title: 'B',
      entityRef: SEARCH,
      impact: 3,
      urgency: 3,
    });
    const n = (r: any) => Number(r.body.number.slice(4));
    expect(n(b)).toBe(n(a) + 1);
  });

  it('takes the entity of the service, and refuses an entity outside it', async () => {
    const byService = await t.as().post('/incidents', {
      title: 'Gateway errors',
      serviceId: t.data.paymentsId,
      impact: 2,
      urgency: 1,
    });
    expect(byService.status).toBe(201);
    expect(byService.body).toMatchObject({
      entityRef: PAYMENTS,
      serviceId: t.data.paymentsId,
      priority: 'P2',
    });

    const mismatch = await t.as().post('/incidents', {
      title: 'x',
      serviceId: t.data.paymentsId,
      entityRef: CHECKOUT,
      impact: 2,
      urgency: 1,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toBe(
      'entityRef: component:default/checkout is not one of the entities of service Payments',
    );
  });

  it('creates incidents on entities without a service (no SLA)', async () => {
    const res = await t.as().post('/incidents', {
      title: 'Search down',
      entityRef: SEARCH,
      impact: 1,
      urgency: 1,
    });
    expect(res.status).toBe(201);
    expect(res.body.serviceId).toBeNull();
    const read = await t.as().get(`/incidents/${res.body.id}`);
    expect(read.body.sla).toBeNull();
  });

  it('records a service principal as the creator', async () => {
    const res = await t.asService().post('/incidents', {
      title: 'Error rate alert',
      entityRef: PAYMENTS,
      impact: 2,
      urgency: 2,
      source: 'monitoring',
    });
    expect(res.status).toBe(201);
    expectRecordMeta(res.body, SERVICE_ACTOR);
    expect(res.body.source).toBe('monitoring');
    const history = await t
      .asService()
      .get(`/incidents/${res.body.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'created',
        actor: SERVICE_ACTOR,
        recordType: 'incident',
        recordId: res.body.id,
      }),
    ]);

    const ack = await t
      .asService()
      .post(`/incidents/${res.body.id}/transitions`, {
        to: 'in_progress',
        version: 1,
      });
    expect(ack.status).toBe(200);
    expect(ack.body.updatedBy).toBe(SERVICE_ACTOR);
    const after = await t.as().get(`/incidents/${res.body.id}/history`);
    expect(after.body.items.map((h: any) => [h.action, h.actor])).toEqual([
      ['created', SERVICE_ACTOR],
      ['transition', SERVICE_ACTOR],
    ]);
  });

  it.each([
    [
      'no title',
      { entityRef: CHECKOUT, impact: 1, urgency: 1 },
      /required property 'title'/,
    ],
    [
      'no impact',
      { title: 'x', entityRef: CHECKOUT, urgency: 1 },
      /required property 'impact'/,
    ],
    [
      'no urgency',
      { title: 'x', entityRef: CHECKOUT, impact: 1 },
      /required property 'urgency'/,
    ],
    [
      'impact 7',
      { title: 'x', entityRef: CHECKOUT, impact: 7, urgency: 1 },
      /^request\/body\/impact must be <= 3$/,
    ],
    [
      'urgency 0',
      { title: 'x', entityRef: CHECKOUT, impact: 1, urgency: 0 },
      /^request\/body\/urgency must be >= 1$/,
    ],
    [
      'an unknown source',
      { title: 'x', entityRef: CHECKOUT, impact: 1, urgency: 1, source: 'fax' },
      /request\/body\/source must be equal to one of the allowed values/,
    ],
    [
      'an unknown support level',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        supportLevel: 'L4',
      },
      /supportLevel/,
    ],
    [
      'an unknown field',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        priority: 'P1',
      },
      /must NOT have additional properties/,
    ],
    [
      'an empty title',
      { title: '', entityRef: CHECKOUT, impact: 1, urgency: 1 },
      /request\/body\/title must NOT have fewer than 1 characters/,
    ],
    [
      'no entity nor service',
      { title: 'x', impact: 1, urgency: 1 },
      /^entityRef: required/,
    ],
    [
      'openedAt without source import',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        openedAt: '2025-11-03T07:00:00Z',
      },
      /^openedAt: may only be given for incidents with source "import"$/,
    ],
    [
      'openedAt in the future',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        source: 'import',
        openedAt: '2099-01-01T00:00:00Z',
      },
      /^openedAt: .* is in the future$/,
    ],
    [
      'openedAt that is no date',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        source: 'import',
        openedAt: 'yesterday',
      },
      /openedAt/,
    ],
    [
      'an outage ending before it starts',
      {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        outage: { start: '2025-11-03T08:00:00Z', end: '2025-11-03T07:00:00Z' },
      },
      /^outage\.end: must not be before outage\.start$/,
    ],
    [
      'a malformed entity ref',
      { title: 'x', entityRef: 'component:', impact: 1, urgency: 1 },
      /^entityRef: 'component:' is not a valid entity ref/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const res = await t.as().post('/incidents', body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    [
      'an entity missing from the catalog',
      { entityRef: 'component:default/ghost' },
      "entityRef: no entity 'component:default/ghost' in the catalog",
    ],
    [
      'an unknown service',
      { serviceId: UNKNOWN_ID },
      `serviceId: no service with id ${UNKNOWN_ID}`,
    ],
    [
      'an unknown problem',
      { entityRef: CHECKOUT, problemId: UNKNOWN_ID },
      `problemId: no problem with id ${UNKNOWN_ID}`,
    ],
    [
      'an unknown change',
      { entityRef: CHECKOUT, causedByChangeId: UNKNOWN_ID },
      `causedByChangeId: no change with id ${UNKNOWN_ID}`,
    ],
  ])('answers 404 for %s', async (_name, extra, message) => {
    const res = await t
      .as()
      .post('/incidents', { title: 'x', impact: 2, urgency: 2, ...extra });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(message);
  });

  it('answers 404 for unknown incidents on every route', async () => {
    const bob = t.as();
    const responses = [
      await bob.get('/incidents/nope'),
      await bob.patch('/incidents/nope', { version: 1, title: 'x' }),
      await bob.post('/incidents/nope/transitions', {
        to: 'in_progress',
        version: 1,
      }),
      await bob.get('/incidents/nope/history'),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No incident with id nope');
    }
  });
});

describe('PATCH /incidents/{id}', () => {
  const t = useItsmTestBackend({ setUp });

  const create = (body: object = {}) =>
    createIncident(t, {
      title: 'Checkout broken',
      entityRef: CHECKOUT,
      impact: 3,
      urgency: 3,
      ...body,
    });

  it('updates fields, bumps the version and records who did it', async () => {
    const incident = await create();
    const res = await t
      .as('user:default/dave')
      .patch(`/incidents/${incident.id}`, {
        version: 1,
        title: 'Checkout button broken',
        assigneeRef: 'dave',
        workaround: 'Use the mobile app',
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      title: 'Checkout button broken',
      assigneeRef: 'user:default/dave',
      workaround: 'Use the mobile app',
      createdBy: 'user:default/bob',
      updatedBy: 'user:default/dave',
      createdAt: incident.createdAt,
    });
    expect(res.body.updatedAt >= incident.updatedAt).toBe(true);

    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[1]).toMatchObject({
      action: 'updated',
      actor: 'user:default/dave',
      changes: {
        title: { from: 'Checkout broken', to: 'Checkout button broken' },
        assigneeRef: { from: null, to: 'user:default/dave' },
        workaround: { from: null, to: 'Use the mobile app' },
      },
    });
  });

  it('re-derives the priority when impact or urgency change (and the SLA goal with it)', async () => {
    const incident = await create();
    expect(incident.priority).toBe('P4');

    const impact = await t
      .as()
      .patch(`/incidents/${incident.id}`, { version: 1, impact: 1 });
    expect(impact.status).toBe(200);
    expect(impact.body).toMatchObject({
      impact: 1,
      urgency: 3,
      priority: 'P3',
    });

    const urgency = await t
      .as()
      .patch(`/incidents/${incident.id}`, { version: 2, urgency: 1 });
    expect(urgency.body).toMatchObject({
      impact: 1,
      urgency: 1,
      priority: 'P1',
    });

    const read = await t.as().get(`/incidents/${incident.id}`);
    expect(read.body.sla.response.goalMinutes).toBe(30);
    expect(read.body.sla.resolution.goalMinutes).toBe(240);

    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(history.body.items.map((h: any) => h.changes.priority)).toEqual([
      { from: null, to: 'P4' },
      { from: 'P4', to: 'P3' },
      { from: 'P3', to: 'P1' },
    ]);
  });

  it('records an escalation L1 → L2 as an escalation', async () => {
    const incident = await create();
    const res = await t
      .as('user:default/erin')
      .patch(`/incidents/${incident.id}`, {
        version: 1,
        supportLevel: 'L2',
        comment: 'Needs the database team',
      });
    expect(res.status).toBe(200);
    expect(res.body.supportLevel).toBe('L2');

    const back = await t
      .as()
      .patch(`/incidents/${incident.id}`, { version: 2, supportLevel: 'L1' });
    expect(back.status).toBe(200);

    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(history.body.items.slice(1)).toEqual([
      expect.objectContaining({
        action: 'escalation',
        actor: 'user:default/erin',
        changes: { supportLevel: { from: 'L1', to: 'L2' } },
        comment: 'Needs the database team',
      }),
      expect.objectContaining({
        action: 'updated',
        changes: { supportLevel: { from: 'L2', to: 'L1' } },
      }),
    ]);
  });

  it('accepts the version as an If-Match header', async () => {
    const incident = await create();
    const quoted = await t
      .as()
      .patch(`/incidents/${incident.id}`, { title: 'Via If-Match' })
      .set('If-Match', '"1"');
    expect(quoted.status).toBe(200);
    expect(quoted.body).toMatchObject({ version: 2, title: 'Via If-Match' });

    const weak = await t
      .as()
      .patch(`/incidents/${incident.id}`, { title: 'Weak tag' })
      .set('If-Match', 'W/"2"');
    expect(weak.status).toBe(200);
    expect(weak.body.version).toBe(3);

    const stale = await t
      .as()
      .patch(`/incidents/${incident.id}`, { title: 'Stale tag' })
      .set('If-Match', '2');
    expect(stale.status).toBe(409);

    const bad = await t
      .as()
      .patch(`/incidents/${incident.id}`, { title: 'x' })
      .set('If-Match', '"abc"');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^If-Match:/);

    expect((await t.as().get(`/incidents/${incident.id}`)).body).toMatchObject({
      version: 3,
      title: 'Weak tag',
    });
  });

  it('answers 400 without a version and for invalid bodies, changing nothing', async () => {
    const incident = await create();
    const cases: Array<[object, RegExp]> = [
      [{ title: 'No version' }, /^version: required/],
      [{ version: 1, impact: 7 }, /^request\/body\/impact must be <= 3$/],
      [{ version: 1, priority: 'P1' }, /must NOT have additional properties/],
      [
        { version: 1, state: 'resolved' },
        /must NOT have additional properties/,
      ],
      [{ version: 0, title: 'x' }, /request\/body\/version must be >= 1/],
      [{ version: 1, supportLevel: 'L9' }, /supportLevel/],
      [
        {
          version: 1,
          outage: {
            start: '2025-11-03T08:00:00Z',
            end: '2025-11-03T07:00:00Z',
          },
        },
        /^outage\.end: must not be before outage\.start$/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await t.as().patch(`/incidents/${incident.id}`, body);
      expect([JSON.stringify(body), res.status]).toEqual([
        JSON.stringify(body),
        400,
      ]);
      expect(res.body.error.message).toMatch(message);
    }
    const unknownProblem = await t.as().patch(`/incidents/${incident.id}`, {
      version: 1,
      problemId: UNKNOWN_ID,
    });
    expect(unknownProblem.status).toBe(404);
    expect(unknownProblem.body.error.message).toBe(
      `problemId: no problem with id ${UNKNOWN_ID}`,
    );

    const read = await t.as().get(`/incidents/${incident.id}`);
    expect(read.body.version).toBe(1);
    expect(read.body.title).toBe('Checkout broken');
    expect(
      (await t.as().get(`/incidents/${incident.id}/history`)).body.items,
    ).toHaveLength(1);
  });

  it('answers 409 for a stale version and keeps the stored values', async () => {
    const incident = await create();
    expect(
      (
        await t
          .as()
          .patch(`/incidents/${incident.id}`, { version: 1, title: 'First' })
      ).status,
    ).toBe(200);
    const stale = await t
      .as('user:default/erin')
      .patch(`/incidents/${incident.id}`, {
        version: 1,
        title: 'Second',
        impact: 1,
      });
    expect(stale.status).toBe(409);
    expect(stale.body.error.name).toBe('ConflictError');
    expect(stale.body.error.message).toMatch(
      /^version: .*current version 2, yours 1/,
    );

    const read = await t.as().get(`/incidents/${incident.id}`);
    expect(read.body).toMatchObject({
      version: 2,
      title: 'First',
      impact: 3,
      priority: 'P4',
      updatedBy: 'user:default/bob',
    });
    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(history.body.items.map((h: any) => h.actor)).toEqual([
      'user:default/bob',
      'user:default/bob',
    ]);
  });

  it('answers 409 for closed and canceled incidents', async () => {
    const closedOne = await create();
    let v = 1;
    for (const to of ['resolved', 'closed']) {
      const res = await t
        .as()
        .post(`/incidents/${closedOne.id}/transitions`, { to, version: v });
      expect(res.status).toBe(200);
      v = res.body.version;
    }
    const closed = await t
      .as()
      .patch(`/incidents/${closedOne.id}`, { version: v, title: 'Too late' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe(
      `state: incident ${closedOne.number} is closed and can no longer be changed`,
    );
    expect((await t.as().get(`/incidents/${closedOne.id}`)).body.title).toBe(
      'Checkout broken',
    );

    const canceledOne = await create();
    const cancel = await t
      .as()
      .post(`/incidents/${canceledOne.id}/transitions`, {
        to: 'canceled',
        version: 1,
      });
    expect(cancel.body).toMatchObject({
      state: 'canceled',
      closedAt: expect.any(String),
    });
    const canceled = await t
      .as()
      .patch(`/incidents/${canceledOne.id}`, { version: 2, title: 'Too late' });
    expect(canceled.status).toBe(409);
    expect(canceled.body.error.message).toMatch(
      /is canceled and can no longer be changed/,
    );
  });
});

describe('POST /incidents/{id}/transitions', () => {
  const t = useItsmTestBackend({ setUp });

  const create = (body: object = {}) =>
    createIncident(t, {
      title: 'Payments failing',
      entityRef: PAYMENTS,
      impact: 1,
      urgency: 2,
      ...body,
    });
  const move = (id: string, body: object, user = 'user:default/bob') =>
    t.as(user).post(`/incidents/${id}/transitions`, body);

  it('runs new → in_progress → on_hold → in_progress → resolved → reopen → resolved → closed', async () => {
    const incident = await create({
      outage: { start: '2026-01-01T00:00:00Z' },
    });

    const ack = await move(
      incident.id,
      { to: 'in_progress', version: 1 },
      'user:default/carol',
    );
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      state: 'in_progress',
      version: 2,
      updatedBy: 'user:default/carol',
    });
    expect(ack.body.acknowledgedAt).toEqual(expect.any(String));

    const noReason = await move(incident.id, { to: 'on_hold', version: 2 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(
      /^reason: required when putting an incident on hold/,
    );
    const badReason = await move(incident.id, {
      to: 'on_hold',
      version: 2,
      reason: 'lunch',
    });
    expect(badReason.status).toBe(400);
    expect(badReason.body.error.message).toMatch(
      /request\/body\/reason must be equal to one of the allowed values/,
    );

    const hold = await move(incident.id, {
      to: 'on_hold',
      version: 2,
      reason: 'awaiting_vendor',
      comment: 'PSP ticket 42',
    });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({
      state: 'on_hold',
      onHoldReason: 'awaiting_vendor',
    });

    const resume = await move(incident.id, { to: 'in_progress', version: 3 });
    expect(resume.body).toMatchObject({
      state: 'in_progress',
      onHoldReason: null,
      acknowledgedAt: ack.body.acknowledgedAt,
    });

    const resolved = await move(incident.id, {
      to: 'resolved',
      version: 4,
      resolutionNotes: 'PSP fixed it',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      state: 'resolved',
      resolutionNotes: 'PSP fixed it',
    });
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    // Resolving ends the ongoing outage at the same moment.
    expect(resolved.body.outage).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: resolved.body.resolvedAt,
    });

    const reopened = await move(
      incident.id,
      { to: 'in_progress', version: 5, comment: 'Still failing' },
      'user:default/erin',
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      state: 'in_progress',
      resolvedAt: null,
    });

    const resolvedAgain = await move(incident.id, {
      to: 'resolved',
      version: 6,
    });
    const closed = await move(incident.id, {
      to: 'closed',
      version: resolvedAgain.body.version,
    });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.closedAt).toEqual(expect.any(String));

    const final = await move(incident.id, {
      to: 'in_progress',
      version: closed.body.version,
    });
    expect(final.status).toBe(409);
    expect(final.body.error.message).toBe(
      `to: cannot move incident ${incident.number} from closed to in_progress; allowed: none (final state)`,
    );

    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(
      history.body.items.map((h: any) => [
        h.action,
        h.changes.state?.to,
        h.actor,
      ]),
    ).toEqual([
      ['created', 'new', 'user:default/bob'],
      ['transition', 'in_progress', 'user:default/carol'],
      ['transition', 'on_hold', 'user:default/bob'],
      ['transition', 'in_progress', 'user:default/bob'],
      ['transition', 'resolved', 'user:default/bob'],
      ['reopened', 'in_progress', 'user:default/erin'],
      ['transition', 'resolved', 'user:default/bob'],
      ['transition', 'closed', 'user:default/bob'],
    ]);
    expect(history.body.items[2].comment).toBe('PSP ticket 42');
    expect(history.body.items[5].comment).toBe('Still failing');
  });

  it('answers 409 naming the allowed states for an illegal transition', async () => {
    const incident = await create();
    const res = await move(incident.id, { to: 'closed', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `to: cannot move incident ${incident.number} from new to closed; allowed: in_progress, on_hold, resolved, canceled`,
    );
    const read = await t.as().get(`/incidents/${incident.id}`);
    expect(read.body).toMatchObject({ state: 'new', version: 1 });
  });

  it('answers 409 for a stale version and 400 without one', async () => {
    const incident = await create();
    expect(
      (await move(incident.id, { to: 'in_progress', version: 1 })).status,
    ).toBe(200);
    const stale = await move(incident.id, { to: 'resolved', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /^version: .*current version 2, yours 1/,
    );
    expect((await t.as().get(`/incidents/${incident.id}`)).body).toMatchObject({
      state: 'in_progress',
      resolvedAt: null,
    });

    const none = await move(incident.id, { to: 'resolved' });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^version: required/);

    const viaHeader = await t
      .as()
      .post(`/incidents/${incident.id}/transitions`, { to: 'resolved' })
      .set('If-Match', '"2"');
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.state).toBe('resolved');
  });

  it.each([
    [
      'an unknown state',
      { to: 'done', version: 1 },
      /request\/body\/to must be equal to one of the allowed values/,
    ],
    ['no target state', { version: 1 }, /required property 'to'/],
    [
      'an unknown field',
      { to: 'in_progress', version: 1, priority: 'P1' },
      /must NOT have additional properties/,
    ],
    [
      '`at` on an incident that was not imported',
      { to: 'in_progress', version: 1, at: '2025-11-03T07:45:00Z' },
      /^at: explicit timestamps are only allowed for incidents with source "import"$/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const incident = await create();
    const res = await move(incident.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await t.as().get(`/incidents/${incident.id}`)).body).toMatchObject({
      state: 'new',
      version: 1,
    });
  });
});

describe('SLA figures of imported incidents (Silver: Mon–Fri 08–18 Europe/Berlin)', () => {
  const t = useItsmTestBackend({ setUp });

  const importIncident = async (body: object) => {
    const res = await t.as().post('/incidents', {
      title: 'Imported',
      entityRef: CHECKOUT,
      source: 'import',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const replay = async (id: string, steps: object[]) => {
    let version = 1;
    for (const step of steps) {
      const res = await t
        .as()
        .post(`/incidents/${id}/transitions`, { ...step, version });
      expect([JSON.stringify(step), res.status]).toEqual([
        JSON.stringify(step),
        200,
      ]);
      version = res.body.version;
    }
  };

  it('P1 opened Mon 08:00, acknowledged 08:45, resolved 11:00 Berlin', async () => {
    // Mon 2025-11-03 08:00 CET = 07:00Z. P1: response 30 min, resolution 240 min.
    const incident = await importIncident({
      impact: 1,
      urgency: 1,
      openedAt: '2025-11-03T08:00:00+01:00',
    });
    expect(incident.openedAt).toBe('2025-11-03T07:00:00.000Z');
    await replay(incident.id, [
      { to: 'in_progress', at: '2025-11-03T07:45:00Z' },
      { to: 'resolved', at: '2025-11-03T10:00:00Z' },
    ]);

    const res = await t.as().get(`/incidents/${incident.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'resolved',
      acknowledgedAt: '2025-11-03T07:45:00.000Z',
      resolvedAt: '2025-11-03T10:00:00.000Z',
    });
    expect(res.body.sla.slaName).toBe('Silver');
    // 45 business minutes against 30: breached at 08:30 Berlin.
    expect(res.body.sla.response).toEqual({
      goalMinutes: 30,
      elapsedMinutes: 45,
      remainingMinutes: 0,
      percent: 150,
      deadline: '2025-11-03T07:30:00.000Z',
      state: 'breached',
      warning: true,
      breachedAt: '2025-11-03T07:30:00.000Z',
      stoppedAt: '2025-11-03T07:45:00.000Z',
    });
    // 180 of 240 minutes: met, deadline 12:00 Berlin.
    expect(res.body.sla.resolution).toEqual({
      goalMinutes: 240,
      elapsedMinutes: 180,
      remainingMinutes: 60,
      percent: 75,
      deadline: '2025-11-03T11:00:00.000Z',
      state: 'met',
      warning: true,
      breachedAt: null,
      stoppedAt: '2025-11-03T10:00:00.000Z',
    });

    const history = await t.as().get(`/incidents/${incident.id}/history`);
    expect(history.body.items.map((h: any) => h.at)).toEqual([
      expect.any(String),
      '2025-11-03T07:45:00.000Z',
      '2025-11-03T10:00:00.000Z',
    ]);
  });

  it('P2 over a weekend with time on hold', async () => {
    // Fri 2025-11-07 17:00 Berlin (16:00Z); P2: response 60, resolution 480 business minutes.
    const incident = await importIncident({
      impact: 1,
      urgency: 2,
      openedAt: '2025-11-07T16:00:00Z',
    });
    await replay(incident.id, [
      { to: 'in_progress', at: '2025-11-10T07:30:00Z' }, // Mon 08:30
      { to: 'on_hold', reason: 'awaiting_vendor', at: '2025-11-10T09:00:00Z' }, // Mon 10:00
      { to: 'in_progress', at: '2025-11-10T11:00:00Z' }, // Mon 12:00
      { to: 'resolved', at: '2025-11-10T13:00:00Z' }, // Mon 14:00
    ]);
    const { sla } = (await t.as().get(`/incidents/${incident.id}`)).body;
    // Response: Fri 17–18 (60) + Mon 08:00–08:30 (30) = 90 > 60; used up Fri 18:00.
    expect(sla.response).toEqual({
      goalMinutes: 60,
      elapsedMinutes: 90,
      remainingMinutes: 0,
      percent: 150,
      deadline: '2025-11-07T17:00:00.000Z',
      state: 'breached',
      warning: true,
      breachedAt: '2025-11-07T17:00:00.000Z',
      stoppedAt: '2025-11-10T07:30:00.000Z',
    });
    // Resolution: 60 (Fri) + 120 (Mon 08–10) + 120 (Mon 12–14) = 300; on hold 10–12 not counted.
    // Deadline as it stood in the last running stretch: 12:00 + 300 min = 17:00 Berlin.
    expect(sla.resolution).toEqual({
      goalMinutes: 480,
      elapsedMinutes: 300,
      remainingMinutes: 180,
      percent: 62.5,
      deadline: '2025-11-10T16:00:00.000Z',
      state: 'met',
      warning: false,
      breachedAt: null,
      stoppedAt: '2025-11-10T13:00:00.000Z',
    });
  });

  it('an imported P4 left open breached both clocks long ago', async () => {
    // Mon 2025-11-03 08:00 Berlin; P4: response 480 (→ Mon 16:00), resolution 2880 (→ Fri 16:00).
    const incident = await importIncident({
      impact: 3,
      urgency: 3,
      openedAt: '2025-11-03T07:00:00Z',
    });
    const { sla } = (await t.as().get(`/incidents/${incident.id}`)).body;
    expect(sla.response).toMatchObject({
      goalMinutes: 480,
      state: 'breached',
      breachedAt: '2025-11-03T15:00:00.000Z',
      remainingMinutes: 0,
      stoppedAt: null,
    });
    expect(sla.resolution).toMatchObject({
      goalMinutes: 2880,
      state: 'breached',
      breachedAt: '2025-11-07T15:00:00.000Z',
      remainingMinutes: 0,
      stoppedAt: null,
    });
  });

  it('validates the `at` of imported transitions', async () => {
    const incident = await importIncident({
      impact: 2,
      urgency: 2,
      openedAt: '2025-11-03T07:00:00Z',
    });
    const before = await t.as().post(`/incidents/${incident.id}/transitions`, {
      to: 'in_progress',
      version: 1,
      at: '2025-11-03T06:00:00Z',
    });
    expect(before.status).toBe(400);
    expect(before.body.error.message).toBe(
      "at: 2025-11-03T06:00:00.000Z is before the incident's previous event (2025-11-03T07:00:00.000Z)",
    );
    const future = await t.as().post(`/incidents/${incident.id}/transitions`, {
      to: 'in_progress',
      version: 1,
      at: '2099-01-01T00:00:00Z',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toMatch(/^at: .* is in the future$/);
    const notADate = await t
      .as()
      .post(`/incidents/${incident.id}/transitions`, {
        to: 'in_progress',
        version: 1,
        at: 'soon',
      });
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.message).toMatch(/at/);
    expect((await t.as().get(`/incidents/${incident.id}`)).body).toMatchObject({
      state: 'new',
      version: 1,
    });
  });
});

describe('GET /incidents', () => {
  const t = useItsmTestBackend();
  let ids: Awaited<ReturnType<typeof setUp>>;
  const byTitle: Record<string, any> = {};
  beforeAll(async () => {
    ids = await setUp(t);
    const bob = t.as();
    const rows: Array<[string, object]> = [
      ['Checkout slow', { entityRef: CHECKOUT, impact: 2, urgency: 2 }],
      [
        'Payment declined',
        {
          entityRef: PAYMENTS,
          impact: 1,
          urgency: 1,
          description: 'Card processor timeout',
        },
      ],
      [
        'Checkout button missing',
        {
          entityRef: CHECKOUT,
          impact: 3,
          urgency: 3,
          assigneeRef: 'user:default/dave',
        },
      ],
      [
        'Legacy outage',
        {
          entityRef: CHECKOUT,
          impact: 1,
          urgency: 2,
          source: 'import',
          openedAt: '2025-06-01T10:00:00Z',
        },
      ],
      [
        'Old payments glitch',
        {
          entityRef: PAYMENTS,
          impact: 2,
          urgency: 3,
          source: 'import',
          openedAt: '2025-07-01T10:00:00Z',
        },
      ],
      ['Search index stale', { entityRef: SEARCH, impact: 2, urgency: 1 }],
    ];
    for (const [title, body] of rows) {
      const res = expectStatus(
        await bob.post('/incidents', { title, ...body }),
        201,
      );
      byTitle[title] = res.body;
    }
    expectStatus(
      await bob.post(
        `/incidents/${byTitle['Search index stale'].id}/transitions`,
        { to: 'in_progress', version: 1 },
      ),
      200,
    );
  });

  const titles = (query: string) => listTitles(t, '/incidents', query);

  it('lists everything, newest opened first by default', async () => {
    const res = await t.as().get('/incidents');
    expect(res.body.totalCount).toBe(6);
    expect(res.body.nextCursor).toBeNull();
    const openedAt = res.body.items.map((i: any) => i.openedAt);
    expect(openedAt).toEqual([...openedAt].sort().reverse());
    expect(res.body.items.slice(-2).map((i: any) => i.title)).toEqual([
      'Old payments glitch',
      'Legacy outage',
    ]);
    for (const item of res.body.items) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining([
          'id',
          'version',
          'createdAt',
          'createdBy',
          'updatedAt',
          'updatedBy',
        ]),
      );
    }
  });

  it('filters by entity, state, priority, owner, service, assignee and time', async () => {
    expect(await titles(`?entityRef=${enc(CHECKOUT)}`)).toEqual([
      'Checkout button missing',
      'Checkout slow',
      'Legacy outage',
    ]);
    expect(await titles('?entityRef=payments')).toEqual([
      'Old payments glitch',
      'Payment declined',
    ]);
    expect(await titles('?state=in_progress')).toEqual(['Search index stale']);
    expect((await titles('?state=new&state=in_progress')).length).toBe(6);
    expect(await titles('?state=resolved')).toEqual([]);
    expect(await titles('?priority=P4')).toEqual([
      'Checkout button missing',
      'Old payments glitch',
    ]);
    expect(await titles('?priority=P1&priority=P2')).toEqual([
      'Legacy outage',
      'Payment declined',
      'Search index stale',
    ]);
    expect(
      await titles(`?owner=${enc('group:default/payments-team')}`),
    ).toEqual(['Old payments glitch', 'Payment declined']);
    expect(await titles('?owner=shop-team')).toEqual([
      'Checkout button missing',
      'Checkout slow',
      'Legacy outage',
    ]);
    expect(await titles(`?serviceId=${ids.paymentsId}`)).toEqual([
      'Old payments glitch',
      'Payment declined',
    ]);
    expect(await titles(`?assigneeRef=${enc('user:default/dave')}`)).toEqual([
      'Checkout button missing',
    ]);
    expect(await titles('?assigneeRef=dave')).toEqual([
      'Checkout button missing',
    ]);
    expect(
      await titles(
        `?from=${enc('2025-01-01T00:00:00Z')}&to=${enc(
          '2026-01-01T00:00:00Z',
        )}`,
      ),
    ).toEqual(['Legacy outage', 'Old payments glitch']);
    expect(
      await titles(
        `?from=${enc('2025-06-15T00:00:00Z')}&to=${enc(
          '2025-12-31T00:00:00Z',
        )}`,
      ),
    ).toEqual(['Old payments glitch']);
    expect(await titles(`?entityRef=${enc(CHECKOUT)}&priority=P2`)).toEqual([
      'Legacy outage',
    ]);
  });

  it('searches title, description and the incident number', async () => {
    expect(await titles('?q=checkout')).toEqual([
      'Checkout button missing',
      'Checkout slow',
    ]);
    expect(await titles('?q=PROCESSOR')).toEqual(['Payment declined']);
    const number = byTitle['Payment declined'].number;
    expect(await titles(`?q=${number}`)).toEqual(['Payment declined']);
    expect(await titles(`?q=${number.toLowerCase().replace('-', '')}`)).toEqual(
      ['Payment declined'],
    );
    expect(await titles('?q=100%25')).toEqual([]);
    expect(await titles('?q=nothing-matches')).toEqual([]);
  });

  it('sorts by priority, number and the given order', async () => {
    const byPriority = await t.as().get('/incidents?sort=priority');
    expect(byPriority.body.items.map((i: any) => i.priority)).toEqual([
      'P1',
      'P2',
      'P2',
      'P3',
      'P4',
      'P4',
    ]);
    const byPriorityDesc = await t
      .as()
      .get('/incidents?sort=priority&order=desc');
    expect(byPriorityDesc.body.items.map((i: any) => i.priority)).toEqual([
      'P4',
      'P4',
      'P3',
      'P2',
      'P2',
      'P1',
    ]);
    const byNumber = await t.as().get('/incidents?sort=number&order=asc');
    const numbers = byNumber.body.items.map((i: any) =>
      Number(i.number.slice(4)),
    );
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(byNumber.body.items.map((i: any) => i.title)).toEqual(
      Object.keys(byTitle),
    );
    const oldestFirst = await t.as().get('/incidents?order=asc');
    expect(oldestFirst.body.items[0].title).toBe('Legacy outage');
  });

  it.each([
    '',
    '&sort=priority',
    '&sort=number&order=asc',
    `&entityRef=${enc(CHECKOUT)}`,
  ])('walks all pages with limit=2 (%s)', async extra => {
    const all = await t.as().get(`/incidents?limit=500${extra}`);
    const expected = all.body.items.map((i: any) => i.id);
    const walk = await walkPages(t.as(), `/incidents?limit=2${extra}`, {
      totalCount: expected.length,
      maxPages: 10,
    });
    walk.pages.forEach(page =>
      expect(page.items.length).toBeLessThanOrEqual(2),
    );
    const seen = walk.pages.flatMap(page => page.items.map(i => i.id));
    expect(walk.cursor).toBeNull();
    expect(walk.pages.length).toBe(Math.ceil(expected.length / 2));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });

  it.each([
    ['limit above 500', '?limit=501', /^request\/query\/limit must be <= 500$/],
    ['limit 0', '?limit=0', /limit/],
    ['a limit that is no number', '?limit=ten', /limit/],
    [
      'a forged cursor',
      '?cursor=not-a-cursor',
      /^cursor: invalid, not a cursor returned by this API$/,
    ],
    [
      'an unknown state',
      '?state=done',
      /request\/query\/state\/0 must be equal to one of the allowed values/,
    ],
    ['an unknown priority', '?priority=P5', /priority/],
    ['an unknown sort', '?sort=title', /sort/],
    ['an unknown order', '?order=up', /order/],
    ['a from that is no date-time', '?from=yesterday', /from/],
  ])('answers 400 for %s', async (_name, query, message) => {
    const res = await t.as().get(`/incidents${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});
