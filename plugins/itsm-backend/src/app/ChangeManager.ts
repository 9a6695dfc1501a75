import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  Change,
  ChangeApproval,
  ChangeApprovalRequest,
  ChangeConflict,
  ChangeTransitionRequest,
  CreateChangeRequest,
  Criticality,
  Page,
  RiskAssessment,
  Service,
  UpdateChangeRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import {
  assessRisk,
  checkChangeTransition,
  checkVote,
  ChangeConfig,
  detectConflicts,
  evaluateApprovals,
  hasBlockingConflict,
  requiredApprovals,
  validateRiskAnswers,
} from '../domain/changes';
import { ChangeFilter, ItsmStore, RecordCondition } from '../store/ItsmStore';
import { publicChange, StoredChange } from '../store/rows';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ActionContext } from './context';
import { ItsmEvents } from './events';
import {
  applyUpdate,
  CHANGE_RECORDS,
  newRecordMeta,
  requireRecord,
} from './recordWrites';
import { defined, normalizeInstant, requireVersion } from './validation';

/** How far back failed changes on the same entities raise the risk of a new one. */
const RECENT_FAILURE_DAYS = 90;

/** Internal options: the demo seeder may write changes in the past. */
export interface ChangeWriteOptions {
  allowBackdating?: boolean;
}

/**
 * Changes: risk, the CAB vote, conflicts, the lifecycle and deployments recorded as standard
 * changes. The rules themselves are the pure modules in domain/changes.
 */
export class ChangeManager {
  constructor(
    private readonly store: ItsmStore,
    private readonly catalog: CatalogGateway,
    private readonly events: ItsmEvents,
    private readonly config: ChangeConfig,
  ) {}

  get cabGroupRef() {
    return this.config.cabGroupRef;
  }

  // ---------------------------------------------------------------- helpers

  private window(
    start: string | null | undefined,
    end: string | null | undefined,
  ) {
    const plannedStart = start
      ? normalizeInstant(start, 'plannedStart')
      : start ?? null;
    const plannedEnd = end ? normalizeInstant(end, 'plannedEnd') : end ?? null;
    if (plannedStart && plannedEnd && plannedEnd <= plannedStart) {
      throw new InputError('plannedEnd: must be after plannedStart');
    }
    if ((plannedStart && !plannedEnd) || (!plannedStart && plannedEnd)) {
      throw new InputError(
        `${
          plannedStart ? 'plannedEnd' : 'plannedStart'
        }: a planned window needs both plannedStart and plannedEnd`,
      );
    }
    return { plannedStart, plannedEnd };
  }

  /** The most critical service criticality among the change's entities. */
  private async criticalityOf(
    entityRefs: string[],
  ): Promise<Criticality | null> {
    const services = await this.store.getServicesByEntities(entityRefs);
    if (!services.length) return null;
    return Math.min(...services.map(s => s.criticality)) as Criticality;
  }

  private async recentFailures(
    entityRefs: string[],
    now: string,
    excludeId?: string,
  ) {
    const since = DateTime.fromISO(now)
      .minus({ days: RECENT_FAILURE_DAYS })
      .toUTC()
      .toISO()!;
    const changes = await this.store.findChanges({
      entityRefs,
      from: since,
      states: ['review', 'closed'],
    });
    return changes.filter(
      c =>
        c.id !== excludeId &&
        (c.outcome === 'failed' || c.outcome === 'rolled_back'),
    ).length;
  }

  private async assess(
    change: Pick<StoredChange, 'type' | 'entityRefs' | 'id'>,
    answers: CreateChangeRequest['riskAssessment'],
    now: string,
  ): Promise<RiskAssessment> {
    const given = answers ?? {};
    const problems = validateRiskAnswers(given);
    if (problems.length) throw new InputError(problems.join('; '));
    // Facts the plugin knows better than the requester are filled in from the data.
    const recentFailedChanges = Math.max(
      given.recentFailedChanges ?? 0,
      await this.recentFailures(change.entityRefs, now, change.id),
    );
    const affectedComponents = Math.max(
      given.affectedComponents ?? 0,
      change.entityRefs.length,
    );
    const assessment = assessRisk(
      { ...given, recentFailedChanges, affectedComponents },
      {
        type: change.type,
        criticality: await this.criticalityOf(change.entityRefs),
      },
      this.config.risk,
    );
    // Keep the requester's answers only: the derived facts show in the reasons, and a later
    // re-assessment (PATCH) must derive them afresh instead of reading them back as answers.
    return { ...assessment, answers: given };
  }

