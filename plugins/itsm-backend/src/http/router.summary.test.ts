import {
  CHECKOUT,
  PAYMENTS,
  SEARCH,
  SERVICE_ACTOR,
  UNOWNED,
  silverSla,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  useItsmTestBackend,
  walkPages,
} from '../__testUtils__/testBackend';

/*
 * Router tests of the read models: the entity summary, KPIs, the history routes of every
 * record type and cursor pagination over every list, through HTTP and the real SQLite database.
 */

const enc = encodeURIComponent;
const NOVEMBER_2025 = `from=${enc('2025-11-01T00:00:00Z')}&to=${enc(
  '2025-12-01T00:00:00Z',
)}`;

/**
 * Shared data: checkout (shop-team) and payments (payments-team) with the Silver SLA; imported
 * November 2025 incidents with exact times; live incidents, changes, deployments and problems.
 */
async function seed(t: ItsmTestBackend) {
  const bob = t.as('user:default/bob');
  const ok = (res: any, status = 201) => {
    expect([res.status, res.body.error?.message]).toEqual([status, undefined]);
    return res.body;
  };
  const sla = ok(await bob.post('/slas', silverSla));
  const checkout = ok(
    await bob.post('/services', {
      entityRef: CHECKOUT,
      name: 'Checkout',
      slaId: sla.id,
    }),
  );
  const payments = ok(
    await bob.post('/services', {
      entityRef: PAYMENTS,
      name: 'Payments',
      slaId: sla.id,
    }),
  );

  const imported = async (
    title: string,
    entityRef: string,
    impact: number,
    urgency: number,
    openedAt: string,
    steps: object[],
  ) => {
    let incident = ok(
      await bob.post('/incidents', {
        title,
        entityRef,
        impact,
        urgency,
        source: 'import',
        openedAt,
      }),
    );
    for (const step of steps) {
      incident = ok(
        await bob.post(`/incidents/${incident.id}/transitions`, {
          ...step,
          version: incident.version,
        }),
        200,
      );
    }
    return incident;
  };
  // checkout, shop-team: MTTA 45 / 15, MTTR 180 / 60.
  const i1 = await imported(
    'Checkout down (import)',
    CHECKOUT,
    1,
    1,
    '2025-11-03T07:00:00Z',
    [
      { to: 'in_progress', at: '2025-11-03T07:45:00Z' },
      { to: 'resolved', at: '2025-11-03T10:00:00Z' },
    ],
  );
  let i2 = await imported(
    'Checkout slow (import)',
    CHECKOUT,
    1,
    2,
    '2025-11-04T08:00:00Z',
    [
      { to: 'in_progress', at: '2025-11-04T08:15:00Z' },
      { to: 'resolved', at: '2025-11-04T09:00:00Z' },
    ],
  );
  i2 = ok(
    await bob.patch(`/incidents/${i2.id}`, {
      version: i2.version,
      supportLevel: 'L2',
    }),
    200,
  );
  const i3 = await imported(
    'Checkout images (import)',
    CHECKOUT,
    2,
    2,
    '2025-11-05T09:00:00Z',
    [],
  );
  // payments, payments-team: MTTA 30, MTTR 120.
  const i4 = await imported(
    'Payments receipt typo (import)',
    PAYMENTS,
    3,
    3,
    '2025-11-06T10:00:00Z',
    [
      { to: 'in_progress', at: '2025-11-06T10:30:00Z' },
      { to: 'resolved', at: '2025-11-06T12:00:00Z' },
    ],
  );
  const recurring = ok(
    await bob.post('/problems', {
      title: 'Checkout DB saturation',
      incidentIds: [i1.id, i2.id],
    }),
  );
  const closedProblem = ok(
    await bob.post('/problems', {
      title: 'Old checkout bug',
      entityRefs: [CHECKOUT],
    }),
  );
  ok(
    await bob.post(`/problems/${closedProblem.id}/transitions`, {
      to: 'closed',
      version: 1,
    }),
    200,
  );

  // Live incidents on checkout: an open P1 and an open P3.
  const p1 = ok(
    await bob.post('/incidents', {
      title: 'Checkout down',
      entityRef: CHECKOUT,
      impact: 1,
      urgency: 1,
    }),
  );
  const p3 = ok(
    await bob.post('/incidents', {
      title: 'Checkout typo',
      entityRef: CHECKOUT,
      impact: 2,
      urgency: 2,
    }),
  );

  // Changes on checkout: one being implemented, one scheduled, one new.
  const standard = async (
    title: string,
    plannedStart: string,
    plannedEnd: string,
    states: string[],
  ) => {
    let change = ok(
      await bob.post('/changes', {
        title,
        type: 'standard',
        entityRefs: [CHECKOUT],
        plannedStart,
        plannedEnd,
      }),
    );
    for (const to of states) {
      change = ok(
        await bob.post(`/changes/${change.id}/transitions`, {
          to,
          version: change.version,
        }),
        200,
      );
    }
    return change;
  };
  const implementing = await standard(
    'Rolling restart',
    '2030-01-10T10:00:00Z',
    '2030-01-10T11:00:00Z',
    ['scheduled', 'implement'],
  );
  const scheduled = await standard(
    'Config tweak',
    '2030-01-20T10:00:00Z',
    '2030-01-20T11:00:00Z',
    ['scheduled'],
  );
  const proposed = ok(
    await bob.post('/changes', {
      title: 'Checkout redesign',
      type: 'normal',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-01-15T10:00:00Z',
      plannedEnd: '2030-01-15T12:00:00Z',
    }),
  );

  // Deployments on payments in the last minutes; the failed one caused a live P2.
  const minutesAgo = (m: number) =>
    new Date(Date.now() - m * 60_000).toISOString();
  const deployOk = ok(
    await t.asService().post('/events/deployments', {
      entityRef: PAYMENTS,
      deploymentId: 'pay-100',
      status: 'succeeded',
      startedAt: minutesAgo(10),
      finishedAt: minutesAgo(9),
    }),
  );
  const deployFailed = ok(
    await t.asService().post('/events/deployments', {
      entityRef: PAYMENTS,
      deploymentId: 'pay-101',
      status: 'failed',
      startedAt: minutesAgo(5),
      finishedAt: minutesAgo(4),
    }),
  );
  const p2 = ok(
    await t.asService().post('/incidents', {
      title: 'Payments errors after deploy',
      entityRef: PAYMENTS,
      impact: 2,
      urgency: 1,
      source: 'monitoring',
      causedByChangeId: deployFailed.id,
    }),
  );

  return {
    sla,
    checkout,
    payments,
    i1,
    i2,
    i3,
    i4,
    recurring,
    closedProblem,
    p1,
    p3,
    p2,
    implementing,
    scheduled,
    proposed,
    deployOk,
    deployFailed,
  };
}

