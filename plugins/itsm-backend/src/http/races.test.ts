import { Entity } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import {
  ITSM_TEST_DATABASE_IDS,
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import { testEntities, CHECKOUT } from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
  recordingNotifications,
} from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

/*
 * Races and retries over HTTP, on every supported database, with two replicas: two instances of
 * the real plugin (each its own store) on one database, requests spread over both and sent all
 * at once. CAB votes never fail because of each other and decide once; alert and deployment
 * deliveries, retried hundreds of times concurrently, make one record and get the same answer.
 */

const databases = itsmTestDatabases();

if (requireAllTestDatabases) {
  it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      ...ITSM_TEST_DATABASE_IDS,
    ]);
  });
}

const CAB = ['alice', 'carol', 'dave', 'frank', 'grace'];

/** The test catalog with a CAB of five: alice, carol, dave (also shop-team, the owner), frank, grace. */
const entities: Entity[] = [
  ...testEntities.filter(
    e => !['cab', 'alice', 'carol', 'dave'].includes(e.metadata.name),
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'cab', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: CAB.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  },
  ...[
    ['alice', ['cab']],
    ['carol', ['payments-team', 'cab']],
    ['dave', ['shop-team', 'cab']],
    ['frank', ['cab']],
    ['grace', ['cab']],
  ].map(
    ([name, groups]): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: name as string, namespace: 'default' },
      spec: { memberOf: groups },
      relations: (groups as string[]).map(g => ({
        type: 'memberOf',
        targetRef: `group:default/${g}`,
      })),
    }),
  ),
];

/** `n` requests at once, alternating between the replicas. */
function allAtOnce<R>(
  replicas: ItsmTestBackend[],
  n: number,
  send: (t: ItsmTestBackend, i: number) => PromiseLike<R>,
): Promise<R[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) => send(replicas[i % replicas.length], i)),
  );
}

