import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { readItsmConfig } from '../config';
import {
  ITSM_DOCUMENT_TYPES,
  ItsmCollatorFactory,
} from './ItsmCollatorFactory';

/**
 * Search collators of the ITSM records: `itsm-service`, `itsm-incident`, `itsm-problem` and
 * `itsm-change` documents, read from the ITSM REST API with a plugin token and re-indexed every
 * `itsm.search.frequencyMinutes` (default 10).
 *
 * @public
 */
export const itsmSearchCollatorsModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'itsm-collators',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, auth, discovery, scheduler, indexRegistry }) {
        const { frequencyMinutes, pageSize } = readItsmConfig(config).search;
        for (const type of ITSM_DOCUMENT_TYPES) {
          indexRegistry.addCollator({
            schedule: scheduler.createScheduledTaskRunner({
              frequency: { minutes: frequencyMinutes },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 30 },
            }),
            factory: new ItsmCollatorFactory({
              type,
              discovery,
              auth,
              pageSize,
            }),
          });
        }
      },
    });
  },
});
