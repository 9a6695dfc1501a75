import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  ItsmTestBackend,
  expectStatus,
  listTitles,
  useItsmTestBackend,
  walkPages,
} from '../__testUtils__/testBackend';
import {
  CHECKOUT,
  PAYMENTS,
  SEARCH,
  UNOWNED,
  SERVICE_ACTOR,
} from '../__testUtils__/fixtures';

/*
 * Router tests of /changes: risk, the lifecycle, CAB votes, conflicts and freeze windows, the
 * calendar, deployments recorded as standard changes, lists and history, through HTTP and the
 * real SQLite database. Planned windows lie in 2030/2031 so they are never "already over".
 */

const enc = encodeURIComponent;

const FREEZE_CONFIG = {
  itsm: {
    changes: {
      freezeWindows: [
        {
          name: 'Year-end freeze',
          start: '2030-12-20T00:00:00Z',
          end: '2031-01-05T00:00:00Z',
        },
      ],
    },
  },
};

/** Services so the risk knows the criticality (3 → +1) and the owners are known. */
async function setUpServices(t: ItsmTestBackend) {
  const bob = t.as('user:default/bob');
  for (const [entityRef, name] of [
    [CHECKOUT, 'Checkout'],
    [PAYMENTS, 'Payments'],
  ]) {
    expect((await bob.post('/services', { entityRef, name })).status).toBe(201);
  }
}

/** The suite backend with the services registered, and a change client on it. */
function useChangeBackend() {
  const t = useItsmTestBackend({ setUp: setUpServices });
  return { t, c: changeClient(t) };
}

function changeClient(t: ItsmTestBackend) {
  const create = async (body: object, user = 'user:default/bob') => {
    const res = await t.as(user).post('/changes', {
      title: 'Upgrade',
      type: 'normal',
      entityRefs: [CHECKOUT],
      ...body,
    });
    expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
    return res.body;
  };
  const move = (id: string, body: object, user = 'user:default/bob') =>
    t.as(user).post(`/changes/${id}/transitions`, body);
  const vote = (
    id: string,
    user: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ) =>
    t
      .as(user)
      .post(
        `/changes/${id}/approvals`,
        comment === undefined ? { decision } : { decision, comment },
      );
  /** Walks the given states, answering the change after the last one. */
  const walk = async (
    change: any,
    states: string[],
    user = 'user:default/bob',
  ) => {
    let current = change;
    for (const to of states) {
      const res = await move(
        current.id,
        { to, version: current.version },
        user,
      );
      expect([to, res.status, res.body.error?.message]).toEqual([
        to,
        200,
        undefined,
      ]);
      current = res.body;
    }
    return current;
  };
  return { create, move, vote, walk };
}

describe('POST /changes', () => {
  const { t, c } = useChangeBackend();

  it('creates a normal change with its risk assessment and the record fields', async () => {
    const res = await t.as('user:default/bob').post('/changes', {
      title: 'Upgrade the checkout database',
      type: 'normal',
      entityRefs: ['checkout'],
      plannedStart: '2030-02-01T10:00:00+01:00',
      plannedEnd: '2030-02-01T12:00:00+01:00',
      rollbackPlan: 'Restore the snapshot',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 1,
      createdBy: 'user:default/bob',
      updatedBy: 'user:default/bob',
      title: 'Upgrade the checkout database',
      description: null,
      type: 'normal',
      entityRefs: [CHECKOUT],
      risk: 'medium',
      impact: 2,
      plannedStart: '2030-02-01T09:00:00.000Z',
      plannedEnd: '2030-02-01T11:00:00.000Z',
      actualStart: null,
      actualEnd: null,
      plannedOutage: false,
      rollbackPlan: 'Restore the snapshot',
      state: 'new',
      outcome: null,
      rejectionReason: null,
      requestedBy: 'user:default/bob',
      deployment: null,
      approvals: [],
      conflicts: [],
      causedIncidentIds: [],
    });
    expect(res.body.id).toEqual(expect.any(String));
    expect(res.body.updatedAt).toBe(res.body.createdAt);
    expect(res.body.number).toMatch(/^CHG-\d{4,}$/);
    // No tested rollback (+3) and the criticality-3 service (+1): 4 = medium.
    // The answers are what the requester gave; facts from the data only show in the reasons.
    expect(res.body.riskAssessment).toEqual({
      answers: {},
      score: 4,
      level: 'medium',
      reasons: [
        {
          factor: 'rollbackNotTested',
          points: 3,
          message: 'No tested rollback: +3',
        },
        {
          factor: 'criticality',
          points: 1,
          message: 'Service criticality 3 (medium): +1',
        },
      ],
    });

    const read = await t.as().get(`/changes/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    const history = await t.as().get(`/changes/${res.body.id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'created',
        actor: 'user:default/bob',
        changes: {
          state: { from: null, to: 'new' },
          risk: { from: null, to: 'medium' },
        },
      }),
    ]);
  });

  it('scores the risk from the answers', async () => {
    const low = await c.create({ riskAssessment: { rollbackTested: true } });
    expect(low.risk).toBe('low');
    expect(low.riskAssessment.score).toBe(1);

    const high = await c.create({
      riskAssessment: {
        userFacing: true,
        dataMigration: true,
        peakHours: false,
      },
    });
    expect(high.risk).toBe('high');
    expect(high.riskAssessment.score).toBe(9);
    expect(high.riskAssessment.reasons.map((r: any) => r.factor)).toEqual([
      'userFacing',
      'rollbackNotTested',
      'dataMigration',
      'criticality',
    ]);

    const twoEntities = await c.create({
      entityRefs: [CHECKOUT, PAYMENTS],
      riskAssessment: { rollbackTested: true },
    });
    expect(twoEntities.riskAssessment.reasons).toEqual([
      {
        factor: 'affectedComponents',
        points: 1,
        message: '2 affected components: +1',
      },
      {
        factor: 'criticality',
        points: 1,
        message: 'Service criticality 3 (medium): +1',
      },
    ]);

    const standard = await c.create({
      type: 'standard',
      riskAssessment: { userFacing: true },
    });
    expect(standard.risk).toBe('low');
    expect(standard.riskAssessment).toMatchObject({
      score: 0,
      level: 'low',
      reasons: [{ factor: 'standard', points: 0 }],
    });

    const noService = await c.create({
      entityRefs: [SEARCH],
      riskAssessment: { rollbackTested: true },
    });
    expect(noService.riskAssessment).toMatchObject({
      score: 0,
      level: 'low',
      reasons: [],
    });
  });

  it.each([
    [
      'no type',
      { title: 'x', entityRefs: [CHECKOUT] },
      /required property 'type'/,
    ],
    [
      'no entityRefs',
      { title: 'x', type: 'normal' },
      /required property 'entityRefs'/,
    ],
    [
      'an empty entityRefs list',
      { title: 'x', type: 'normal', entityRefs: [] },
      /entityRefs must NOT have fewer than 1 items/,
    ],
    [
      'an unknown type',
      { title: 'x', type: 'urgent', entityRefs: [CHECKOUT] },
      /request\/body\/type must be equal to one of the allowed values/,
    ],
    [
      'an unknown field',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        state: 'scheduled',
      },
      /must NOT have additional properties/,
    ],
    [
      'an unknown risk question',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        riskAssessment: { vibes: true },
      },
      /riskAssessment must NOT have additional properties/,
    ],
    [
      'impact 4',
      { title: 'x', type: 'normal', entityRefs: [CHECKOUT], impact: 4 },
      /^request\/body\/impact must be <= 3$/,
    ],
    [
      'plannedEnd before plannedStart',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        plannedStart: '2030-02-01T12:00:00Z',
        plannedEnd: '2030-02-01T10:00:00Z',
      },
      /^plannedEnd: must be after plannedStart$/,
    ],
    [
      'plannedEnd equal to plannedStart',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        plannedStart: '2030-02-01T12:00:00Z',
        plannedEnd: '2030-02-01T12:00:00Z',
      },
      /^plannedEnd: must be after plannedStart$/,
    ],
    [
      'only a plannedStart',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        plannedStart: '2030-02-01T12:00:00Z',
      },
      /^plannedEnd: a planned window needs both plannedStart and plannedEnd$/,
    ],
    [
      'a window in the past',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        plannedStart: '2020-02-01T10:00:00Z',
        plannedEnd: '2020-02-01T12:00:00Z',
      },
      /^plannedEnd: the planned window is already over$/,
    ],
    [
      'a plannedStart that is no date-time',
      {
        title: 'x',
        type: 'normal',
        entityRefs: [CHECKOUT],
        plannedStart: 'tomorrow',
        plannedEnd: '2030-02-01T12:00:00Z',
      },
      /plannedStart/,
    ],
    [
      'an API entity',
      { title: 'x', type: 'normal', entityRefs: ['api:default/checkout-api'] },
      /^entityRefs\[0\]: 'api:default\/checkout-api' is a API; expected one of component, system, resource$/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const before = (await t.as().get('/changes')).body.totalCount;
    const res = await t.as().post('/changes', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await t.as().get('/changes')).body.totalCount).toBe(before);
  });

  it('answers 404 naming the entity missing from the catalog', async () => {
    const res = await t.as().post('/changes', {
      title: 'x',
      type: 'normal',
      entityRefs: [CHECKOUT, 'component:default/ghost'],
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      "entityRefs[1]: no entity 'component:default/ghost' in the catalog",
    );
  });

  it('answers 404 for unknown changes on every route', async () => {
    const responses = [
      await t.as().get('/changes/nope'),
      await t.as().patch('/changes/nope', { version: 1, title: 'x' }),
      await t
        .as()
        .post('/changes/nope/transitions', { to: 'assess', version: 1 }),
      await t
        .as('user:default/alice')
        .post('/changes/nope/approvals', { decision: 'approve' }),
      await t.as().get('/changes/nope/history'),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No change with id nope');
    }
  });
});

