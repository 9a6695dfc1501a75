import { computeKpis, durationStats, KpiChange, KpiIncident } from './kpis';

function incident(
  partial: Partial<KpiIncident> & Pick<KpiIncident, 'id'>,
): KpiIncident {
  return {
    priority: 'P3',
    state: 'new',
    source: 'portal',
    openedAt: '2025-06-01T00:00:00Z',
    acknowledgedAt: null,
    resolvedAt: null,
    supportLevel: 'L1',
    escalated: false,
    problemId: null,
    responseBreached: null,
    resolutionBreached: null,
    ...partial,
  };
}

// Window: June 2025. Minutes in comments: (ack − opened) / (resolved − opened).
// prettier-ignore
const INCIDENTS: KpiIncident[] = [
  // MTTA 5, MTTR 60; L1, no escalation → first contact; both SLAs met.
  incident({ id: 'i1', priority: 'P1', state: 'closed', source: 'monitoring', openedAt: '2025-06-02T10:00:00Z', acknowledgedAt: '2025-06-02T10:05:00Z', resolvedAt: '2025-06-02T11:00:00Z', problemId: 'pr1', responseBreached: false, resolutionBreached: false }),
  // MTTA 15, MTTR 240; L2, escalated; resolution breached.
  incident({ id: 'i2', priority: 'P1', state: 'resolved', source: 'monitoring', openedAt: '2025-06-03T10:00:00Z', acknowledgedAt: '2025-06-03T10:15:00Z', resolvedAt: '2025-06-03T14:00:00Z', supportLevel: 'L2', escalated: true, problemId: 'pr1', responseBreached: false, resolutionBreached: true }),
  // MTTA 40, MTTR 480; response breached.
  incident({ id: 'i3', priority: 'P2', state: 'resolved', source: 'portal', openedAt: '2025-06-04T09:00:00Z', acknowledgedAt: '2025-06-04T09:40:00Z', resolvedAt: '2025-06-04T17:00:00Z', problemId: 'pr1', responseBreached: true, resolutionBreached: false }),
  // MTTA 60; still in progress: response met (acknowledged), resolution undecided. Open, age 16 080 at now.
  incident({ id: 'i4', priority: 'P3', state: 'in_progress', source: 'email', openedAt: '2025-06-20T08:00:00Z', acknowledgedAt: '2025-06-20T09:00:00Z', problemId: 'pr2', responseBreached: false, resolutionBreached: false }),
  // New, no SLA. Open, age 1 440.
  incident({ id: 'i5', priority: 'P3', state: 'new', source: 'phone', openedAt: '2025-06-30T12:00:00Z', problemId: 'pr2' }),
  // Canceled import: counted by state and detection (as people), left out of SLA/MTTR/FCR.
  incident({ id: 'i6', priority: 'P4', state: 'canceled', source: 'import', openedAt: '2025-06-10T00:00:00Z', problemId: 'pr3', responseBreached: false, resolutionBreached: false }),
  // Opened in May: outside the window, but open → backlog (age 61 200 at now).
  incident({ id: 'i7', priority: 'P2', state: 'on_hold', source: 'portal', openedAt: '2025-05-20T00:00:00Z', acknowledgedAt: '2025-05-20T01:00:00Z', supportLevel: 'L2', escalated: true, problemId: 'pr1', responseBreached: true, resolutionBreached: false }),
  // MTTA 30, MTTR 1 440; L1 but escalated → not first contact.
  incident({ id: 'i8', priority: 'P4', state: 'closed', source: 'email', openedAt: '2025-06-15T00:00:00Z', acknowledgedAt: '2025-06-15T00:30:00Z', resolvedAt: '2025-06-16T00:00:00Z', escalated: true }),
];

// prettier-ignore
const CHANGES: KpiChange[] = [
  { id: 'c1', state: 'closed', outcome: 'successful', causedIncidentCount: 0, closedAt: '2025-06-05T00:00:00Z' },
  { id: 'c2', state: 'closed', outcome: 'failed', causedIncidentCount: 2, closedAt: '2025-06-10T00:00:00Z' },
  { id: 'c3', state: 'closed', outcome: 'successful', causedIncidentCount: 1, closedAt: '2025-06-12T00:00:00Z' },
  { id: 'c4', state: 'closed', outcome: 'successful', causedIncidentCount: 0, closedAt: '2025-06-20T00:00:00Z' },
  { id: 'c5', state: 'closed', outcome: 'successful', causedIncidentCount: 0, closedAt: '2025-05-28T00:00:00Z' }, // before the window
  { id: 'c6', state: 'implement', outcome: null, causedIncidentCount: 0, closedAt: null },
  { id: 'c7', state: 'canceled', outcome: null, causedIncidentCount: 0, closedAt: '2025-06-15T00:00:00Z' },
];

const PROBLEMS = [
  { id: 'pr1', number: 'PRB-1', title: 'Disk full on db host' },
  { id: 'pr2', number: 'PRB-2', title: 'Flaky VPN' },
  { id: 'pr3', number: 'PRB-3', title: 'Single occurrence' },
];