  async computeConflicts(
    change: Pick<
      StoredChange,
      'id' | 'type' | 'entityRefs' | 'plannedStart' | 'plannedEnd'
    >,
    ctx: ActionContext,
    store: ItsmStore = this.store,
  ): Promise<ChangeConflict[]> {
    if (!change.plannedStart || !change.plannedEnd) return [];
    const relations = await this.catalog.relationsOf(
      change.entityRefs,
      ctx.credentials,
    );
    const related = new Set<string>(change.entityRefs);
    for (const ref of change.entityRefs) {
      relations[ref]?.dependsOn.forEach(r => related.add(r));
      relations[ref]?.dependencyOf.forEach(r => related.add(r));
    }
    const others = (
      await store.findChanges({
        entityRefs: [...related],
        windowFrom: change.plannedStart,
        windowTo: change.plannedEnd,
      })
    ).filter(c => c.id !== change.id);
    // The other changes' entities may depend on ours only in their own relations.
    const otherRefs = [...new Set(others.flatMap(o => o.entityRefs))].filter(
      r => !relations[r],
    );
    Object.assign(
      relations,
      await this.catalog.relationsOf(otherRefs, ctx.credentials),
    );
    const services = await store.getServicesByEntities(change.entityRefs);
    const maintenanceWindows: Record<
      string,
      NonNullable<Service['maintenanceWindow']>
    > = {};
    for (const service of services) {
      if (!service.maintenanceWindow) continue;
      for (const ref of service.entityRefs) {
        if (change.entityRefs.includes(ref))
          maintenanceWindows[ref] = service.maintenanceWindow;
      }
    }
    return detectConflicts({
      change,
      otherChanges: others,
      relations,
      freezeWindows: this.config.freezeWindows,
      maintenanceWindows,
    });
  }

  private async ownerGroupsOf(
    change: StoredChange,
    ctx: ActionContext,
    store: ItsmStore = this.store,
  ): Promise<string[]> {
    const services = await store.getServicesByEntities(change.entityRefs);
    const owners = new Set(services.map(s => s.ownerRef));
    if (owners.size === 0) {
      for (const ref of change.entityRefs) {
        const entity = await this.catalog.getEntity(ref, ctx.credentials);
        const owner = entity && this.catalog.ownerOf(entity);
        if (owner) owners.add(owner);
      }
    }
    return [...owners];
  }

  private async cabSize(ctx: ActionContext) {
    return (
      await this.catalog.groupMembers(this.config.cabGroupRef, ctx.credentials)
    ).length;
  }

  /** The API records: approvals of the current round plus the derived read-only fields. */
  async decorate(changes: StoredChange[]): Promise<Change[]> {
    const ids = changes.map(c => c.id);
    const approvals = await this.store.listApprovals(ids);
    const caused = await this.store.incidentIdsByCause(ids);
    return changes.map(c => ({
      ...publicChange(c),
      approvals: (approvals.get(c.id) ?? [])
        .filter(a => a.round === c.approvalRound)
        .map(({ round: _r, ...a }) => a),
      causedIncidentIds: caused.get(c.id) ?? [],
    }));
  }

  // ---------------------------------------------------------------- commands

  async create(
    body: CreateChangeRequest,
    ctx: ActionContext,
    options: ChangeWriteOptions = {},
  ): Promise<Change> {
    const entityRefs = await this.catalog.requireServiceEntities(
      body.entityRefs,
      ctx.credentials,
    );
    const { plannedStart, plannedEnd } = this.window(
      body.plannedStart,
      body.plannedEnd,
    );
    if (plannedEnd && plannedEnd < ctx.now && !options.allowBackdating) {
      throw new InputError('plannedEnd: the planned window is already over');
    }
    const meta = newRecordMeta(ctx);
    const id = meta.id;
    const riskAssessment = await this.assess(
      { id, type: body.type, entityRefs },
      body.riskAssessment,
      ctx.now,
    );
    const change: StoredChange = {
      ...meta,
      number: '',
      title: body.title,
      description: body.description ?? null,
      type: body.type,
      entityRefs,
      risk: riskAssessment.level,
      riskAssessment,
      impact: body.impact ?? 2,
      plannedStart,
      plannedEnd,
      actualStart: null,
      actualEnd: null,
      plannedOutage: body.plannedOutage ?? false,
      implementationPlan: body.implementationPlan ?? null,
      rollbackPlan: body.rollbackPlan ?? null,
      testPlan: body.testPlan ?? null,
      state: 'new',
      outcome: null,
      reviewNotes: null,
      rejectionReason: null,
      requestedBy: ctx.actor,
      deployment: null,
      approvalRound: 1,
      closedAt: null,
    };
    change.conflicts = await this.computeConflicts(change, ctx);
    const created = await this.store.transaction(async tx => {
      await tx.insertChange(change, await tx.nextSeq('change'));
      await tx.appendHistory([
        {
          recordType: 'change',
          recordId: id,
          at: ctx.now,
          actor: ctx.actor,
          action: 'created',
          changes: {
            state: { from: null, to: 'new' },
            risk: { from: null, to: riskAssessment.level },
          },
        },
      ]);
      return (await tx.getChange(id))!;
    });
    const [result] = await this.decorate([created]);
    await this.events.emit({ type: 'change.created', change: result });
    return result;
  }

