import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
// The example portal's permission setup: the real permissions service and permission backend
// (dev dependencies) with the example policy the portal's backends use.
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import permissionBackend from '@backstage/plugin-permission-backend';
import { itsmExamplePolicyModule as itsmPolicyModule } from '@backstage-itsm/backend-example-modules';

/** The admin group the example policy is configured with in these tests. */
export const TEST_ADMIN_GROUP = 'group:default/platform-team';

/**
 * Features that put the real permission stack behind the plugin: the real permissions service
 * (which, like in production, allows service principals without asking the policy), the
 * permission backend with the example policy of @backstage-itsm/backend-example-modules, and user info whose
 * ownership claims are the user's groups in `entities`. Needs config `permission.enabled: true`
 * and `itsm.permissions.adminGroups` (see examplePolicyConfig).
 */
export function examplePolicyFeatures(entities: Entity[]): any[] {
  const groupsOf = (userRef: string) => {
    const name = userRef.split('/')[1];
    const user = entities.find(
      e => e.kind === 'User' && e.metadata.name === name,
    );
    return ((user?.spec?.memberOf as string[]) ?? []).map(
      g => `group:default/${g}`,
    );
  };
  const userInfo = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const userEntityRef = credentials.principal.userEntityRef;
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...groupsOf(userEntityRef)],
        };
      },
    }),
  });
  // The mock auth service drops the actor of on-behalf-of user tokens, which the permission
  // backend needs for conditional requests; the real one keeps it (see permissions.test.ts).
  const auth = createServiceFactory({
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
            return {
              token: mockCredentials.user.token(principal.userEntityRef, {
                actor: { subject: `plugin:${plugin.getId()}` },
              }),
            };
          }
          return inner.getPluginRequestToken(options);
        },
      };
    },
  });
  return [
    permissionsServiceFactory,
    userInfo,
    auth,
    permissionBackend,
    itsmPolicyModule,
  ];
}

/** Config for examplePolicyFeatures, merged with the plugin's own `itsm` config. */
export function examplePolicyConfig(itsm: Record<string, unknown> = {}) {
  return {
    permission: { enabled: true },
    itsm: { permissions: { adminGroups: [TEST_ADMIN_GROUP] }, ...itsm },
  };
}
