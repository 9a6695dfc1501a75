import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createItsmChangeCreateAction,
  createItsmServiceRegisterAction,
} from './actions';

/**
 * Scaffolder actions of the ITSM plugin: `itsm:service:register` and `itsm:change:create`.
 * They call the ITSM REST API on behalf of the user who runs the template.
 *
 * @public
 */
export const itsmScaffolderActionsModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'itsm-actions',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ auth, discovery, scaffolder }) {
        scaffolder.addActions(
          createItsmServiceRegisterAction({ auth, discovery }),
          createItsmChangeCreateAction({ auth, discovery }),
        );
      },
    });
  },
});
