import {
  allowedIncidentTransitions,
  isIncidentTransitionAllowed,
} from './stateMachine';

describe('incident state machine', () => {
  it.each([
    ['new', 'in_progress', true],
    ['in_progress', 'on_hold', true],
    ['on_hold', 'in_progress', true],
    ['in_progress', 'resolved', true],
    ['resolved', 'closed', true],
    ['resolved', 'in_progress', true],
    ['new', 'canceled', true],
    ['resolved', 'new', false],
    ['closed', 'in_progress', false],
    ['canceled', 'new', false],
    ['resolved', 'canceled', false],
    ['in_progress', 'new', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(isIncidentTransitionAllowed(from, to)).toBe(allowed);
  });

  it('closed and canceled are final', () => {
    expect(allowedIncidentTransitions('closed')).toEqual([]);
    expect(allowedIncidentTransitions('canceled')).toEqual([]);
  });
});
