import { ProblemState } from '@backstage-itsm/plugin-itsm-common';

/**
 * Problem lifecycle: New → Assess → Root Cause Analysis → Fix in Progress → Resolved → Closed.
 * A step back is allowed (the analysis was wrong), Resolved can be reopened into Fix in Progress,
 * and any open problem can be closed (duplicate, accepted risk) with a comment.
 */
const PROBLEM_TRANSITIONS: Record<ProblemState, ProblemState[]> = {
  new: ['assess', 'closed'],
  assess: ['root_cause_analysis', 'new', 'closed'],
  root_cause_analysis: ['fix_in_progress', 'assess', 'closed'],
  fix_in_progress: ['resolved', 'root_cause_analysis', 'closed'],
  resolved: ['closed', 'fix_in_progress'],
  closed: [],
};

export const OPEN_PROBLEM_STATES: ProblemState[] = [
  'new',
  'assess',
  'root_cause_analysis',
  'fix_in_progress',
];

export function allowedProblemTransitions(from: ProblemState): ProblemState[] {
  return PROBLEM_TRANSITIONS[from];
}

export function isProblemTransitionAllowed(
  from: ProblemState,
  to: ProblemState,
) {
  return PROBLEM_TRANSITIONS[from].includes(to);
}
