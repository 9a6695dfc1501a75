import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CreateIncidentRequest,
  Incident,
  IncidentState,
  IncidentTransitionRequest,
  Page,
  Priority,
  priorityFor,
  SUPPORT_LEVELS,
  UpdateIncidentRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { chooseIncidentService } from '../domain/incidents/serviceOf';
import {
  allowedIncidentTransitions,
  isIncidentTransitionAllowed,
} from '../domain/incidents/stateMachine';
import { ItsmStore, IncidentFilter, TimelineEntry } from '../store/ItsmStore';
import { noSlaMarks, publicIncident, StoredIncident } from '../store/rows';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ActionContext } from './context';
import { ItsmEvents } from './events';
import {
  applyUpdate,
  INCIDENT_RECORDS,
  newRecordMeta,
  requireRecord,
} from './recordWrites';
import {
  defined,
  normalizeEntityRef,
  normalizeInstant,
  requireVersion,
} from './validation';

/** Internal options: the demo seeder and alert intake may backdate like an import does. */
export interface IncidentWriteOptions {
  allowBackdating?: boolean;
  externalKey?: string;
}

/** Incidents: creation, updates, the state machine, escalations and their timeline. */
export class IncidentManager {
  constructor(
    private readonly store: ItsmStore,
    private readonly catalog: CatalogGateway,
    private readonly events: ItsmEvents,
  ) {}

  private checkNotFuture(at: string, field: string, ctx: ActionContext) {
    if (at > ctx.now) throw new InputError(`${field}: ${at} is in the future`);
  }

  async create(
    body: CreateIncidentRequest,
    ctx: ActionContext,
    options: IncidentWriteOptions = {},
  ): Promise<Incident> {
    const source = body.source ?? 'portal';
    const backdating = source === 'import' || options.allowBackdating;
    if (body.openedAt && !backdating) {
      throw new InputError(
        'openedAt: may only be given for incidents with source "import"',
      );
    }
    const openedAt = body.openedAt
      ? normalizeInstant(body.openedAt, 'openedAt')
      : ctx.now;
    this.checkNotFuture(openedAt, 'openedAt', ctx);

    let serviceId = body.serviceId ?? null;
    let entityRef = body.entityRef
      ? normalizeEntityRef(body.entityRef, 'entityRef')
      : undefined;
    if (serviceId) {
      const service = await this.store.getService(serviceId);
      if (!service)
        throw new NotFoundError(`serviceId: no service with id ${serviceId}`);
      if (entityRef && !service.entityRefs.includes(entityRef)) {
        throw new InputError(
          `entityRef: ${entityRef} is not one of the entities of service ${service.name}`,
        );
      }
      entityRef = entityRef ?? service.entityRef;
    } else if (entityRef) {
      await this.catalog.requireEntity(entityRef, 'entityRef', ctx.credentials);
      serviceId =
        (await this.serviceOf(entityRef, { field: 'serviceId' }))?.id ?? null;
    } else {
      throw new InputError(
        'entityRef: required (or serviceId), the affected catalog entity',
      );
    }
    await this.checkLinks(body.problemId, body.causedByChangeId);

    const priority = priorityFor(body.impact, body.urgency);
    const outage = body.outage
      ? {
          start: normalizeInstant(body.outage.start, 'outage.start'),
          end: body.outage.end
            ? normalizeInstant(body.outage.end, 'outage.end')
            : null,
        }
      : null;
    if (outage?.end && outage.end < outage.start) {
      throw new InputError('outage.end: must not be before outage.start');
    }
    const incident: StoredIncident = {
      ...newRecordMeta(ctx),
      number: '',
      title: body.title,
      description: body.description ?? null,
      entityRef: entityRef!,
      serviceId,
      impact: body.impact,
      urgency: body.urgency,
      priority,
      state: 'new',
      onHoldReason: null,
      assigneeRef: body.assigneeRef
        ? normalizeEntityRef(body.assigneeRef, 'assigneeRef', 'user')
        : null,
      supportLevel: body.supportLevel ?? 'L1',
      source,
      openedAt,
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      outage,
      resolutionNotes: null,
      workaround: body.workaround ?? null,
      problemId: body.problemId ?? null,
      causedByChangeId: body.causedByChangeId ?? null,
      externalKey: options.externalKey ?? null,
      escalated: false,
      slaMarks: noSlaMarks(),
    };
    const created = await this.store.transaction(async tx => {
      const seq = await tx.nextSeq('incident');
      await tx.insertIncident(incident, seq);
      await tx.appendTimeline([
        {
          incidentId: incident.id,
          at: openedAt,
          kind: 'state',
          from: null,
          to: 'new',
        },
        {
          incidentId: incident.id,
          at: openedAt,
          kind: 'priority',
          from: null,
          to: priority,
        },
      ]);
      await tx.appendHistory([
        {
          recordType: 'incident',
          recordId: incident.id,
          at: openedAt,
          actor: ctx.actor,
          action: 'created',
          changes: {
            state: { from: null, to: 'new' },
            priority: { from: null, to: priority },
          },
        },
      ]);
      return (await tx.getIncident(incident.id))!;
    });
    await this.events.emit({
      type: 'incident.created',
      incident: publicIncident(created),
    });
    return publicIncident(created);
  }

