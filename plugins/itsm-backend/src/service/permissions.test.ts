import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// This end-to-end test runs the example backend's permission setup (packages/backend declares
// these packages); declaring them here too would need a package-lock.json update. Moving the test
// to packages/backend would remove these three disables.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
// eslint-disable-next-line @backstage/no-undeclared-imports -- see above
import permissionBackend from '@backstage/plugin-permission-backend';
import { itsmPlugin } from '../plugin';
import { silverSla, testEntities } from '../__testUtils__/fixtures';
import { expectStatus } from '../__testUtils__/testBackend';
// The example portal's real policy module: decisions go through the permission backend, and
// CONDITIONAL answers are resolved by it through this plugin's rules (apply-conditions).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- see above: 'backend' is the private example app, not a dependency of this plugin
import itsmPolicyModule from '../../../../packages/backend/src/permissionPolicy';

/*
 * Permissions end to end: the real permission backend with the example policy of
 * packages/backend, the real permissions service, this plugin's `itsm-record` rules and
 * getResources. Group membership comes from the fixtures' users.
 */

const groupsOf = (userRef: string) => {
  const name = userRef.split('/')[1];
  const user = testEntities.find(e => e.kind === 'User' && e.metadata.name === name);
  return ((user?.spec?.memberOf as string[]) ?? []).map(g => `group:default/${g}`);
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef;
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groupsOf(userEntityRef)] };
    },
  }),
});