  async update(
    id: string,
    body: UpdateChangeRequest,
    ctx: ActionContext,
  ): Promise<Change> {
    const { version, riskAssessment: answers, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<StoredChange>;
    const current = await requireRecord(this.store, CHANGE_RECORDS, id);
    if (current.state === 'closed' || current.state === 'canceled') {
      throw new ConflictError(
        `state: change ${current.number} is ${current.state} and can no longer be changed`,
      );
    }
    if (patch.entityRefs)
      patch.entityRefs = await this.catalog.requireServiceEntities(
        patch.entityRefs,
        ctx.credentials,
      );
    const rescheduled =
      patch.plannedStart !== undefined ||
      patch.plannedEnd !== undefined ||
      patch.entityRefs !== undefined;
    if (rescheduled) {
      const w = this.window(
        patch.plannedStart !== undefined
          ? patch.plannedStart
          : current.plannedStart,
        patch.plannedEnd !== undefined ? patch.plannedEnd : current.plannedEnd,
      );
      patch.plannedStart = w.plannedStart;
      patch.plannedEnd = w.plannedEnd;
      // Moving a window into the past is as wrong as creating one there (only a window that is
      // moved is checked: editing the entities of a change whose window is over stays possible).
      const windowMoved =
        body.plannedStart !== undefined || body.plannedEnd !== undefined;
      if (windowMoved && w.plannedEnd && w.plannedEnd < ctx.now) {
        throw new InputError('plannedEnd: the planned window is already over');
      }
      if (
        ['scheduled', 'implement', 'review'].includes(current.state) &&
        current.type !== 'standard'
      ) {
        // An approved window is what the CAB approved: moving it needs a new review.
        throw new ConflictError(
          `plannedStart: change ${current.number} is ${current.state}; move it back to new to reschedule it`,
        );
      }
    }
    const merged = { ...current, ...patch };
    if (answers !== undefined || patch.entityRefs) {
      const assessment = await this.assess(
        merged,
        answers ?? current.riskAssessment?.answers,
        ctx.now,
      );
      patch.riskAssessment = assessment;
      patch.risk = assessment.level;
    }
    if (rescheduled) patch.conflicts = await this.computeConflicts(merged, ctx);
    const updated = await this.store.transaction(tx =>
      applyUpdate(
        tx,
        CHANGE_RECORDS,
        current,
        {
          version,
          patch,
          action: rescheduled ? 'rescheduled' : 'updated',
          unrecorded: ['conflicts'],
        },
        ctx,
      ),
    );
    const [result] = await this.decorate([updated]);
    await this.events.emit({ type: 'change.updated', change: result });
    return result;
  }

  async transition(
    id: string,
    body: ChangeTransitionRequest,
    ctx: ActionContext,
    options: { at?: string } = {},
  ): Promise<Change> {
    const version = requireVersion(body.version);
    const current = await requireRecord(this.store, CHANGE_RECORDS, id);
    if (current.version !== version) {
      throw new ConflictError(
        `version: the change was changed by someone else (current version ${current.version}, yours ${body.version}); reload and try again`,
      );
    }
    const at = options.at ?? ctx.now;
    const to = body.to;
    // Conflicts are computed again whenever the change is reviewed.
    const conflicts = ['assess', 'authorize', 'scheduled'].includes(to)
      ? await this.computeConflicts(current, ctx)
      : current.conflicts ?? [];
    const requirement = requiredApprovals(
      current.type,
      current.risk,
      this.config.approvalPolicy,
      current.state === 'authorize' ? await this.cabSize(ctx) : 0,
    );
    let approvalsSatisfied = requirement.kind === 'none';
    if (
      current.state === 'authorize' &&
      to === 'scheduled' &&
      !approvalsSatisfied
    ) {
      const votes = (await this.store.listApprovals([id])).get(id) ?? [];
      approvalsSatisfied =
        evaluateApprovals(
          requirement,
          votes.filter(v => v.round === current.approvalRound),
          await this.cabSize(ctx),
        ).status === 'approved';
    }
    const reviewNotes = body.reviewNotes ?? current.reviewNotes;
    const outcome = body.outcome ?? current.outcome;
    const check = checkChangeTransition(current, to, {
      outcome,
      reviewNotes,
      mandatoryReview: requirement.mandatoryReview,
      approvalsSatisfied,
      hasBlockingConflict: hasBlockingConflict(conflicts),
    });
    if (!check.ok) {
      throw new ConflictError(`to: ${check.message}`);
    }
    const patch: Partial<StoredChange> = { state: to, conflicts };
    if (to === 'implement') patch.actualStart = at;
    if (to === 'review') patch.actualEnd = at;
    if (to === 'closed' || to === 'canceled') patch.closedAt = at;
    if (to === 'closed') {
      patch.outcome = outcome;
      patch.reviewNotes = reviewNotes;
    }
    if (to === 'new' && current.state === 'authorize') {
      // Withdrawn for rework: a later submission starts a fresh vote.
      patch.approvalRound = current.approvalRound + 1;
    }
    if (body.outcome && to === 'review') patch.outcome = body.outcome;
    if (body.reviewNotes && to === 'review')
      patch.reviewNotes = body.reviewNotes;

    const updated = await this.store.transaction(tx =>
      applyUpdate(
        tx,
        CHANGE_RECORDS,
        current,
        {
          version,
          patch,
          action: 'transition',
          at,
          comment: body.comment,
          unrecorded: ['conflicts'],
          alwaysRecord: true,
        },
        ctx,
      ),
    );
    const [result] = await this.decorate([updated]);
    await this.events.emit({ type: 'change.updated', change: result });
    if (to === 'authorize') {
      await this.events.emit({ type: 'change.awaiting_cab', change: result });
    }
    return result;
  }

  /**
   * One vote. Votes are rows of their own and carry no version: a vote never fails because
   * another member voted. Deciding happens once, whichever replica receives the deciding vote:
   * the change row is locked (SQLite: one writer at a time), the vote inserted, the round's
   * votes re-read and evaluated, and the change moved with the version it has now. The catalog
   * and the conflicts are read before the lock: they are slow, and other votes do not change
   * them.
   */
  async vote(
    id: string,
    body: ChangeApprovalRequest,
    ctx: ActionContext,
  ): Promise<Change> {
    const seen = await requireRecord(this.store, CHANGE_RECORDS, id);
    if (!ctx.actor.startsWith('user:')) {
      throw new NotAllowedError(
        'Only people vote on changes; service principals cannot',
      );
    }
    const [cabMembers, voterGroups, seenOwners] = await Promise.all([
      this.catalog.groupMembers(this.config.cabGroupRef, ctx.credentials),
      this.catalog.groupsOf(ctx.actor, ctx.credentials),
      this.ownerGroupsOf(seen, ctx),
    ]);
    const cabSize = cabMembers.length;
    // Group membership comes from the user's memberOf relations; the CAB group's own member
    // list covers catalogs that only model hasMember.
    const groups = cabMembers.includes(ctx.actor)
      ? [...new Set([...voterGroups, this.config.cabGroupRef])]
      : voterGroups;
    const seenConflicts =
      body.decision === 'approve' && seen.state === 'authorize'
        ? await this.computeConflicts(seen, ctx)
        : undefined;
    const sameScope = (c: StoredChange) =>
      c.entityRefs.join('\n') === seen.entityRefs.join('\n') &&
      c.plannedStart === seen.plannedStart &&
      c.plannedEnd === seen.plannedEnd;

    const outcome = await this.store.transaction(async tx => {
      const change = await requireRecord(tx, CHANGE_RECORDS, id, {
        lock: true,
      });
      // Only an edit of the change (not a vote) moves its entities or window; then read afresh.
      const ownerGroupRefs = sameScope(change)
        ? seenOwners
        : await this.ownerGroupsOf(change, ctx, tx);
      const requirement = requiredApprovals(
        change.type,
        change.risk,
        this.config.approvalPolicy,
        cabSize,
      );
      let round = change.approvalRound;
      let votes = await tx.listRoundApprovals(id, round);
      // A vote cast at the same time as the deciding one finds its round decided.
      let decidedRound: 'approved' | 'rejected' | undefined;
      if (
        change.state === 'scheduled' &&
        evaluateApprovals(requirement, votes, cabSize).status === 'approved'
      ) {
        decidedRound = 'approved';
      } else if (change.state === 'new' && change.approvalRound > 1) {
        const previous = await tx.listRoundApprovals(
          id,
          change.approvalRound - 1,
        );
        if (
          evaluateApprovals(requirement, previous, cabSize).status ===
          'rejected'
        ) {
          decidedRound = 'rejected';
          round = change.approvalRound - 1;
          votes = previous;
        }
      }
      const check = checkVote({
        voterRef: ctx.actor,
        voterGroups: groups,
        requesterRef: change.requestedBy,
        cabGroupRef: this.config.cabGroupRef,
        ownerGroupRefs,
        existingVotes: votes,
        changeState: change.state,
        decision: body.decision,
        comment: body.comment ?? null,
        requirement,
        decidedRound,
      });
      if (!check.ok) {
        switch (check.reason) {
          case 'self_approval':
          case 'not_eligible':
            throw new NotAllowedError(check.message);
          case 'comment_required':
            throw new InputError(`comment: ${check.message}`);
          default:
            throw new ConflictError(check.message);
        }
      }
      const vote: ChangeApproval = {
        voterRef: ctx.actor,
        decision: body.decision,
        comment: body.comment ?? null,
        at: ctx.now,
        roles: check.roles,
      };
      await tx.insertApproval(id, round, vote);

      const patch: Partial<StoredChange> = {};
      let evaluation: ReturnType<typeof evaluateApprovals> | undefined;
      if (!check.late) {
        evaluation = evaluateApprovals(
          requirement,
          await tx.listRoundApprovals(id, round),
          cabSize,
        );
        if (evaluation.status === 'rejected') {
          patch.state = 'new';
          patch.rejectionReason = evaluation.rejectionReasons.join('\n');
          patch.approvalRound = change.approvalRound + 1;
        } else if (evaluation.status === 'approved') {
          const conflicts =
            seenConflicts && sameScope(change)
              ? seenConflicts
              : await this.computeConflicts(change, ctx, tx);
          if (!hasBlockingConflict(conflicts)) {
            patch.state = 'scheduled';
            patch.rejectionReason = null;
          }
          patch.conflicts = conflicts;
        }
      }
      const updated = await applyUpdate(
        tx,
        CHANGE_RECORDS,
        change,
        {
          version: change.version,
          patch,
          action: 'approval',
          extraChanges: { vote: { from: null, to: body.decision } },
          comment: body.comment,
          unrecorded: ['conflicts'],
          alwaysRecord: true,
          // The change itself is only written when the votes decide something.
          skipEmptyPatch: true,
        },
        ctx,
      );
      return { updated, evaluation, moved: patch.state };
    });
    const [result] = await this.decorate([outcome.updated]);
    if (outcome.evaluation?.status === 'rejected') {
      await this.events.emit({
        type: 'change.rejected',
        change: result,
        reasons: outcome.evaluation.rejectionReasons,
      });
    } else if (outcome.moved === 'scheduled') {
      await this.events.emit({ type: 'change.approved', change: result });
    }
    return result;
  }

  // ---------------------------------------------------------------- queries

  async get(id: string, ctx?: ActionContext): Promise<Change> {
    const change = await requireRecord(this.store, CHANGE_RECORDS, id);
    const [result] = await this.decorate([change]);
    if (ctx && !['closed', 'canceled'].includes(change.state)) {
      // Conflicts are shown as they stand now: another change may have been planned since.
      result.conflicts = await this.computeConflicts(change, ctx);
    }
    return result;
  }

  async list(filter: ChangeFilter): Promise<Page<Change>> {
    const page = await this.store.listChanges(filter);
    return { ...page, items: await this.decorate(page.items) };
  }

  async find(filter: ChangeFilter): Promise<Change[]> {
    return this.decorate(await this.store.findChanges(filter));
  }

  /** `condition`: the caller's read decision (only the changes it matches are listed). */
  async calendar(params: {
    from: string;
    to: string;
    entityRef?: string;
    condition?: RecordCondition;
  }) {
    if (params.to <= params.from)
      throw new InputError('to: must be after from');
    const items = await this.find({
      windowFrom: params.from,
      windowTo: params.to,
      entityRef: params.entityRef,
      condition: params.condition,
    });
    const freezeWindows = this.config.freezeWindows
      .filter(w => w.end > params.from && w.start < params.to)
      .filter(
        w =>
          !params.entityRef ||
          !w.entityRefs?.length ||
          w.entityRefs.includes(params.entityRef),
      )
      .map(w => ({ name: w.name, start: w.start, end: w.end }));
    return { items, freezeWindows };
  }
}
