import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CreateProblemRequest,
  Page,
  Problem,
  ProblemTransitionRequest,
  UpdateProblemRequest,
} from '@backstage-itsm/plugin-itsm-common';
import {
  allowedProblemTransitions,
  isProblemTransitionAllowed,
} from '../domain/problems/stateMachine';
import { ItsmStore, ProblemFilter } from '../store/ItsmStore';
import { ActionContext } from './context';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ItsmEvents } from './events';
import {
  applyUpdate,
  newRecordMeta,
  PROBLEM_RECORDS,
  requireRecord,
} from './recordWrites';
import { defined, normalizeEntityRef, requireVersion } from './validation';

/** Problems: root causes of recurring incidents, known errors and the fixing change. */
export class ProblemManager {
  constructor(
    private readonly store: ItsmStore,
    private readonly catalog: CatalogGateway,
    private readonly events: ItsmEvents,
  ) {}

  private async checkLinks(
    tx: ItsmStore,
    body: {
      serviceId?: string | null;
      incidentIds?: string[];
      fixChangeId?: string | null;
    },
  ) {
    if (body.serviceId && !(await tx.getService(body.serviceId))) {
      throw new NotFoundError(
        `serviceId: no service with id ${body.serviceId}`,
      );
    }
    if (body.fixChangeId && !(await tx.getChange(body.fixChangeId))) {
      throw new NotFoundError(
        `fixChangeId: no change with id ${body.fixChangeId}`,
      );
    }
    if (body.incidentIds?.length) {
      const found = await tx.getIncidents(body.incidentIds);
      const missing = body.incidentIds.filter(
        id => !found.some(i => i.id === id),
      );
      if (missing.length) {
        throw new NotFoundError(
          `incidentIds: no incident with id ${missing.join(', ')}`,
        );
      }
      return found;
    }
    return [];
  }

  async create(
    body: CreateProblemRequest,
    ctx: ActionContext,
  ): Promise<Problem> {
    const entityRefs = await this.catalog.requireServiceEntities(
      body.entityRefs ?? [],
      ctx.credentials,
    );
    const problem = await this.store.transaction(async tx => {
      const incidents = await this.checkLinks(tx, body);
      // Entities of linked incidents belong to the problem too.
      const refs = [
        ...new Set([...entityRefs, ...incidents.map(i => i.entityRef)]),
      ];
      const record: Problem = {
        ...newRecordMeta(ctx),
        number: '',
        title: body.title,
        description: body.description ?? null,
        entityRefs: refs,
        serviceId:
          body.serviceId ?? incidents.find(i => i.serviceId)?.serviceId ?? null,
        state: 'new',
        rootCause: body.rootCause ?? null,
        knownError: body.knownError
          ? {
              symptom: body.knownError.symptom ?? null,
              workaround: body.knownError.workaround ?? null,
              solution: body.knownError.solution ?? null,
            }
          : null,
        assigneeRef: body.assigneeRef
          ? normalizeEntityRef(body.assigneeRef, 'assigneeRef', 'user')
          : null,
        incidentIds: [],
        fixChangeId: body.fixChangeId ?? null,
      };
      const seq = await tx.nextSeq('problem');
      await tx.insertProblem(record, seq);
      if (body.incidentIds?.length) {
        await tx.setProblemIncidents(record.id, body.incidentIds, {
          actor: ctx.actor,
          at: ctx.now,
        });
      }
      await tx.appendHistory([
        {
          recordType: 'problem',
          recordId: record.id,
          at: ctx.now,
          actor: ctx.actor,
          action: 'created',
          changes: {},
        },
        ...(body.incidentIds ?? []).map(incidentId => ({
          recordType: 'incident' as const,
          recordId: incidentId,
          at: ctx.now,
          actor: ctx.actor,
          action: 'linked',
          // An incident may move over from another problem.
          changes: {
            problemId: {
              from: incidents.find(i => i.id === incidentId)?.problemId ?? null,
              to: record.id,
            },
          },
        })),
      ]);
      return (await tx.getProblem(record.id))!;
    });
    await this.events.emit({ type: 'problem.changed', problem });
    return problem;
  }

  async update(
    id: string,
    body: UpdateProblemRequest,
    ctx: ActionContext,
  ): Promise<Problem> {
    const { version, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<Problem>;
    if (patch.entityRefs)
      patch.entityRefs = await this.catalog.requireServiceEntities(
        patch.entityRefs,
        ctx.credentials,
      );
    if (patch.assigneeRef)
      patch.assigneeRef = normalizeEntityRef(
        patch.assigneeRef,
        'assigneeRef',
        'user',
      );
    if (patch.knownError) {
      patch.knownError = {
        symptom: patch.knownError.symptom ?? null,
        workaround: patch.knownError.workaround ?? null,
        solution: patch.knownError.solution ?? null,
      };
    }
    const problem = await this.store.transaction(async tx => {
      const current = await requireRecord(tx, PROBLEM_RECORDS, id);
      if (current.state === 'closed') {
        throw new ConflictError(
          `state: problem ${current.number} is closed and can no longer be changed`,
        );
      }
      const linked = await this.checkLinks(tx, patch);
      const { incidentIds } = patch;
      if (incidentIds) {
        await tx.setProblemIncidents(id, incidentIds, {
          actor: ctx.actor,
          at: ctx.now,
        });
        // As on create: each incident whose problemId changed records it in its own history.
        const entry = (
          incidentId: string,
          action: string,
          from: string | null,
          to: string | null,
        ) => ({
          recordType: 'incident' as const,
          recordId: incidentId,
          at: ctx.now,
          actor: ctx.actor,
          action,
          changes: { problemId: { from, to } },
        });
        await tx.appendHistory([
          ...linked
            .filter(i => i.problemId !== id)
            .map(i => entry(i.id, 'linked', i.problemId, id)),
          ...current.incidentIds
            .filter(incidentId => !incidentIds.includes(incidentId))
            .map(incidentId => entry(incidentId, 'unlinked', id, null)),
        ]);
      }
      // The links are written first: the reload reads the problem's incidents from them.
      return applyUpdate(
        tx,
        PROBLEM_RECORDS,
        current,
        { version, patch, action: 'updated' },
        ctx,
      );
    });
    await this.events.emit({ type: 'problem.changed', problem });
    return problem;
  }

  async transition(
    id: string,
    body: ProblemTransitionRequest,
    ctx: ActionContext,
  ): Promise<Problem> {
    const version = requireVersion(body.version);
    const problem = await this.store.transaction(async tx => {
      const current = await requireRecord(tx, PROBLEM_RECORDS, id);
      if (!isProblemTransitionAllowed(current.state, body.to)) {
        const allowed = allowedProblemTransitions(current.state);
        throw new ConflictError(
          `to: cannot move problem ${current.number} from ${current.state} to ${
            body.to
          }; allowed: ${
            allowed.length ? allowed.join(', ') : 'none (final state)'
          }`,
        );
      }
      return applyUpdate(
        tx,
        PROBLEM_RECORDS,
        current,
        {
          version,
          patch: { state: body.to },
          action: 'transition',
          changes: { state: { from: current.state, to: body.to } },
          comment: body.comment,
          alwaysRecord: true,
        },
        ctx,
      );
    });
    await this.events.emit({ type: 'problem.changed', problem });
    return problem;
  }

  get(id: string): Promise<Problem> {
    return requireRecord(this.store, PROBLEM_RECORDS, id);
  }

  list(filter: ProblemFilter): Promise<Page<Problem>> {
    return this.store.listProblems(filter);
  }
}
