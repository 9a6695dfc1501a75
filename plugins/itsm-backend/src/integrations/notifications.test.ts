import { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  gold24x7Sla,
  CHECKOUT,
  PAYMENTS,
  SEARCH,
} from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
  recordingNotifications,
} from '../__testUtils__/testBackend';

/*
 * Notifications through the real plugin: HTTP requests and the scheduled SLA check write to the
 * SQLite database, the event bus fires, and a recording notificationService sees what would be
 * sent to the notifications backend.
 */

describe('ITSM notifications', () => {
  let t: ItsmTestBackend;
  const sent: NotificationSendOptions[] = [];
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const recorder = recordingNotifications(sent);
  // The scheduler only records the tasks; the test runs the SLA check when it wants to.
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      tasks.set(task.id, task.fn as SchedulerServiceTaskFunction);
    }),
  });

  const runSlaCheck = async () => {
    const fn = tasks.get('itsm-sla-breach-check');
    expect(fn).toBeDefined();
    await fn!(new AbortController().signal);
  };
  /** What was sent while `fn` ran. */
  const sentDuring = async (fn: () => Promise<unknown>) => {
    const before = sent.length;
    await fn();
    return sent.slice(before);
  };
  const recipientsOf = (n: NotificationSendOptions) =>
    n.recipients.type === 'entity'
      ? [n.recipients.entityRef].flat()
      : ['<broadcast>'];

  beforeAll(async () => {
    t = await startItsmTestBackend({
      extraFeatures: [recorder, scheduler.factory],
      // The test service principal requests and walks a change (itsm.servicePrincipals.allow).
      config: {
        itsm: {
          servicePrincipals: {
            allow: [
              'read',
              'incident.create',
              'change.create',
              'change.update',
            ],
          },
        },
      },
    });
    const bob = t.as('user:default/bob');
    const gold = expectStatus(await bob.post('/slas', gold24x7Sla), 201);
    for (const [entityRef, name] of [
      [CHECKOUT, 'Checkout'],
      [PAYMENTS, 'Payments'],
    ]) {
      expectStatus(
        await bob.post('/services', { entityRef, name, slaId: gold.body.id }),
        201,
      );
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('incidents opened', () => {
    it('notifies the owning group of the service once for a P1, with a link to the ITSM tab', async () => {
      let incident: any;
      const notes = await sentDuring(async () => {
        const res = await t.as('user:default/carol').post('/incidents', {
          title: 'Checkout down',
          description: 'HTTP 503 everywhere',
          entityRef: CHECKOUT,
          impact: 1,
          urgency: 1,
        });
        expect(res.status).toBe(201);
        incident = res.body;
      });
      expect(incident.priority).toBe('P1');
      expect(notes).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/shop-team'],
          },
          payload: {
            title: `P1 incident ${incident.number} opened: Checkout down`,
            description: `${CHECKOUT} — HTTP 503 everywhere`,
            link: `/catalog/default/component/checkout/itsm?incident=${incident.number}`,
            severity: 'critical',
            topic: 'itsm',
            scope: `itsm:incident:${incident.id}:opened`,
          },
        },
      ]);
    });

    it('notifies for a P2 with high severity', async () => {
      let number = '';
      const notes = await sentDuring(async () => {
        const res = await t.as().post('/incidents', {
          title: 'Payments slow',
          entityRef: PAYMENTS,
          impact: 1,
          urgency: 2,
        });
        expect(res.body.priority).toBe('P2');
        number = res.body.number;
      });
      expect(notes).toHaveLength(1);
      expect(recipientsOf(notes[0])).toEqual(['group:default/payments-team']);
      expect(notes[0].payload).toMatchObject({
        severity: 'high',
        link: `/catalog/default/component/payments/itsm?incident=${number}`,
      });
    });

    it('notifies when an incident is raised to P2 and then to P1, not when it is lowered', async () => {
      const p3 = await t.as().post('/incidents', {
        title: 'Checkout slow',
        entityRef: CHECKOUT,
        impact: 2,
        urgency: 2,
      });
      expect(p3.body.priority).toBe('P3');
      const id = p3.body.id;
      const toP2 = await sentDuring(async () => {
        const res = await t
          .as()
          .patch(`/incidents/${id}`, { version: 1, impact: 1 });
        expect(res.body.priority).toBe('P2');
      });
      expect(toP2).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/shop-team'],
          },
          payload: {
            title: `${p3.body.number} raised to P2: Checkout slow`,
            description: `${CHECKOUT}: P3 → P2`,
            link: `/catalog/default/component/checkout/itsm?incident=${p3.body.number}`,
            severity: 'high',
            topic: 'itsm',
            scope: `itsm:incident:${id}:priority:P2`,
          },
        },
      ]);
      const toP1 = await sentDuring(async () => {
        const res = await t
          .as()
          .patch(`/incidents/${id}`, { version: 2, urgency: 1 });
        expect(res.body.priority).toBe('P1');
      });
      expect(toP1.map(n => [n.payload.title, n.payload.severity])).toEqual([
        [`${p3.body.number} raised to P1: Checkout slow`, 'critical'],
      ]);
      const lowered = await sentDuring(async () => {
        const res = await t
          .as()
          .patch(`/incidents/${id}`, { version: 3, impact: 3, urgency: 3 });
        expect(res.body.priority).toBe('P4');
      });
      expect(lowered).toEqual([]);
    });

    it('sends nothing for a P4, for an updated incident or without a service', async () => {
      const notes = await sentDuring(async () => {
        const p4 = await t.as().post('/incidents', {
          title: 'Typo',
          entityRef: CHECKOUT,
          impact: 3,
          urgency: 3,
        });
        expect([p4.status, p4.body.priority]).toEqual([201, 'P4']);
        const patched = await t.as().patch(`/incidents/${p4.body.id}`, {
          version: 1,
          title: 'Typo on the cart page',
        });
        expect(patched.status).toBe(200);
        // search has no ITSM service, so there is no owning group to notify.
        const orphan = await t.as().post('/incidents', {
          title: 'Search down',
          entityRef: SEARCH,
          impact: 1,
          urgency: 1,
        });
        expect([
          orphan.status,
          orphan.body.priority,
          orphan.body.serviceId,
        ]).toEqual([201, 'P1', null]);
      });
      expect(notes).toEqual([]);
    });
  });

  describe('changes', () => {
    const window = {
      plannedStart: '2030-06-01T10:00:00Z',
      plannedEnd: '2030-06-01T12:00:00Z',
    };
    const createChange = async (client: {
      post: (p: string, b?: object) => any;
    }) => {
      const res = await client.post('/changes', {
        title: 'Upgrade checkout',
        type: 'normal',
        entityRefs: [CHECKOUT],
        riskAssessment: { rollbackTested: true },
        ...window,
      });
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      return res.body;
    };
    const walk = async (
      client: { post: (p: string, b?: object) => any },
      change: any,
      states: string[],
    ) => {
      let current = change;
      for (const to of states) {
        const res = await client.post(`/changes/${current.id}/transitions`, {
          to,
          version: current.version,
        });
        expect([to, res.status, res.body.error?.message]).toEqual([
          to,
          200,
          undefined,
        ]);
        current = res.body;
      }
      return current;
    };

    it('notifies the CAB when a change awaits approval, and the requester when it is approved', async () => {
      const bob = t.as('user:default/bob');
      const change = await createChange(bob);
      const awaiting = await sentDuring(() =>
        walk(bob, change, ['assess', 'authorize']),
      );
      expect(awaiting).toEqual([
        {
          recipients: { type: 'entity', entityRef: ['group:default/cab'] },
          payload: expect.objectContaining({
            title: `Change ${change.number} awaits CAB approval`,
            description: `Review ${change.number} in the CAB queue.`,
            link: '/itsm/cab',
            topic: 'itsm',
            scope: `itsm:change:${change.id}:awaiting_cab`,
          }),
        },
      ]);

      const approved = await sentDuring(async () => {
        const res = await t
          .as('user:default/alice')
          .post(`/changes/${change.id}/approvals`, { decision: 'approve' });
        expect([res.status, res.body.state]).toEqual([200, 'scheduled']);
      });
      expect(approved).toEqual([
        {
          recipients: { type: 'entity', entityRef: ['user:default/bob'] },
          payload: expect.objectContaining({
            title: `Change ${change.number} approved`,
            description: `The CAB approved ${change.number}; it is scheduled.`,
            link: '/catalog/default/component/checkout/itsm',
            severity: 'normal',
            scope: `itsm:change:${change.id}:decision:approved`,
          }),
        },
      ]);
    });

    it('notifies the requester of a rejection, the reasons left to the API (the requester may not read the change)', async () => {
      const bob = t.as('user:default/bob');
      const change = await walk(bob, await createChange(bob), [
        'assess',
        'authorize',
      ]);
      const notes = await sentDuring(async () => {
        const res = await t
          .as('user:default/carol')
          .post(`/changes/${change.id}/approvals`, {
            decision: 'reject',
            comment: 'No rollback plan',
          });
        expect([res.status, res.body.state]).toEqual([200, 'new']);
      });
      expect(notes).toHaveLength(1);
      expect(recipientsOf(notes[0])).toEqual(['user:default/bob']);
      expect(notes[0].payload).toMatchObject({
        title: `Change ${change.number} rejected`,
        description: `The CAB rejected ${change.number}; the reasons are on the change.`,
        severity: 'high',
        scope: `itsm:change:${change.id}:decision:rejected`,
      });
      expect(JSON.stringify(notes)).not.toMatch(
        /No rollback plan|Upgrade checkout/,
      );
    });

    it('does not notify a service principal that requested a change', async () => {
      const service = t.asService();
      const change = await walk(service, await createChange(service), [
        'assess',
        'authorize',
      ]);
      expect(change.requestedBy).not.toMatch(/^user:/);
      const notes = await sentDuring(async () => {
        const res = await t
          .as('user:default/alice')
          .post(`/changes/${change.id}/approvals`, { decision: 'approve' });
        expect([res.status, res.body.state]).toEqual([200, 'scheduled']);
      });
      expect(notes).toEqual([]);
    });
  });

  describe('SLA warnings and breaches (scheduled check)', () => {
    it('notifies the assignee (number only) and the owning group (with the content) of each breach exactly once', async () => {
      // Imported (no "opened" notification), open since long ago: both Gold P2 clocks are breached.
      let incident: any;
      const created = await sentDuring(async () => {
        const res = await t.as().post('/incidents', {
          title: 'Old payments outage',
          entityRef: PAYMENTS,
          impact: 1,
          urgency: 2,
          // bob is not in payments-team: he learns the number, not the content.
          assigneeRef: 'user:default/bob',
          source: 'import',
          openedAt: '2025-11-03T07:00:00Z',
        });
        expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
        incident = res.body;
      });
      expect(created).toEqual([]);

      const first = (await sentDuring(runSlaCheck)).filter(n =>
        n.payload.scope?.includes(incident.id),
      );
      expect(first.map(n => [n.payload.scope, recipientsOf(n)]).sort()).toEqual(
        [
          [
            `itsm:incident:${incident.id}:sla:resolution:breach`,
            ['group:default/payments-team'],
          ],
          [
            `itsm:incident:${incident.id}:sla:resolution:breach`,
            ['user:default/bob'],
          ],
          [
            `itsm:incident:${incident.id}:sla:response:breach`,
            ['group:default/payments-team'],
          ],
          [
            `itsm:incident:${incident.id}:sla:response:breach`,
            ['user:default/bob'],
          ],
        ],
      );
      for (const note of first) {
        const toOwners =
          recipientsOf(note)[0] === 'group:default/payments-team';
        expect(note.payload.description).toBe(
          toOwners
            ? `P2 Old payments outage (${PAYMENTS})`
            : `Assigned to you. Open ${incident.number} for the details.`,
        );
        expect(note.payload).toMatchObject({
          severity: 'critical',
          link: `/catalog/default/component/payments/itsm?incident=${incident.number}`,
          topic: 'itsm',
        });
      }
      expect(first.map(n => n.payload.title).sort()).toEqual([
        `${incident.number}: resolution SLA breached`,
        `${incident.number}: resolution SLA breached`,
        `${incident.number}: response SLA breached`,
        `${incident.number}: response SLA breached`,
      ]);

      // Exactly once: the marks are stored, a second run announces nothing.
      expect(await sentDuring(runSlaCheck)).toEqual([]);
    });

    it('warns the owning group when 75 % of a clock is used (no assignee)', async () => {
      // Gold P1: response 15 min (24x7). Opened 12 minutes ago → 80 % used, not yet breached.
      const openedAt = new Date(Date.now() - 12 * 60_000).toISOString();
      const res = await t.as().post('/incidents', {
        title: 'Checkout errors',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        source: 'import',
        openedAt,
      });
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      const incident = res.body;

      const notes = (await sentDuring(runSlaCheck)).filter(n =>
        n.payload.scope?.includes(incident.id),
      );
      expect(notes).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/shop-team'],
          },
          payload: expect.objectContaining({
            title: `${incident.number}: response SLA at risk (75 % used)`,
            severity: 'high',
            scope: `itsm:incident:${incident.id}:sla:response:warning`,
            link: `/catalog/default/component/checkout/itsm?incident=${incident.number}`,
          }),
        },
      ]);
      expect(await sentDuring(runSlaCheck)).toEqual([]);
    });
  });
});
