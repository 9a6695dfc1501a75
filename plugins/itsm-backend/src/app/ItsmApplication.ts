import { NotFoundError } from '@backstage/errors';
import {
  Change,
  ChangeApprovalRequest,
  ChangeTransitionRequest,
  CreateChangeRequest,
  CreateIncidentRequest,
  CreateProblemRequest,
  CreateServiceRequest,
  CreateSlaRequest,
  EntitySummary,
  HistoryEntry,
  Incident,
  IncidentTransitionRequest,
  ItsmRecordType,
  Priority,
  ProblemTransitionRequest,
  UpdateChangeRequest,
  UpdateIncidentRequest,
  UpdateProblemRequest,
  UpdateServiceRequest,
  UpdateSlaRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { healthFromIncidents } from '../domain/incidents/health';
import { OPEN_INCIDENT_STATES } from '../domain/incidents/stateMachine';
import { OPEN_PROBLEM_STATES } from '../domain/problems/stateMachine';
import { ChangeConfig, conflictWithoutTitle } from '../domain/changes';
import { ServiceAuthority } from '../domain/services/ownership';
import {
  ChangeFilter,
  IncidentFilter,
  ItsmStore,
  ProblemFilter,
  RecordCondition,
  ServiceFilter,
} from '../store/ItsmStore';
import { publicIncident } from '../store/rows';
import { CatalogGateway } from '../catalog/CatalogGateway';
import {
  ALLOW_EVERYTHING,
  MutationGuard,
  ReadDecision,
} from '../permissions/MutationGuard';
import { ChangeManager } from './ChangeManager';
import { ActionContext } from './context';
import { DeploymentEvent, DeploymentIntake } from './DeploymentIntake';
import { ItsmEvents } from './events';
import {
  CHANGE_RECORDS,
  INCIDENT_RECORDS,
  PROBLEM_RECORDS,
  RecordAccess,
  requireRecord,
  SERVICE_RECORDS,
  SLA_RECORDS,
} from './recordWrites';
import { IncidentManager } from './IncidentManager';
import { ProblemManager } from './ProblemManager';
import { ServiceRegistry } from './ServiceRegistry';
import { KpiScope, SlaEvaluator } from './SlaEvaluator';
import { SlaManager } from './SlaManager';
import { requireVersion } from './validation';

/** DENY as a condition: no row matches (see permissionFilters.ts). */
const NOTHING: RecordCondition = { kind: 'const', value: false };
const EMPTY_PAGE = { items: [], totalCount: 0, nextCursor: null };

type ReadableType = 'service' | 'incident' | 'problem' | 'change';

/**
 * An update as HTTP hands it over: the version may be missing (neither in the body nor as
 * If-Match). It is required after the record was found and the write allowed, so a missing
 * version is 400 only for a caller who would get past 404 and 403.
 */
export type VersionMayBeMissing<T extends { version: number }> = Omit<
  T,
  'version'
> & { version?: number };

/** What the application is composed of (see createItsmApplication). */
export interface ItsmApplicationOptions {
  store: ItsmStore;
  catalog: CatalogGateway;
  events: ItsmEvents;
  /** `itsm.changes`: CAB, risk weights, approval policy, freeze windows. */
  changes: ChangeConfig;
  /** The permission checks; everything is allowed without one (tests, internal callers). */
  guard?: MutationGuard;
}

/** The stored record of each type: for the permission checks and whether a history's record exists. */
const RECORDS: Record<ItsmRecordType, RecordAccess<{ id: string }>> = {
  sla: SLA_RECORDS,
  service: SERVICE_RECORDS,
  incident: INCIDENT_RECORDS,
  problem: PROBLEM_RECORDS,
  change: CHANGE_RECORDS,
};

/**
 * The application layer: what the HTTP API, the scheduler, scaffolder actions and the demo
 * seeder call. It composes the managers; the router only translates HTTP to these calls.
 */
export class ItsmApplication {
  readonly slas: SlaManager;
  readonly services: ServiceRegistry;
  readonly incidents: IncidentManager;
  readonly problems: ProblemManager;
  readonly changes: ChangeManager;
  readonly deployments: DeploymentIntake;
  /** Incident clocks, availability and KPIs (reads only). */
  readonly slaEvaluator: SlaEvaluator;

  constructor(
    readonly store: ItsmStore,
    readonly catalog: CatalogGateway,
    readonly events: ItsmEvents,
    changeConfig: ChangeConfig,
    private readonly guard: MutationGuard = ALLOW_EVERYTHING,
  ) {
    this.slas = new SlaManager(store);
    this.services = new ServiceRegistry(store, catalog);
    this.incidents = new IncidentManager(store, catalog, events);
    this.problems = new ProblemManager(store, catalog, events);
    this.changes = new ChangeManager(store, catalog, events, changeConfig);
    this.deployments = new DeploymentIntake(store, catalog, this.changes);
    this.slaEvaluator = new SlaEvaluator(store);
  }

  /** The CAB group (`itsm.changes.cab`). */
  get cabGroupRef(): string {
    return this.changes.cabGroupRef;
  }

  /** The read decision of the caller for the list endpoints (conditional → a query filter). */
  async readDecision(ctx: ActionContext): Promise<ReadDecision> {
    return this.guard.readCondition
      ? this.guard.readCondition(ctx)
      : { result: 'allow' };
  }

  /**
   * The read decision as a filter for the aggregate queries (summary, KPIs, availability,
   * calendar): undefined = everything, DENY = a condition no row matches.
   */
  private async readFilter(
    ctx: ActionContext,
  ): Promise<RecordCondition | undefined> {
    const decision = await this.readDecision(ctx);
    if (decision.result === 'allow') return undefined;
    return decision.result === 'deny' ? NOTHING : decision.condition;
  }

  /**
   * Reading one record: `itsm.record.read` with the id as resourceRef. A record the caller may
   * not read answers exactly like an unknown id (the same NotFoundError, 404), so the answer does
   * not reveal that it exists.
   */
  private async requireReadable(
    type: ReadableType,
    id: string,
    ctx: ActionContext,
  ): Promise<void> {
    if (this.guard.canRead && !(await this.guard.canRead(ctx, id))) {
      throw new NotFoundError(`No ${type} with id ${id}`);
    }
  }

  /**
   * A write to an existing record: 404, not 403, when the caller may not read it (do not reveal
   * unreadable records); then the write permission on the stored record.
   */
  private async authorizeWrite(
    type: ReadableType,
    action: string,
    id: string,
    ctx: ActionContext,
  ): Promise<void> {
    await this.requireReadable(type, id, ctx);
    await this.guard.authorize(
      action,
      ctx,
      await requireRecord(this.store, RECORDS[type], id),
    );
  }

  /**
   * A change's conflicts name the other changes by number and title. The title of one the
   * caller may not read is left out of the message; the conflict and the number stay, because
   * they matter for planning and the CAB and tell nothing of the other change's content.
   */
  private async redactConflicts<T extends Change>(
    changes: T[],
    ctx: ActionContext,
  ): Promise<T[]> {
    const named = changes.some(c => c.conflicts?.some(x => x.changeId));
    return named
      ? this.redactConflictsWith(changes, await this.readFilter(ctx))
      : changes;
  }
  /** The same with the caller's read filter at hand (one permission round trip per request). */
  private async redactConflictsWith<T extends Change>(
    changes: T[],
    condition: RecordCondition | undefined,
  ): Promise<T[]> {
    const ids = [
      ...new Set(
        changes.flatMap(c => (c.conflicts ?? []).map(x => x.changeId)),
      ),
    ].filter((id): id is string => !!id);
    if (ids.length === 0 || !condition) return changes;
    const readable = new Set(
      (await this.store.findChanges({ ids, condition })).map(c => c.id),
    );
    const hidden = new Map(
      (await this.store.getChanges(ids.filter(id => !readable.has(id)))).map(
        c => [c.id, c],
      ),
    );
    if (hidden.size === 0) return changes;
    return changes.map(c => ({
      ...c,
      conflicts: c.conflicts?.map(conflict => {
        const other = conflict.changeId
          ? hidden.get(conflict.changeId)
          : undefined;
        return other ? conflictWithoutTitle(conflict, other.number) : conflict;
      }),
    }));
  }
  private async redactChange<T extends Change>(
    change: T,
    ctx: ActionContext,
  ): Promise<T> {
    return (await this.redactConflicts([change], ctx))[0];
  }

  // ---------------------------------------------------------------- lists (filtered by the read decision)
  async listServices(filter: ServiceFilter, ctx: ActionContext) {
    const condition = await this.readFilter(ctx);
    return condition === NOTHING
      ? EMPTY_PAGE
      : this.services.list({ ...filter, condition });
  }
  async listIncidents(filter: IncidentFilter, ctx: ActionContext) {
    const condition = await this.readFilter(ctx);
    return condition === NOTHING
      ? EMPTY_PAGE
      : this.incidents.list({ ...filter, condition });
  }
  async listProblems(filter: ProblemFilter, ctx: ActionContext) {
    const condition = await this.readFilter(ctx);
    return condition === NOTHING
      ? EMPTY_PAGE
      : this.problems.list({ ...filter, condition });
  }
  async listChanges(filter: ChangeFilter, ctx: ActionContext) {
    const condition = await this.readFilter(ctx);
    if (condition === NOTHING) return EMPTY_PAGE;
    const page = await this.changes.list({ ...filter, condition });
    return {
      ...page,
      items: await this.redactConflictsWith(page.items, condition),
    };
  }

  // ---------------------------------------------------------------- SLAs
  async createSla(body: CreateSlaRequest, ctx: ActionContext) {
    await this.guard.authorize('sla.admin', ctx);
    return this.slas.create(body, ctx);
  }
  async updateSla(
    id: string,
    body: VersionMayBeMissing<UpdateSlaRequest>,
    ctx: ActionContext,
  ) {
    await this.guard.authorize('sla.admin', ctx);
    return this.slas.update(
      id,
      { ...body, version: requireVersion(body.version) },
      ctx,
    );
  }
  // SLA tiers are shared, not a team's records: a basic permission (403 when denied).
  async listSlas(
    params: Parameters<SlaManager['list']>[0],
    ctx: ActionContext,
  ) {
    await this.guard.authorize('sla.read', ctx);
    return this.slas.list(params);
  }
  async getSla(id: string, ctx: ActionContext) {
    await this.guard.authorize('sla.read', ctx);
    return this.slas.get(id);
  }

  // ---------------------------------------------------------------- services
  /**
   * The caller's authority over services: the entities they own through the catalog and their
   * sign-in, and whether the permission framework grants them `itsm.service.admin`.
   */
  async serviceAuthority(ctx: ActionContext): Promise<ServiceAuthority> {
    const [claims, isAdmin] = await Promise.all([
      this.catalog.ownershipClaims(ctx.credentials),
      this.guard.allows
        ? this.guard.allows('service.admin', ctx)
        : Promise.resolve(true),
    ]);
    return { kind: 'caller', claims, isAdmin };
  }
  async createService(body: CreateServiceRequest, ctx: ActionContext) {
    await this.guard.authorize('service.create', ctx, body);
    return this.services.create(body, ctx, await this.serviceAuthority(ctx));
  }
  async updateService(
    id: string,
    body: VersionMayBeMissing<UpdateServiceRequest>,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('service', 'service.update', id, ctx);
    return this.services.update(
      id,
      { ...body, version: requireVersion(body.version) },
      ctx,
      await this.serviceAuthority(ctx),
    );
  }
  async getService(id: string, ctx: ActionContext) {
    await this.requireReadable('service', id, ctx);
    return this.services.get(id);
  }
  /** Outages and maintenance count only from the incidents and changes the caller may read. */
  async availability(
    id: string,
    month: string | undefined,
    ctx: ActionContext,
  ) {
    await this.requireReadable('service', id, ctx);
    return this.slaEvaluator.availability(
      await this.services.get(id),
      month,
      ctx.now,
      await this.readFilter(ctx),
    );
  }

  // ---------------------------------------------------------------- incidents
  async createIncident(body: CreateIncidentRequest, ctx: ActionContext) {
    await this.guard.authorize('incident.create', ctx, body);
    return this.incidents.create(body, ctx);
  }
  async getIncident(id: string, ctx: ActionContext): Promise<Incident> {
    await this.requireReadable('incident', id, ctx);
    const incident = await this.incidents.getStored(id);
    return {
      ...publicIncident(incident),
      sla: await this.slaEvaluator.incidentSla(incident, ctx.now),
    };
  }
  async updateIncident(
    id: string,
    body: VersionMayBeMissing<UpdateIncidentRequest>,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('incident', 'incident.update', id, ctx);
    return this.incidents.update(
      id,
      { ...body, version: requireVersion(body.version) },
      ctx,
    );
  }
  async transitionIncident(
    id: string,
    body: IncidentTransitionRequest,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('incident', 'incident.update', id, ctx);
    return this.incidents.transition(id, body, ctx);
  }

  // ---------------------------------------------------------------- problems
  async createProblem(body: CreateProblemRequest, ctx: ActionContext) {
    await this.guard.authorize('problem.create', ctx, body);
    return this.problems.create(body, ctx);
  }
  async getProblem(id: string, ctx: ActionContext) {
    await this.requireReadable('problem', id, ctx);
    return this.problems.get(id);
  }
  async updateProblem(
    id: string,
    body: VersionMayBeMissing<UpdateProblemRequest>,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('problem', 'problem.update', id, ctx);
    return this.problems.update(
      id,
      { ...body, version: requireVersion(body.version) },
      ctx,
    );
  }
  async transitionProblem(
    id: string,
    body: ProblemTransitionRequest,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('problem', 'problem.update', id, ctx);
    return this.problems.transition(id, body, ctx);
  }

  // ---------------------------------------------------------------- changes
  async createChange(body: CreateChangeRequest, ctx: ActionContext) {
    await this.guard.authorize('change.create', ctx, body);
    return this.redactChange(await this.changes.create(body, ctx), ctx);
  }
  async getChange(id: string, ctx: ActionContext) {
    await this.requireReadable('change', id, ctx);
    return this.redactChange(await this.changes.get(id, ctx), ctx);
  }
  async updateChange(
    id: string,
    body: VersionMayBeMissing<UpdateChangeRequest>,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('change', 'change.update', id, ctx);
    return this.redactChange(
      await this.changes.update(
        id,
        { ...body, version: requireVersion(body.version) },
        ctx,
      ),
      ctx,
    );
  }
  async transitionChange(
    id: string,
    body: ChangeTransitionRequest,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('change', 'change.update', id, ctx);
    return this.redactChange(await this.changes.transition(id, body, ctx), ctx);
  }
  async voteOnChange(
    id: string,
    body: ChangeApprovalRequest,
    ctx: ActionContext,
  ) {
    await this.authorizeWrite('change', 'change.approve', id, ctx);
    return this.redactChange(await this.changes.vote(id, body, ctx), ctx);
  }
  async recordDeployment(body: DeploymentEvent, ctx: ActionContext) {
    await this.guard.authorize('deployments', ctx, body);
    return this.deployments.record(body, ctx);
  }
  /** Alerts in (POST /events/alerts): the intake writes through the managers after this check. */
  async authorizeAlertIntake(ctx: ActionContext) {
    await this.guard.authorize('alerts', ctx);
  }
  /** Only the changes the caller may read (freeze windows are configuration, shown to all). */
  async changeCalendar(
    params: { from: string; to: string; entityRef?: string },
    ctx: ActionContext,
  ) {
    const condition = await this.readFilter(ctx);
    const calendar = await this.changes.calendar({ ...params, condition });
    return {
      ...calendar,
      items: await this.redactConflictsWith(calendar.items, condition),
    };
  }

  // ---------------------------------------------------------------- reading
  async history(
    type: ItsmRecordType,
    id: string,
    ctx: ActionContext,
  ): Promise<HistoryEntry[]> {
    if (type === 'sla') await this.guard.authorize('sla.read', ctx);
    else await this.requireReadable(type, id, ctx);
    const exists = await RECORDS[type].get(this.store, id);
    if (!exists) throw new NotFoundError(`No ${type} with id ${id}`);
    return this.store.getHistory(type, id);
  }

  /** Counts only the incidents, changes and problems the caller may read. */
  async kpis(scope: KpiScope, ctx: ActionContext) {
    return this.slaEvaluator.kpis(scope, ctx.now, await this.readFilter(ctx));
  }

  /**
   * Everything the entity's ITSM tab shows first, in one round trip. Every part holds only the
   * records the caller may read (the read decision filters each query, the KPIs included); the
   * SLA tiers only with `itsm.sla.read`.
   */
  async entitySummary(
    entityRef: string,
    ctx: ActionContext,
  ): Promise<EntitySummary> {
    const entity = await this.catalog.getEntity(entityRef, ctx.credentials);
    if (!entity)
      throw new NotFoundError(`No entity '${entityRef}' in the catalog`);
    const condition = await this.readFilter(ctx);
    let services = await this.store.getServicesByEntity(entityRef);
    if (condition) {
      const readable = await this.store.listServices({
        ids: services.map(s => s.id),
        condition,
        limit: 500,
      });
      const ids = new Set(readable.items.map(s => s.id));
      services = services.filter(s => ids.has(s.id));
    }
    const slas = (await this.mayReadSlas(ctx))
      ? await this.store.getSlas([
          ...new Set(services.map(s => s.slaId).filter(Boolean) as string[]),
        ])
      : [];
    const open = await this.store.findIncidents({
      entityRef,
      states: OPEN_INCIDENT_STATES,
      condition,
    });
    const openIncidentsByPriority: Record<Priority, number> = {
      P1: 0,
      P2: 0,
      P3: 0,
      P4: 0,
    };
    for (const incident of open) openIncidentsByPriority[incident.priority]++;
    const recent = await this.store.listIncidents({
      entityRef,
      limit: 10,
      sort: 'openedAt',
      order: 'desc',
      condition,
    });
    // One clock computation for both lists (the newest open incidents are in both).
    const clocks = await this.slaEvaluator.incidentSlas(
      [...new Map([...open, ...recent.items].map(i => [i.id, i])).values()],
      ctx.now,
    );

    const active = await this.changes.find({
      entityRef,
      states: [
        'new',
        'assess',
        'authorize',
        'scheduled',
        'implement',
        'review',
      ],
      condition,
    });
    const ongoingChanges = active.filter(
      c =>
        c.state === 'implement' ||
        (c.plannedStart !== null &&
          c.plannedEnd !== null &&
          c.plannedStart <= ctx.now &&
          ctx.now < c.plannedEnd &&
          c.state !== 'new'),
    );
    const nextChanges = active
      .filter(
        c =>
          !ongoingChanges.includes(c) &&
          (c.plannedStart === null || c.plannedStart > ctx.now),
      )
      .slice(0, 10);
    const recentChanges = await this.changes.list({
      entityRef,
      limit: 10,
      sort: 'plannedStart',
      order: 'desc',
      condition,
    });
    const openProblems = await this.store.listProblems({
      entityRef,
      states: OPEN_PROBLEM_STATES,
      limit: 50,
      condition,
    });

    return {
      entityRef,
      services,
      slas,
      health: healthFromIncidents(open),
      openIncidentsByPriority,
      recentIncidents: recent.items.map(i => ({
        ...publicIncident(i),
        sla: clocks.get(i.id) ?? null,
      })),
      openIncidents: open.map(i => ({
        ...publicIncident(i),
        sla: clocks.get(i.id) ?? null,
      })),
      ongoingChanges: await this.redactConflictsWith(ongoingChanges, condition),
      nextChanges: await this.redactConflictsWith(nextChanges, condition),
      recentChanges: await this.redactConflictsWith(
        recentChanges.items,
        condition,
      ),
      openProblems: openProblems.items,
      kpis: services.length
        ? await this.slaEvaluator.kpis({ entityRef }, ctx.now, condition)
        : null,
    };
  }

  /** `itsm.sla.read` as a yes/no (the summary leaves the tiers out instead of failing). */
  private async mayReadSlas(ctx: ActionContext): Promise<boolean> {
    try {
      await this.guard.authorize('sla.read', ctx);
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'NotAllowedError') return false;
      throw error;
    }
  }
}

/** The application layer with its managers, as the plugin wires it. */
export function createItsmApplication(
  options: ItsmApplicationOptions,
): ItsmApplication {
  return new ItsmApplication(
    options.store,
    options.catalog,
    options.events,
    options.changes,
    options.guard,
  );
}
