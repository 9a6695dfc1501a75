import {
  expectStatus,
  startItsmTestBackend,
  useItsmTestBackend,
} from '../__testUtils__/testBackend';

/*
 * POST /events/alerts over HTTP: Alertmanager and generic payloads, dedup, resolve, reopen,
 * idempotency under retries, 400 naming the label, 403 for users.
 */

const firing = (over: object = {}, labels: object = {}) => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  status: 'firing',
  receiver: 'backstage-itsm',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'HighErrorRate',
        severity: 'critical',
        entity: 'component:default/checkout',
        ...labels,
      },
      annotations: {
        summary: 'Checkout error rate above 5%',
        description: 'The 5xx rate is 12%.',
      },
      startsAt: '2026-01-10T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: 'f1a2b3c4',
      ...over,
    },
  ],
});

const resolved = (endsAt = '2026-01-10T10:30:00Z') => {
  const body = firing({ status: 'resolved', endsAt });
  return { ...body, status: 'resolved' };
};

describe('POST /events/alerts', () => {
  const t = useItsmTestBackend({
    perTest: true,
    setUp: async backend =>
      expectStatus(
        await backend.as('user:default/bob').post('/services', {
          entityRef: 'component:default/checkout',
          name: 'Checkout',
        }),
        201,
      ),
  });

  const incident = async (id: string) =>
    (await t.asService().get(`/incidents/${id}`)).body;

  it('opens an incident for a firing Alertmanager alert; a retry changes nothing and gets the same answer', async () => {
    const first = await t.asService().post('/events/alerts', firing());
    expect([first.status, first.body.error?.message]).toEqual([200, undefined]);
    expect(first.body.results).toEqual([
      expect.objectContaining({
        key: 'alertmanager:f1a2b3c4',
        status: 'firing',
        action: 'created',
      }),
    ]);
    const id = first.body.results[0].incidentId;
    const created = await incident(id);
    expect(created).toMatchObject({
      source: 'monitoring',
      title: 'Checkout error rate above 5%',
      entityRef: 'component:default/checkout',
      impact: 1,
      urgency: 1,
      priority: 'P1',
      state: 'new',
      openedAt: '2026-01-10T10:00:00.000Z',
      outage: { start: '2026-01-10T10:00:00.000Z', end: null },
    });
    expect(created.description).toContain('The 5xx rate is 12%.');
    expect(created.serviceId).toBeTruthy();

    const again = await t.asService().post('/events/alerts', firing());
    expect([again.status, again.body]).toEqual([200, first.body]);
    expect((await incident(id)).version).toBe(created.version);
    expect((await t.asService().get('/incidents')).body.totalCount).toBe(1);
  });

  it('resolves the incident at endsAt, once', async () => {
    const id = (await t.asService().post('/events/alerts', firing())).body
      .results[0].incidentId;
    const res = await t.asService().post('/events/alerts', resolved());
    expect(res.body.results[0]).toMatchObject({
      status: 'resolved',
      action: 'resolved',
      incidentId: id,
    });
    const after = await incident(id);
    expect(after).toMatchObject({
      state: 'resolved',
      resolvedAt: '2026-01-10T10:30:00.000Z',
      outage: { end: '2026-01-10T10:30:00.000Z' },
    });

    const retry = await t.asService().post('/events/alerts', resolved());
    expect([retry.status, retry.body]).toEqual([200, res.body]);
    expect((await incident(id)).version).toBe(after.version);
    const history = (await t.asService().get(`/incidents/${id}/history`)).body
      .items;
    expect(
      history.filter((h: any) => h.changes?.state?.to === 'resolved'),
    ).toHaveLength(1);

    // a late retry of the old firing notification does not reopen it (it is answered as before) …
    expect(
      (await t.asService().post('/events/alerts', firing())).body.results[0]
        .action,
    ).toBe('created');
    expect((await incident(id)).version).toBe(after.version);
    // … a new firing (started after the resolution) does
    const refire = await t
      .asService()
      .post('/events/alerts', firing({ startsAt: '2026-01-10T11:00:00Z' }));
    expect(refire.body.results[0]).toMatchObject({
      action: 'reopened',
      incidentId: id,
    });
    expect((await incident(id)).state).toBe('in_progress');
  });

  it('acts afresh on a retry once someone else changed the incident', async () => {
    const id = (await t.asService().post('/events/alerts', firing())).body
      .results[0].incidentId;
    const bob = t.as('user:default/bob');
    const current = await incident(id);
    expectStatus(
      await bob.post(`/incidents/${id}/transitions`, {
        to: 'canceled',
        version: current.version,
      }),
      200,
    );
    // The same firing notification again: its incident is gone, so the alert opens a new one.
    const again = await t.asService().post('/events/alerts', firing());
    expect(again.body.results[0].action).toBe('created');
    expect(again.body.results[0].incidentId).not.toBe(id);
    expect((await t.asService().get('/incidents')).body.totalCount).toBe(2);
  });

  it('follows a severity change of a firing alert', async () => {
    const id = (await t.asService().post('/events/alerts', firing())).body
      .results[0].incidentId;
    const res = await t
      .asService()
      .post('/events/alerts', firing({}, { severity: 'warning' }));
    expect(res.body.results[0].action).toBe('updated');
    expect(await incident(id)).toMatchObject({
      impact: 2,
      urgency: 2,
      priority: 'P3',
    });
  });

  it('accepts the generic format (component name, severity mapping, explicit overrides)', async () => {
    const body = {
      dedupKey: 'disk-full-db1',
      status: 'firing',
      title: 'Disk almost full',
      component: 'checkout',
      severity: 'warning',
    };
    const res = await t.asService().post('/events/alerts', body);
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    const id = res.body.results[0].incidentId;
    expect(await incident(id)).toMatchObject({
      source: 'monitoring',
      priority: 'P3',
      entityRef: 'component:default/checkout',
      outage: null,
    });
    expect(
      (await t.asService().post('/events/alerts', body)).body.results[0],
    ).toMatchObject({ action: 'created', incidentId: id });
    const done = await t.asService().post('/events/alerts', {
      dedupKey: 'disk-full-db1',
      status: 'resolved',
      component: 'checkout',
    });
    expect(done.body.results[0].action).toBe('resolved');
    expect((await incident(id)).state).toBe('resolved');
  });

  it('answers 400 naming the label for a missing or unknown entity', async () => {
    const missing = await t
      .asService()
      .post('/events/alerts', firing({ labels: { alertname: 'X' } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(
      /^alerts\[0\]\.labels\.entity: required/,
    );
    const unknown = await t
      .asService()
      .post('/events/alerts', firing({}, { entity: 'component:default/nope' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /^alerts\[0\]\.labels\.entity: no entity 'component:default\/nope'/,
    );
    const generic = await t.asService().post('/events/alerts', {
      dedupKey: 'k',
      status: 'firing',
      title: 't',
      component: 'nope',
    });
    expect(generic.status).toBe(400);
    expect(generic.body.error.message).toMatch(/^component: no entity/);
    expect((await t.asService().get('/incidents')).body.totalCount).toBe(0);
  });

  it('reads the entity from configured labels', async () => {
    // A backend of its own: the label is read from the config at start-up.
    const configured = await startItsmTestBackend({
      config: { itsm: { alerts: { componentLabel: 'app' } } },
    });
    try {
      const res = await configured
        .asService()
        .post(
          '/events/alerts',
          firing({ labels: { alertname: 'X', app: 'payments' } }),
        );
      expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
      const created = await configured
        .asService()
        .get(`/incidents/${res.body.results[0].incidentId}`);
      expect(created.body.entityRef).toBe('component:default/payments');
    } finally {
      await configured.stop();
    }
  });

  it('answers 403 to users', async () => {
    const res = await t.as('user:default/bob').post('/events/alerts', firing());
    expect(res.status).toBe(403);
  });
});
