/*
 * Change lifecycle.
 *
 * Pure module: no I/O, no clock.
 *
 *   normal:    new → assess → authorize → scheduled → implement → review → closed
 *   standard:  new → scheduled → implement → review → closed          (pre-approved)
 *   emergency: new → authorize → scheduled → implement → review → closed (skips assess)
 *
 * plus `canceled` from new, assess, authorize, scheduled and implement (not from review,
 * closed or canceled).
 *
 * Decisions:
 * - Standard changes never go through assess/authorize (new → assess is refused for them).
 * - Emergency changes skip assess: new → authorize; new → assess is refused for them.
 * - Going back: assess → new (sent back for rework) and authorize → new (a CAB rejection, or
 *   the requester withdrawing it for rework). The caller records the rejection reasons.
 * - authorize → scheduled only when the approvals are satisfied (`approvalsSatisfied`).
 * - A blocking conflict (a freeze on a normal/standard change) prevents entering authorize
 *   and scheduled (`hasBlockingConflict`).
 * - Every change goes implement → review → closed; closing needs an outcome (successful,
 *   failed, rolled_back). When the post-implementation review is mandatory (emergency
 *   changes by default, or `mandatoryReview: true`), closing also needs review notes.
 * - A change found in a state its type never enters (its type was changed afterwards) can
 *   go back to new or be canceled; an emergency change found in assess may go on to authorize.
 * - closed and canceled are final.
 */
import {
  allowedChangeTransitions,
  CHANGE_OUTCOMES,
  type ChangeOutcome,
  type ChangeState,
  type ChangeType,
} from '@backstage-itsm/plugin-itsm-common';

// The transition table is shared with the frontend (itsm-common); the guards live here.
export { allowedChangeTransitions };

/** @public */
export interface ChangeTransitionContext {
  /** Needed to close (review → closed). */
  outcome?: ChangeOutcome | null;
  /** Post-implementation review notes; needed to close when the review is mandatory. */
  reviewNotes?: string | null;
  /** Whether the review is mandatory; defaults to true for emergency changes. */
  mandatoryReview?: boolean;
  /** Needed for authorize → scheduled. */
  approvalsSatisfied?: boolean;
  /** A blocking conflict prevents entering authorize and scheduled. */
  hasBlockingConflict?: boolean;
}

/** @public */
export type ChangeTransitionResult =
  | { ok: true }
  | { ok: false; allowed: ChangeState[]; message: string };

/** Whether a change may move to `to`, with the reason when not. @public */
export function checkChangeTransition(
  change: { type: ChangeType; state: ChangeState },
  to: ChangeState,
  context: ChangeTransitionContext = {},
): ChangeTransitionResult {
  const allowed = allowedChangeTransitions(change);
  const refuse = (message: string): ChangeTransitionResult => ({
    ok: false,
    allowed,
    message,
  });

  if (!allowed.includes(to)) {
    const options = allowed.length ? allowed.join(', ') : 'none (final state)';
    return refuse(
      `A ${change.type} change cannot move from ${change.state} to ${to}; allowed: ${options}`,
    );
  }

  if (
    (to === 'authorize' || to === 'scheduled') &&
    context.hasBlockingConflict
  ) {
    return refuse(
      `The change has a blocking conflict (a change freeze): it cannot move to ${to}. Reschedule it or make it an emergency change`,
    );
  }

  if (
    change.state === 'authorize' &&
    to === 'scheduled' &&
    context.approvalsSatisfied !== true
  ) {
    return refuse(
      'The change cannot be scheduled before the CAB approvals are complete',
    );
  }

  if (to === 'closed') {
    if (!context.outcome || !CHANGE_OUTCOMES.includes(context.outcome)) {
      return refuse(
        `Closing a change needs an outcome: ${CHANGE_OUTCOMES.join(', ')}`,
      );
    }
    const mandatory = context.mandatoryReview ?? change.type === 'emergency';
    if (mandatory && !(context.reviewNotes ?? '').trim()) {
      return refuse(
        'The post-implementation review is mandatory for this change: add review notes before closing',
      );
    }
  }

  return { ok: true };
}
