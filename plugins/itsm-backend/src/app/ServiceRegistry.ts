import { InputError, NotFoundError } from '@backstage/errors';
import {
  CreateServiceRequest,
  Page,
  Service,
  UpdateServiceRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { validateCalendar } from '../domain/sla/calendar';
import {
  decideServiceOwner,
  OwnedEntity,
  requireEntityOwnership,
  ServiceAuthority,
} from '../domain/services/ownership';
import { ItsmStore, ServiceFilter } from '../store/ItsmStore';
import { SERVICE_ENTITY_KINDS } from '@backstage-itsm/plugin-itsm-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ActionContext } from './context';
import {
  applyUpdate,
  newRecordMeta,
  requireRecord,
  SERVICE_RECORDS,
} from './recordWrites';
import { defined, normalizeEntityRef, requireVersion } from './validation';

/**
 * The ITSM service records of catalog entities. One entity may hold several services and a
 * service may span several entities.
 */
export class ServiceRegistry {
  constructor(
    private readonly store: ItsmStore,
    private readonly catalog: CatalogGateway,
  ) {}

  private async resolveEntityRefs(
    refs: string[],
    field: string,
    ctx: ActionContext,
  ) {
    const normalized = [
      ...new Set(refs.map((r, i) => normalizeEntityRef(r, `${field}[${i}]`))),
    ];
    const entities = [];
    const owned: OwnedEntity[] = [];
    for (const [i, ref] of normalized.entries()) {
      const entity = await this.catalog.requireEntity(
        ref,
        `${field}[${i}]`,
        ctx.credentials,
        SERVICE_ENTITY_KINDS,
      );
      entities.push(entity);
      // A single entityRef is reported as `entityRef`, as it was sent.
      owned.push({
        ref,
        field: field === 'entityRef' ? field : `${field}[${i}]`,
        owner: this.catalog.ownerOf(entity),
      });
    }
    return { refs: normalized, entities, owned };
  }

  private async checkSla(slaId: string | null | undefined) {
    if (slaId && !(await this.store.getSla(slaId))) {
      throw new NotFoundError(`slaId: no SLA with id ${slaId}`);
    }
  }

  private checkMaintenanceWindow(
    window: Service['maintenanceWindow'] | undefined,
  ) {
    if (!window) return;
    const problems = validateCalendar(window, 'maintenanceWindow');
    if (problems.length) throw new InputError(problems.join('; '));
  }

  /**
   * Registers a service. `authority` decides who may put a service on the entities and name its
   * owner (domain/services/ownership): the caller's claims and admin right, or the plugin itself.
   */
  async create(
    body: CreateServiceRequest,
    ctx: ActionContext,
    authority: ServiceAuthority,
    managedBy: Service['managedBy'] = 'manual',
  ): Promise<Service> {
    const rawRefs = body.entityRefs ?? (body.entityRef ? [body.entityRef] : []);
    if (rawRefs.length === 0) {
      throw new InputError(
        'entityRef: required (or entityRefs), the catalog entity the service belongs to',
      );
    }
    const { refs, owned } = await this.resolveEntityRefs(
      rawRefs,
      body.entityRefs ? 'entityRefs' : 'entityRef',
      ctx,
    );
    requireEntityOwnership(owned, authority);
    const ownerRef = decideServiceOwner(
      owned,
      body.ownerRef
        ? normalizeEntityRef(body.ownerRef, 'ownerRef', 'group')
        : undefined,
      authority,
    );
    await this.checkSla(body.slaId);
    this.checkMaintenanceWindow(body.maintenanceWindow);
    const service: Service = {
      ...newRecordMeta(ctx),
      entityRef: refs[0],
      entityRefs: refs,
      name: body.name,
      purpose: body.purpose ?? null,
      ownerRef,
      category: body.category ?? 'application',
      criticality: body.criticality ?? 3,
      lifecycle: body.lifecycle ?? 'live',
      supportHours: body.supportHours ?? null,
      slaId: body.slaId ?? null,
      contact: body.contact ?? null,
      escalationPath: body.escalationPath ?? [],
      maintenanceWindow: body.maintenanceWindow ?? null,
      managedBy,
    };
    await this.store.transaction(async tx => {
      await tx.insertService(service);
      await tx.appendHistory([
        {
          recordType: 'service',
          recordId: service.id,
          at: ctx.now,
          actor: ctx.actor,
          action: 'created',
          changes: {},
        },
      ]);
    });
    return service;
  }

  /**
   * Updates a service. Entities it gains must be the caller's (or the caller an admin), and a
   * new owner follows the same rule as at registration, against the (resulting) first entity.
   */
  async update(
    id: string,
    body: UpdateServiceRequest,
    ctx: ActionContext,
    authority: ServiceAuthority,
  ): Promise<Service> {
    const { version, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<Service>;
    if (patch.ownerRef)
      patch.ownerRef = normalizeEntityRef(patch.ownerRef, 'ownerRef', 'group');
    if (patch.entityRefs || patch.ownerRef) {
      const current = await this.get(id);
      let entities: OwnedEntity[] | undefined;
      if (patch.entityRefs) {
        const resolved = await this.resolveEntityRefs(
          patch.entityRefs,
          'entityRefs',
          ctx,
        );
        patch.entityRefs = resolved.refs;
        entities = resolved.owned;
        requireEntityOwnership(
          entities.filter(e => !current.entityRefs.includes(e.ref)),
          authority,
        );
      }
      if (patch.ownerRef && patch.ownerRef !== current.ownerRef) {
        if (!entities) {
          const first = current.entityRefs[0];
          const entity = await this.catalog.requireEntity(
            first,
            'entityRefs[0]',
            ctx.credentials,
          );
          entities = [
            {
              ref: first,
              field: 'entityRefs[0]',
              owner: this.catalog.ownerOf(entity),
            },
          ];
        }
        decideServiceOwner(entities, patch.ownerRef, authority);
      }
    }
    await this.checkSla(patch.slaId);
    this.checkMaintenanceWindow(patch.maintenanceWindow);
    return this.store.transaction(async tx => {
      const current = await requireRecord(tx, SERVICE_RECORDS, id);
      return applyUpdate(
        tx,
        SERVICE_RECORDS,
        current,
        { version, patch, action: 'updated' },
        ctx,
      );
    });
  }

  get(id: string): Promise<Service> {
    return requireRecord(this.store, SERVICE_RECORDS, id);
  }

  list(filter: ServiceFilter): Promise<Page<Service>> {
    return this.store.listServices(filter);
  }
}