/** Status and error of every answer, counted: `{ '200': 199, '201': 1 }`. */
function statuses(responses: Array<{ status: number; body: any }>) {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const key =
      r.status < 300
        ? String(r.status)
        : `${r.status} ${r.body?.error?.message}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe.each(databases.eachSupportedId())(
  'races and retries on %s, two replicas',
  databaseId => {
    let knex: Knex;
    let replicas: ItsmTestBackend[];
    let one: ItsmTestBackend;
    // What both replicas notified: every decision is announced once, by the replica that made it.
    const sent: NotificationSendOptions[] = [];
    const recorder = recordingNotifications(sent);
    const sentWithScope = (scope: string) =>
      sent.filter(n => n.payload.scope === scope);
    /** A normal change by erin on checkout, risky enough for the CAB, moved to authorize. */
    const changeAwaitingTheCab = async (
      title: string,
      plannedStart: string,
      plannedEnd: string,
    ) => {
      let change = expectStatus(
        await one.as('user:default/erin').post('/changes', {
          title,
          type: 'normal',
          entityRefs: [CHECKOUT],
          plannedStart,
          plannedEnd,
          riskAssessment: { userFacing: true, dataMigration: true },
        }),
        201,
      ).body;
      for (const to of ['assess', 'authorize']) {
        change = expectStatus(
          await one
            .as('user:default/erin')
            .post(`/changes/${change.id}/transitions`, {
              to,
              version: change.version,
            }),
          200,
        ).body;
      }
      return change;
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // One after the other: both run the migrations at start-up.
      one = await startItsmTestBackend({
        knex,
        entities,
        extraFeatures: [recorder],
      });
      replicas = [
        one,
        await startItsmTestBackend({
          knex,
          entities,
          extraFeatures: [recorder],
        }),
      ];
      expectStatus(
        await one
          .as('user:default/bob')
          .post('/services', { entityRef: CHECKOUT, name: 'Checkout' }),
        201,
      );
    });
    afterAll(async () => {
      for (const t of replicas ?? []) await t.stop();
    });

    // First, on an empty database: the incident number sequence has no row yet either.
    it('alerts: 50 new alerts at once, each delivered 4 times, make 50 incidents with distinct numbers', async () => {
      const alert = (i: number) => ({
        dedupKey: `race-many-${i}`,
        status: 'firing',
        entity: CHECKOUT,
        title: `Many ${i}`,
        severity: 'info',
        startsAt: '2026-02-06T08:00:00Z',
      });
      const answers = await allAtOnce(replicas, 200, (t, i) =>
        t.asService().post('/events/alerts', alert(i % 50)),
      );
      expect(statuses(answers)).toEqual({ '200': 200 });
      const byKey = new Map<string, any>();
      for (const r of answers) {
        const [result] = r.body.results;
        expect(result.action).toBe('created');
        expect(byKey.get(result.key) ?? result).toEqual(result);
        byKey.set(result.key, result);
      }
      expect(byKey.size).toBe(50);
      const numbers = [...byKey.values()].map(r => r.number);
      expect(new Set(numbers).size).toBe(50);
      const listed = (await one.asService().get('/incidents?q=Many&limit=100'))
        .body;
      expect(listed.totalCount).toBe(50);
      expect(listed.items.map((i: any) => i.number).sort()).toEqual(
        [...numbers].sort(),
      );
    });

    it('CAB: every member votes at once, ten times; every vote is stored and the change moves once', async () => {
      for (let run = 0; run < 10; run++) {
        // erin (payments-team) asks for a high-risk change of checkout (owned by shop-team): it needs
        // a majority of the five (3) and an approval by an owner (dave, or bob outside the CAB).
        const created = expectStatus(
          await one.as('user:default/erin').post('/changes', {
            title: `Migrate the checkout database, run ${run}`,
            type: 'normal',
            entityRefs: [CHECKOUT],
            plannedStart: `2031-03-${String(run + 1).padStart(
              2,
              '0',
            )}T10:00:00Z`,
            plannedEnd: `2031-03-${String(run + 1).padStart(2, '0')}T11:00:00Z`,
            riskAssessment: { userFacing: true, dataMigration: true },
          }),
          201,
        ).body;
        expect(created.risk).toBe('high');
        let change = created;
        for (const to of ['assess', 'authorize']) {
          change = expectStatus(
            await one
              .as('user:default/erin')
              .post(`/changes/${change.id}/transitions`, {
                to,
                version: change.version,
              }),
            200,
          ).body;
        }

        const voters = [...CAB, 'bob'].map(name => `user:default/${name}`);
        const votes = await allAtOnce(replicas, voters.length, (t, i) =>
          t.as(voters[i]).post(`/changes/${change.id}/approvals`, {
            decision: 'approve',
            comment: `ok ${i}`,
          }),
        );
        expect(statuses(votes)).toEqual({ '200': voters.length });

        const after = (await one.as().get(`/changes/${change.id}`)).body;
        expect(after.state).toBe('scheduled');
        // Only the deciding vote wrote the change: authorize → scheduled is one version.
        expect(after.version).toBe(change.version + 1);
        expect(after.approvals.map((a: any) => a.voterRef).sort()).toEqual(
          [...voters].sort(),
        );
        const history = (await one.as().get(`/changes/${change.id}/history`))
          .body.items;
        const votesInHistory = history.filter(
          (h: any) => h.action === 'approval',
        );
        expect(votesInHistory).toHaveLength(voters.length);
        expect(votesInHistory.filter((h: any) => h.changes.state)).toEqual([
          expect.objectContaining({
            changes: expect.objectContaining({
              state: { from: 'authorize', to: 'scheduled' },
            }),
          }),
        ]);
        expect(
          history.filter((h: any) => h.changes?.state?.to === 'scheduled'),
        ).toHaveLength(1);
        expect(
          sentWithScope(`itsm:change:${change.id}:decision:approved`),
        ).toHaveLength(1);
      }
    });

    it('CAB: every member rejects at once; every rejection is stored and the change goes back to new once', async () => {
      const change = await changeAwaitingTheCab(
        'Drop the legacy checkout tables',
        '2031-05-01T10:00:00Z',
        '2031-05-01T11:00:00Z',
      );
      const voters = CAB.map(name => `user:default/${name}`);
      const votes = await allAtOnce(replicas, voters.length, (t, i) =>
        t.as(voters[i]).post(`/changes/${change.id}/approvals`, {
          decision: 'reject',
          comment: `not now (${i})`,
        }),
      );
      expect(statuses(votes)).toEqual({ '200': voters.length });
      const after = (await one.as().get(`/changes/${change.id}`)).body;
      // One rejection decided; the others joined the decided round (1) without writing the change.
      expect([after.state, after.version, after.approvals]).toEqual([
        'new',
        change.version + 1,
        [],
      ]);
      expect(after.rejectionReason).toMatch(
        /^user:default\/\w+: not now \(\d\)$/,
      );
      const history = (await one.as().get(`/changes/${change.id}/history`)).body
        .items;
      expect(history.filter((h: any) => h.action === 'approval')).toHaveLength(
        voters.length,
      );
      expect(history.filter((h: any) => h.changes?.state)).toHaveLength(4); // created, assess, authorize, new
      expect(
        sentWithScope(`itsm:change:${change.id}:decision:rejected`),
      ).toHaveLength(1);
      // An approval arriving now is against the decision: a real conflict.
      const late = await one
        .as('user:default/bob')
        .post(`/changes/${change.id}/approvals`, { decision: 'approve' });
      expect([late.status, late.body.error?.message]).toEqual([
        409,
        'The CAB has already rejected this change; the vote can no longer change that',
      ]);
    });

    it('CAB: a second vote by the same member is a real conflict (409), the first one counts', async () => {
      const change = await changeAwaitingTheCab(
        'Rotate the checkout keys',
        '2031-04-01T10:00:00Z',
        '2031-04-01T11:00:00Z',
      );
      const same = await allAtOnce(replicas, 10, t =>
        t
          .as('user:default/alice')
          .post(`/changes/${change.id}/approvals`, { decision: 'approve' }),
      );
      expect(statuses(same)).toEqual({
        '200': 1,
        '409 user:default/alice has already voted (approve) on this change': 9,
      });
      const after = (await one.as().get(`/changes/${change.id}`)).body;
      expect([after.state, after.version, after.approvals.length]).toEqual([
        'authorize',
        change.version,
        1,
      ]);
    });

    const alertmanager = (status: 'firing' | 'resolved') => ({
      version: '4',
      groupKey: '{}:{alertname="CheckoutDown"}',
      status,
      receiver: 'backstage-itsm',
      groupLabels: { alertname: 'CheckoutDown' },
      commonLabels: { alertname: 'CheckoutDown', entity: CHECKOUT },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: ['a1', 'b2'].map((fingerprint, i) => ({
        status,
        labels: {
          alertname: 'CheckoutDown',
          severity: i === 0 ? 'critical' : 'warning',
          instance: fingerprint,
        },
        annotations: { summary: `Checkout down on ${fingerprint}` },
        startsAt: '2026-02-01T10:00:00Z',
        endsAt:
          status === 'resolved'
            ? '2026-02-01T10:20:00Z'
            : '0001-01-01T00:00:00Z',
        fingerprint: `race-${fingerprint}`,
      })),
    });

    it('alerts: 200 concurrent deliveries of an Alertmanager batch, firing then resolved, act once and answer alike', async () => {
      const fired = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/alerts', alertmanager('firing')),
      );
      expect(statuses(fired)).toEqual({ '200': 200 });
      expect(fired[0].body.results.map((r: any) => r.action)).toEqual([
        'created',
        'created',
      ]);
      for (const r of fired) expect(r.body).toEqual(fired[0].body);

      const ids: string[] = fired[0].body.results.map((r: any) => r.incidentId);
      // The critical alert opened a P1: its owners are paged once, not once per delivery.
      expect(sentWithScope(`itsm:incident:${ids[0]}:opened`)).toHaveLength(1);
      const incidents = (
        await one.asService().get('/incidents?q=Checkout%20down%20on&limit=100')
      ).body;
      expect(incidents.items.map((i: any) => i.id).sort()).toEqual(
        [...ids].sort(),
      );

      const resolved = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/alerts', alertmanager('resolved')),
      );
      expect(statuses(resolved)).toEqual({ '200': 200 });
      expect(
        resolved[0].body.results.map((r: any) => [r.action, r.incidentId]),
      ).toEqual(ids.map(id => ['resolved', id]));
      for (const r of resolved) expect(r.body).toEqual(resolved[0].body);

      for (const id of ids) {
        const incident = (await one.asService().get(`/incidents/${id}`)).body;
        // created (1) and resolved (2): nothing else wrote it.
        expect([incident.state, incident.version, incident.resolvedAt]).toEqual(
          ['resolved', 2, '2026-02-01T10:20:00.000Z'],
        );
        const history = (await one.asService().get(`/incidents/${id}/history`))
          .body.items;
        expect(history.map((h: any) => h.changes?.state?.to)).toEqual([
          'new',
          'resolved',
        ]);
      }
    });

    it('alerts: 200 concurrent deliveries of a generic alert, firing then resolved, act once and answer alike', async () => {
      const alert = {
        dedupKey: 'race-generic',
        entity: CHECKOUT,
        title: 'Queue backlog',
        severity: 'high',
      };
      const fired = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/alerts', {
          ...alert,
          status: 'firing',
          startsAt: '2026-02-02T08:00:00Z',
        }),
      );
      expect(statuses(fired)).toEqual({ '200': 200 });
      for (const r of fired) expect(r.body).toEqual(fired[0].body);
      const [{ incidentId: id, action }] = fired[0].body.results;
      expect(action).toBe('created');

      const resolved = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/alerts', {
          ...alert,
          status: 'resolved',
          endsAt: '2026-02-02T08:30:00Z',
        }),
      );
      expect(statuses(resolved)).toEqual({ '200': 200 });
      for (const r of resolved) expect(r.body).toEqual(resolved[0].body);
      expect(resolved[0].body.results[0]).toMatchObject({
        action: 'resolved',
        incidentId: id,
      });

      const all = (await one.asService().get('/incidents?q=Queue%20backlog'))
        .body;
      expect(all.items.map((i: any) => i.id)).toEqual([id]);
      const history = (await one.asService().get(`/incidents/${id}/history`))
        .body.items;
      expect(history.map((h: any) => h.changes?.state?.to)).toEqual([
        'new',
        'resolved',
      ]);
    });

    it('deployments: 200 concurrent deliveries make one change; every answer has the same change and version', async () => {
      const event = {
        entityRef: CHECKOUT,
        deploymentId: 'race-run-1',
        version: '4.0.0',
        environment: 'production',
        status: 'succeeded',
        startedAt: '2026-02-03T10:00:00Z',
        finishedAt: '2026-02-03T10:04:00Z',
      };
      const answers = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/deployments', event),
      );
      // The first creation is 201, every other delivery 200 with the same change.
      expect(statuses(answers)).toEqual({ '201': 1, '200': 199 });
      for (const r of answers) expect(r.body).toEqual(answers[0].body);
      expect(answers[0].body).toMatchObject({
        state: 'closed',
        outcome: 'successful',
        version: 1,
      });
      const list = (await one.as().get('/changes?type=standard&limit=500')).body
        .items;
      expect(
        list.filter((c: any) => c.deployment?.deploymentId === 'race-run-1'),
      ).toHaveLength(1);
    });

    it('deployments: the start and the end of a new deployment racing each other end in one closed change', async () => {
      const started = {
        entityRef: CHECKOUT,
        deploymentId: 'race-run-3',
        status: 'in_progress',
        startedAt: '2026-02-05T10:00:00Z',
      };
      const finished = {
        ...started,
        status: 'succeeded',
        finishedAt: '2026-02-05T10:03:00Z',
      };
      const answers = await allAtOnce(replicas, 200, (t, i) =>
        t
          .asService()
          .post('/events/deployments', i % 4 < 2 ? started : finished),
      );
      const counts = statuses(answers);
      expect(Object.keys(counts).sort()).toEqual(['200', '201']);
      expect(counts['201']).toBe(1);
      const ids = new Set(answers.map(r => r.body.id));
      expect(ids.size).toBe(1);
      const change = (await one.as().get(`/changes/${[...ids][0]}`)).body;
      expect(change).toMatchObject({
        state: 'closed',
        outcome: 'successful',
        actualEnd: '2026-02-05T10:03:00.000Z',
      });
      // Whichever came first, the end was recorded once.
      const history = (await one.as().get(`/changes/${change.id}/history`)).body
        .items;
      expect(
        history.filter((h: any) => h.changes?.state?.to === 'closed'),
      ).toHaveLength(1);
    });

    it('deployments: 200 concurrent deliveries of the end of a running deployment close it once', async () => {
      const started = {
        entityRef: CHECKOUT,
        deploymentId: 'race-run-2',
        status: 'in_progress',
        startedAt: '2026-02-04T10:00:00Z',
      };
      const running = expectStatus(
        await one.asService().post('/events/deployments', started),
        201,
      ).body;
      expect([running.state, running.version]).toEqual(['implement', 1]);
      const finished = {
        ...started,
        status: 'failed',
        finishedAt: '2026-02-04T10:06:00Z',
      };
      const answers = await allAtOnce(replicas, 200, t =>
        t.asService().post('/events/deployments', finished),
      );
      expect(statuses(answers)).toEqual({ '200': 200 });
      for (const r of answers) expect(r.body).toEqual(answers[0].body);
      expect(answers[0].body).toMatchObject({
        id: running.id,
        state: 'closed',
        outcome: 'failed',
        version: 2,
      });
      const history = (await one.as().get(`/changes/${running.id}/history`))
        .body.items;
      expect(history.map((h: any) => h.changes?.state)).toEqual([
        { from: null, to: 'implement' },
        { from: 'implement', to: 'closed' },
      ]);
    });
  },
);
