import { NotFoundError } from '@backstage/errors';
import {
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
import { ChangeConfig } from '../domain/changes';
import { ServiceAuthority } from '../domain/services/ownership';
import { DatabaseItsmStore } from '../store/DatabaseItsmStore';
import { publicIncident } from '../store/rows';
import { CatalogGateway } from './CatalogGateway';
import { ChangeManager, DeploymentEvent } from './ChangeManager';
import { ActionContext } from './context';
import { ItsmEvents } from './events';
import { RecordCondition } from './permissionFilters';
import { IncidentManager } from './IncidentManager';
import { ProblemManager } from './ProblemManager';
import { ServiceRegistry } from './ServiceRegistry';
import { KpiScope, SlaEvaluator } from './SlaEvaluator';
import { SlaManager } from './SlaManager';

/** What the caller may list: everything, nothing, or the records matching a condition. */
export type ReadDecision =
  | { result: 'allow' }
  | { result: 'deny' }
  | { result: 'conditional'; condition: RecordCondition };

/** Hooks around every mutation (permissions and auditing plug in here). */
export interface MutationGuard {
  /** Throws NotAllowedError when the actor may not do this. */
  authorize(action: string, ctx: ActionContext, resource?: unknown): Promise<void>;
  /** Whether the actor may do this (e.g. `service.admin`); everything when absent. */
  allows?(action: string, ctx: ActionContext, resource?: unknown): Promise<boolean>;
  /** The read decision applied to list queries; everything when absent. */
  readCondition?(ctx: ActionContext): Promise<ReadDecision>;
}

const allowAll: MutationGuard = { authorize: async () => {} };

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
  readonly sla: SlaEvaluator;

  constructor(
    readonly store: DatabaseItsmStore,
    readonly catalog: CatalogGateway,
    readonly events: ItsmEvents,
    changeConfig: ChangeConfig,
    private readonly guard: MutationGuard = allowAll,
  ) {
    this.slas = new SlaManager(store);
    this.services = new ServiceRegistry(store, catalog);
    this.incidents = new IncidentManager(store, catalog, events);
    this.problems = new ProblemManager(store, catalog, events);
    this.changes = new ChangeManager(store, catalog, events, changeConfig);
    this.sla = new SlaEvaluator(store);
  }

  /** The read decision of the caller for the list endpoints (conditional → a query filter). */
  async readDecision(ctx: ActionContext): Promise<ReadDecision> {
    return this.guard.readCondition ? this.guard.readCondition(ctx) : { result: 'allow' };
  }

  // ---------------------------------------------------------------- SLAs
  async createSla(body: CreateSlaRequest, ctx: ActionContext) {
    await this.guard.authorize('sla.admin', ctx);
    return this.slas.create(body, ctx);
  }
  async updateSla(id: string, body: UpdateSlaRequest, ctx: ActionContext) {
    await this.guard.authorize('sla.admin', ctx);
    return this.slas.update(id, body, ctx);
  }

  // ---------------------------------------------------------------- services
  /**
   * The caller's authority over services: the entities they own through the catalog and their
   * sign-in, and whether the permission framework grants them `itsm.service.admin`.
   */
  async serviceAuthority(ctx: ActionContext): Promise<ServiceAuthority> {
    const [claims, isAdmin] = await Promise.all([
      this.catalog.ownershipClaims(ctx.credentials),
      this.guard.allows ? this.guard.allows('service.admin', ctx) : Promise.resolve(true),
    ]);
    return { kind: 'caller', claims, isAdmin };
  }
  async createService(body: CreateServiceRequest, ctx: ActionContext) {
    await this.guard.authorize('service.create', ctx, body);
    return this.services.create(body, ctx, await this.serviceAuthority(ctx));
  }
  async updateService(id: string, body: UpdateServiceRequest, ctx: ActionContext) {
    await this.guard.authorize('service.update', ctx, await this.services.get(id));
    return this.services.update(id, body, ctx, await this.serviceAuthority(ctx));
  }
  async availability(id: string, month: string | undefined, ctx: ActionContext) {
    return this.sla.availability(await this.services.get(id), month, ctx.now);
  }

  // ---------------------------------------------------------------- incidents
  async createIncident(body: CreateIncidentRequest, ctx: ActionContext) {
    await this.guard.authorize('incident.create', ctx, body);
    return this.incidents.create(body, ctx);
  }
  async getIncident(id: string, ctx: ActionContext): Promise<Incident> {
    const incident = await this.incidents.getStored(id);
    return { ...publicIncident(incident), sla: await this.sla.incidentSla(incident, ctx.now) };
  }
  async updateIncident(id: string, body: UpdateIncidentRequest, ctx: ActionContext) {
    await this.guard.authorize('incident.update', ctx, await this.incidents.getStored(id));
    return this.incidents.update(id, body, ctx);
  }
  async transitionIncident(id: string, body: IncidentTransitionRequest, ctx: ActionContext) {
    await this.guard.authorize('incident.update', ctx, await this.incidents.getStored(id));
    return this.incidents.transition(id, body, ctx);
  }

  // ---------------------------------------------------------------- problems
  async createProblem(body: CreateProblemRequest, ctx: ActionContext) {
    await this.guard.authorize('problem.create', ctx, body);
    return this.problems.create(body, ctx);
  }
  async updateProblem(id: string, body: UpdateProblemRequest, ctx: ActionContext) {
    await this.guard.authorize('problem.update', ctx, await this.problems.get(id));
    return this.problems.update(id, body, ctx);
  }
  async transitionProblem(id: string, body: ProblemTransitionRequest, ctx: ActionContext) {
    await this.guard.authorize('problem.update', ctx, await this.problems.get(id));
    return this.problems.transition(id, body, ctx);
  }

  // ---------------------------------------------------------------- changes
  async createChange(body: CreateChangeRequest, ctx: ActionContext) {
    await this.guard.authorize('change.create', ctx, body);
    return this.changes.create(body, ctx);
  }
  async getChange(id: string, ctx: ActionContext) {
    return this.changes.get(id, ctx);
  }
  async updateChange(id: string, body: UpdateChangeRequest, ctx: ActionContext) {
    await this.guard.authorize('change.update', ctx, await this.changes.get(id));
    return this.changes.update(id, body, ctx);
  }
  async transitionChange(id: string, body: ChangeTransitionRequest, ctx: ActionContext) {
    await this.guard.authorize('change.update', ctx, await this.changes.get(id));
    return this.changes.transition(id, body, ctx);
  }
  async voteOnChange(id: string, body: ChangeApprovalRequest, ctx: ActionContext) {
    await this.guard.authorize('change.approve', ctx, await this.changes.get(id));
    return this.changes.vote(id, body, ctx);
  }
  async recordDeployment(body: DeploymentEvent, ctx: ActionContext) {
    await this.guard.authorize('deployments', ctx, body);
    return this.changes.recordDeployment(body, ctx);
  }
  /** Alerts in (POST /events/alerts): the intake writes through the managers after this check. */
  async authorizeAlertIntake(ctx: ActionContext) {
    await this.guard.authorize('alerts', ctx);
  }
  async changeCalendar(params: { from: string; to: string; entityRef?: string }, _ctx: ActionContext) {
    return this.changes.calendar(params);
  }

  // ---------------------------------------------------------------- reading
  async history(type: ItsmRecordType, id: string): Promise<HistoryEntry[]> {
    let exists: unknown;
    switch (type) {
      case 'service':
        exists = await this.store.getService(id);
        break;
      case 'incident':
        exists = await this.store.getIncident(id);
        break;
      case 'problem':
        exists = await this.store.getProblem(id);
        break;
      case 'change':
        exists = await this.store.getChange(id);
        break;
      default:
        exists = await this.store.getSla(id);
    }
    if (!exists) throw new NotFoundError(`No ${type} with id ${id}`);
    return this.store.getHistory(type, id);
  }

  async kpis(scope: KpiScope, ctx: ActionContext) {
    return this.sla.kpis(scope, ctx.now);
  }

  /** Everything the entity's ITSM tab shows first, in one round trip. */
  async entitySummary(entityRef: string, ctx: ActionContext): Promise<EntitySummary> {
    const entity = await this.catalog.getEntity(entityRef, ctx.credentials);
    if (!entity) throw new NotFoundError(`No entity '${entityRef}' in the catalog`);
    const services = await this.store.getServicesByEntity(entityRef);
    const slas = await this.store.getSlas([
      ...new Set(services.map(s => s.slaId).filter(Boolean) as string[]),
    ]);
    const open = await this.store.findIncidents({ entityRef, states: OPEN_INCIDENT_STATES });
    const openIncidentsByPriority: Record<Priority, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
    for (const incident of open) openIncidentsByPriority[incident.priority]++;
    const recent = await this.store.listIncidents({ entityRef, limit: 10, sort: 'openedAt', order: 'desc' });
    // One clock computation for both lists (the newest open incidents are in both).
    const clocks = await this.sla.incidentSlas(
      [...new Map([...open, ...recent.items].map(i => [i.id, i])).values()],
      ctx.now,
    );

    const active = await this.changes.find({
      entityRef,
      states: ['new', 'assess', 'authorize', 'scheduled', 'implement', 'review'],
    });
    const ongoingChanges = active.filter(
      c =>
        c.state === 'implement' ||
        (c.plannedStart !== null && c.plannedEnd !== null && c.plannedStart <= ctx.now && ctx.now < c.plannedEnd && c.state !== 'new'),
    );
    const nextChanges = active
      .filter(c => !ongoingChanges.includes(c) && (c.plannedStart === null || c.plannedStart > ctx.now))
      .slice(0, 10);
    const recentChanges = await this.changes.list({ entityRef, limit: 10, sort: 'plannedStart', order: 'desc' });
    const openProblems = await this.store.listProblems({ entityRef, states: OPEN_PROBLEM_STATES, limit: 50 });

    return {
      entityRef,
      services,
      slas,
      health: healthFromIncidents(open),
      openIncidentsByPriority,
      recentIncidents: recent.items.map(i => ({ ...publicIncident(i), sla: clocks.get(i.id) ?? null })),
      openIncidents: open.map(i => ({ ...publicIncident(i), sla: clocks.get(i.id) ?? null })),
      ongoingChanges,
      nextChanges,
      recentChanges: recentChanges.items,
      openProblems: openProblems.items,
      kpis: services.length ? await this.sla.kpis({ entityRef }, ctx.now) : null,
    };
  }
}