describe('PATCH /changes/{id}', () => {
  const { t, c } = useChangeBackend();

  const window = {
    plannedStart: '2030-04-01T10:00:00Z',
    plannedEnd: '2030-04-01T12:00:00Z',
  };

  it('updates fields and re-assesses the risk', async () => {
    const change = await c.create(window);
    const res = await t.as('user:default/dave').patch(`/changes/${change.id}`, {
      version: 1,
      description: 'Minor version',
      riskAssessment: { rollbackTested: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      description: 'Minor version',
      risk: 'low',
      createdBy: 'user:default/bob',
      updatedBy: 'user:default/dave',
      requestedBy: 'user:default/bob',
    });
    const history = await t.as().get(`/changes/${change.id}/history`);
    expect(history.body.items[1]).toMatchObject({
      action: 'updated',
      actor: 'user:default/dave',
      changes: {
        description: { from: null, to: 'Minor version' },
        risk: { from: 'medium', to: 'low' },
      },
    });
  });

  it('re-assesses from the current entities, not from facts derived earlier', async () => {
    const change = await c.create({
      ...window,
      entityRefs: [CHECKOUT, PAYMENTS],
      riskAssessment: { rollbackTested: true },
    });
    expect(change.riskAssessment.reasons.map((r: any) => r.factor)).toEqual([
      'affectedComponents',
      'criticality',
    ]);
    expect(change.riskAssessment.answers).toEqual({ rollbackTested: true });
    const res = await t
      .as()
      .patch(`/changes/${change.id}`, { version: 1, entityRefs: [CHECKOUT] });
    expect(res.status).toBe(200);
    expect(res.body.riskAssessment).toMatchObject({
      answers: { rollbackTested: true },
      score: 1,
      level: 'low',
      reasons: [{ factor: 'criticality', points: 1 }],
    });
  });

  it('reschedules, recording it as such', async () => {
    const change = await c.create(window);
    const res = await t.as().patch(`/changes/${change.id}`, {
      version: 1,
      plannedStart: '2030-04-02T10:00:00Z',
      plannedEnd: '2030-04-02T11:00:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plannedStart: '2030-04-02T10:00:00.000Z',
      plannedEnd: '2030-04-02T11:00:00.000Z',
    });
    const history = await t.as().get(`/changes/${change.id}/history`);
    expect(history.body.items[1]).toMatchObject({
      action: 'rescheduled',
      changes: {
        plannedStart: {
          from: '2030-04-01T10:00:00.000Z',
          to: '2030-04-02T10:00:00.000Z',
        },
        plannedEnd: {
          from: '2030-04-01T12:00:00.000Z',
          to: '2030-04-02T11:00:00.000Z',
        },
      },
    });
  });

  it('answers 400 for a bad window or body, and without a version, changing nothing', async () => {
    const change = await c.create(window);
    const cases: Array<[object, RegExp]> = [
      [
        { version: 1, plannedEnd: '2030-04-01T09:00:00Z' },
        /^plannedEnd: must be after plannedStart$/,
      ],
      [
        { version: 1, plannedStart: null },
        /^plannedStart: a planned window needs both plannedStart and plannedEnd$/,
      ],
      [
        { version: 1, type: 'emergency' },
        /must NOT have additional properties/,
      ],
      [{ version: 1, outcome: 'great' }, /outcome/],
      [{ title: 'No version' }, /^version: required/],
      [
        { version: 1, entityRefs: ['api:default/checkout-api'] },
        /^entityRefs\[0\]: .* is a API/,
      ],
      [
        {
          version: 1,
          plannedStart: '2020-04-01T10:00:00Z',
          plannedEnd: '2020-04-01T12:00:00Z',
        },
        /^plannedEnd: the planned window is already over$/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await t.as().patch(`/changes/${change.id}`, body);
      expect([JSON.stringify(body), res.status]).toEqual([
        JSON.stringify(body),
        400,
      ]);
      expect(res.body.error.message).toMatch(message);
    }
    const read = await t.as().get(`/changes/${change.id}`);
    expect(read.body).toMatchObject({
      version: 1,
      plannedStart: '2030-04-01T10:00:00.000Z',
      plannedEnd: '2030-04-01T12:00:00.000Z',
    });
  });

  it('accepts the version as an If-Match header', async () => {
    const change = await c.create(window);
    const res = await t
      .as()
      .patch(`/changes/${change.id}`, { title: 'Via If-Match' })
      .set('If-Match', '"1"');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, title: 'Via If-Match' });
  });

  it('answers 409 for a stale version and keeps the stored values', async () => {
    const change = await c.create(window);
    expect(
      (
        await t
          .as()
          .patch(`/changes/${change.id}`, { version: 1, title: 'First' })
      ).status,
    ).toBe(200);
    const stale = await t.as().patch(`/changes/${change.id}`, {
      version: 1,
      title: 'Second',
      plannedOutage: true,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /version: .*current version 2, yours 1/,
    );
    expect((await t.as().get(`/changes/${change.id}`)).body).toMatchObject({
      version: 2,
      title: 'First',
      plannedOutage: false,
    });
  });

  it('answers 409 when rescheduling an approved change and for closed changes', async () => {
    const approved = await c.walk(
      await c.create({ ...window, riskAssessment: { rollbackTested: true } }),
      ['assess', 'authorize'],
    );
    expect(
      (await c.vote(approved.id, 'user:default/alice', 'approve')).body.state,
    ).toBe('scheduled');
    const current = (await t.as().get(`/changes/${approved.id}`)).body;
    const move = await t.as().patch(`/changes/${approved.id}`, {
      version: current.version,
      plannedStart: '2030-04-03T10:00:00Z',
      plannedEnd: '2030-04-03T12:00:00Z',
    });
    expect(move.status).toBe(409);
    expect(move.body.error.message).toBe(
      `plannedStart: change ${approved.number} is scheduled; move it back to new to reschedule it`,
    );
    // Other fields of a scheduled change may still be edited.
    const notes = await t.as().patch(`/changes/${approved.id}`, {
      version: current.version,
      testPlan: 'Smoke tests',
    });
    expect(notes.status).toBe(200);

    const canceled = await c.walk(await c.create(window), ['canceled']);
    const res = await t.as().patch(`/changes/${canceled.id}`, {
      version: canceled.version,
      title: 'Too late',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `state: change ${canceled.number} is canceled and can no longer be changed`,
    );
  });
});

describe('POST /changes/{id}/transitions', () => {
  const { t, c } = useChangeBackend();

  const window = {
    plannedStart: '2030-05-01T10:00:00Z',
    plannedEnd: '2030-05-01T12:00:00Z',
  };

  it('moves a normal change new → assess → authorize and refuses to schedule it without votes', async () => {
    const change = await c.create(window);
    const assess = await c.move(change.id, { to: 'assess', version: 1 });
    expect(assess.status).toBe(200);
    expect(assess.body).toMatchObject({ state: 'assess', version: 2 });
    const authorize = await c.move(
      change.id,
      { to: 'authorize', version: 2, comment: 'Ready for CAB' },
      'user:default/dave',
    );
    expect(authorize.status).toBe(200);
    expect(authorize.body).toMatchObject({
      state: 'authorize',
      version: 3,
      updatedBy: 'user:default/dave',
    });

    const schedule = await c.move(change.id, { to: 'scheduled', version: 3 });
    expect(schedule.status).toBe(409);
    expect(schedule.body.error.message).toBe(
      'to: The change cannot be scheduled before the CAB approvals are complete',
    );
    expect((await t.as().get(`/changes/${change.id}`)).body.state).toBe(
      'authorize',
    );

    const history = await t.as().get(`/changes/${change.id}/history`);
    expect(
      history.body.items.map((h: any) => [
        h.action,
        h.changes.state?.to,
        h.actor,
        h.comment,
      ]),
    ).toEqual([
      ['created', 'new', 'user:default/bob', null],
      ['transition', 'assess', 'user:default/bob', null],
      ['transition', 'authorize', 'user:default/dave', 'Ready for CAB'],
    ]);
  });

  it('answers 409 naming the allowed states for an illegal transition', async () => {
    const change = await c.create(window);
    const res = await c.move(change.id, { to: 'scheduled', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'to: A normal change cannot move from new to scheduled; allowed: assess, canceled',
    );

    const emergency = await c.create({ ...window, type: 'emergency' });
    const assess = await c.move(emergency.id, { to: 'assess', version: 1 });
    expect(assess.status).toBe(409);
    expect(assess.body.error.message).toMatch(/allowed: authorize, canceled$/);

    const canceled = await c.walk(await c.create(window), ['canceled']);
    const final = await c.move(canceled.id, {
      to: 'new',
      version: canceled.version,
    });
    expect(final.status).toBe(409);
    expect(final.body.error.message).toMatch(
      /from canceled to new; allowed: none \(final state\)$/,
    );
  });

  it('answers 409 for a stale version, 400 without one, and takes If-Match', async () => {
    const change = await c.create(window);
    expect((await c.move(change.id, { to: 'assess', version: 1 })).status).toBe(
      200,
    );
    const stale = await c.move(change.id, { to: 'authorize', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /^version: .*current version 2, yours 1/,
    );
    expect((await t.as().get(`/changes/${change.id}`)).body).toMatchObject({
      state: 'assess',
      version: 2,
    });

    const none = await c.move(change.id, { to: 'authorize' });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^version: required/);

    const header = await t
      .as()
      .post(`/changes/${change.id}/transitions`, { to: 'authorize' })
      .set('If-Match', '"2"');
    expect(header.status).toBe(200);
    expect(header.body.state).toBe('authorize');

    const unknown = await c.move(change.id, { to: 'approved', version: 3 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /request\/body\/to must be equal to one of the allowed values/,
    );
  });

  it('runs a standard change to closed, needing an outcome', async () => {
    const change = await c.create({ ...window, type: 'standard' });
    const scheduled = await c.walk(change, ['scheduled']);
    expect(scheduled.state).toBe('scheduled');
    const implementing = await c.walk(scheduled, ['implement']);
    expect(implementing.actualStart).toEqual(expect.any(String));
    const review = await c.walk(implementing, ['review']);
    expect(review.actualEnd).toEqual(expect.any(String));

    const noOutcome = await c.move(change.id, {
      to: 'closed',
      version: review.version,
    });
    expect(noOutcome.status).toBe(409);
    expect(noOutcome.body.error.message).toBe(
      'to: Closing a change needs an outcome: successful, failed, rolled_back',
    );

    const closed = await c.move(change.id, {
      to: 'closed',
      version: review.version,
      outcome: 'successful',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      outcome: 'successful',
    });
  });

  it('runs an emergency change: authorize directly, one approval, mandatory review notes', async () => {
    const change = await c.create({
      ...window,
      type: 'emergency',
      title: 'Hotfix',
    });
    const authorize = await c.walk(change, ['authorize']);
    const approved = await c.vote(change.id, 'user:default/carol', 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('scheduled');
    const review = await c.walk({ ...approved.body }, ['implement', 'review']);
    expect(review.version).toBeGreaterThan(authorize.version);

    const noNotes = await c.move(change.id, {
      to: 'closed',
      version: review.version,
      outcome: 'successful',
    });
    expect(noNotes.status).toBe(409);
    expect(noNotes.body.error.message).toBe(
      'to: The post-implementation review is mandatory for this change: add review notes before closing',
    );
    const closed = await c.move(change.id, {
      to: 'closed',
      version: review.version,
      outcome: 'rolled_back',
      reviewNotes: 'Rolled back after error spike',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      outcome: 'rolled_back',
      reviewNotes: 'Rolled back after error spike',
    });
  });
});

describe('POST /changes/{id}/approvals (CAB: alice, carol, dave)', () => {
  const { t, c } = useChangeBackend();

  const window = {
    plannedStart: '2030-06-01T10:00:00Z',
    plannedEnd: '2030-06-01T12:00:00Z',
  };
  const low = { ...window, riskAssessment: { rollbackTested: true } };
  const medium = window;
  const high = {
    ...window,
    riskAssessment: { userFacing: true, dataMigration: true },
  };

  it('normal/low: one CAB approval schedules the change by itself', async () => {
    const change = await c.create(low);
    expect(change.risk).toBe('low');

    const early = await c.vote(change.id, 'user:default/alice', 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      'Votes are only accepted while the change is in authorize (it is in new)',
    );

    const authorize = await c.walk(change, ['assess', 'authorize']);

    const self = await c.vote(change.id, 'user:default/bob', 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.name).toBe('NotAllowedError');
    expect(self.body.error.message).toBe(
      'user:default/bob requested this change and may not vote on it',
    );

    const outsider = await c.vote(change.id, 'user:default/erin', 'approve');
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe(
      'user:default/erin is not a member of the CAB (group:default/cab)',
    );

    const service = await t
      .asService()
      .post(`/changes/${change.id}/approvals`, { decision: 'approve' });
    expect(service.status).toBe(403);
    // Refused by itsm.servicePrincipals.allow (no change.approve by default) before the CAB rule.
    expect(service.body.error.message).toBe(
      `Service principal ${SERVICE_ACTOR} may not change approve: not in itsm.servicePrincipals.allow`,
    );

    const approved = await c.vote(change.id, 'user:default/alice', 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'scheduled',
      version: authorize.version + 1,
      updatedBy: 'user:default/alice',
    });
    expect(approved.body.approvals).toEqual([
      {
        voterRef: 'user:default/alice',
        decision: 'approve',
        comment: null,
        at: expect.any(String),
        roles: ['cab'],
      },
    ]);

    const history = await t.as().get(`/changes/${change.id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'approval',
      actor: 'user:default/alice',
      changes: {
        vote: { from: null, to: 'approve' },
        state: { from: 'authorize', to: 'scheduled' },
      },
    });
  });

  it('normal/medium: two approvals; a double vote is refused', async () => {
    const change = await c.walk(await c.create(medium), [
      'assess',
      'authorize',
    ]);
    expect(change.risk).toBe('medium');

    const first = await c.vote(
      change.id,
      'user:default/alice',
      'approve',
      'Looks fine',
    );
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('authorize');
    expect(first.body.approvals).toHaveLength(1);

    const again = await c.vote(
      change.id,
      'user:default/alice',
      'reject',
      'Changed my mind',
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'user:default/alice has already voted (approve) on this change',
    );

    const second = await c.vote(change.id, 'user:default/dave', 'approve');
    expect(second.status).toBe(200);
    expect(second.body.state).toBe('scheduled');
    expect(
      second.body.approvals.map((a: any) => [a.voterRef, a.roles]),
    ).toEqual([
      ['user:default/alice', ['cab']],
      ['user:default/dave', ['cab', 'owner']],
    ]);
  });

  it('a rejection needs a comment and sends the change back to new with the reason', async () => {
    const change = await c.walk(await c.create(medium), [
      'assess',
      'authorize',
    ]);
    expect(
      (await c.vote(change.id, 'user:default/alice', 'approve')).status,
    ).toBe(200);

    const noComment = await c.vote(change.id, 'user:default/carol', 'reject');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toBe(
      'comment: A rejection needs a comment giving the reason',
    );
    const blank = await c.vote(
      change.id,
      'user:default/carol',
      'reject',
      '   ',
    );
    expect(blank.status).toBe(400);

    const rejected = await c.vote(
      change.id,
      'user:default/carol',
      'reject',
      'No rollback plan',
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      state: 'new',
      rejectionReason: 'user:default/carol: No rollback plan',
      approvals: [],
    });

    // The next submission starts a fresh round: alice may vote again.
    const resubmitted = await c.walk(rejected.body, ['assess', 'authorize']);
    expect(resubmitted.approvals).toEqual([]);
    const again = await c.vote(change.id, 'user:default/alice', 'approve');
    expect(again.status).toBe(200);
    expect(again.body.approvals).toHaveLength(1);
  });

  it('withdrawing from authorize starts a fresh round too', async () => {
    const change = await c.walk(await c.create(medium), [
      'assess',
      'authorize',
    ]);
    expect(
      (await c.vote(change.id, 'user:default/alice', 'approve')).status,
    ).toBe(200);
    const current = (await t.as().get(`/changes/${change.id}`)).body;
    const withdrawn = await c.walk(current, ['new', 'assess', 'authorize']);
    expect(withdrawn.approvals).toEqual([]);
    expect(
      (await c.vote(change.id, 'user:default/alice', 'approve')).status,
    ).toBe(200);
  });

  it('normal/high: a CAB majority AND an owner approval', async () => {
    // erin (payments-team) requests a change of checkout, owned by shop-team (bob, dave).
    const change = await c.walk(
      await c.create(high, 'user:default/erin'),
      ['assess', 'authorize'],
      'user:default/erin',
    );
    expect(change.risk).toBe('high');

    const alice = await c.vote(change.id, 'user:default/alice', 'approve');
    expect(alice.body.state).toBe('authorize');
    const carol = await c.vote(change.id, 'user:default/carol', 'approve');
    expect(carol.status).toBe(200);
    // Two of three CAB members is a majority, but no owner approved yet.
    expect(carol.body.state).toBe('authorize');

    const owner = await c.vote(change.id, 'user:default/bob', 'approve');
    expect(owner.status).toBe(200);
    expect(owner.body.state).toBe('scheduled');
    expect(owner.body.approvals.map((a: any) => [a.voterRef, a.roles])).toEqual(
      [
        ['user:default/alice', ['cab']],
        ['user:default/carol', ['cab']],
        ['user:default/bob', ['owner']],
      ],
    );
  });

  it('normal/high: the owner approval alone is not enough', async () => {
    const change = await c.walk(
      await c.create(high, 'user:default/erin'),
      ['assess', 'authorize'],
      'user:default/erin',
    );
    const dave = await c.vote(change.id, 'user:default/dave', 'approve');
    expect(dave.body.state).toBe('authorize');
    expect(dave.body.approvals[0].roles).toEqual(['cab', 'owner']);
    const alice = await c.vote(change.id, 'user:default/alice', 'approve');
    expect(alice.body.state).toBe('scheduled');
  });

  it.each([
    [
      'an unknown decision',
      { decision: 'maybe' },
      /request\/body\/decision must be equal to one of the allowed values/,
    ],
    ['no decision', { comment: 'x' }, /required property 'decision'/],
    [
      'an unknown field',
      { decision: 'approve', weight: 2 },
      /must NOT have additional properties/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const change = await c.walk(await c.create(low), ['assess', 'authorize']);
    const res = await t
      .as('user:default/alice')
      .post(`/changes/${change.id}/approvals`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await t.as().get(`/changes/${change.id}`)).body).toMatchObject({
      state: 'authorize',
      approvals: [],
    });
  });
});

describe('conflicts', () => {
  const { t, c } = useChangeBackend();
  const changes: Record<string, any> = {};
  beforeAll(async () => {
    expectStatus(
      await t.as().post('/services', {
        entityRef: SEARCH,
        name: 'Search',
        maintenanceWindow: {
          timezone: 'Europe/Berlin',
          hours: { sun: [['02:00', '06:00']] },
        },
      }),
      201,
    );
    // Mon 2030-03-04.
    changes.a = await c.create({
      title: 'A',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-03-04T10:00:00Z',
      plannedEnd: '2030-03-04T12:00:00Z',
    });
    changes.b = await c.create({
      title: 'B',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-03-04T11:00:00Z',
      plannedEnd: '2030-03-04T13:00:00Z',
    });
    changes.c = await c.create({
      title: 'C',
      entityRefs: [PAYMENTS],
      plannedStart: '2030-03-04T11:30:00Z',
      plannedEnd: '2030-03-04T12:30:00Z',
    });
    changes.adjacent = await c.create({
      title: 'Adjacent',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-03-04T08:00:00Z',
      plannedEnd: '2030-03-04T10:00:00Z',
    });
    changes.unrelated = await c.create({
      title: 'Unrelated',
      entityRefs: [UNOWNED],
      plannedStart: '2030-03-04T10:00:00Z',
      plannedEnd: '2030-03-04T12:00:00Z',
    });
  });

  /** Conflicts as [kind, changeId, entityRef, blocking] rows, in a stable order. */
  const summary = (conflicts: any[]) =>
    conflicts
      .map(x => [x.kind, x.changeId ?? null, x.entityRef, x.blocking])
      .sort();
  const rows = (...expected: any[][]) => [...expected].sort();

  it('reports an overlap on the same entity on creation', async () => {
    expect(changes.a.conflicts).toEqual([]);
    expect(changes.b.conflicts).toEqual([
      {
        kind: 'overlap',
        changeId: changes.a.id,
        entityRef: CHECKOUT,
        message: `${changes.a.number} "A" also changes ${CHECKOUT} in an overlapping window (2030-03-04 10:00 – 2030-03-04 12:00 UTC)`,
        blocking: false,
      },
    ]);
  });

  it('reports dependency overlaps between checkout and payments in both directions', async () => {
    // C changes payments, which checkout (A, B) depends on.
    expect(summary(changes.c.conflicts)).toEqual(
      rows(
        ['dependency_overlap', changes.a.id, CHECKOUT, false],
        ['dependency_overlap', changes.b.id, CHECKOUT, false],
      ),
    );
    expect(changes.c.conflicts[0].message).toMatch(
      /changes component:default\/checkout, which depends on component:default\/payments/,
    );

    const a = await t.as().get(`/changes/${changes.a.id}`);
    expect(summary(a.body.conflicts)).toEqual(
      rows(
        ['dependency_overlap', changes.c.id, PAYMENTS, false],
        ['overlap', changes.b.id, CHECKOUT, false],
      ),
    );
    const dep = a.body.conflicts.find(
      (x: any) => x.kind === 'dependency_overlap',
    );
    expect(dep.message).toMatch(
      /changes component:default\/payments, which component:default\/checkout depends on/,
    );

    const b = await t.as().get(`/changes/${changes.b.id}`);
    expect(summary(b.body.conflicts)).toEqual(
      rows(
        ['dependency_overlap', changes.c.id, PAYMENTS, false],
        ['overlap', changes.a.id, CHECKOUT, false],
      ),
    );
  });

  it('treats windows as half-open and ignores unrelated entities', async () => {
    expect(changes.adjacent.conflicts).toEqual([]);
    expect(changes.unrelated.conflicts).toEqual([]);
    const adjacent = await t.as().get(`/changes/${changes.adjacent.id}`);
    expect(adjacent.body.conflicts).toEqual([]);
  });

  it('flags a window outside the maintenance window of the service', async () => {
    const wednesday = await c.create({
      entityRefs: [SEARCH],
      plannedStart: '2030-03-06T10:00:00Z',
      plannedEnd: '2030-03-06T11:00:00Z',
    });
    expect(wednesday.conflicts).toEqual([
      expect.objectContaining({
        kind: 'maintenance_window',
        entityRef: SEARCH,
        blocking: false,
      }),
    ]);
    // Sun 2030-03-10 02:00–04:00 Berlin (CET) = 01:00–03:00Z: inside.
    const sunday = await c.create({
      entityRefs: [SEARCH],
      plannedStart: '2030-03-10T01:00:00Z',
      plannedEnd: '2030-03-10T03:00:00Z',
    });
    expect(sunday.conflicts).toEqual([]);
  });

  it('drops conflicts with canceled changes', async () => {
    const d = await c.create({
      title: 'D',
      entityRefs: [UNOWNED],
      plannedStart: '2030-03-05T10:00:00Z',
      plannedEnd: '2030-03-05T12:00:00Z',
    });
    const e = await c.create({
      title: 'E',
      entityRefs: [UNOWNED],
      plannedStart: '2030-03-05T11:00:00Z',
      plannedEnd: '2030-03-05T12:00:00Z',
    });
    expect(
      summary((await t.as().get(`/changes/${d.id}`)).body.conflicts),
    ).toEqual(rows(['overlap', e.id, UNOWNED, false]));
    await c.walk(e, ['canceled']);
    expect((await t.as().get(`/changes/${d.id}`)).body.conflicts).toEqual([]);
  });
});

describe('freeze windows and the change calendar', () => {
  const t = useItsmTestBackend({ config: FREEZE_CONFIG });
  const c = changeClient(t);
  let normal: any;
  let emergency: any;
  let february: any;
  const inFreeze = {
    entityRefs: [SEARCH],
    plannedStart: '2030-12-22T10:00:00Z',
    plannedEnd: '2030-12-22T12:00:00Z',
  };
  beforeAll(async () => {
    normal = await c.create({ ...inFreeze, title: 'Reindex' });
    emergency = await c.create({
      ...inFreeze,
      entityRefs: [UNOWNED],
      title: 'Security patch',
      type: 'emergency',
    });
    february = await c.create({
      entityRefs: [CHECKOUT],
      title: 'February',
      plannedStart: '2031-02-05T10:00:00Z',
      plannedEnd: '2031-02-05T11:00:00Z',
    });
  });

  it('gives a normal change in a freeze a blocking conflict and refuses authorize', async () => {
    expect(normal.conflicts).toEqual([
      {
        kind: 'freeze',
        entityRef: SEARCH,
        message:
          'The planned window overlaps the freeze "Year-end freeze" (2030-12-20 00:00 – 2031-01-05 00:00 UTC) on component:default/search: normal changes are blocked during a freeze; reschedule it or make it an emergency change',
        blocking: true,
      },
    ]);
    const assess = await c.walk(normal, ['assess']);
    const authorize = await c.move(normal.id, {
      to: 'authorize',
      version: assess.version,
    });
    expect(authorize.status).toBe(409);
    expect(authorize.body.error.message).toBe(
      'to: The change has a blocking conflict (a change freeze): it cannot move to authorize. Reschedule it or make it an emergency change',
    );
    expect((await t.as().get(`/changes/${normal.id}`)).body).toMatchObject({
      state: 'assess',
      version: assess.version,
    });

    // Moved out of the freeze, it may go on.
    const moved = await t.as().patch(`/changes/${normal.id}`, {
      version: assess.version,
      plannedStart: '2031-01-06T10:00:00Z',
      plannedEnd: '2031-01-06T12:00:00Z',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.conflicts).toEqual([]);
    expect(
      (
        await c.move(normal.id, {
          to: 'authorize',
          version: moved.body.version,
        })
      ).status,
    ).toBe(200);
  });

  it('lets an emergency change through a freeze with a warning', async () => {
    expect(emergency.conflicts).toEqual([
      expect.objectContaining({
        kind: 'freeze',
        entityRef: UNOWNED,
        blocking: false,
        message: expect.stringMatching(
          /"Year-end freeze".*: allowed for an emergency change, proceed with care$/,
        ),
      }),
    ]);
    const authorize = await c.move(emergency.id, {
      to: 'authorize',
      version: 1,
    });
    expect(authorize.status).toBe(200);
    expect(authorize.body.state).toBe('authorize');
    const approved = await c.vote(
      emergency.id,
      'user:default/alice',
      'approve',
    );
    expect(approved.body.state).toBe('scheduled');
  });

  it('lists the changes and freeze windows of a period', async () => {
    const res = await t
      .as()
      .get(
        `/changes/calendar?from=${enc('2030-12-01T00:00:00Z')}&to=${enc(
          '2031-01-01T00:00:00Z',
        )}`,
      );
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: any) => x.title)).toEqual(['Security patch']);
    expect(res.body.freezeWindows).toEqual([
      {
        name: 'Year-end freeze',
        start: '2030-12-20T00:00:00.000Z',
        end: '2031-01-05T00:00:00.000Z',
      },
    ]);

    const wide = await t
      .as()
      .get(
        `/changes/calendar?from=${enc('2030-12-01T00:00:00Z')}&to=${enc(
          '2031-03-01T00:00:00Z',
        )}`,
      );
    expect(wide.body.items.map((x: any) => x.title)).toEqual([
      'Security patch',
      'Reindex',
      'February',
    ]);

    const checkout = await t
      .as()
      .get(
        `/changes/calendar?from=${enc('2030-12-01T00:00:00Z')}&to=${enc(
          '2031-03-01T00:00:00Z',
        )}&entityRef=${enc(CHECKOUT)}`,
      );
    expect(checkout.body.items.map((x: any) => x.id)).toEqual([february.id]);

    const february2031 = await t
      .as()
      .get(
        `/changes/calendar?from=${enc('2031-02-01T00:00:00Z')}&to=${enc(
          '2031-03-01T00:00:00Z',
        )}`,
      );
    expect(february2031.body).toMatchObject({ freezeWindows: [] });
    expect(february2031.body.items.map((x: any) => x.title)).toEqual([
      'February',
    ]);
  });

  it.each([
    [
      'to before from',
      `?from=${enc('2031-02-01T00:00:00Z')}&to=${enc('2031-01-01T00:00:00Z')}`,
      /^to: must be after from$/,
    ],
    ['no from', `?to=${enc('2031-01-01T00:00:00Z')}`, /from/],
    ['no to', `?from=${enc('2031-01-01T00:00:00Z')}`, /to/],
    [
      'a from that is no date-time',
      `?from=soon&to=${enc('2031-01-01T00:00:00Z')}`,
      /from/,
    ],
  ])('answers 400 for %s', async (_name, query, message) => {
    const res = await t.as().get(`/changes/calendar${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('POST /events/deployments', () => {
  const t = useItsmTestBackend({ setUp: setUpServices });

  const standardChangesOf = async (entityRef: string) =>
    (
      await t
        .as()
        .get(`/changes?type=standard&entityRef=${enc(entityRef)}&limit=500`)
    ).body;

  it('records a deployment as a closed standard change, idempotently by deploymentId', async () => {
    const event = {
      entityRef: CHECKOUT,
      deploymentId: 'gh-run-1001',
      version: '1.2.3',
      environment: 'production',
      status: 'succeeded',
      startedAt: '2026-11-01T10:00:00Z',
      finishedAt: '2026-11-01T10:05:00Z',
      url: 'https://ci.example.com/runs/1001',
    };
    const first = await t.asService().post('/events/deployments', event);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      version: 1,
      createdBy: SERVICE_ACTOR,
      updatedBy: SERVICE_ACTOR,
      requestedBy: SERVICE_ACTOR,
      title: 'Deploy 1.2.3 of checkout to production',
      description: 'Deployment gh-run-1001: https://ci.example.com/runs/1001',
      type: 'standard',
      risk: 'low',
      entityRefs: [CHECKOUT],
      state: 'closed',
      outcome: 'successful',
      plannedStart: '2026-11-01T10:00:00.000Z',
      plannedEnd: '2026-11-01T10:05:00.000Z',
      actualStart: '2026-11-01T10:00:00.000Z',
      actualEnd: '2026-11-01T10:05:00.000Z',
      deployment: {
        deploymentId: 'gh-run-1001',
        version: '1.2.3',
        environment: 'production',
        status: 'succeeded',
        url: 'https://ci.example.com/runs/1001',
        startedAt: '2026-11-01T10:00:00.000Z',
        finishedAt: '2026-11-01T10:05:00.000Z',
      },
    });

    const retry = await t.asService().post('/events/deployments', event);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.version).toBe(1);

    const list = await standardChangesOf(CHECKOUT);
    expect(list.totalCount).toBe(1);
    expect(list.items.map((x: any) => x.id)).toEqual([first.body.id]);

    const closedOfEntity = await t
      .as()
      .get(`/changes?entityRef=${enc(CHECKOUT)}&state=closed`);
    expect(closedOfEntity.body.items.map((x: any) => x.id)).toContain(
      first.body.id,
    );

    const history = await t.as().get(`/changes/${first.body.id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'deployment',
        actor: SERVICE_ACTOR,
        at: '2026-11-01T10:00:00.000Z',
        changes: {
          state: { from: null, to: 'closed' },
          outcome: { from: null, to: 'successful' },
        },
      }),
    ]);
  });

  it('maps failed and rolled back deployments to the outcome', async () => {
    const failed = await t.asService().post('/events/deployments', {
      entityRef: PAYMENTS,
      deploymentId: 'pay-1',
      status: 'failed',
    });
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({
      state: 'closed',
      outcome: 'failed',
      title: 'Deploy pay-1 of payments',
    });
    const rolledBack = await t.asService().post('/events/deployments', {
      entityRef: PAYMENTS,
      deploymentId: 'pay-2',
      status: 'rolled_back',
    });
    expect(rolledBack.body).toMatchObject({
      state: 'closed',
      outcome: 'rolled_back',
    });
    expect((await standardChangesOf(PAYMENTS)).totalCount).toBe(2);
  });

  it('closes an in-progress deployment when its end is reported', async () => {
    const started = await t.asService().post('/events/deployments', {
      entityRef: SEARCH,
      deploymentId: 'search-7',
      status: 'in_progress',
      startedAt: '2026-11-02T09:00:00Z',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      state: 'implement',
      outcome: null,
      actualEnd: null,
    });

    const finished = await t.asService().post('/events/deployments', {
      entityRef: SEARCH,
      deploymentId: 'search-7',
      status: 'succeeded',
      startedAt: '2026-11-02T09:00:00Z',
      finishedAt: '2026-11-02T09:20:00Z',
    });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      id: started.body.id,
      version: 2,
      state: 'closed',
      outcome: 'successful',
      actualEnd: '2026-11-02T09:20:00.000Z',
      plannedEnd: '2026-11-02T09:20:00.000Z',
    });
    expect((await standardChangesOf(SEARCH)).totalCount).toBe(1);
  });

  it('refuses deployments posted by a user: only service principals (CI/CD) report them', async () => {
    const res = await t.as('user:default/bob').post('/events/deployments', {
      entityRef: CHECKOUT,
      deploymentId: 'manual-1',
      status: 'succeeded',
    });
    expect(res.status).toBe(403);
    expect(
      (await standardChangesOf(CHECKOUT)).items.some(
        (c: any) => c.deployment?.deploymentId === 'manual-1',
      ),
    ).toBe(false);
  });

  it.each([
    [
      'no deploymentId',
      { entityRef: CHECKOUT, status: 'succeeded' },
      /required property 'deploymentId'/,
    ],
    [
      'an unknown status',
      { entityRef: CHECKOUT, deploymentId: 'x', status: 'done' },
      /request\/body\/status must be equal to one of the allowed values/,
    ],
    [
      'an unknown field',
      {
        entityRef: CHECKOUT,
        deploymentId: 'x',
        status: 'succeeded',
        commit: 'abc',
      },
      /must NOT have additional properties/,
    ],
    [
      'finishedAt before startedAt',
      {
        entityRef: CHECKOUT,
        deploymentId: 'x',
        status: 'succeeded',
        startedAt: '2026-11-01T10:00:00Z',
        finishedAt: '2026-11-01T09:00:00Z',
      },
      /^finishedAt: must not be before startedAt$/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const res = await t.asService().post('/events/deployments', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 404 naming entityRef for an entity missing from the catalog', async () => {
    const res = await t.asService().post('/events/deployments', {
      entityRef: 'component:default/ghost',
      deploymentId: 'g-1',
      status: 'succeeded',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      "entityRef: no entity 'component:default/ghost' in the catalog",
    );
  });
});

describe('GET /changes', () => {
  const t = useItsmTestBackend({ setUp: setUpServices });
  const byTitle: Record<string, any> = {};
  beforeAll(async () => {
    const c = changeClient(t);
    const rows: Array<[string, object, string[]]> = [
      [
        'Checkout DB upgrade',
        {
          entityRefs: [CHECKOUT],
          plannedStart: '2030-07-03T10:00:00Z',
          plannedEnd: '2030-07-03T11:00:00Z',
          description: 'Postgres 17',
        },
        [],
      ],
      [
        'Payments TLS rotation',
        {
          type: 'standard',
          entityRefs: [PAYMENTS],
          plannedStart: '2030-07-01T10:00:00Z',
          plannedEnd: '2030-07-01T11:00:00Z',
        },
        ['scheduled'],
      ],
      [
        'Search reindex',
        {
          entityRefs: [SEARCH],
          plannedStart: '2030-07-02T10:00:00Z',
          plannedEnd: '2030-07-02T11:00:00Z',
        },
        ['assess'],
      ],
      [
        'Checkout hotfix',
        { type: 'emergency', entityRefs: [CHECKOUT] },
        ['canceled'],
      ],
      [
        'Shared cache',
        {
          entityRefs: [CHECKOUT, PAYMENTS],
          plannedStart: '2030-07-04T10:00:00Z',
          plannedEnd: '2030-07-04T11:00:00Z',
        },
        [],
      ],
    ];
    for (const [title, body, states] of rows) {
      byTitle[title] = await c.walk(await c.create({ title, ...body }), states);
    }
  });

  const titles = (query: string) => listTitles(t, '/changes', query);

  it('filters by entity, state, type, owner and creation time', async () => {
    expect((await titles('')).length).toBe(5);
    expect(await titles(`?entityRef=${enc(CHECKOUT)}`)).toEqual([
      'Checkout DB upgrade',
      'Checkout hotfix',
      'Shared cache',
    ]);
    expect(await titles('?entityRef=payments')).toEqual([
      'Payments TLS rotation',
      'Shared cache',
    ]);
    expect(await titles('?state=new')).toEqual([
      'Checkout DB upgrade',
      'Shared cache',
    ]);
    expect(await titles('?state=scheduled&state=assess')).toEqual([
      'Payments TLS rotation',
      'Search reindex',
    ]);
    expect(await titles('?type=standard')).toEqual(['Payments TLS rotation']);
    expect(await titles('?type=emergency&type=standard')).toEqual([
      'Checkout hotfix',
      'Payments TLS rotation',
    ]);
    expect(
      await titles(`?owner=${enc('group:default/payments-team')}`),
    ).toEqual(['Payments TLS rotation', 'Shared cache']);
    expect(await titles(`?from=${enc('2000-01-01T00:00:00Z')}`)).toHaveLength(
      5,
    );
    expect(await titles(`?to=${enc('2000-01-01T00:00:00Z')}`)).toEqual([]);
  });

  it('searches title, description and the change number', async () => {
    expect(await titles('?q=checkout')).toEqual([
      'Checkout DB upgrade',
      'Checkout hotfix',
    ]);
    expect(await titles('?q=postgres')).toEqual(['Checkout DB upgrade']);
    expect(await titles(`?q=${byTitle['Search reindex'].number}`)).toEqual([
      'Search reindex',
    ]);
  });

  it('sorts by planned start and walks all pages with limit=2', async () => {
    const asc = await t.as().get('/changes?sort=plannedStart&order=asc');
    expect(asc.body.items.map((x: any) => x.title)).toEqual([
      'Checkout hotfix', // no window: sorted by its creation time (2026)
      'Payments TLS rotation',
      'Search reindex',
      'Checkout DB upgrade',
      'Shared cache',
    ]);
    const walk = await walkPages(
      t.as(),
      '/changes?limit=2&sort=plannedStart&order=asc',
      { totalCount: 5, maxPages: 10 },
    );
    const seen = walk.pages.flatMap(page => page.items.map(x => x.title));
    expect(walk.pages.length).toBe(3);
    expect(seen).toEqual(asc.body.items.map((x: any) => x.title));

    const byNumber = await t.as().get('/changes?sort=number&order=asc');
    expect(byNumber.body.items.map((x: any) => x.title)).toEqual(
      Object.keys(byTitle),
    );
  });

  it.each([
    ['limit above 500', '?limit=501', /limit/],
    ['a forged cursor', '?cursor=%7B%7D', /^cursor:/],
    ['an unknown type', '?type=minor', /type/],
    ['an unknown state', '?state=approved', /state/],
  ])('answers 400 for %s', async (_name, query, message) => {
    const res = await t.as().get(`/changes${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET /changes/risk-model', () => {
  const RISK_CONFIG = {
    itsm: {
      changes: {
        risk: {
          weights: { userFacing: 5, dataMigration: '7' },
          thresholds: { medium: 6, high: 12 },
        },
      },
    },
  };
  const t = useItsmTestBackend({ config: RISK_CONFIG });

  it('answers the configured weights and thresholds, the defaults for the rest', async () => {
    const res = await t.as('user:default/erin').get('/changes/risk-model');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      weights: {
        userFacing: 5,
        rollbackNotTested: 3,
        dataMigration: 7,
        peakHours: 2,
        perAffectedComponent: 1,
        perRecentFailedChange: 2,
        criticality: 1,
      },
      thresholds: { medium: 6, high: 12 },
    });
  });

  it('is the model the server assesses with: a user-facing change scores the configured 5 points', async () => {
    await setUpServices(t);
    const change = await changeClient(t).create({
      entityRefs: [PAYMENTS],
      riskAssessment: { userFacing: true, rollbackTested: true },
    });
    const model = (await t.as().get('/changes/risk-model')).body;
    const userFacing = change.riskAssessment.reasons.find(
      (r: { factor: string }) => r.factor === 'userFacing',
    );
    expect(userFacing?.points).toBe(model.weights.userFacing);
  });

  it('is read by service principals too, and not with invalid credentials', async () => {
    expect((await t.asService().get('/changes/risk-model')).status).toBe(200);
    const invalid = await request(t.server)
      .get('/api/itsm/changes/risk-model')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(invalid.status).toBe(401);
  });
});
