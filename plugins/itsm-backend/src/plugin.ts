import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readChangeConfig } from './domain/changes';
import { seedDemoData } from './demo/seedDemoData';
import { registerItsmActions } from './integrations/actions';
import { registerItsmNotifications } from './integrations/notifications';
import { CatalogGateway } from './catalog/CatalogGateway';
import { CatalogSync, scheduleCatalogSync } from './jobs/CatalogSync';
import { ItsmEvents } from './app/events';
import { ItsmApplication } from './app/ItsmApplication';
import { AlertIntake, readAlertLabelConfig } from './app/AlertIntake';
import { PermissionGuard } from './permissions/PermissionGuard';
import { ServicePrincipalPolicy } from './permissions/servicePrincipals';
import {
  createIsCabMemberRule,
  isOwnerRule,
  isRecordTypeRule,
  itsmRecordPermissionResourceRef,
  loadItsmRecordResources,
} from './permissions/permissionRules';
import { itsmPermissions } from '@backstage-itsm/plugin-itsm-common';
import { SlaBreachCheck } from './jobs/SlaBreachCheck';
import { createRouter } from './http/router';
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
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        userInfo: coreServices.userInfo,
      },
      async init({ config, logger, database, httpAuth, httpRouter, auth, lifecycle, permissions, permissionsRegistry, scheduler, catalog, notifications, auditor, actionsRegistry, userInfo }) {
        const store = await DatabaseItsmStore.create({ database });
        const events = new ItsmEvents(logger);
        const changeConfig = readChangeConfig(config);

        // Permissions: the itsm-record resource type with its rules (isOwner, isCabMember, isRecordType).
        const recordRules = [isOwnerRule, createIsCabMemberRule(changeConfig.cabGroupRef), isRecordTypeRule];
        const getRecordResources = (ids: string[]) => loadItsmRecordResources(store, ids);
        permissionsRegistry.addResourceType({
          resourceRef: itsmRecordPermissionResourceRef,
          permissions: itsmPermissions.filter(p => p.type === 'resource'),
          rules: recordRules,
          getResources: getRecordResources,
        });
        permissionsRegistry.addPermissions(itsmPermissions.filter(p => p.type !== 'resource'));
        const app = new ItsmApplication(
          store,
          new CatalogGateway(catalog, userInfo),
          events,
          changeConfig,
          new PermissionGuard(permissions, {
            rules: recordRules,
            getResources: getRecordResources,
            servicePrincipals: ServicePrincipalPolicy.fromConfig(config),
          }),
        );

        httpRouter.use(
          await createRouter({
            app,
            httpAuth,
            logger,
            auditor,
            alerts: new AlertIntake(app, readAlertLabelConfig(config)),
            riskModel: changeConfig.risk,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        registerItsmNotifications({ events, notifications, store, logger, changeConfig });
        registerItsmActions({ actionsRegistry, app });

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

        // Catalog sync: services declared by itsm.backstage.io/* annotations (see CatalogSync).
        const startCatalogSync = () =>
          scheduleCatalogSync({ config, scheduler, logger, catalogSync: new CatalogSync(app, catalog, auth, logger) });

        if (config.getOptionalBoolean('itsm.demoData.enabled')) {
          // The catalog ingests the demo entities shortly after start-up; seed once they exist.
          // The catalog sync starts after seeding, so it sees the demo's manual services.
          lifecycle.addStartupHook(() => {
            seedDemoData({ app, auth, logger })
              .catch(e => logger.error(`ITSM demo data could not be seeded: ${e.stack ?? e}`))
              .finally(() =>
                startCatalogSync().catch(e => logger.error(`ITSM catalog sync not scheduled: ${e.stack ?? e}`)),
              );
          });
        } else {
          await startCatalogSync();
        }
      },
    });
  },
});