  /**
   * The service an incident on the entity belongs to: the one `named` (id or name), else the
   * entity's single active service, else none; ambiguity is a 400 naming `field`.
   */
  async serviceOf(
    entityRef: string,
    options: { named?: string; field: string },
  ) {
    return chooseIncidentService(
      entityRef,
      await this.store.getServicesByEntity(entityRef),
      options,
    );
  }

  private async checkLinks(
    problemId?: string | null,
    changeId?: string | null,
  ) {
    if (problemId && !(await this.store.getProblem(problemId))) {
      throw new NotFoundError(`problemId: no problem with id ${problemId}`);
    }
    if (changeId && !(await this.store.getChange(changeId))) {
      throw new NotFoundError(
        `causedByChangeId: no change with id ${changeId}`,
      );
    }
  }

  async update(
    id: string,
    body: UpdateIncidentRequest,
    ctx: ActionContext,
  ): Promise<Incident> {
    const { version: givenVersion, comment, outage, ...rest } = body;
    const version = requireVersion(givenVersion);
    const patch: Partial<StoredIncident> = defined(rest);
    if (patch.assigneeRef)
      patch.assigneeRef = normalizeEntityRef(
        patch.assigneeRef,
        'assigneeRef',
        'user',
      );
    if (outage === null) patch.outage = null;
    if (outage) {
      patch.outage = {
        start: normalizeInstant(outage.start, 'outage.start'),
        end: outage.end ? normalizeInstant(outage.end, 'outage.end') : null,
      };
      if (patch.outage.end && patch.outage.end < patch.outage.start) {
        throw new InputError('outage.end: must not be before outage.start');
      }
    }
    await this.checkLinks(patch.problemId, patch.causedByChangeId);

    let previousPriority: Priority | undefined;
    const updated = await this.store.transaction(async tx => {
      const current = await requireRecord(tx, INCIDENT_RECORDS, id);
      previousPriority = current.priority;
      if (current.state === 'closed' || current.state === 'canceled') {
        throw new ConflictError(
          `state: incident ${current.number} is ${current.state} and can no longer be changed`,
        );
      }
      const timeline: TimelineEntry[] = [];
      if (patch.impact !== undefined || patch.urgency !== undefined) {
        const priority = priorityFor(
          patch.impact ?? current.impact,
          patch.urgency ?? current.urgency,
        );
        patch.priority = priority;
        if (priority !== current.priority) {
          timeline.push({
            incidentId: id,
            at: ctx.now,
            kind: 'priority',
            from: current.priority,
            to: priority,
          });
        }
      }
      let action = 'updated';
      if (patch.supportLevel && patch.supportLevel !== current.supportLevel) {
        if (
          SUPPORT_LEVELS.indexOf(patch.supportLevel) >
          SUPPORT_LEVELS.indexOf(current.supportLevel)
        ) {
          patch.escalated = true;
          action = 'escalation';
        }
      }
      await tx.appendTimeline(timeline);
      // `escalated` is a store-only flag (not in the public record): the action says it.
      return applyUpdate(
        tx,
        INCIDENT_RECORDS,
        current,
        { version, patch, action, comment, unrecorded: ['escalated'] },
        ctx,
      );
    });
    await this.events.emit({
      type: 'incident.updated',
      incident: publicIncident(updated),
      previousPriority: previousPriority ?? updated.priority,
    });
    return publicIncident(updated);
  }

