import { InputError } from '@backstage/errors';
import { Change } from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import { deploymentTitle } from '../domain/changes/deployments';
import { ItsmStore } from '../store/ItsmStore';
import { StoredChange } from '../store/rows';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ChangeManager } from './ChangeManager';
import { ActionContext } from './context';
import { applyUpdate, CHANGE_RECORDS, newRecordMeta } from './recordWrites';
import { normalizeEntityRef, normalizeInstant } from './validation';

/** A deployment as CI/CD reports it (`POST /events/deployments`). */
export interface DeploymentEvent {
  entityRef: string;
  version?: string;
  environment?: string;
  deploymentId: string;
  startedAt?: string;
  finishedAt?: string;
  status: 'succeeded' | 'failed' | 'rolled_back' | 'in_progress';
  url?: string;
}

/** The outcome a deployment closes its change with; null while the deployment is still running. */
function deploymentOutcome(
  status: DeploymentEvent['status'],
): Change['outcome'] {
  if (status === 'succeeded') return 'successful';
  if (status === 'in_progress') return null;
  return status;
}

/**
 * Deployments in, beside the alert intake: each deployment reported by CI/CD is recorded as a
 * standard change (pre-approved, low risk) of the deployed entity, closed with its outcome.
 * Service principals only (the route says so); the caller checks the `deployments` permission.
 */
export class DeploymentIntake {
  constructor(
    private readonly store: ItsmStore,
    private readonly catalog: CatalogGateway,
    /** Turns stored changes into API records (approvals, caused incidents). */
    private readonly changes: ChangeManager,
  ) {}

  /**
   * A deployment reported by CI/CD becomes a standard change, closed with its outcome.
   * Idempotent by deploymentId: a retried delivery returns the existing change unchanged; an
   * in-progress deployment is closed by the delivery that reports its end.
   */
  async record(
    event: DeploymentEvent,
    ctx: ActionContext,
  ): Promise<{ change: Change; created: boolean }> {
    const entityRef = normalizeEntityRef(event.entityRef, 'entityRef');
    await this.catalog.requireEntity(entityRef, 'entityRef', ctx.credentials);
    const startedAt = event.startedAt
      ? normalizeInstant(event.startedAt, 'startedAt')
      : ctx.now;
    const finishedAt = event.finishedAt
      ? normalizeInstant(event.finishedAt, 'finishedAt')
      : null;
    if (finishedAt && finishedAt < startedAt) {
      throw new InputError('finishedAt: must not be before startedAt');
    }
    const outcome = deploymentOutcome(event.status);
    const deployment = {
      deploymentId: event.deploymentId,
      version: event.version ?? null,
      environment: event.environment ?? null,
      status: event.status,
      url: event.url ?? null,
      startedAt,
      finishedAt,
    };

    const existing = await this.store.getChangeByDeploymentId(
      event.deploymentId,
    );
    if (existing) {
      if (existing.state === 'implement' && outcome) {
        // Concurrent deliveries of the end: the row lock lets one close the change; the others
        // then find it closed and answer with it, like any later retry.
        const updated = await this.store.transaction(async tx => {
          const current =
            (await tx.getChangeByDeploymentId(event.deploymentId, {
              lock: true,
            })) ?? existing;
          if (current.state !== 'implement') return current;
          const end = finishedAt ?? ctx.now;
          return applyUpdate(
            tx,
            CHANGE_RECORDS,
            current,
            {
              version: current.version,
              patch: {
                state: 'closed',
                outcome,
                actualEnd: end,
                plannedEnd:
                  end > (current.plannedStart ?? '') ? end : current.plannedEnd,
                closedAt: end,
                deployment,
              },
              action: 'deployment',
              at: end,
              changes: {
                state: { from: 'implement', to: 'closed' },
                outcome: { from: null, to: outcome },
              },
            },
            ctx,
          );
        });
        return {
          change: (await this.changes.decorate([updated]))[0],
          created: false,
        };
      }
      return {
        change: (await this.changes.decorate([existing]))[0],
        created: false,
      };
    }

    const meta = newRecordMeta(ctx);
    const id = meta.id;
    const end = finishedAt ?? null;
    const change: StoredChange = {
      ...meta,
      number: '',
      title: deploymentTitle({ ...event, entityRef }),
      description: event.url
        ? `Deployment ${event.deploymentId}: ${event.url}`
        : `Deployment ${event.deploymentId}`,
      type: 'standard',
      entityRefs: [entityRef],
      risk: 'low',
      riskAssessment: null,
      impact: 3,
      plannedStart: startedAt,
      plannedEnd:
        end ??
        DateTime.fromISO(startedAt).plus({ minutes: 1 }).toUTC().toISO()!,
      actualStart: startedAt,
      actualEnd: end,
      plannedOutage: false,
      implementationPlan: null,
      rollbackPlan: null,
      testPlan: null,
      state: outcome ? 'closed' : 'implement',
      outcome,
      reviewNotes: null,
      rejectionReason: null,
      requestedBy: ctx.actor,
      deployment,
      conflicts: [],
      approvalRound: 1,
      closedAt: outcome ? end ?? ctx.now : null,
    };
    try {
      const created = await this.store.transaction(async tx => {
        await tx.insertChange(change, await tx.nextSeq('change'));
        await tx.appendHistory([
          {
            recordType: 'change',
            recordId: id,
            at: startedAt,
            actor: ctx.actor,
            action: 'deployment',
            changes: {
              state: { from: null, to: change.state },
              outcome: { from: null, to: outcome },
            },
          },
        ]);
        return (await tx.getChange(id))!;
      });
      return {
        change: (await this.changes.decorate([created]))[0],
        created: true,
      };
    } catch (e) {
      // A concurrent delivery won the race on the unique deployment id: answer as a retry
      // would, which also closes the change when this delivery reports the end.
      if (await this.store.getChangeByDeploymentId(event.deploymentId))
        return this.record(event, ctx);
      throw e;
    }
  }
}
