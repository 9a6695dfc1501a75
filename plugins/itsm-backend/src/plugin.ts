import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { itsmPermissions } from '@backstage-itsm/plugin-itsm-common';
import { readItsmConfig } from './config';
import { seedDemoData } from './demo/seedDemoData';
import { registerItsmActions } from './integrations/actions';
import { registerItsmNotifications } from './integrations/notifications';
import { CatalogGateway } from './catalog/CatalogGateway';
import { CatalogSync, scheduleCatalogSync } from './jobs/CatalogSync';
import { scheduleSlaBreachCheck, SlaBreachCheck } from './jobs/SlaBreachCheck';
import { ItsmEvents } from './app/events';
import { createItsmApplication } from './app/ItsmApplication';
import { AlertIntake } from './app/AlertIntake';
import { PermissionGuard } from './permissions/PermissionGuard';
import {
  createItsmRecordRules,
  itsmRecordPermissionResourceRef,
  loadItsmRecordResources,
} from './permissions/permissionRules';
import { createRouter } from './http/router';
import { DatabaseItsmStore } from './store/DatabaseItsmStore';

/**
 * The ITSM backend plugin: services, SLAs, incidents, problems and changes of catalog
 * entities, stored in the plugin's own tables, served under `/api/itsm`.
 *
 * Wiring only: the configuration is read once (config.ts), the parts are composed here and
 * each job schedules itself (jobs/).
 *
 * @public
 */
export const itsmPlugin = createBackendPlugin({
  pluginId: 'itsm',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        userInfo: coreServices.userInfo,
      },
      async init({
        rootConfig,
        logger,
        database,
        httpAuth,
        httpRouter,
        auth,
        lifecycle,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
        notifications,
        auditor,
        actionsRegistry,
        userInfo,
      }) {
        const config = readItsmConfig(rootConfig);
        const store = await DatabaseItsmStore.create({ database });
        const events = new ItsmEvents(logger);

        // Permissions: the itsm-record resource type with its rules (isOwner, isCabMember, isRecordType).
        const rules = createItsmRecordRules(config.changes.cabGroupRef);
        const getResources = (ids: string[]) =>
          loadItsmRecordResources(store, ids);
        permissionsRegistry.addResourceType({
          resourceRef: itsmRecordPermissionResourceRef,
          permissions: itsmPermissions.filter(p => p.type === 'resource'),
          rules,
          getResources,
        });
        permissionsRegistry.addPermissions(
          itsmPermissions.filter(p => p.type !== 'resource'),
        );

        const app = createItsmApplication({
          store,
          catalog: new CatalogGateway(catalog, userInfo),
          events,
          changes: config.changes,
          guard: new PermissionGuard(permissions, {
            rules,
            getResources,
            servicePrincipals: config.servicePrincipals,
          }),
        });

        httpRouter.use(
          await createRouter({
            app,
            httpAuth,
            logger,
            auditor,
            alerts: new AlertIntake(app, config.alerts),
            riskModel: config.changes.risk,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        registerItsmNotifications({
          events,
          notifications,
          store,
          logger,
          changeConfig: config.changes,
        });
        registerItsmActions({ actionsRegistry, app });

        await scheduleSlaBreachCheck({
          settings: config.slaCheck,
          scheduler,
          logger,
          check: new SlaBreachCheck(store, app.slaEvaluator, events),
        });

        // Catalog sync: services declared by itsm.backstage.io/* annotations (see CatalogSync).
        const startCatalogSync = () =>
          scheduleCatalogSync({
            settings: config.catalogSync,
            scheduler,
            logger,
            catalogSync: new CatalogSync(app, catalog, auth, logger),
          });

        if (config.demoData.enabled) {
          // The catalog ingests the demo entities shortly after start-up; seed once they exist.
          // The catalog sync starts after seeding, so it sees the demo's manual services.
          lifecycle.addStartupHook(() => {
            seedDemoData({ app, auth, logger })
              .catch(e =>
                logger.error(
                  `ITSM demo data could not be seeded: ${e.stack ?? e}`,
                ),
              )
              .finally(() =>
                startCatalogSync().catch(e =>
                  logger.error(
                    `ITSM catalog sync not scheduled: ${e.stack ?? e}`,
                  ),
                ),
              );
          });
        } else {
          await startCatalogSync();
        }
      },
    });
  },
});