describe('GET /entities/{kind}/{namespace}/{name}/summary', () => {
  const t = useItsmTestBackend({ setUp: seed });

  it('summarizes checkout: services, health, incidents, changes, problems and KPIs', async () => {
    const res = await t
      .as()
      .get('/entities/component/default/checkout/summary');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.entityRef).toBe(CHECKOUT);
    expect(s.services.map((x: any) => x.id)).toEqual([t.data.checkout.id]);
    expect(s.slas.map((x: any) => x.id)).toEqual([t.data.sla.id]);
    expect(s.health).toBe('major_outage');
    expect(s.openIncidentsByPriority).toEqual({ P1: 1, P2: 0, P3: 2, P4: 0 });
    expect(s.openIncidents.map((i: any) => i.id).sort()).toEqual(
      [t.data.p1.id, t.data.p3.id, t.data.i3.id].sort(),
    );
    for (const incident of s.openIncidents) {
      expect(incident.sla).toMatchObject({
        slaId: t.data.sla.id,
        slaName: 'Silver',
      });
    }
    // Newest opened first: the live ones, then the November imports.
    const recent = s.recentIncidents.map((i: any) => i.id);
    expect(recent.slice(0, 2).sort()).toEqual(
      [t.data.p1.id, t.data.p3.id].sort(),
    );
    expect(recent.slice(2)).toEqual([t.data.i3.id, t.data.i2.id, t.data.i1.id]);
    const openedAt = s.recentIncidents.map((i: any) => i.openedAt);
    expect(openedAt).toEqual([...openedAt].sort().reverse());
    expect(s.recentIncidents[4].sla.response).toMatchObject({
      state: 'breached',
      elapsedMinutes: 45,
      goalMinutes: 30,
    });

    expect(s.ongoingChanges.map((c: any) => c.id)).toEqual([
      t.data.implementing.id,
    ]);
    expect(s.nextChanges.map((c: any) => c.id)).toEqual([
      t.data.proposed.id,
      t.data.scheduled.id,
    ]);
    expect(s.recentChanges.map((c: any) => c.id)).toEqual([
      t.data.scheduled.id,
      t.data.proposed.id,
      t.data.implementing.id,
    ]);
    expect(s.openProblems.map((p: any) => p.id)).toEqual([t.data.recurring.id]);

    // KPIs of the last 30 days: the two live incidents.
    expect(s.kpis.incidents.total).toBe(2);
    expect(s.kpis.incidents.byPriority).toEqual({ P1: 1, P2: 0, P3: 1, P4: 0 });
    expect(s.kpis.backlog.open).toBe(2);
    expect(s.kpis.changes.total).toBe(3);
  });

  it('shows payments as degraded by an open P2', async () => {
    const res = await t
      .as()
      .get('/entities/component/default/payments/summary');
    expect(res.status).toBe(200);
    expect(res.body.health).toBe('degraded');
    expect(res.body.openIncidentsByPriority).toEqual({
      P1: 0,
      P2: 1,
      P3: 0,
      P4: 0,
    });
    expect(res.body.recentChanges.map((c: any) => c.id).sort()).toEqual(
      [t.data.deployOk.id, t.data.deployFailed.id].sort(),
    );
    const failed = res.body.recentChanges.find(
      (c: any) => c.id === t.data.deployFailed.id,
    );
    expect(failed).toMatchObject({
      state: 'closed',
      outcome: 'failed',
      causedIncidentIds: [t.data.p2.id],
    });
    expect(res.body.ongoingChanges).toEqual([]);
    expect(res.body.nextChanges).toEqual([]);
  });

  it('derives the health from the open incidents as they change', async () => {
    const summary = async () =>
      (await t.as().get('/entities/component/default/search/summary')).body;
    const empty = await summary();
    expect(empty).toMatchObject({
      entityRef: SEARCH,
      services: [],
      slas: [],
      health: 'operational',
      openIncidentsByPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
      recentIncidents: [],
      openIncidents: [],
      openProblems: [],
      kpis: null,
    });

    const p4 = (
      await t.as().post('/incidents', {
        title: 'Search typo',
        entityRef: SEARCH,
        impact: 3,
        urgency: 3,
      })
    ).body;
    expect((await summary()).health).toBe('operational');
    const p2 = (
      await t.as().post('/incidents', {
        title: 'Search slow',
        entityRef: SEARCH,
        impact: 1,
        urgency: 2,
      })
    ).body;
    expect((await summary()).health).toBe('degraded');
    const p1 = (
      await t.as().post('/incidents', {
        title: 'Search down',
        entityRef: SEARCH,
        impact: 1,
        urgency: 1,
      })
    ).body;
    const withP1 = await summary();
    expect(withP1.health).toBe('major_outage');
    expect(withP1.openIncidentsByPriority).toEqual({
      P1: 1,
      P2: 1,
      P3: 0,
      P4: 1,
    });
    expect(withP1.recentIncidents[0].sla).toBeNull();

    expect(
      (
        await t.as().post(`/incidents/${p1.id}/transitions`, {
          to: 'resolved',
          version: 1,
        })
      ).status,
    ).toBe(200);
    expect((await summary()).health).toBe('degraded');
    expect(
      (
        await t.as().post(`/incidents/${p2.id}/transitions`, {
          to: 'canceled',
          version: 1,
        })
      ).status,
    ).toBe(200);
    const after = await summary();
    expect(after.health).toBe('operational');
    expect(after.openIncidents.map((i: any) => i.id)).toEqual([p4.id]);
    expect(after.recentIncidents).toHaveLength(3);
  });

  it('counts an ongoing outage as a major outage whatever the priority', async () => {
    const res = await t.as().post('/incidents', {
      title: 'Unowned thing down',
      entityRef: UNOWNED,
      impact: 3,
      urgency: 3,
      outage: { start: '2026-01-01T00:00:00Z' },
    });
    expect(res.body.priority).toBe('P4');
    const summary = await t
      .as()
      .get('/entities/component/default/unowned/summary');
    expect(summary.body.health).toBe('major_outage');
  });

  it('normalizes the path and answers 404 for entities missing from the catalog', async () => {
    const mixed = await t
      .as()
      .get('/entities/Component/Default/Checkout/summary');
    expect(mixed.status).toBe(200);
    expect(mixed.body.entityRef).toBe(CHECKOUT);

    const api = await t.as().get('/entities/api/default/checkout-api/summary');
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      entityRef: 'api:default/checkout-api',
      services: [],
      kpis: null,
    });

    const ghost = await t.as().get('/entities/component/default/ghost/summary');
    expect(ghost.status).toBe(404);
    expect(ghost.body.error.message).toBe(
      "No entity 'component:default/ghost' in the catalog",
    );
  });

  it('answers a service principal too', async () => {
    const res = await t
      .asService()
      .get('/entities/component/default/checkout/summary');
    expect(res.status).toBe(200);
    expect(res.body.health).toBe('major_outage');
  });
});

