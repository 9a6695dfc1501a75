/*
 * The example backend without any static ITSM plugin: the ITSM backend plugin, its search and
 * scaffolder modules and the frontend remote are loaded from `dynamicPlugins.rootDirectory`
 * (app-config.dynamic.yaml) by @backstage/backend-dynamic-feature-service. Everything else is
 * the same as packages/backend.
 */
import { createBackend } from '@backstage/backend-defaults';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';
import {
  demoUsersAuthModule,
  itsmExamplePolicyModule,
} from '@backstage-itsm/backend-example-modules';

const backend = createBackend();

// scans dynamicPlugins.rootDirectory, loads the backend plugins found there and serves the
// frontend remotes at ${backend.baseUrl}/.backstage/dynamic-features/remotes
backend.add(dynamicPluginsFeatureLoader);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The demo sign-in and the example permission policy are this portal's own code, shared with
// packages/backend through a package so the two cannot drift. (The policy names ITSM permissions
// from @backstage-itsm/plugin-itsm-common, as an adopter's own policy would.)
backend.add(demoUsersAuthModule);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(itsmExamplePolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
