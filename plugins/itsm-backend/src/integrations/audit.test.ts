import { mockServices } from '@backstage/backend-test-utils';
import {
  ItsmTestBackend,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import { CHECKOUT } from '../__testUtils__/fixtures';

/*
 * Audit events of the router's mutations: the real plugin with a mocked auditor
 * (`mockServices.auditor.mock()`), through HTTP and SQLite.
 */

describe('audit events of mutations', () => {
  let t: ItsmTestBackend;
  const auditor = mockServices.auditor.mock();

  /** The createEvent options and the event handle of every audit event so far. */
  const events = async () =>
    Promise.all(
      auditor.createEvent.mock.calls.map(async ([options], i) => ({
        options,
        event: (await auditor.createEvent.mock.results[i].value) as {
          success: jest.Mock;
          fail: jest.Mock;
        },
      })),
    );
  const lastEvent = async (eventId: string) => {
    const matching = (await events()).filter(
      e => e.options.eventId === eventId,
    );
    expect(matching.length).toBeGreaterThan(0);
    return matching[matching.length - 1];
  };

  beforeAll(async () => {
    t = await startItsmTestBackend({ extraFeatures: [auditor.factory] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('records a service creation as a succeeded service-create event with the id', async () => {
    const res = await t
      .as('user:default/bob')
      .post('/services', { entityRef: CHECKOUT, name: 'Checkout' });
    expect(res.status).toBe(201);
    const { options, event } = await lastEvent('service-create');
    expect(options).toMatchObject({
      eventId: 'service-create',
      severityLevel: 'medium',
      meta: { recordType: 'service' },
    });
    expect(options.request?.method).toBe('POST');
    expect(event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ id: res.body.id, version: 1 }),
    });
    expect(event.fail).not.toHaveBeenCalled();
  });

  it('records an incident creation as a succeeded incident-create event with id, number and priority', async () => {
    const res = await t.as('user:default/bob').post('/incidents', {
      title: 'Down',
      entityRef: CHECKOUT,
      impact: 1,
      urgency: 1,
    });
    expect(res.status).toBe(201);
    const { options, event } = await lastEvent('incident-create');
    expect(options.meta).toEqual({ recordType: 'incident' });
    expect(event.success).toHaveBeenCalledTimes(1);
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        id: res.body.id,
        number: res.body.number,
        version: 1,
        state: 'new',
        priority: 'P1',
      },
    });
    expect(event.fail).not.toHaveBeenCalled();
  });

  it('records a refused (409) transition as a failed incident-transition event with the target', async () => {
    const created = await t.as().post('/incidents', {
      title: 'Slow',
      entityRef: CHECKOUT,
      impact: 2,
      urgency: 2,
    });
    expect(created.status).toBe(201);
    const ok = await t.as().post(`/incidents/${created.body.id}/transitions`, {
      to: 'in_progress',
      version: 1,
    });
    expect(ok.status).toBe(200);
    const succeeded = await lastEvent('incident-transition');
    expect(succeeded.options.meta).toEqual({
      recordType: 'incident',
      id: created.body.id,
      to: 'in_progress',
    });
    expect(succeeded.event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ state: 'in_progress', version: 2 }),
    });

    // Stale version → 409.
    const stale = await t
      .as()
      .post(`/incidents/${created.body.id}/transitions`, {
        to: 'resolved',
        version: 1,
      });
    expect(stale.status).toBe(409);
    const { options, event } = await lastEvent('incident-transition');
    expect(options.meta).toEqual({
      recordType: 'incident',
      id: created.body.id,
      to: 'resolved',
    });
    expect(event.success).not.toHaveBeenCalled();
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'ConflictError' }),
    });
  });

  it('records CAB votes and deployments under their own event ids', async () => {
    const bob = t.as('user:default/bob');
    const change = await bob.post('/changes', {
      title: 'Upgrade',
      type: 'normal',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-07-01T10:00:00Z',
      plannedEnd: '2030-07-01T12:00:00Z',
      riskAssessment: { rollbackTested: true },
    });
    expect(change.status).toBe(201);
    expect((await lastEvent('change-create')).event.success).toHaveBeenCalled();

    // The change is still new (not awaiting the CAB): the vote is refused (409), audited as failed.
    const early = await t
      .as('user:default/alice')
      .post(`/changes/${change.body.id}/approvals`, { decision: 'approve' });
    expect(early.status).toBe(409);
    const vote = await lastEvent('change-approval');
    expect(vote.options.meta).toEqual({
      recordType: 'change',
      id: change.body.id,
      decision: 'approve',
    });
    expect(vote.event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'ConflictError' }),
    });

    const deployment = await t.asService().post('/events/deployments', {
      entityRef: CHECKOUT,
      deploymentId: 'deploy-42',
      status: 'succeeded',
    });
    expect(deployment.status).toBe(201);
    const recorded = await lastEvent('deployment-record');
    expect(recorded.options.meta).toEqual({
      recordType: 'change',
      deploymentId: 'deploy-42',
      entityRef: CHECKOUT,
    });
    expect(recorded.event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        id: deployment.body.id,
        number: deployment.body.number,
        created: true,
      }),
    });
  });

  it('records alerts taken in as alert-intake with the incidents they created', async () => {
    const res = await t.asService().post('/events/alerts', {
      version: '4',
      status: 'firing',
      receiver: 'backstage-itsm',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'HighErrorRate',
            severity: 'critical',
            entity: CHECKOUT,
          },
          annotations: { summary: 'Checkout error rate above 5%' },
          startsAt: '2026-01-10T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'audit01',
        },
      ],
    });
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    const { options, event } = await lastEvent('alert-intake');
    expect(options.meta).toEqual({ recordType: 'incident' });
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        results: [
          expect.objectContaining({
            action: res.body.results[0].action,
            incidentId: res.body.results[0].incidentId,
            number: res.body.results[0].number,
          }),
        ],
      },
    });
  });

  it('does not audit reads', async () => {
    const before = auditor.createEvent.mock.calls.length;
    expect((await t.as().get('/incidents')).status).toBe(200);
    expect((await t.as().get('/services')).status).toBe(200);
    expect(auditor.createEvent.mock.calls.length).toBe(before);
  });
});