  async transition(
    id: string,
    body: IncidentTransitionRequest,
    ctx: ActionContext,
    options: IncidentWriteOptions = {},
  ): Promise<Incident> {
    const to = body.to;
    const updated = await this.store.transaction(async tx => {
      // Locked: an internal caller without a version (alert intake) takes the version it reads.
      const current = await requireRecord(tx, INCIDENT_RECORDS, id, {
        lock: true,
      });
      const version = options.allowBackdating
        ? body.version ?? current.version
        : requireVersion(body.version);
      if (version !== current.version) {
        throw new ConflictError(
          `version: the incident was changed by someone else (current version ${current.version}, yours ${version}); reload and try again`,
        );
      }
      if (!isIncidentTransitionAllowed(current.state, to)) {
        const allowed = allowedIncidentTransitions(current.state);
        throw new ConflictError(
          `to: cannot move incident ${current.number} from ${
            current.state
          } to ${to}; allowed: ${
            allowed.length ? allowed.join(', ') : 'none (final state)'
          }`,
        );
      }
      let at = ctx.now;
      if (body.at) {
        if (current.source !== 'import' && !options.allowBackdating) {
          throw new InputError(
            'at: explicit timestamps are only allowed for incidents with source "import"',
          );
        }
        at = normalizeInstant(body.at, 'at');
        this.checkNotFuture(at, 'at', ctx);
      }
      const timeline = await tx.getTimelines([id]);
      const last = timeline.get(id)?.slice(-1)[0];
      if (last && at < last.at) {
        throw new InputError(
          `at: ${at} is before the incident's previous event (${last.at})`,
        );
      }
      if (to === 'on_hold' && !body.reason) {
        throw new InputError(
          'reason: required when putting an incident on hold (awaiting_caller, awaiting_change, awaiting_problem or awaiting_vendor)',
        );
      }

      const patch: Partial<StoredIncident> = { state: to };
      patch.onHoldReason = to === 'on_hold' ? body.reason! : null;
      if (to === 'in_progress' && !current.acknowledgedAt)
        patch.acknowledgedAt = at;
      if (to === 'resolved') {
        patch.resolvedAt = at;
        if (body.resolutionNotes) patch.resolutionNotes = body.resolutionNotes;
        // Resolving ends an ongoing outage at the same moment.
        if (current.outage && !current.outage.end)
          patch.outage = { start: current.outage.start, end: at };
      }
      if (to === 'in_progress' && current.state === 'resolved')
        patch.resolvedAt = null;
      if (to === 'closed') patch.closedAt = at;
      if (to === 'canceled') patch.closedAt = at;

      await tx.appendTimeline([
        { incidentId: id, at, kind: 'state', from: current.state, to },
      ]);
      return applyUpdate(
        tx,
        INCIDENT_RECORDS,
        current,
        {
          version,
          patch,
          action:
            current.state === 'resolved' && to === 'in_progress'
              ? 'reopened'
              : 'transition',
          at,
          comment: body.comment,
          alwaysRecord: true,
        },
        ctx,
      );
    });
    await this.events.emit({
      type: 'incident.transitioned',
      incident: publicIncident(updated),
      to: to as IncidentState,
    });
    return publicIncident(updated);
  }

  getStored(id: string): Promise<StoredIncident> {
    return requireRecord(this.store, INCIDENT_RECORDS, id);
  }

  async list(filter: IncidentFilter): Promise<Page<Incident>> {
    const page = await this.store.listIncidents(filter);
    return { ...page, items: page.items.map(publicIncident) };
  }
}
