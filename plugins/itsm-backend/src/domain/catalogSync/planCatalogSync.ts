import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CreateServiceRequest,
  Criticality,
  SERVICE_CATEGORIES,
  SERVICE_ENTITY_KINDS,
  Service,
  ServiceCategory,
  UpdateServiceRequest,
} from '@backstage-itsm/plugin-itsm-common';

/*
 * The catalog sync as a pure function: from the annotated catalog entities, the existing ITSM
 * services and the SLAs, the list of creates, updates and retirements that bring the
 * catalog-managed services in step with the catalog. No I/O here; see service/CatalogSync.ts.
 */

/** The annotations a catalog entity declares its ITSM service with. */
export const ITSM_ANNOTATIONS = {
  slaTier: 'itsm.backstage.io/sla-tier',
  criticality: 'itsm.backstage.io/criticality',
  category: 'itsm.backstage.io/service-category',
  serviceName: 'itsm.backstage.io/service-name',
  supportHours: 'itsm.backstage.io/support-hours',
} as const;

/** Kinds the sync reads (the kinds that can hold an ITSM service). */
export const CATALOG_SYNC_KINDS: string[] = [...SERVICE_ENTITY_KINDS];

/**
 * An entity declares a service when it carries at least one of these (the service name and
 * support hours alone do not).
 */
const DECLARING_ANNOTATIONS = [
  ITSM_ANNOTATIONS.slaTier,
  ITSM_ANNOTATIONS.criticality,
  ITSM_ANNOTATIONS.category,
];

/** The fields the sync owns on a catalog-managed service. */
export interface DesiredService {
  entityRef: string;
  name: string;
  criticality: Criticality;
  category: ServiceCategory;
  slaId: string | null;
  ownerRef: string;
  supportHours: string | null;
  purpose: string | null;
}

export type CatalogSyncAction =
  | { type: 'create'; entityRef: string; request: CreateServiceRequest }
  | {
      type: 'update';
      entityRef: string;
      serviceId: string;
      request: UpdateServiceRequest;
    }
  | {
      type: 'retire';
      entityRef: string;
      serviceId: string;
      reason: 'entity_missing' | 'annotations_removed';
      request: UpdateServiceRequest;
    };

export interface CatalogSyncPlan {
  actions: CatalogSyncAction[];
  /** Entities skipped because of an invalid annotation (their services are left alone). */
  warnings: string[];
}

export interface CatalogSyncInput {
  /** The Component, System and Resource entities of the catalog (annotated or not). */
  entities: Entity[];
  /** All ITSM services (manual and catalog-managed). */
  services: Service[];
  /** The SLAs; `itsm.backstage.io/sla-tier` matches their names case-insensitively. */
  slas: Array<{ id: string; name: string }>;
  /** `spec.owner` of an entity as a full group ref (see CatalogGateway.ownerOf). */
  ownerOf(entity: Entity): string | undefined;
  /**
   * Whether a catalog-managed service whose entity is missing from `entities` is retired.
   * The task passes false when the catalog answered with no entities at all (e.g. right after
   * start-up, before ingestion) so that an empty catalog does not retire everything.
   */
  retireMissing?: boolean;
}

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

/** Whether the entity carries any of the annotations that declare an ITSM service. */
export function declaresService(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return DECLARING_ANNOTATIONS.some(
    a => typeof annotations[a] === 'string' && annotations[a].trim() !== '',
  );
}

/**
 * The service an annotated entity declares, or the reason it cannot be read. Criticality
 * defaults to 3, the category to `application`, the name to the service-name annotation, the
 * entity title or name; without an sla-tier annotation the service has no SLA.
 */
export function desiredServiceOf(
  entity: Entity,
  slas: Array<{ id: string; name: string }>,
  ownerOf: (entity: Entity) => string | undefined,
): { service: DesiredService } | { error: string } {
  const entityRef = refOf(entity);
  const a = entity.metadata.annotations ?? {};
  const value = (key: string) => {
    const v = a[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };

  let criticality: Criticality = 3;
  const rawCriticality = value(ITSM_ANNOTATIONS.criticality);
  if (rawCriticality !== undefined) {
    if (!/^[1-4]$/.test(rawCriticality)) {
      return {
        error: `${entityRef}: ${ITSM_ANNOTATIONS.criticality} must be "1".."4", got '${rawCriticality}'`,
      };
    }
    criticality = Number(rawCriticality) as Criticality;
  }

  let category: ServiceCategory = 'application';
  const rawCategory = value(ITSM_ANNOTATIONS.category);
  if (rawCategory !== undefined) {
    const lower = rawCategory.toLocaleLowerCase('en-US') as ServiceCategory;
    if (!SERVICE_CATEGORIES.includes(lower)) {
      return {
        error: `${entityRef}: ${
          ITSM_ANNOTATIONS.category
        } must be one of ${SERVICE_CATEGORIES.join(
          ', ',
        )}, got '${rawCategory}'`,
      };
    }
    category = lower;
  }

  let slaId: string | null = null;
  const tier = value(ITSM_ANNOTATIONS.slaTier);
  if (tier !== undefined) {
    const lower = tier.toLocaleLowerCase('en-US');
    const sla = slas.find(s => s.name.toLocaleLowerCase('en-US') === lower);
    if (!sla) {
      return {
        error: `${entityRef}: ${ITSM_ANNOTATIONS.slaTier} '${tier}' matches no SLA name`,
      };
    }
    slaId = sla.id;
  }

  const ownerRef = ownerOf(entity);
  if (!ownerRef) {
    return { error: `${entityRef}: has no spec.owner to own the ITSM service` };
  }

  const service: DesiredService = {
    entityRef,
    name:
      value(ITSM_ANNOTATIONS.serviceName) ??
      entity.metadata.title ??
      entity.metadata.name,
    criticality,
    category,
    slaId,
    ownerRef,
    supportHours: value(ITSM_ANNOTATIONS.supportHours) ?? null,
    purpose: entity.metadata.description ?? null,
  };
  // Catalog data is input too: it has to fit the columns the API bounds its fields to.
  for (const [field, text, max] of [
    ['name', service.name, 200],
    ['ownerRef', service.ownerRef, 300],
    [ITSM_ANNOTATIONS.supportHours, service.supportHours, 500],
    ['metadata.description', service.purpose, 20000],
  ] as const) {
    if (text === null) continue;
    if (
      [...text].length > max ||
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)
    ) {
      return {
        error: `${entityRef}: ${field} must be at most ${max} characters without control characters`,
      };
    }
  }
  return { service };
}

