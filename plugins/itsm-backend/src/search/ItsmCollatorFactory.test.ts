import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { AddressInfo } from 'node:net';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import {
  ItsmCollatorFactory,
  ItsmDocumentType,
  ItsmSearchDocument,
} from './ItsmCollatorFactory';
import { itsmSearchCollatorsModule } from './module';

/*
 * The collators against the real ITSM plugin: discovery points at the test backend, the token
 * is a mock service token.
 */

describe('ItsmCollatorFactory', () => {
  let t: ItsmTestBackend;
  const tokens: string[] = [];
  let incidentId: string;

  const factory = (type: ItsmDocumentType, pageSize = 2) => {
    const port = (t.server.address() as AddressInfo).port;
    return new ItsmCollatorFactory({
      type,
      pageSize,
      discovery: {
        getBaseUrl: async pluginId =>
          `http://localhost:${port}/api/${pluginId}`,
      },
      auth: {
        getOwnServiceCredentials: async () =>
          mockCredentials.service('plugin:search'),
        getPluginRequestToken: async ({ targetPluginId }) => {
          tokens.push(targetPluginId);
          return {
            token: mockCredentials.service.token({
              onBehalfOf: mockCredentials.service('plugin:search'),
              targetPluginId,
            }),
          };
        },
      },
    });
  };

  const collect = async (type: ItsmDocumentType, pageSize?: number) => {
    const docs: ItsmSearchDocument[] = [];
    for await (const doc of await factory(type, pageSize).getCollator())
      docs.push(doc);
    return docs;
  };

  beforeAll(async () => {
    t = await startItsmTestBackend();
    const bob = t.as('user:default/bob');
    const service = await bob.post('/services', {
      entityRef: 'component:default/checkout',
      name: 'Checkout',
      criticality: 1,
    });
    expectStatus(service, 201);
    for (let i = 0; i < 4; i++) {
      const res = await bob.post('/incidents', {
        title: `Checkout errors ${i}`,
        description: 'Customers see HTTP 500 on payment',
        entityRef: 'component:default/checkout',
        serviceId: service.body.id,
        impact: 1,
        urgency: 2,
      });
      expectStatus(res, 201);
      incidentId = res.body.id;
    }
    const resolved = await bob.post(`/incidents/${incidentId}/transitions`, {
      to: 'resolved',
      version: 1,
      resolutionNotes:
        'Post-mortem: the connection pool was exhausted by a retry storm',
    });
    expectStatus(resolved, 200);
    const problem = await bob.post('/problems', {
      title: 'Retry storms exhaust the pool',
      entityRefs: ['component:default/checkout'],
      rootCause: 'Unbounded client retries without jitter',
      knownError: {
        symptom: 'HTTP 500',
        workaround: 'Restart the pods',
        solution: null,
      },
    });
    expectStatus(problem, 201);
    const change = await bob.post('/changes', {
      title: 'Add retry budget',
      type: 'standard',
      entityRefs: ['component:default/payments'],
      implementationPlan: 'Roll out the retry budget flag',
    });
    expectStatus(change, 201);
  });

  afterAll(async () => {
    await t.stop();
  });

  it('collates incidents over several pages with number, resolution and location', async () => {
    tokens.length = 0;
    const docs = await collect('itsm-incident', 2);
    expect(docs).toHaveLength(4);
    // 1 page of services + 2 pages of incidents, each with a fresh plugin token for itsm
    expect(tokens).toEqual(['itsm', 'itsm', 'itsm']);
    expect(new Set(docs.map(d => d.location)).size).toBe(4);
    const resolved = docs.find(d => d.recordId === incidentId)!;
    expect(resolved).toMatchObject({
      title: expect.stringMatching(/^INC-\d+ · Checkout errors 3$/),
      number: expect.stringMatching(/^INC-\d+$/),
      state: 'resolved',
      priority: 'P2',
      entityRef: 'component:default/checkout',
      ownerRef: 'group:default/shop-team',
      location: `/catalog/default/component/checkout/itsm?incident=${incidentId}`,
    });
    expect(resolved.text).toContain(resolved.number);
    expect(resolved.text).toContain(
      'Post-mortem: the connection pool was exhausted by a retry storm',
    );
    expect(resolved.text).toContain('Customers see HTTP 500 on payment');
  });

  it('collates services, problems (root cause, known error) and changes', async () => {
    const [service] = await collect('itsm-service');
    expect(service).toMatchObject({
      title: 'Checkout',
      recordType: 'service',
      priority: '1',
      state: 'live',
    });
    expect(service.location).toMatch(
      /^\/catalog\/default\/component\/checkout\/itsm\?service=/,
    );

    const [problem] = await collect('itsm-problem');
    expect(problem.title).toMatch(/^PRB-\d+ · Retry storms exhaust the pool$/);
    expect(problem.text).toContain(
      'Root cause: Unbounded client retries without jitter',
    );
    expect(problem.text).toContain(
      'Known error – workaround: Restart the pods',
    );

    const [change] = await collect('itsm-change');
    expect(change).toMatchObject({
      recordType: 'change',
      priority: 'low',
      entityRef: 'component:default/payments',
    });
    expect(change.title).toMatch(/^CHG-\d+ · Add retry budget$/);
    expect(change.text).toContain('Roll out the retry budget flag');
  });

  it('lets the search backend authorize every document against itsm.record.read with the record id', async () => {
    // The AuthorizedSearchEngine asks the visibilityPermission per document type; on a
    // CONDITIONAL answer it authorizes each result by authorization.resourceRef and shows
    // results without one to everybody. (End to end with a policy: packages/backend
    // src/permissions.test.ts, "search under itsm.permissions.readOtherTeams: false".)
    for (const type of [
      'itsm-service',
      'itsm-incident',
      'itsm-problem',
      'itsm-change',
    ] as const) {
      expect([type, factory(type).visibilityPermission.name]).toEqual([
        type,
        'itsm.record.read',
      ]);
      const docs = await collect(type);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs)
        expect([type, doc.authorization]).toEqual([
          type,
          { resourceRef: doc.recordId },
        ]);
    }
  });
});

describe('itsmSearchCollatorsModule', () => {
  it('registers the four collators with the search plugin', async () => {
    const addCollator = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [
        [
          searchIndexRegistryExtensionPoint,
          { addCollator, addDecorator: jest.fn() },
        ],
      ],
      features: [itsmSearchCollatorsModule],
    });
    expect(addCollator.mock.calls.map(([c]) => c.factory.type)).toEqual([
      'itsm-service',
      'itsm-incident',
      'itsm-problem',
      'itsm-change',
    ]);
    await backend.stop();
  });
});
