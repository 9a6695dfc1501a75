import {
  allowedIncidentTransitions,
  healthFromIncidents,
  isIncidentTransitionAllowed,
  nextSupportLevel,
} from './incidents';

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

describe('healthFromIncidents', () => {
  it('is operational without open P1/P2 incidents', () => {
    expect(
      healthFromIncidents([
        { state: 'new', priority: 'P3', outage: null },
        { state: 'resolved', priority: 'P1', outage: null },
      ]),
    ).toBe('operational');
  });
  it('is degraded with an open P2', () => {
    expect(
      healthFromIncidents([{ state: 'on_hold', priority: 'P2', outage: null }]),
    ).toBe('degraded');
  });
  it('is a major outage with an open P1 or an ongoing outage', () => {
    expect(
      healthFromIncidents([
        { state: 'in_progress', priority: 'P1', outage: null },
      ]),
    ).toBe('major_outage');
    expect(
      healthFromIncidents([
        {
          state: 'new',
          priority: 'P3',
          outage: { start: '2026-01-01T00:00:00.000Z', end: null },
        },
      ]),
    ).toBe('major_outage');
  });
});

describe('nextSupportLevel', () => {
  it('escalates L1 → L2 → L3 and stops at L3', () => {
    expect(nextSupportLevel('L1')).toBe('L2');
    expect(nextSupportLevel('L2')).toBe('L3');
    expect(nextSupportLevel('L3')).toBeUndefined();
  });
});
