import {
  CHECKOUT,
  PAYMENTS,
  SEARCH,
  SERVICE_ACTOR,
  silverSla,
  UNKNOWN_ID,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectStatus,
  listTitles,
  useItsmTestBackend,
  walkPages,
} from '../__testUtils__/testBackend';

/*
 * Router tests of /problems: creation with linked incidents, updates with optimistic
 * concurrency, the state machine, lists and history, through HTTP and the real SQLite database.
 */

const enc = encodeURIComponent;

async function setUp(t: ItsmTestBackend) {
  const bob = t.as('user:default/bob');
  const sla = await bob.post('/slas', silverSla);
  const checkout = await bob.post('/services', {
    entityRef: CHECKOUT,
    name: 'Checkout',
    slaId: sla.body.id,
  });
  const payments = await bob.post('/services', {
    entityRef: PAYMENTS,
    name: 'Payments',
  });
  expect([sla.status, checkout.status, payments.status]).toEqual([
    201, 201, 201,
  ]);
  return { checkoutId: checkout.body.id, paymentsId: payments.body.id };
}

/** Creates a problem as bob. */
async function createProblem(t: ItsmTestBackend, body: object) {
  const res = await t.as('user:default/bob').post('/problems', body);
  expect(res.status).toBe(201);
  return res.body;
}

async function incident(
  t: ItsmTestBackend,
  entityRef: string,
  title = 'Timeouts',
) {
  const res = await t
    .as()
    .post('/incidents', { title, entityRef, impact: 2, urgency: 2 });
  expect(res.status).toBe(201);
  return res.body;
}

