import type { ChangeState, ChangeType } from './types';

/*
 * Change lifecycle, per change type:
 *
 *   normal:    new → assess → authorize → scheduled → implement → review → closed
 *   standard:  new → scheduled → implement → review → closed          (pre-approved)
 *   emergency: new → authorize → scheduled → implement → review → closed (skips assess)
 *
 * plus `canceled` from new, assess, authorize, scheduled and implement, and the way back to
 * new from assess and authorize (sent back for rework, a CAB rejection). A change found in a
 * state its type never enters (its type was changed afterwards) can go back to new or be
 * canceled; an emergency change found in assess may go on to authorize. closed and canceled
 * are final. The guards (approvals, conflicts, outcome, review notes) are the backend's
 * `checkChangeTransition`.
 */

/** Every change type goes the same way once scheduled: implement, review, closed. */
const FROM_SCHEDULED: Readonly<
  Record<
    'scheduled' | 'implement' | 'review' | 'closed' | 'canceled',
    readonly ChangeState[]
  >
> = {
  scheduled: ['implement', 'canceled'],
  implement: ['review', 'canceled'],
  review: ['closed'],
  closed: [],
  canceled: [],
};

/** The states a change may move to, per type and state (guards not considered). @public */
export const CHANGE_TRANSITIONS: Readonly<
  Record<ChangeType, Readonly<Record<ChangeState, readonly ChangeState[]>>>
> = {
  normal: {
    new: ['assess', 'canceled'],
    assess: ['authorize', 'new', 'canceled'],
    authorize: ['scheduled', 'new', 'canceled'],
    ...FROM_SCHEDULED,
  },
  standard: {
    new: ['scheduled', 'canceled'],
    assess: ['new', 'canceled'],
    authorize: ['new', 'canceled'],
    ...FROM_SCHEDULED,
  },
  emergency: {
    new: ['authorize', 'canceled'],
    assess: ['authorize', 'new', 'canceled'],
    authorize: ['scheduled', 'new', 'canceled'],
    ...FROM_SCHEDULED,
  },
};

/** The states a change may move to from its current state (guards not considered). @public */
export function allowedChangeTransitions(change: {
  type: ChangeType;
  state: ChangeState;
}): ChangeState[] {
  return [...(CHANGE_TRANSITIONS[change.type]?.[change.state] ?? [])];
}

/**
 * The requester's / owner's next step of a change in its life cycle: the first forward
 * transition the state machine allows. Going back to new and canceling are not steps;
 * scheduling after the CAB is not one either (the CAB's votes do that), and closing needs an
 * outcome and review notes (the review dialog), so it is not a plain step.
 * @public
 */
export function nextChangeStep(change: {
  type: ChangeType;
  state: ChangeState;
}): ChangeState | undefined {
  if (change.state === 'authorize') return undefined;
  return allowedChangeTransitions(change).find(
    to => to !== 'new' && to !== 'canceled' && to !== 'closed',
  );
}
