import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Service, Sla } from '@backstage-itsm/plugin-itsm-common';
import {
  CATALOG_SYNC_KINDS,
  CatalogSyncAction,
  planCatalogSync,
} from '../domain/catalogSync';
import { ServiceAuthority } from '../domain/services/ownership';
import { ActionContext } from '../app/context';
import { ItsmApplication } from '../app/ItsmApplication';
import type { ItsmConfig } from '../config';

/** The actor of every change the catalog sync makes (createdBy/updatedBy and history). */
export const CATALOG_SYNC_ACTOR = 'system:itsm-catalog-sync';

const CATALOG_AUTHORITY: ServiceAuthority = { kind: 'catalog' };

export interface CatalogSyncResult {
  created: number;
  updated: number;
  retired: number;
  failed: number;
  warnings: string[];
}

const PAGE = 500;

/**
 * Keeps the catalog-managed ITSM services in step with the `itsm.backstage.io/*` annotations of
 * the catalog (see domain/catalogSync for the rules). Writes go through the ServiceRegistry, so
 * validation and history apply as for the API.
 */
export class CatalogSync {
  constructor(
    private readonly app: ItsmApplication,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async readEntities(
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ) {
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const response = await this.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : { filter: { kind: CATALOG_SYNC_KINDS }, limit: PAGE },
        { credentials },
      );
      entities.push(...response.items);
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }

  private async readAll<T>(
    list: (
      cursor?: string,
    ) => Promise<{ items: T[]; nextCursor: string | null }>,
  ) {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  async run(): Promise<CatalogSyncResult> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const ctx: ActionContext = {
      actor: CATALOG_SYNC_ACTOR,
      credentials,
      now: this.clock().toISOString(),
    };
    const entities = await this.readEntities(credentials);
    const services = await this.readAll<Service>(cursor =>
      this.app.services.list({ limit: PAGE, cursor }),
    );
    const slas = await this.readAll<Sla>(cursor =>
      this.app.slas.list({ limit: PAGE, cursor }),
    );

    const plan = planCatalogSync({
      entities,
      services,
      slas,
      ownerOf: e => this.app.catalog.ownerOf(e),
      // An empty catalog (not yet ingested, or unreachable data) must not retire everything.
      retireMissing: entities.length > 0,
    });

    const result: CatalogSyncResult = {
      created: 0,
      updated: 0,
      retired: 0,
      failed: 0,
      warnings: plan.warnings,
    };
    for (const warning of plan.warnings) {
      this.logger.warn(`ITSM catalog sync: skipped ${warning}`);
    }
    for (const action of plan.actions) {
      try {
        await this.apply(action, ctx);
        if (action.type === 'create') result.created++;
        else if (action.type === 'update') result.updated++;
        else result.retired++;
      } catch (e) {
        result.failed++;
        this.logger.warn(
          `ITSM catalog sync: could not ${action.type} the service of ${
            action.entityRef
          }: ${(e as Error).message}`,
        );
      }
    }
    return result;
  }

  private async apply(action: CatalogSyncAction, ctx: ActionContext) {
    switch (action.type) {
      case 'create':
        // The plugin's own authority: the owner is the entity's catalog owner, never an annotation.
        await this.app.services.create(
          action.request,
          ctx,
          CATALOG_AUTHORITY,
          'catalog',
        );
        return;
      case 'update':
      case 'retire':
        await this.app.services.update(
          action.serviceId,
          action.request,
          ctx,
          CATALOG_AUTHORITY,
        );
        return;
      default: {
        // Unreachable while the plan knows three kinds of action; a new kind fails loudly.
        const unknownAction: { type: string } = action;
        throw new Error(`unknown action ${unknownAction.type}`);
      }
    }
  }
}

/**
 * Schedules the sync as the cluster-wide task `itsm-catalog-sync` (one replica runs it at a
 * time) every `itsm.catalogSync.frequencyMinutes`, unless `itsm.catalogSync.enabled` is false.
 */
export async function scheduleCatalogSync(options: {
  settings: ItsmConfig['catalogSync'];
  scheduler: SchedulerService;
  logger: LoggerService;
  catalogSync: CatalogSync;
}) {
  const { settings, scheduler, logger, catalogSync } = options;
  if (!settings.enabled) return;
  await scheduler.scheduleTask({
    id: 'itsm-catalog-sync',
    frequency: { minutes: settings.frequencyMinutes },
    timeout: { minutes: 4 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      const r = await catalogSync.run();
      if (r.created || r.updated || r.retired || r.failed) {
        logger.info(
          `ITSM catalog sync: ${r.created} created, ${r.updated} updated, ${r.retired} retired, ${r.failed} failed`,
        );
      }
    },
  });
}