describe('POST /problems and linked incidents', () => {
  const t = useItsmTestBackend({ setUp });

  it('creates a problem with the record fields', async () => {
    const res = await t.as('user:default/carol').post('/problems', {
      title: 'Connection pool exhaustion',
      description: 'Pool of 10 is too small',
      entityRefs: ['payments'],
      rootCause: 'Pool size',
      knownError: { symptom: 'Timeouts', workaround: 'Restart' },
      assigneeRef: 'carol',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 1,
      createdBy: 'user:default/carol',
      updatedBy: 'user:default/carol',
      title: 'Connection pool exhaustion',
      description: 'Pool of 10 is too small',
      entityRefs: [PAYMENTS],
      serviceId: null,
      state: 'new',
      rootCause: 'Pool size',
      knownError: {
        symptom: 'Timeouts',
        workaround: 'Restart',
        solution: null,
      },
      assigneeRef: 'user:default/carol',
      incidentIds: [],
      fixChangeId: null,
    });
    expect(res.body.id).toEqual(expect.any(String));
    expect(res.body.updatedAt).toBe(res.body.createdAt);
    expect(res.body.number).toMatch(/^PRB-\d{4,}$/);

    const read = await t.as().get(`/problems/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('links incidents: sets their problemId, takes their entities and service', async () => {
    const a = await incident(t, CHECKOUT, 'Checkout timeouts');
    const b = await incident(t, CHECKOUT, 'Checkout timeouts again');
    const res = await t.as('user:default/dave').post('/problems', {
      title: 'Recurring checkout timeouts',
      entityRefs: [SEARCH],
      incidentIds: [a.id, b.id],
    });
    expect(res.status).toBe(201);
    expect(res.body.entityRefs).toEqual([SEARCH, CHECKOUT]);
    expect(res.body.serviceId).toBe(t.data.checkoutId);
    expect([...res.body.incidentIds].sort()).toEqual([a.id, b.id].sort());

    for (const linked of [a, b]) {
      const read = await t.as().get(`/incidents/${linked.id}`);
      expect(read.body).toMatchObject({
        problemId: res.body.id,
        version: 2,
        updatedBy: 'user:default/dave',
      });
      const history = await t.as().get(`/incidents/${linked.id}/history`);
      expect(history.body.items.map((h: any) => h.action)).toEqual([
        'created',
        'linked',
      ]);
      expect(history.body.items[1]).toMatchObject({
        actor: 'user:default/dave',
        changes: { problemId: { from: null, to: res.body.id } },
      });
    }

    const byProblem = await t.as().get(`/incidents?problemId=${res.body.id}`);
    expect(byProblem.body.items.map((i: any) => i.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });

  it('moves linked incidents on PATCH: unlinks the ones left out', async () => {
    const a = await incident(t, PAYMENTS);
    const b = await incident(t, PAYMENTS);
    const c = await incident(t, PAYMENTS);
    const created = await t
      .as()
      .post('/problems', { title: 'PSP flakiness', incidentIds: [a.id, b.id] });
    expect(created.status).toBe(201);

    const res = await t.as().patch(`/problems/${created.body.id}`, {
      version: 1,
      incidentIds: [b.id, c.id],
    });
    expect(res.status).toBe(200);
    expect([...res.body.incidentIds].sort()).toEqual([b.id, c.id].sort());
    expect((await t.as().get(`/incidents/${a.id}`)).body.problemId).toBeNull();
    expect((await t.as().get(`/incidents/${b.id}`)).body.problemId).toBe(
      created.body.id,
    );
    expect((await t.as().get(`/incidents/${c.id}`)).body.problemId).toBe(
      created.body.id,
    );

    // Every incident whose problemId changed says so in its own history.
    const actions = async (incidentId: string) =>
      (await t.as().get(`/incidents/${incidentId}/history`)).body.items.map(
        (h: any) => [h.action, h.changes.problemId],
      );
    const link = { from: null, to: created.body.id };
    expect(await actions(a.id)).toEqual([
      ['created', undefined],
      ['linked', link],
      ['unlinked', { from: created.body.id, to: null }],
    ]);
    expect(await actions(b.id)).toEqual([
      ['created', undefined],
      ['linked', link],
    ]);
    expect(await actions(c.id)).toEqual([
      ['created', undefined],
      ['linked', link],
    ]);

    // Moving an incident over from another problem names where it came from.
    const other = await t
      .as('user:default/erin')
      .post('/problems', { title: 'PSP certificate', incidentIds: [c.id] });
    expect(other.status).toBe(201);
    expect(
      (await t.as().get(`/incidents/${c.id}/history`)).body.items.at(-1),
    ).toMatchObject({
      action: 'linked',
      changes: { problemId: { from: created.body.id, to: other.body.id } },
    });
    const moved = await t
      .as('user:default/erin')
      .patch(`/problems/${created.body.id}`, {
        version: 2,
        incidentIds: [b.id, c.id],
      });
    expect(moved.status).toBe(200);
    const cHistory = (await t.as().get(`/incidents/${c.id}/history`)).body
      .items;
    expect(cHistory.at(-1)).toMatchObject({
      action: 'linked',
      actor: 'user:default/erin',
      changes: { problemId: { from: other.body.id, to: created.body.id } },
    });
    expect(
      (await t.as().get(`/problems/${other.body.id}`)).body.incidentIds,
    ).toEqual([]);
  });

  it.each([
    ['no title', { entityRefs: [CHECKOUT] }, /required property 'title'/],
    [
      'an unknown field',
      { title: 'x', state: 'closed' },
      /must NOT have additional properties/,
    ],
    [
      'an unknown known-error field',
      { title: 'x', knownError: { cause: 'x' } },
      /must NOT have additional properties/,
    ],
    [
      'entityRefs that is no list',
      { title: 'x', entityRefs: CHECKOUT },
      /entityRefs must be array/,
    ],
    [
      'a malformed entity ref',
      { title: 'x', entityRefs: [CHECKOUT, 'component:'] },
      /^entityRefs\[1\]: 'component:' is not a valid entity ref/,
    ],
    [
      'an API as entity',
      { title: 'x', entityRefs: ['api:default/checkout-api'] },
      /^entityRefs\[0\]: .* is a API/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const res = await t.as().post('/problems', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    [
      'an unknown incident',
      { incidentIds: [UNKNOWN_ID] },
      `incidentIds: no incident with id ${UNKNOWN_ID}`,
    ],
    [
      'an unknown service',
      { serviceId: UNKNOWN_ID },
      `serviceId: no service with id ${UNKNOWN_ID}`,
    ],
    [
      'an unknown fixing change',
      { fixChangeId: UNKNOWN_ID },
      `fixChangeId: no change with id ${UNKNOWN_ID}`,
    ],
    [
      'an entity that is not in the catalog',
      { entityRefs: ['component:default/nope'] },
      "entityRefs[0]: no entity 'component:default/nope' in the catalog",
    ],
  ])('answers 404 for %s', async (_name, extra, message) => {
    const before = (await t.as().get('/problems')).body.totalCount;
    const res = await t.as().post('/problems', { title: 'x', ...extra });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(message);
    expect((await t.as().get('/problems')).body.totalCount).toBe(before);
  });

  it('answers 404 for unknown problems on every route', async () => {
    const responses = [
      await t.as().get('/problems/nope'),
      await t.as().patch('/problems/nope', { version: 1, title: 'x' }),
      await t
        .as()
        .post('/problems/nope/transitions', { to: 'assess', version: 1 }),
      await t.as().get('/problems/nope/history'),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No problem with id nope');
    }
  });
});

describe('PATCH /problems/{id}', () => {
  const t = useItsmTestBackend({ setUp });

  const create = () =>
    createProblem(t, { title: 'Slow search', entityRefs: [SEARCH] });

  it('updates fields and records the history', async () => {
    const problem = await create();
    const res = await t
      .as('user:default/dave')
      .patch(`/problems/${problem.id}`, {
        version: 1,
        rootCause: 'Missing index',
        knownError: { symptom: 'Search > 5 s', solution: 'Add the index' },
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      rootCause: 'Missing index',
      knownError: {
        symptom: 'Search > 5 s',
        workaround: null,
        solution: 'Add the index',
      },
      createdBy: 'user:default/bob',
      updatedBy: 'user:default/dave',
    });
    const history = await t.as().get(`/problems/${problem.id}/history`);
    expect(history.body.items.map((h: any) => [h.action, h.actor])).toEqual([
      ['created', 'user:default/bob'],
      ['updated', 'user:default/dave'],
    ]);
    expect(history.body.items[1].changes.rootCause).toEqual({
      from: null,
      to: 'Missing index',
    });
  });

  it('accepts the version as an If-Match header and answers 400 without any', async () => {
    const problem = await create();
    const res = await t
      .as()
      .patch(`/problems/${problem.id}`, { title: 'Slow search (EU)' })
      .set('If-Match', '"1"');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, title: 'Slow search (EU)' });

    const none = await t.as().patch(`/problems/${problem.id}`, { title: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^version: required/);
    const unknown = await t
      .as()
      .patch(`/problems/${problem.id}`, { version: 2, severity: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /must NOT have additional properties/,
    );
    expect((await t.as().get(`/problems/${problem.id}`)).body).toMatchObject({
      version: 2,
      title: 'Slow search (EU)',
    });
  });

  it('answers 409 for a stale version and keeps the stored values', async () => {
    const problem = await create();
    expect(
      (
        await t
          .as()
          .patch(`/problems/${problem.id}`, { version: 1, title: 'First' })
      ).status,
    ).toBe(200);
    const stale = await t
      .as()
      .patch(`/problems/${problem.id}`, { version: 1, title: 'Second' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /version: .*current version 2, yours 1/,
    );
    expect((await t.as().get(`/problems/${problem.id}`)).body).toMatchObject({
      version: 2,
      title: 'First',
    });
  });

  it('answers 404 for links to unknown records, changing nothing', async () => {
    const problem = await create();
    const res = await t.as().patch(`/problems/${problem.id}`, {
      version: 1,
      incidentIds: [UNKNOWN_ID],
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `incidentIds: no incident with id ${UNKNOWN_ID}`,
    );
    expect((await t.as().get(`/problems/${problem.id}`)).body.version).toBe(1);
  });

  it('answers 409 for a closed problem', async () => {
    const problem = await create();
    const closed = await t.as().post(`/problems/${problem.id}/transitions`, {
      to: 'closed',
      version: 1,
      comment: 'Duplicate',
    });
    expect(closed.status).toBe(200);
    const res = await t
      .as()
      .patch(`/problems/${problem.id}`, { version: 2, title: 'Too late' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `state: problem ${problem.number} is closed and can no longer be changed`,
    );
    expect((await t.as().get(`/problems/${problem.id}`)).body.title).toBe(
      'Slow search',
    );
  });
});

describe('POST /problems/{id}/transitions', () => {
  // The test service principal may work problems here (itsm.servicePrincipals.allow).
  const t = useItsmTestBackend({
    config: {
      itsm: {
        servicePrincipals: {
          allow: ['read', 'problem.create', 'problem.update'],
        },
      },
    },
  });

  const create = () =>
    createProblem(t, { title: 'Memory leak', entityRefs: [CHECKOUT] });

  it('runs new → assess → root_cause_analysis → fix_in_progress → resolved → closed with steps back', async () => {
    const problem = await create();
    const path = [
      ['assess', 'user:default/bob'],
      ['new', 'user:default/bob'],
      ['assess', 'user:default/carol'],
      ['root_cause_analysis', 'user:default/carol'],
      ['fix_in_progress', 'user:default/carol'],
      ['resolved', 'user:default/carol'],
      ['fix_in_progress', 'user:default/dave'],
      ['resolved', 'user:default/dave'],
      ['closed', 'user:default/dave'],
    ];
    let version = 1;
    for (const [to, user] of path) {
      const res = await t.as(user).post(`/problems/${problem.id}/transitions`, {
        to,
        version,
        comment: `to ${to}`,
      });
      expect([to, res.status]).toEqual([to, 200]);
      expect(res.body).toMatchObject({
        state: to,
        version: version + 1,
        updatedBy: user,
      });
      version = res.body.version;
    }
    const history = await t.as().get(`/problems/${problem.id}/history`);
    expect(
      history.body.items.map((h: any) => [
        h.action,
        h.changes.state?.to ?? null,
        h.actor,
        h.comment,
      ]),
    ).toEqual([
      ['created', null, 'user:default/bob', null],
      ...path.map(([to, user]) => ['transition', to, user, `to ${to}`]),
    ]);
    expect(history.body.items[1].changes).toEqual({
      state: { from: 'new', to: 'assess' },
    });

    const final = await t
      .as()
      .post(`/problems/${problem.id}/transitions`, { to: 'assess', version });
    expect(final.status).toBe(409);
    expect(final.body.error.message).toBe(
      `to: cannot move problem ${problem.number} from closed to assess; allowed: none (final state)`,
    );
  });

  it('answers 409 naming the allowed states for an illegal transition', async () => {
    const problem = await create();
    const res = await t.as().post(`/problems/${problem.id}/transitions`, {
      to: 'resolved',
      version: 1,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `to: cannot move problem ${problem.number} from new to resolved; allowed: assess, closed`,
    );
    expect((await t.as().get(`/problems/${problem.id}`)).body).toMatchObject({
      state: 'new',
      version: 1,
    });
  });

  it('answers 409 for a stale version, 400 without one, and takes If-Match', async () => {
    const problem = await create();
    expect(
      (
        await t.as().post(`/problems/${problem.id}/transitions`, {
          to: 'assess',
          version: 1,
        })
      ).status,
    ).toBe(200);
    const stale = await t.as().post(`/problems/${problem.id}/transitions`, {
      to: 'root_cause_analysis',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/version/);
    expect((await t.as().get(`/problems/${problem.id}`)).body).toMatchObject({
      state: 'assess',
      version: 2,
    });

    const none = await t.as().post(`/problems/${problem.id}/transitions`, {
      to: 'root_cause_analysis',
    });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^version: required/);

    const header = await t
      .as()
      .post(`/problems/${problem.id}/transitions`, {
        to: 'root_cause_analysis',
      })
      .set('If-Match', '2');
    expect(header.status).toBe(200);
    expect(header.body.state).toBe('root_cause_analysis');
  });

  it.each([
    [
      'an unknown state',
      { to: 'known_error', version: 1 },
      /request\/body\/to must be equal to one of the allowed values/,
    ],
    [
      'an unknown field',
      { to: 'assess', version: 1, reason: 'x' },
      /must NOT have additional properties/,
    ],
    ['no target state', { version: 1 }, /required property 'to'/],
  ])('answers 400 for %s', async (_name, body, message) => {
    const problem = await create();
    const res = await t.as().post(`/problems/${problem.id}/transitions`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('records a service principal in the history', async () => {
    const created = await t.asService().post('/problems', {
      title: 'Found by the scanner',
      entityRefs: [SEARCH],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      createdBy: SERVICE_ACTOR,
      updatedBy: SERVICE_ACTOR,
    });
    const moved = await t
      .asService()
      .post(`/problems/${created.body.id}/transitions`, {
        to: 'assess',
        version: 1,
      });
    expect(moved.status).toBe(200);
    const history = await t
      .asService()
      .get(`/problems/${created.body.id}/history`);
    expect(history.body.items.map((h: any) => [h.action, h.actor])).toEqual([
      ['created', SERVICE_ACTOR],
      ['transition', SERVICE_ACTOR],
    ]);
  });
});

describe('GET /problems', () => {
  const t = useItsmTestBackend();
  const byTitle: Record<string, any> = {};
  beforeAll(async () => {
    const ids = await setUp(t);
    const rows: Array<[string, object, string[]]> = [
      [
        'Checkout memory leak',
        {
          entityRefs: [CHECKOUT],
          serviceId: ids.checkoutId,
          rootCause: 'Unbounded cache',
        },
        [],
      ],
      [
        'PSP timeouts',
        {
          entityRefs: [PAYMENTS],
          serviceId: ids.paymentsId,
          description: 'Upstream latency',
        },
        ['assess'],
      ],
      ['Search relevance', { entityRefs: [SEARCH] }, ['closed']],
      [
        'Shared session store',
        { entityRefs: [CHECKOUT, PAYMENTS], serviceId: ids.paymentsId },
        ['assess', 'root_cause_analysis'],
      ],
      ['Checkout images', { entityRefs: [CHECKOUT] }, []],
    ];
    for (const [title, body, transitions] of rows) {
      const res = expectStatus(
        await t.as().post('/problems', { title, ...body }),
        201,
      );
      let version = 1;
      for (const to of transitions) {
        const moved = expectStatus(
          await t
            .as()
            .post(`/problems/${res.body.id}/transitions`, { to, version }),
          200,
        );
        version = moved.body.version;
      }
      byTitle[title] = res.body;
    }
  });

  const titles = (query: string) => listTitles(t, '/problems', query);

  it('filters by entity, state, owner and time', async () => {
    expect((await titles('')).length).toBe(5);
    expect(await titles(`?entityRef=${enc(CHECKOUT)}`)).toEqual([
      'Checkout images',
      'Checkout memory leak',
      'Shared session store',
    ]);
    expect(await titles('?entityRef=payments')).toEqual([
      'PSP timeouts',
      'Shared session store',
    ]);
    expect(await titles('?state=new')).toEqual([
      'Checkout images',
      'Checkout memory leak',
    ]);
    expect(await titles('?state=assess&state=root_cause_analysis')).toEqual([
      'PSP timeouts',
      'Shared session store',
    ]);
    expect(await titles('?state=closed')).toEqual(['Search relevance']);
    expect(
      await titles(`?owner=${enc('group:default/payments-team')}`),
    ).toEqual(['PSP timeouts', 'Shared session store']);
    expect(await titles('?owner=shop-team')).toEqual(['Checkout memory leak']);
    expect(await titles(`?from=${enc('2000-01-01T00:00:00Z')}`)).toHaveLength(
      5,
    );
    expect(await titles(`?to=${enc('2000-01-01T00:00:00Z')}`)).toEqual([]);
  });

  it('searches title, description, root cause and the problem number', async () => {
    expect(await titles('?q=checkout')).toEqual([
      'Checkout images',
      'Checkout memory leak',
    ]);
    expect(await titles('?q=latency')).toEqual(['PSP timeouts']);
    expect(await titles('?q=unbounded')).toEqual(['Checkout memory leak']);
    expect(await titles(`?q=${byTitle['Search relevance'].number}`)).toEqual([
      'Search relevance',
    ]);
  });

  it('sorts by number and walks all pages with limit=2', async () => {
    const asc = await t.as().get('/problems?sort=number&order=asc');
    expect(asc.body.items.map((p: any) => p.title)).toEqual(
      Object.keys(byTitle),
    );
    const desc = await t.as().get('/problems?sort=number');
    expect(desc.body.items.map((p: any) => p.title)).toEqual(
      Object.keys(byTitle).reverse(),
    );

    const walk = await walkPages(
      t.as(),
      '/problems?limit=2&sort=number&order=asc',
      { totalCount: 5, maxPages: 10 },
    );
    const seen = walk.pages.flatMap(page => page.items.map(p => p.title));
    expect(walk.pages.length).toBe(3);
    expect(walk.cursor).toBeNull();
    expect(seen).toEqual(Object.keys(byTitle));
  });

  it.each([
    ['limit above 500', '?limit=1000', /limit/],
    ['a forged cursor', '?cursor=eyJ2IjoxfQ', /^cursor:/],
    ['an unknown state', '?state=open', /state/],
    ['an unknown sort', '?sort=title', /sort/],
  ])('answers 400 for %s', async (_name, query, message) => {
    const res = await t.as().get(`/problems${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});
