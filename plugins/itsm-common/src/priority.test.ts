import { priorityFor } from './priority';

describe('priorityFor', () => {
  it.each([
    [1, 1, 'P1'],
    [1, 2, 'P2'],
    [2, 1, 'P2'],
    [1, 3, 'P3'],
    [2, 2, 'P3'],
    [3, 1, 'P3'],
    [2, 3, 'P4'],
    [3, 2, 'P4'],
    [3, 3, 'P4'],
  ] as const)('impact %i × urgency %i → %s', (impact, urgency, expected) => {
    expect(priorityFor(impact, urgency)).toBe(expected);
  });
});