/**
 * The mock auth service drops the actor of on-behalf-of user tokens, which the permission
 * backend requires for conditional (resourceRef-less) requests; the real auth service keeps
 * it (the calling plugin is the actor). This keeps it in the tests too.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: inner.authenticate.bind(inner),
      getNoneCredentials: inner.getNoneCredentials.bind(inner),
      getOwnServiceCredentials: inner.getOwnServiceCredentials.bind(inner),
      isPrincipal: inner.isPrincipal.bind(inner) as any,
      getLimitedUserToken: inner.getLimitedUserToken.bind(inner),
      listPublicServiceKeys: inner.listPublicServiceKeys.bind(inner),
      async getPluginRequestToken(options: any) {
        const principal = options.onBehalfOf.principal;
        if (principal.type === 'user') {
          return { token: mockCredentials.user.token(principal.userEntityRef, { actor: { subject: `plugin:${plugin.getId()}` } }) };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});

async function start(permissionConfig: object = {}, policy: any = itsmPolicyModule) {
  const backend = await startTestBackend({
    features: [
      itsmPlugin,
      catalogServiceMock.factory({ entities: testEntities }),
      mockServices.rootConfig.factory({
        data: { itsm: { permissions: { adminGroups: ['group:default/platform-team'] } }, permission: { enabled: true, ...permissionConfig } },
      }),
      permissionsServiceFactory,
      userInfoFactory,
      authFactory,
      permissionBackend,
      policy,
    ],
  });
  const server = backend.server;
  const as = (userRef: string) => {
    const auth = mockCredentials.user.header(userRef);
    return {
      get: (path: string) => request(server).get(`/api/itsm${path}`).set('Authorization', auth),
      post: (path: string, body?: object) => request(server).post(`/api/itsm${path}`).set('Authorization', auth).send(body),
      patch: (path: string, body?: object) => request(server).patch(`/api/itsm${path}`).set('Authorization', auth).send(body),
    };
  };
  return { backend, as };
}

describe('permissions (real permission backend + example policy)', () => {
  let t: Awaited<ReturnType<typeof start>>;
  let checkoutIncident: any;
  let paymentsIncident: any;

  beforeAll(async () => {
    t = await start();
    const bob = t.as('user:default/bob');
    // Each team registers the service of its own entity (only owners or service admins may).
    expectStatus(await bob.post('/services', { entityRef: 'component:default/checkout', name: 'Checkout' }), 201);
    expectStatus(await t.as('user:default/erin').post('/services', { entityRef: 'component:default/payments', name: 'Payments' }), 201);
    const open = async (entityRef: string) => {
      const res = await bob.post('/incidents', { title: `Broken ${entityRef}`, entityRef, impact: 2, urgency: 2 });
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      return res.body;
    };
    checkoutIncident = await open('component:default/checkout');
    paymentsIncident = await open('component:default/payments');
  });
  afterAll(() => t?.backend.stop());

  it('lets bob (shop-team) update the incident of the checkout service', async () => {
    const res = await t.as('user:default/bob').patch(`/incidents/${checkoutIncident.id}`, {
      version: checkoutIncident.version,
      title: 'Checkout is slow',
    });
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    checkoutIncident = res.body;
  });

  it('answers 403 to erin (payments-team) updating it, and lets her update the payments one', async () => {
    const denied = await t.as('user:default/erin').patch(`/incidents/${checkoutIncident.id}`, {
      version: checkoutIncident.version,
      title: 'Not mine',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/itsm\.incident\.update/);
    const transition = await t.as('user:default/erin').post(`/incidents/${checkoutIncident.id}/transitions`, {
      to: 'in_progress',
      version: checkoutIncident.version,
    });
    expect(transition.status).toBe(403);
    const own = await t.as('user:default/erin').post(`/incidents/${paymentsIncident.id}/transitions`, {
      to: 'in_progress',
      version: paymentsIncident.version,
    });
    expect([own.status, own.body.error?.message]).toEqual([200, undefined]);
  });

  it('answers 403 to erin updating the checkout service, 200 to bob', async () => {
    const services = (await t.as('user:default/bob').get('/services')).body.items;
    const checkout = services.find((s: any) => s.name === 'Checkout');
    const denied = await t.as('user:default/erin').patch(`/services/${checkout.id}`, { version: checkout.version, purpose: 'x' });
    expect(denied.status).toBe(403);
    const ok = await t.as('user:default/bob').patch(`/services/${checkout.id}`, { version: checkout.version, purpose: 'Sells' });
    expect([ok.status, ok.body.error?.message]).toEqual([200, undefined]);
  });

  it('lets a CAB member vote and keeps non-members out', async () => {
    const bob = t.as('user:default/bob');
    let change = (
      await bob.post('/changes', {
        title: 'Upgrade',
        type: 'normal',
        entityRefs: ['component:default/checkout'],
        plannedStart: '2030-04-01T10:00:00Z',
        plannedEnd: '2030-04-01T12:00:00Z',
        riskAssessment: { rollbackTested: true },
      })
    ).body;
    for (const to of ['assess', 'authorize']) {
      const res = await bob.post(`/changes/${change.id}/transitions`, { to, version: change.version });
      expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
      change = res.body;
    }
    // erin: neither CAB nor an owner of checkout
    expect((await t.as('user:default/erin').post(`/changes/${change.id}/approvals`, { decision: 'approve' })).status).toBe(403);
    const vote = await t.as('user:default/alice').post(`/changes/${change.id}/approvals`, { decision: 'approve' });
    expect([vote.status, vote.body.error?.message]).toEqual([200, undefined]);
    expect(vote.body.state).toBe('scheduled');
  });

  it('answers 403 to an SLA create by a non-admin', async () => {
    const res = await t.as('user:default/bob').post('/slas', silverSla);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/itsm\.sla\.admin/);
  });

  it('lists everything under the example policy (read is ALLOW)', async () => {
    const res = await t.as('user:default/erin').get('/incidents');
    expect(res.body.totalCount).toBe(2);
  });
});

describe('lists under a conditional read decision', () => {
  // A policy that lets users read only what their groups own: the list endpoints apply the
  // condition in the SQL query (permissionFilters.ts); services/incidents/changes/problems.
  const { createBackendModule } = require('@backstage/backend-plugin-api');
  const { policyExtensionPoint } = require('@backstage/plugin-permission-node/alpha');
  const common = require('@backstage-itsm/plugin-itsm-common');
  const ownerReadPolicy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'owner-read-policy',
    register(reg: any) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }: any) {
          policy.setPolicy({
            async handle(req: any, user: any) {
              const claims = user?.info.ownershipEntityRefs ?? [];
              if (req.permission.name === common.itsmReadPermission.name) {
                if (user?.info.userEntityRef === 'user:default/alice') return { result: 'DENY' };
                if (user?.info.userEntityRef === 'user:default/dave') {
                  // CAB members read everything, others only their own: anyOf(isCabMember, isOwner)
                  return common.createItsmRecordConditionalDecision(common.itsmReadPermission, {
                    anyOf: [common.itsmRecordConditions.isCabMember({ claims }), common.itsmRecordConditions.isOwner({ claims })],
                  });
                }
                return common.createItsmRecordConditionalDecision(common.itsmReadPermission, {
                  allOf: [common.itsmRecordConditions.isOwner({ claims }), { not: common.itsmRecordConditions.isCabMember({ claims }) }],
                });
              }
              return { result: 'ALLOW' };
            },
          });
        },
      });
    },
  });

  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({}, ownerReadPolicy);
    const bob = t.as('user:default/bob');
    for (const [entityRef, name] of [['component:default/checkout', 'Checkout'], ['component:default/payments', 'Payments']]) {
      const service = expectStatus(await bob.post('/services', { entityRef, name }), 201);
      expectStatus(await bob.post('/incidents', { title: name, entityRef, impact: 3, urgency: 3 }), 201);
      expectStatus(await bob.post('/problems', { title: name, serviceId: service.body.id, entityRefs: [entityRef] }), 201);
      expectStatus(
        await bob.post('/changes', {
          title: name,
          type: 'normal',
          entityRefs: [entityRef],
          plannedStart: '2030-04-01T10:00:00Z',
          plannedEnd: '2030-04-01T12:00:00Z',
        }),
        201,
      );
    }
  });
  afterAll(() => t?.backend.stop());

  it('filters every list by the owner condition', async () => {
    const names = async (user: string, path: string) =>
      (await t.as(user).get(path)).body.items.map((r: any) => r.name ?? r.title).sort();
    for (const path of ['/services', '/incidents', '/problems', '/changes']) {
      expect([path, await names('user:default/bob', path)]).toEqual([path, ['Checkout']]);
      expect([path, await names('user:default/erin', path)]).toEqual([path, ['Payments']]);
      // carol owns payments but is in the CAB: allOf(isOwner, not isCabMember) → nothing
      expect([path, await names('user:default/carol', path)]).toEqual([path, []]);
      // dave is in the CAB: anyOf(isCabMember, isOwner) → everything
      expect([path, await names('user:default/dave', path)]).toEqual([path, ['Checkout', 'Payments']]);
    }
    const page = (await t.as('user:default/bob').get('/incidents')).body;
    expect(page.totalCount).toBe(1);
  });

  it('answers an empty page on DENY', async () => {
    expect((await t.as('user:default/alice').get('/incidents')).body).toEqual({ items: [], totalCount: 0, nextCursor: null });
    expect((await t.as('user:default/alice').get('/services')).body.items).toEqual([]);
  });
});
