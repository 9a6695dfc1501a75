import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import { CHECKOUT, PAYMENTS } from '../__testUtils__/fixtures';

/*
 * The actions for AI agents, registered by the real plugin (SQLite, HTTP for the setup) into
 * the MockActionsRegistry of backend-test-utils, which validates input and output against the
 * actions' zod schemas. The mock names actions `test:<name>` (in a backend: `itsm:<name>`).
 */

describe('ITSM actions', () => {
  let t: ItsmTestBackend;
  const registry = actionsRegistryServiceMock();
  const bob = mockCredentials.user('user:default/bob');
  const invoke = (
    name: string,
    input: object,
    credentials: BackstageCredentials = bob,
  ) =>
    registry.invoke({ id: `test:${name}`, input: input as any, credentials });

  beforeAll(async () => {
    t = await startItsmTestBackend({
      extraFeatures: [
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    for (const [entityRef, name] of [
      [CHECKOUT, 'Checkout'],
      [PAYMENTS, 'Payments'],
    ]) {
      expectStatus(
        await t.as('user:default/bob').post('/services', { entityRef, name }),
        201,
      );
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  it('registers three actions with their attributes', async () => {
    const { actions } = await registry.list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      [
        'list-incidents',
        { readOnly: true, destructive: false, idempotent: true },
      ],
      [
        'get-itsm-summary',
        { readOnly: true, destructive: false, idempotent: true },
      ],
      [
        'create-incident',
        { readOnly: false, destructive: false, idempotent: false },
      ],
    ]);
    const create = actions.find(a => a.name === 'create-incident')!;
    expect(create.schema.input).toMatchObject({
      required: expect.arrayContaining([
        'entityRef',
        'title',
        'impact',
        'urgency',
      ]),
    });
  });

  it('list-incidents answers incidents created over HTTP, newest first, filtered by state', async () => {
    const a = await t.as().post('/incidents', {
      title: 'First',
      entityRef: CHECKOUT,
      impact: 2,
      urgency: 2,
    });
    const b = await t.as().post('/incidents', {
      title: 'Second',
      entityRef: CHECKOUT,
      impact: 1,
      urgency: 1,
    });
    await t.as().post('/incidents', {
      title: 'Elsewhere',
      entityRef: PAYMENTS,
      impact: 3,
      urgency: 3,
    });
    expect(
      (
        await t.as().post(`/incidents/${a.body.id}/transitions`, {
          to: 'in_progress',
          version: 1,
        })
      ).status,
    ).toBe(200);

    const all = await invoke('list-incidents', { entityRef: CHECKOUT });
    expect(all.output).toEqual({
      items: [
        {
          id: b.body.id,
          number: b.body.number,
          title: 'Second',
          priority: 'P1',
          state: 'new',
          openedAt: b.body.openedAt,
          assigneeRef: null,
        },
        expect.objectContaining({
          id: a.body.id,
          title: 'First',
          priority: 'P3',
          state: 'in_progress',
        }),
      ],
      totalCount: 2,
    });

    // The kind defaults to component, as in the HTTP API.
    const inProgress = await invoke('list-incidents', {
      entityRef: 'checkout',
      state: ['in_progress'],
    });
    expect((inProgress.output as any).items.map((i: any) => i.id)).toEqual([
      a.body.id,
    ]);
    const limited = await invoke('list-incidents', {
      entityRef: CHECKOUT,
      limit: 1,
    });
    expect((limited.output as any).items).toHaveLength(1);

    await expect(
      invoke('list-incidents', { entityRef: CHECKOUT, state: ['open'] }),
    ).rejects.toThrow(/Invalid input to action "test:list-incidents"/);
  });

  it('create-incident opens an incident as the caller that GET /incidents then lists', async () => {
    const { output } = await invoke(
      'create-incident',
      {
        entityRef: PAYMENTS,
        title: 'Card payments failing',
        description: 'Reported by the agent',
        impact: 1,
        urgency: 2,
      },
      mockCredentials.user('user:default/carol'),
    );
    expect(output).toEqual({
      id: expect.any(String),
      number: expect.stringMatching(/^INC-\d{4,}$/),
      priority: 'P2',
      state: 'new',
      link: '/catalog/default/component/payments/itsm',
    });
    const id = (output as any).id;

    const list = await t
      .as()
      .get(`/incidents?entityRef=${encodeURIComponent(PAYMENTS)}`);
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: any) => i.id === id)).toMatchObject({
      title: 'Card payments failing',
      description: 'Reported by the agent',
      priority: 'P2',
      createdBy: 'user:default/carol',
      source: 'portal',
    });
  });

  it.each([
    ['impact 5', { impact: 5, urgency: 1 }],
    ['impact 0', { impact: 0, urgency: 1 }],
    ['a fractional urgency', { impact: 1, urgency: 1.5 }],
    ['a missing impact', { urgency: 1 }],
    ['a NUL byte in the title', { impact: 1, urgency: 1, title: 'a\u0000b' }],
    [
      'a NUL byte in the entity ref',
      { impact: 1, urgency: 1, entityRef: 'checkout\u0000' },
    ],
    [
      'a description longer than the API admits',
      { impact: 1, urgency: 1, description: 'x'.repeat(20001) },
    ],
  ])('create-incident rejects %s', async (_name, fields) => {
    const before = (await t.as().get('/incidents')).body.totalCount;
    await expect(
      invoke('create-incident', {
        entityRef: CHECKOUT,
        title: 'Bad',
        ...fields,
      }),
    ).rejects.toThrow(/Invalid input to action "test:create-incident"/);
    expect((await t.as().get('/incidents')).body.totalCount).toBe(before);
  });

  it('create-incident answers the domain error for an entity the catalog does not know', async () => {
    await expect(
      invoke('create-incident', {
        entityRef: 'component:default/ghost',
        title: 'x',
        impact: 1,
        urgency: 1,
      }),
    ).rejects.toThrow(/ghost/);
  });

  it('create-incident needs serviceId when the entity has several services, and takes it', async () => {
    const SEARCH = 'component:default/search';
    const owner = t.as('user:default/bob');
    const a = expectStatus(
      await owner.post('/services', { entityRef: SEARCH, name: 'Search' }),
      201,
    ).body;
    const b = expectStatus(
      await owner.post('/services', { entityRef: SEARCH, name: 'Search API' }),
      201,
    ).body;
    const before = (
      await t.as().get(`/incidents?entityRef=${encodeURIComponent(SEARCH)}`)
    ).body.totalCount;
    await expect(
      invoke('create-incident', {
        entityRef: SEARCH,
        title: 'Search down',
        impact: 1,
        urgency: 1,
      }),
    ).rejects.toThrow(
      `serviceId: required, ${SEARCH} has 2 services (Search (${a.id}), Search API (${b.id}))`,
    );
    expect(
      (await t.as().get(`/incidents?entityRef=${encodeURIComponent(SEARCH)}`))
        .body.totalCount,
    ).toBe(before);

    // A service principal (the default allow-list has incident.create) names the service.
    const { output } = await invoke(
      'create-incident',
      {
        entityRef: SEARCH,
        serviceId: b.id,
        title: 'Search API down',
        impact: 1,
        urgency: 1,
      },
      mockCredentials.service('external:agent'),
    );
    const created = (await t.as().get(`/incidents/${(output as any).id}`)).body;
    expect(created).toMatchObject({
      serviceId: b.id,
      entityRef: SEARCH,
      createdBy: 'external:agent',
    });
  });

  it('get-itsm-summary answers health, services, open incidents by priority and next changes', async () => {
    const change = await t.as('user:default/bob').post('/changes', {
      title: 'Upgrade checkout',
      type: 'normal',
      entityRefs: [CHECKOUT],
      plannedStart: '2030-08-01T10:00:00Z',
      plannedEnd: '2030-08-01T12:00:00Z',
    });
    expect(change.status).toBe(201);

    const { output } = await invoke('get-itsm-summary', {
      entityRef: CHECKOUT,
    });
    const summary = (
      await t.as().get('/entities/component/default/checkout/summary')
    ).body;
    expect(output).toEqual({
      entityRef: CHECKOUT,
      health: summary.health,
      services: [
        expect.objectContaining({
          name: 'Checkout',
          ownerRef: 'group:default/shop-team',
          slaId: null,
        }),
      ],
      openIncidentsByPriority: summary.openIncidentsByPriority,
      openIncidents: summary.openIncidents.length,
      nextChanges: [
        expect.objectContaining({
          id: change.body.id,
          number: change.body.number,
          title: 'Upgrade checkout',
          state: 'new',
          plannedStart: '2030-08-01T10:00:00.000Z',
        }),
      ],
      link: '/catalog/default/component/checkout/itsm',
    });
    // A P1 and a P3 are open on checkout (from the list test).
    expect((output as any).openIncidentsByPriority).toMatchObject({
      P1: 1,
      P3: 1,
    });
    expect((output as any).health).not.toBe('operational');

    await expect(
      invoke('get-itsm-summary', { entityRef: 'component:default/ghost' }),
    ).rejects.toThrow(/No entity 'component:default\/ghost'/);
  });
});

describe('ITSM actions under a read policy', () => {
  // The actions run as the caller through the application layer: erin's read decision is DENY
  // (bob's ALLOW), so her list and summary hold nothing, as over HTTP.
  let t: ItsmTestBackend;
  const registry = actionsRegistryServiceMock();
  const permissions = mockServices.permissions.mock();
  const decisionFor = (credentials: any) =>
    credentials?.principal?.userEntityRef === 'user:default/erin'
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  permissions.authorize.mockImplementation(
    async (reqs: any[], opts: any) =>
      reqs.map(() => ({ result: decisionFor(opts.credentials) })) as any,
  );
  permissions.authorizeConditional.mockImplementation(
    async (reqs: any[], opts: any) =>
      reqs.map(() => ({ result: decisionFor(opts.credentials) })) as any,
  );

  beforeAll(async () => {
    t = await startItsmTestBackend({
      extraFeatures: [
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
        permissions.factory,
      ],
    });
    expectStatus(
      await t
        .as('user:default/bob')
        .post('/services', { entityRef: CHECKOUT, name: 'Checkout' }),
      201,
    );
    expectStatus(
      await t.as('user:default/bob').post('/incidents', {
        title: 'Down',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
      }),
      201,
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  it('list-incidents and get-itsm-summary show only what the caller may read', async () => {
    const invoke = (name: string, user: string) =>
      registry.invoke({
        id: `test:${name}`,
        input: { entityRef: CHECKOUT } as any,
        credentials: mockCredentials.user(user),
      });
    expect(
      (await invoke('list-incidents', 'user:default/bob')).output,
    ).toMatchObject({ totalCount: 1 });
    expect(
      (await invoke('list-incidents', 'user:default/erin')).output,
    ).toEqual({ items: [], totalCount: 0 });
    expect(
      (await invoke('get-itsm-summary', 'user:default/bob')).output,
    ).toMatchObject({ openIncidents: 1, services: [expect.anything()] });
    expect(
      (await invoke('get-itsm-summary', 'user:default/erin')).output,
    ).toMatchObject({ openIncidents: 0, services: [] });
  });
});