describe('GET /kpis', () => {
  const t = useItsmTestBackend({ setUp: seed });

  it('computes the KPIs of an owner group over a window', async () => {
    const res = await t
      .as()
      .get(`/kpis?owner=${enc('group:default/shop-team')}&${NOVEMBER_2025}`);
    expect(res.status).toBe(200);
    const k = res.body;
    expect(k.from).toBe('2025-11-01T00:00:00.000Z');
    expect(k.to).toBe('2025-12-01T00:00:00.000Z');
    expect(k.incidents).toEqual({
      total: 3,
      byPriority: { P1: 1, P2: 1, P3: 1, P4: 0 },
      byState: {
        new: 1,
        in_progress: 0,
        on_hold: 0,
        resolved: 2,
        closed: 0,
        canceled: 0,
      },
    });
    expect(k.mtta).toMatchObject({
      count: 2,
      meanMinutes: 30,
      medianMinutes: 30,
    });
    expect(k.mtta.byPriority.P1).toEqual({
      count: 1,
      meanMinutes: 45,
      medianMinutes: 45,
    });
    expect(k.mtta.byPriority.P2).toEqual({
      count: 1,
      meanMinutes: 15,
      medianMinutes: 15,
    });
    expect(k.mtta.byPriority.P3).toEqual({
      count: 0,
      meanMinutes: null,
      medianMinutes: null,
    });
    expect(k.mttr).toMatchObject({
      count: 2,
      meanMinutes: 120,
      medianMinutes: 120,
    });
    // Response: INC 1 breached (45 > 30), INC 2 met, INC 3 (P3, never acknowledged) breached long ago.
    // Resolution: INC 1 and 2 met, INC 3 breached.
    expect(k.slaFulfilment).toEqual({
      responsePercent: 33.3,
      resolutionPercent: 66.7,
      measured: 3,
    });
    expect(k.backlog.open).toBe(1);
    expect(k.recurring).toEqual([
      {
        problemId: t.data.recurring.id,
        problemNumber: t.data.recurring.number,
        title: 'Checkout DB saturation',
        incidents: 2,
      },
    ]);
    expect(k.detection).toEqual({
      monitoring: 0,
      people: 3,
      monitoringPercent: 0,
    });
    // INC 2 was escalated to L2: one of two resolved at first contact.
    expect(k.firstContactResolutionPercent).toBe(50);
    expect(k.changes).toEqual({
      total: 0,
      completed: 0,
      successRatePercent: null,
      failureRatePercent: null,
    });
  });

  it('filters by owner, entity and service', async () => {
    const payments = await t
      .as()
      .get(`/kpis?owner=payments-team&${NOVEMBER_2025}`);
    expect(payments.status).toBe(200);
    expect(payments.body.incidents.total).toBe(1);
    expect(payments.body.incidents.byPriority).toEqual({
      P1: 0,
      P2: 0,
      P3: 0,
      P4: 1,
    });
    expect(payments.body.mtta).toMatchObject({ count: 1, meanMinutes: 30 });
    expect(payments.body.mttr).toMatchObject({ count: 1, meanMinutes: 120 });
    expect(payments.body.slaFulfilment).toEqual({
      responsePercent: 100,
      resolutionPercent: 100,
      measured: 1,
    });

    const all = await t.as().get(`/kpis?${NOVEMBER_2025}`);
    expect(all.body.incidents.total).toBe(4);

    const byEntity = await t
      .as()
      .get(`/kpis?entityRef=${enc(CHECKOUT)}&${NOVEMBER_2025}`);
    expect(byEntity.body.incidents.total).toBe(3);
    const byService = await t
      .as()
      .get(`/kpis?serviceId=${t.data.payments.id}&${NOVEMBER_2025}`);
    expect(byService.body.incidents.total).toBe(1);

    const nobody = await t
      .as()
      .get(`/kpis?owner=${enc('group:default/cab')}&${NOVEMBER_2025}`);
    expect(nobody.body.incidents.total).toBe(0);
    expect(nobody.body.changes.total).toBe(0);
  });

  it('defaults to the last 30 days and counts changes and their failures', async () => {
    const res = await t
      .as()
      .get(`/kpis?owner=${enc('group:default/payments-team')}`);
    expect(res.status).toBe(200);
    const days =
      (Date.parse(res.body.to) - Date.parse(res.body.from)) / 86_400_000;
    expect(days).toBe(30);
    expect(Math.abs(Date.parse(res.body.to) - Date.now())).toBeLessThan(60_000);
    expect(res.body.incidents.total).toBe(1);
    expect(res.body.detection).toEqual({
      monitoring: 1,
      people: 0,
      monitoringPercent: 100,
    });
    // Two deployments: one successful, one failed that caused an incident.
    expect(res.body.changes).toEqual({
      total: 2,
      completed: 2,
      successRatePercent: 50,
      failureRatePercent: 50,
    });
  });

  it('answers 400 for a bad window', async () => {
    const inverted = await t
      .as()
      .get(
        `/kpis?from=${enc('2025-12-01T00:00:00Z')}&to=${enc(
          '2025-11-01T00:00:00Z',
        )}`,
      );
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.message).toBe('to: must be after from');
    const notADate = await t.as().get('/kpis?from=last-week');
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.message).toMatch(/from/);
  });
});