describe('computeKpis', () => {
  const report = computeKpis({
    from: '2025-06-01T00:00:00Z',
    to: '2025-07-01T00:00:00Z',
    now: '2025-07-01T12:00:00Z',
    incidents: INCIDENTS,
    changes: CHANGES,
    problems: PROBLEMS,
  });

  it('echoes the window in UTC', () => {
    expect(report.from).toBe('2025-06-01T00:00:00.000Z');
    expect(report.to).toBe('2025-07-01T00:00:00.000Z');
  });

  it('counts incidents opened in the window by priority and state (i7 from May is left out)', () => {
    expect(report.incidents).toEqual({
      total: 7,
      byPriority: { P1: 2, P2: 1, P3: 2, P4: 2 },
      byState: {
        new: 1,
        in_progress: 1,
        on_hold: 0,
        resolved: 2,
        closed: 2,
        canceled: 1,
      },
    });
  });

  it('MTTA: mean and median of 5, 15, 40, 60, 30 = 30 / 30, per priority', () => {
    expect(report.mtta).toEqual({
      count: 5,
      meanMinutes: 30,
      medianMinutes: 30,
      byPriority: {
        P1: { count: 2, meanMinutes: 10, medianMinutes: 10 },
        P2: { count: 1, meanMinutes: 40, medianMinutes: 40 },
        P3: { count: 1, meanMinutes: 60, medianMinutes: 60 },
        P4: { count: 1, meanMinutes: 30, medianMinutes: 30 },
      },
    });
  });

  it('MTTR: 60, 240, 480, 1440 → mean 555, median 360 (even count), P3 has none', () => {
    expect(report.mttr).toEqual({
      count: 4,
      meanMinutes: 555,
      medianMinutes: 360,
      byPriority: {
        P1: { count: 2, meanMinutes: 150, medianMinutes: 150 },
        P2: { count: 1, meanMinutes: 480, medianMinutes: 480 },
        P3: { count: 0, meanMinutes: null, medianMinutes: null },
        P4: { count: 1, meanMinutes: 1440, medianMinutes: 1440 },
      },
    });
  });

  it('SLA fulfilment over decided clocks: response 3 of 4, resolution 2 of 3 (running and canceled left out)', () => {
    expect(report.slaFulfilment).toEqual({
      responsePercent: 75,
      resolutionPercent: 66.7,
      measured: 4,
    });
  });

  it('backlog at now over all open incidents: 3 open, oldest 61 200 min, mean 26 240 min', () => {
    // i7: 20 May 00:00 → 1 Jul 12:00 = 42 d 12 h; i4: 11 d 4 h = 16 080; i5: 1 d = 1 440.
    expect(report.backlog).toEqual({
      open: 3,
      oldestAgeMinutes: 61200,
      meanAgeMinutes: 26240,
    });
  });

  it('recurring incidents grouped by problem, at least 2, most first', () => {
    expect(report.recurring).toEqual([
      {
        problemId: 'pr1',
        problemNumber: 'PRB-1',
        title: 'Disk full on db host',
        incidents: 3,
      },
      {
        problemId: 'pr2',
        problemNumber: 'PRB-2',
        title: 'Flaky VPN',
        incidents: 2,
      },
    ]);
  });

  it('detection: 2 by monitoring, 5 by people (import counts as people) → 28.6 %', () => {
    expect(report.detection).toEqual({
      monitoring: 2,
      people: 5,
      monitoringPercent: 28.6,
    });
  });

  it('first-contact resolution: i1 and i3 of 4 resolved → 50 %', () => {
    expect(report.firstContactResolutionPercent).toBe(50);
  });

  it('changes closed in the window: 3 of 4 successful, 2 of 4 caused incidents', () => {
    expect(report.changes).toEqual({
      total: 7,
      completed: 4,
      successRatePercent: 75,
      failureRatePercent: 50,
    });
  });

  it('an empty scope gives zeros and nulls, never NaN', () => {
    const empty = computeKpis({
      from: '2025-06-01T00:00:00Z',
      to: '2025-07-01T00:00:00Z',
      now: '2025-07-01T00:00:00Z',
      incidents: [],
      changes: [],
      problems: [],
    });
    expect(empty.mtta).toMatchObject({
      count: 0,
      meanMinutes: null,
      medianMinutes: null,
    });
    expect(empty.slaFulfilment).toEqual({
      responsePercent: null,
      resolutionPercent: null,
      measured: 0,
    });
    expect(empty.backlog).toEqual({
      open: 0,
      oldestAgeMinutes: null,
      meanAgeMinutes: null,
    });
    expect(empty.detection.monitoringPercent).toBeNull();
    expect(empty.firstContactResolutionPercent).toBeNull();
    expect(empty.changes).toEqual({
      total: 0,
      completed: 0,
      successRatePercent: null,
      failureRatePercent: null,
    });
  });
});

describe('durationStats', () => {
  it.each([
    ['no values', [], { count: 0, meanMinutes: null, medianMinutes: null }],
    [
      'odd count: median is the middle value',
      [10, 1, 4],
      { count: 3, meanMinutes: 5, medianMinutes: 4 },
    ],
    [
      'even count: median is the mean of the two middle values',
      [1, 2, 10, 20],
      { count: 4, meanMinutes: 8.25, medianMinutes: 6 },
    ],
    [
      'rounded to 2 decimals',
      [1, 1, 2],
      { count: 3, meanMinutes: 1.33, medianMinutes: 1 },
    ],
  ] as const)('%s', (_name, values, expected) => {
    expect(durationStats([...values])).toEqual(expected);
  });
});
