import {
  isProblemTransitionAllowed,
  allowedProblemTransitions,
} from './stateMachine';

describe('problem state machine', () => {
  it.each([
    ['new', 'assess', true],
    ['assess', 'root_cause_analysis', true],
    ['root_cause_analysis', 'fix_in_progress', true],
    ['fix_in_progress', 'resolved', true],
    ['resolved', 'closed', true],
    ['resolved', 'fix_in_progress', true],
    ['new', 'resolved', false],
    ['closed', 'new', false],
    ['assess', 'fix_in_progress', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(isProblemTransitionAllowed(from, to)).toBe(allowed);
  });

  it('closed is final', () => {
    expect(allowedProblemTransitions('closed')).toEqual([]);
  });
});
