import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { AddressInfo } from 'node:net';
import { gold24x7Sla } from '../__testUtils__/fixtures';
import {
  ItsmTestBackend,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import {
  createItsmChangeCreateAction,
  createItsmServiceRegisterAction,
} from './actions';
import { itsmScaffolderActionsModule } from './module';

/*
 * The scaffolder actions against the real ITSM plugin in a test backend (discovery points at its
 * server; the token is a mock token on behalf of the template's user). No
 * @backstage/plugin-scaffolder-node-test-utils here, so the action context is built by hand.
 */

function actionContext(
  input: Record<string, unknown>,
  options: { userRef?: string; dryRun?: boolean } = {},
) {
  const outputs: Record<string, unknown> = {};
  const ctx = {
    input,
    logger: mockServices.logger.mock(),
    workspacePath: '/tmp',
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: async ({ fn }: any) => fn(),
    createTemporaryDirectory: async () => '/tmp',
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.userRef ?? 'user:default/bob'),
    task: { id: 'task-1' },
    isDryRun: options.dryRun ?? false,
  };
  return { ctx: ctx as any, outputs };
}

describe('ITSM scaffolder actions', () => {
  let t: ItsmTestBackend;
  let options: Parameters<typeof createItsmServiceRegisterAction>[0];
  let goldId: string;

  beforeAll(async () => {
    t = await startItsmTestBackend();
    const port = (t.server.address() as AddressInfo).port;
    options = {
      discovery: {
        getBaseUrl: async pluginId =>
          `http://localhost:${port}/api/${pluginId}`,
      },
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
    };
    goldId = (await t.as('user:default/alice').post('/slas', gold24x7Sla)).body
      .id;
  });

  afterAll(async () => {
    await t.stop();
  });

  it('itsm:service:register creates the service as the template user, SLA by name', async () => {
    const action = createItsmServiceRegisterAction(options);
    const { ctx, outputs } = actionContext({
      entityRef: 'component:default/search',
      name: 'Product Search',
      slaName: 'gold',
      criticality: '2',
      category: 'Application',
      purpose: 'Full-text search',
      supportHours: '24x7',
      contact: '',
      ownerRef: null,
    });
    await action.handler(ctx);
    expect(outputs).toEqual({ serviceId: expect.any(String), slaId: goldId });

    const res = await t.as().get(`/services/${outputs.serviceId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/search',
      name: 'Product Search',
      slaId: goldId,
      criticality: 2,
      category: 'application',
      purpose: 'Full-text search',
      supportHours: '24x7',
      ownerRef: 'group:default/shop-team',
      managedBy: 'manual',
      createdBy: 'user:default/bob',
    });
  });

  it('itsm:service:register fails on an unknown SLA name or a missing entity', async () => {
    const action = createItsmServiceRegisterAction(options);
    await expect(
      action.handler(
        actionContext({
          entityRef: 'component:default/checkout',
          name: 'X',
          slaName: 'Platinum',
        }).ctx,
      ),
    ).rejects.toThrow("slaName: no SLA named 'Platinum'");
    await expect(
      action.handler(
        actionContext({ entityRef: 'component:default/nope', name: 'X' }).ctx,
      ),
    ).rejects.toThrow(/no entity 'component:default\/nope'/);
    await expect(
      action.handler(
        actionContext({
          entityRef: 'component:default/checkout',
          name: 'X',
          criticality: 7,
        }).ctx,
      ),
    ).rejects.toThrow(/criticality: must be 1..4/);
  });

  it('itsm:service:register does nothing on a dry run', async () => {
    const action = createItsmServiceRegisterAction(options);
    const { ctx, outputs } = actionContext(
      { entityRef: 'component:default/payments', name: 'Payments' },
      { dryRun: true },
    );
    await action.handler(ctx);
    expect(outputs.serviceId).toBe('dry-run');
    const list = await t
      .as()
      .get(
        `/services?entityRef=${encodeURIComponent(
          'component:default/payments',
        )}`,
      );
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('itsm:change:create raises a change with a risk assessment', async () => {
    const action = createItsmChangeCreateAction(options);
    const { ctx, outputs } = actionContext(
      {
        title: 'Migrate the checkout database',
        type: 'normal',
        entityRefs: ['component:default/checkout'],
        plannedStart: '2030-03-05T20:00:00Z',
        plannedEnd: '2030-03-05T22:00:00Z',
        implementationPlan: 'Run the migration job',
        rollbackPlan: 'Restore the snapshot',
        testPlan: '',
        riskAssessment: {
          userFacing: true,
          rollbackTested: false,
          dataMigration: true,
        },
      },
      { userRef: 'user:default/dave' },
    );
    await action.handler(ctx);
    expect(outputs).toEqual({
      changeId: expect.any(String),
      number: expect.stringMatching(/^CHG-\d+$/),
      risk: 'high',
      state: 'new',
    });
    const res = await t.as().get(`/changes/${outputs.changeId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number: outputs.number,
      type: 'normal',
      entityRefs: ['component:default/checkout'],
      risk: 'high',
      requestedBy: 'user:default/dave',
      implementationPlan: 'Run the migration job',
      plannedStart: '2030-03-05T20:00:00.000Z',
    });
  });

  it('itsm:change:create passes API validation errors on', async () => {
    const action = createItsmChangeCreateAction(options);
    await expect(
      action.handler(
        actionContext({
          title: 'Bad',
          type: 'sideways',
          entityRefs: ['component:default/checkout'],
        }).ctx,
      ),
    ).rejects.toThrow(/type: must be one of standard, normal, emergency/);
    await expect(
      action.handler(
        actionContext({ title: 'Bad', entityRefs: ['component:default/nope'] })
          .ctx,
      ),
    ).rejects.toThrow(/nope/);
  });
});

describe('itsmScaffolderActionsModule', () => {
  it('adds both actions to the scaffolder', async () => {
    const addActions = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [itsmScaffolderActionsModule],
    });
    expect(addActions.mock.calls.flat().map((a: any) => a.id)).toEqual([
      'itsm:service:register',
      'itsm:change:create',
    ]);
    const register = addActions.mock.calls[0][0];
    expect(register.schema.input.required).toEqual(['entityRef', 'name']);
    await backend.stop();
  });
});