describe('history routes', () => {
  const t = useItsmTestBackend({ setUp: seed });

  it('answers the history of a service', async () => {
    const res = await t.as().get(`/services/${t.data.checkout.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        recordType: 'service',
        recordId: t.data.checkout.id,
        at: t.data.checkout.createdAt,
        actor: 'user:default/bob',
        action: 'created',
        changes: {},
        comment: null,
      },
    ]);
  });

  it('answers the history of an incident, oldest first', async () => {
    const res = await t.as().get(`/incidents/${t.data.i2.id}/history`);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((h: any) => [h.action, h.at.slice(0, 10)]),
    ).toEqual([
      ['created', '2025-11-04'],
      ['transition', '2025-11-04'],
      ['transition', '2025-11-04'],
      ['escalation', expect.stringMatching(/^\d{4}-/)],
      ['linked', expect.stringMatching(/^\d{4}-/)],
    ]);
    expect(
      res.body.items.every(
        (h: any) => h.recordType === 'incident' && h.recordId === t.data.i2.id,
      ),
    ).toBe(true);

    const byService = await t.as().get(`/incidents/${t.data.p2.id}/history`);
    expect(byService.body.items).toEqual([
      expect.objectContaining({ action: 'created', actor: SERVICE_ACTOR }),
    ]);
  });

  it('answers the history of a problem', async () => {
    const res = await t
      .as()
      .get(`/problems/${t.data.closedProblem.id}/history`);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((h: any) => [h.action, h.actor, h.changes]),
    ).toEqual([
      ['created', 'user:default/bob', {}],
      [
        'transition',
        'user:default/bob',
        { state: { from: 'new', to: 'closed' } },
      ],
    ]);
  });

  it('answers the history of a change, with a service principal as the actor of a deployment', async () => {
    const res = await t.as().get(`/changes/${t.data.implementing.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((h: any) => [h.action, h.changes.state])).toEqual(
      [
        ['created', { from: null, to: 'new' }],
        ['transition', { from: 'new', to: 'scheduled' }],
        ['transition', { from: 'scheduled', to: 'implement' }],
      ],
    );
    const deployment = await t
      .as()
      .get(`/changes/${t.data.deployFailed.id}/history`);
    expect(deployment.body.items).toEqual([
      expect.objectContaining({
        recordType: 'change',
        action: 'deployment',
        actor: SERVICE_ACTOR,
        changes: {
          state: { from: null, to: 'closed' },
          outcome: { from: null, to: 'failed' },
        },
      }),
    ]);
  });

  it.each(['services', 'incidents', 'problems', 'changes'])(
    'answers 404 for the history of an unknown %s record',
    async route => {
      const res = await t.as().get(`/${route}/no-such-id/history`);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
      expect(res.body.error.message).toMatch(/no-such-id/);
    },
  );

  it('does not confuse ids across record types', async () => {
    const res = await t.as().get(`/problems/${t.data.p1.id}/history`);
    expect(res.status).toBe(404);
  });
});

describe('cursor pagination over every list', () => {
  const t = useItsmTestBackend({ setUp: seed });

  it.each([
    ['/incidents', ''],
    ['/incidents', 'sort=updatedAt&order=asc'],
    ['/problems', ''],
    ['/changes', ''],
    ['/changes', 'sort=plannedStart'],
    ['/services', 'sort=updatedAt'],
    ['/slas', ''],
  ])('%s?%s walks all pages with limit=2', async (route, query) => {
    const sep = query ? `&${query}` : '';
    const all = await t.as().get(`${route}?limit=500${sep}`);
    expect(all.status).toBe(200);
    const expected = all.body.items.map((x: any) => x.id);
    expect(all.body.totalCount).toBe(expected.length);

    const walk = await walkPages(t.as(), `${route}?limit=2${sep}`, {
      totalCount: expected.length,
      maxPages: 50,
    });
    walk.pages.forEach(page =>
      expect(page.items.length).toBeLessThanOrEqual(2),
    );
    const seen = walk.pages.flatMap(page => page.items.map(x => x.id));
    /** Sizes of the pages that had a next page: each must be full. */
    const nonFinalPageSizes = walk.pages
      .filter(page => page.nextCursor)
      .map(page => page.items.length);
    expect(walk.cursor).toBeNull();
    expect(nonFinalPageSizes).toEqual(nonFinalPageSizes.map(() => 2));
    expect(walk.pages.length).toBe(Math.max(1, Math.ceil(expected.length / 2)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });

  it.each(['/incidents', '/problems', '/changes', '/services', '/slas'])(
    '%s refuses limit=501 and a forged cursor',
    async route => {
      const limit = await t.as().get(`${route}?limit=501`);
      expect(limit.status).toBe(400);
      expect(limit.body.error.message).toBe(
        'request/query/limit must be <= 500',
      );
      const cursor = await t
        .as()
        .get(
          `${route}?cursor=${enc(
            Buffer.from('{"v":1}').toString('base64url'),
          )}`,
        );
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.message).toBe(
        'cursor: invalid, not a cursor returned by this API',
      );
    },
  );

  it('keeps a page boundary stable when records are added meanwhile', async () => {
    const first = await t.as().get('/incidents?limit=2&sort=number&order=asc');
    const firstIds = first.body.items.map((x: any) => x.id);
    await t.as().post('/incidents', {
      title: 'Late arrival',
      entityRef: SEARCH,
      impact: 3,
      urgency: 3,
    });
    const rest: string[] = [];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page: any = await t
        .as()
        .get(`/incidents?limit=2&sort=number&order=asc&cursor=${enc(cursor)}`);
      rest.push(...page.body.items.map((x: any) => x.id));
      cursor = page.body.nextCursor;
    }
    const all = await t.as().get('/incidents?limit=500&sort=number&order=asc');
    expect([...firstIds, ...rest]).toEqual(
      all.body.items.map((x: any) => x.id),
    );
    expect(all.body.items.at(-1).title).toBe('Late arrival');
  });
});
