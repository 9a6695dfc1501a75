/*
 * The example backend of Backstage ITSM: the catalog with the demo entities, guest sign-in for
 * local use, permissions, notifications, search, scaffolder, and the ITSM plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  itsmScaffolderActionsModule,
  itsmSearchCollatorsModule,
} from '@backstage-itsm/plugin-itsm-backend';
import {
  demoUsersAuthModule,
  itsmExamplePolicyModule,
} from '@backstage-itsm/backend-example-modules';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for local use (see app-config.yaml auth.providers.guest)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// local use and e2e tests: sign in as any demo user (auth.providers.demo in app-config.yaml)
backend.add(demoUsersAuthModule);

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(itsmExamplePolicyModule);

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// search (in-memory Lunr engine by default)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// actions for AI agents (MCP)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// ITSM
backend.add(import('@backstage-itsm/plugin-itsm-backend'));
// ITSM search collators (itsm-service/-incident/-problem/-change) and scaffolder actions
// (itsm:service:register, itsm:change:create)
backend.add(itsmSearchCollatorsModule);
backend.add(itsmScaffolderActionsModule);

backend.start();
