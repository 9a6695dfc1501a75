import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readChangeConfig } from './domain/changes';
import { seedDemoData } from './demo/seedDemoData';
import { CatalogGateway } from './service/CatalogGateway';
import { ItsmEvents } from './service/events';
import { ItsmApplication } from './service/ItsmApplication';
import { PermissionGuard } from './service/PermissionGuard';
import { SlaBreachCheck } from './service/SlaBreachCheck';
import { createRouter } from './service/router';
import { DatabaseItsmStore } from './store/DatabaseItsmStore';

/**
 * The ITSM backend plugin: services, SLAs, incidents, problems and changes of catalog
 * entities, stored in the plugin's own tables, served under `/api/itsm`.
 *
 * @public
 */
export const itsmPlugin = createBackendPlugin({
  pluginId: 'itsm',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, httpAuth, httpRouter, auth, lifecycle, permissions, scheduler, catalog }) {
        const store = await DatabaseItsmStore.create({ database });
        const events = new ItsmEvents(logger);
        const app = new ItsmApplication(
          store,
          new CatalogGateway(catalog),
          events,
          readChangeConfig(config),
          new PermissionGuard(permissions),
        );

        httpRouter.use(await createRouter({ app, httpAuth, logger }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const breachCheck = new SlaBreachCheck(store, app.sla, events);
        await scheduler.scheduleTask({
          id: 'itsm-sla-breach-check',
          frequency: { seconds: config.getOptionalNumber('itsm.slaCheck.frequencySeconds') ?? 60 },
          timeout: { seconds: 50 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            const result = await breachCheck.run(new Date().toISOString());
            if (result.warnings || result.breaches) {
              logger.info(`ITSM SLA check: ${result.warnings} new warnings, ${result.breaches} new breaches`);
            }
          },
        });

        if (config.getOptionalBoolean('itsm.demoData.enabled')) {
          // The catalog ingests the demo entities shortly after start-up; seed once they exist.
          lifecycle.addStartupHook(() => {
            seedDemoData({ app, auth, logger }).catch(e =>
              logger.error(`ITSM demo data could not be seeded: ${e.stack ?? e}`),
            );
          });
        }
      },
    });
  },
});
