import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header the demo sign-in page sends with the chosen demo user's name. */
export const DEMO_USER_HEADER = 'x-itsm-demo-user';

/**
 * A sign-in provider for LOCAL USE AND TESTS ONLY: signs in as any User of the catalog whose
 * name is sent in the `x-itsm-demo-user` header, so the demo (and the end-to-end tests) can act
 * as a requester and as a CAB member. It is only enabled when `auth.providers.demo` is
 * configured (the repository's app-config.yaml does; app-config.production.yaml does not).
 */
export const demoUsersAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { name: string }) => ({
    profile: { displayName: result.name },
  }),
  initialize() {},
  async authenticate({ req }) {
    const name = req.header(DEMO_USER_HEADER);
    if (!name || !/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(name)) {
      throw new AuthenticationError(
        `Missing or invalid ${DEMO_USER_HEADER} header`,
      );
    }
    return { result: { name: name.toLocaleLowerCase('en-US') } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'itsm-demo-users',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUsersAuthenticator,
            // Only users that exist in the catalog can sign in; their groups come from it too.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.name } }),
          }),
        });
      },
    });
  },
});