const SYNCED_FIELDS = [
  'name',
  'criticality',
  'category',
  'slaId',
  'ownerRef',
  'supportHours',
] as const;

/**
 * Plans one sync run.
 *
 * - An annotated entity without any service (manual or catalog-managed, on any of the service's
 *   entities) gets a new catalog-managed service.
 * - Its catalog-managed service (the oldest one whose first entity is the entity) is updated
 *   where name, criticality, category, SLA, owner or support hours differ; a retired one is made
 *   `live` again.
 * - Catalog-managed services whose entity disappeared or lost the annotations are retired.
 * - Services with `managedBy: manual` are never touched; an entity with an invalid annotation is
 *   skipped (with a warning) and its service is left as it is.
 */
export function planCatalogSync(input: CatalogSyncInput): CatalogSyncPlan {
  const actions: CatalogSyncAction[] = [];
  const warnings: string[] = [];

  const present = new Set(input.entities.map(refOf));
  const declared = new Map<string, Entity>();
  for (const entity of input.entities) {
    if (!CATALOG_SYNC_KINDS.includes(entity.kind)) continue;
    if (declaresService(entity)) declared.set(refOf(entity), entity);
  }

  const byCreated = [...input.services].sort((x, y) =>
    x.createdAt === y.createdAt
      ? x.id.localeCompare(y.id)
      : x.createdAt.localeCompare(y.createdAt),
  );
  const catalogManagedByEntity = new Map<string, Service>();
  const entitiesWithAnyService = new Set<string>();
  for (const service of byCreated) {
    for (const ref of service.entityRefs) entitiesWithAnyService.add(ref);
    if (
      service.managedBy === 'catalog' &&
      !catalogManagedByEntity.has(service.entityRef)
    ) {
      catalogManagedByEntity.set(service.entityRef, service);
    }
  }

  const skipped = new Set<string>();
  for (const [entityRef, entity] of declared) {
    const desired = desiredServiceOf(entity, input.slas, input.ownerOf);
    if ('error' in desired) {
      warnings.push(desired.error);
      skipped.add(entityRef);
      continue;
    }
    const want = desired.service;
    const existing = catalogManagedByEntity.get(entityRef);
    if (existing) {
      const patch: Record<string, unknown> = {};
      for (const field of SYNCED_FIELDS) {
        if ((existing[field] ?? null) !== (want[field] ?? null))
          patch[field] = want[field];
      }
      if (existing.lifecycle === 'retired') patch.lifecycle = 'live';
      if (Object.keys(patch).length) {
        actions.push({
          type: 'update',
          entityRef,
          serviceId: existing.id,
          request: {
            version: existing.version,
            ...patch,
          } as UpdateServiceRequest,
        });
      }
      continue;
    }
    if (entitiesWithAnyService.has(entityRef)) continue;
    actions.push({
      type: 'create',
      entityRef,
      request: {
        entityRef,
        name: want.name,
        purpose: want.purpose,
        ownerRef: want.ownerRef,
        category: want.category,
        criticality: want.criticality,
        lifecycle: 'live',
        supportHours: want.supportHours,
        slaId: want.slaId,
      },
    });
  }

  for (const service of byCreated) {
    if (service.managedBy !== 'catalog' || service.lifecycle === 'retired')
      continue;
    const ref = service.entityRef;
    if (declared.has(ref) || skipped.has(ref)) continue;
    const reason = present.has(ref) ? 'annotations_removed' : 'entity_missing';
    if (reason === 'entity_missing' && input.retireMissing === false) continue;
    actions.push({
      type: 'retire',
      entityRef: ref,
      serviceId: service.id,
      reason,
      request: { version: service.version, lifecycle: 'retired' },
    });
  }

  return { actions, warnings };
}
