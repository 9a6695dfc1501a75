import { InputError, NotFoundError } from '@backstage/errors';
import {
  CreateServiceRequest,
  Page,
  Service,
  UpdateServiceRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { validateCalendar } from '../domain/sla/calendar';
import { DatabaseItsmStore, ServiceFilter } from '../store/DatabaseItsmStore';
import { CatalogGateway, SERVICE_ENTITY_KINDS } from './CatalogGateway';
import { ActionContext } from './context';
import { defined, diffFields, normalizeEntityRef, requireVersion } from './validation';

/**
 * The ITSM service records of catalog entities. One entity may hold several services and a
 * service may span several entities.
 */
export class ServiceRegistry {
  constructor(
    private readonly store: DatabaseItsmStore,
    private readonly catalog: CatalogGateway,
  ) {}

  private async resolveEntityRefs(
    refs: string[],
    field: string,
    ctx: ActionContext,
  ) {
    const normalized = [...new Set(refs.map((r, i) => normalizeEntityRef(r, `${field}[${i}]`)))];
    const entities = [];
    for (const [i, ref] of normalized.entries()) {
      entities.push(
        await this.catalog.requireEntity(ref, `${field}[${i}]`, ctx.credentials, SERVICE_ENTITY_KINDS),
      );
    }
    return { refs: normalized, entities };
  }

  private async checkSla(slaId: string | null | undefined) {
    if (slaId && !(await this.store.getSla(slaId))) {
      throw new NotFoundError(`slaId: no SLA with id ${slaId}`);
    }
  }

  private checkMaintenanceWindow(window: Service['maintenanceWindow'] | undefined) {
    if (!window) return;
    const problems = validateCalendar(window, 'maintenanceWindow');
    if (problems.length) throw new InputError(problems.join('; '));
  }

  async create(body: CreateServiceRequest, ctx: ActionContext, managedBy: Service['managedBy'] = 'manual'): Promise<Service> {
    const rawRefs = body.entityRefs ?? (body.entityRef ? [body.entityRef] : []);
    if (rawRefs.length === 0) {
      throw new InputError('entityRef: required (or entityRefs), the catalog entity the service belongs to');
    }
    const { refs, entities } = await this.resolveEntityRefs(
      rawRefs,
      body.entityRefs ? 'entityRefs' : 'entityRef',
      ctx,
    );
    await this.checkSla(body.slaId);
    this.checkMaintenanceWindow(body.maintenanceWindow);
    const ownerRef = body.ownerRef
      ? normalizeEntityRef(body.ownerRef, 'ownerRef', 'group')
      : this.catalog.ownerOf(entities[0]);
    if (!ownerRef) {
      throw new InputError(`ownerRef: required, the entity ${refs[0]} has no spec.owner to default to`);
    }
    const service: Service = {
      id: randomUUID(),
      version: 1,
      createdAt: ctx.now,
      createdBy: ctx.actor,
      updatedAt: ctx.now,
      updatedBy: ctx.actor,
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
        { recordType: 'service', recordId: service.id, at: ctx.now, actor: ctx.actor, action: 'created', changes: {} },
      ]);
    });
    return service;
  }

  async update(id: string, body: UpdateServiceRequest, ctx: ActionContext): Promise<Service> {
    const { version, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<Service>;
    if (patch.entityRefs) {
      patch.entityRefs = (await this.resolveEntityRefs(patch.entityRefs, 'entityRefs', ctx)).refs;
    }
    if (patch.ownerRef) patch.ownerRef = normalizeEntityRef(patch.ownerRef, 'ownerRef', 'group');
    await this.checkSla(patch.slaId);
    this.checkMaintenanceWindow(patch.maintenanceWindow);
    return this.store.transaction(async tx => {
      const current = await tx.getService(id);
      if (!current) throw new NotFoundError(`No service with id ${id}`);
      const changes = diffFields(current, patch);
      await tx.updateService(id, version, patch, { actor: ctx.actor, at: ctx.now });
      if (Object.keys(changes).length) {
        await tx.appendHistory([
          { recordType: 'service', recordId: id, at: ctx.now, actor: ctx.actor, action: 'updated', changes },
        ]);
      }
      return (await tx.getService(id))!;
    });
  }

  async get(id: string): Promise<Service> {
    const service = await this.store.getService(id);
    if (!service) throw new NotFoundError(`No service with id ${id}`);
    return service;
  }

  list(filter: ServiceFilter): Promise<Page<Service>> {
    return this.store.listServices(filter);
  }
}
