import {
  ItsmTestBackend,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import { silverSla } from '../__testUtils__/fixtures';

/*
 * The script-free check, end to end through HTTP and the database: create a service,
 * open a P1, work it, try illegal and stale updates, read history and the entity summary.
 */
describe('ITSM core flow over HTTP', () => {
  let t: ItsmTestBackend;
  beforeAll(async () => {
    t = await startItsmTestBackend();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers health without auth', async () => {
    const res = await t.as().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('runs the incident lifecycle with history and summary', async () => {
    const bob = t.as('user:default/bob');
    const sla = await bob.post('/slas', silverSla);
    expect(sla.status).toBe(201);

    const service = await bob.post('/services', {
      entityRef: 'component:default/checkout',
      name: 'Checkout',
      slaId: sla.body.id,
    });
    expect(service.status).toBe(201);
    expect(service.body.ownerRef).toBe('group:default/shop-team');

    const created = await bob.post('/incidents', {
      title: 'Checkout down',
      entityRef: 'component:default/checkout',
      impact: 1,
      urgency: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      priority: 'P1',
      state: 'new',
      serviceId: service.body.id,
    });
    expect(created.body.number).toMatch(/^INC-\d+$/);
    const id = created.body.id;

    const ack = await bob.post(`/incidents/${id}/transitions`, {
      to: 'in_progress',
      version: 1,
    });
    expect(ack.status).toBe(200);
    expect(ack.body.state).toBe('in_progress');
    expect(ack.body.acknowledgedAt).not.toBeNull();

    const resolved = await bob.post(`/incidents/${id}/transitions`, {
      to: 'resolved',
      version: ack.body.version,
      resolutionNotes: 'Restarted',
    });
    expect(resolved.status).toBe(200);

    const illegal = await bob.post(`/incidents/${id}/transitions`, {
      to: 'new',
      version: resolved.body.version,
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toMatch(/allowed: closed, in_progress/);

    const stale = await bob.patch(`/incidents/${id}`, {
      version: 1,
      title: 'x',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/version/);

    const bad = await bob.patch(`/incidents/${id}`, {
      version: resolved.body.version,
      impact: 7,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/impact/);

    const history = await bob.get(`/incidents/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => h.action)).toEqual([
      'created',
      'transition',
      'transition',
    ]);
    expect(history.body.items[1].changes.state).toEqual({
      from: 'new',
      to: 'in_progress',
    });
    expect(history.body.items[1].actor).toBe('user:default/bob');

    const detail = await bob.get(`/incidents/${id}`);
    expect(detail.body.sla.response.state).toBe('met');

    const summary = await bob.get(
      '/entities/component/default/checkout/summary',
    );
    expect(summary.status).toBe(200);
    expect(summary.body.services).toHaveLength(1);
    expect(summary.body.recentIncidents[0].id).toBe(id);
    expect(summary.body.health).toBe('operational');
  });
});
