import type {
  BusinessCalendar,
  IncidentState,
  Priority,
  SlaCalendar,
  SlaClock,
  SlaTargets,
} from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import {
  computeIncidentClocks,
  IncidentTimeline,
  mergeStoredBreach,
} from './clocks';
import { officeHoursCalendar } from '../../__testUtils__/calendars';

/** Mon–Fri 08:00–18:00 Europe/Berlin. All dates below are in June 2025 (CEST = UTC+2) unless noted. */
const OFFICE = officeHoursCalendar(['2025-12-25', '--12-26']);
/** Sunday 00:00–06:00 Berlin only: a night shift crossing the DST switch at 02:00/03:00. */
const SUNDAY_NIGHT: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: { sun: [['00:00', '06:00']] },
};

const TARGETS: SlaTargets = {
  P1: { responseMinutes: 15, resolutionMinutes: 240 },
  P2: { responseMinutes: 30, resolutionMinutes: 480 },
  P3: { responseMinutes: 120, resolutionMinutes: 1200 },
  P4: { responseMinutes: 480, resolutionMinutes: 3000 },
};

type StateStep = [at: string, from: IncidentState, to: IncidentState];

function timeline(
  openedAt: string,
  priorities: Array<[at: string, priority: Priority]>,
  states: StateStep[] = [],
): IncidentTimeline {
  return {
    openedAt,
    priorityChanges: priorities.map(([at, priority]) => ({ at, priority })),
    stateChanges: states.map(([at, from, to]) => ({ at, from, to })),
  };
}

function clock(partial: Partial<SlaClock>): SlaClock {
  return {
    goalMinutes: 0,
    elapsedMinutes: 0,
    remainingMinutes: 0,
    percent: 0,
    deadline: null,
    state: 'running',
    warning: false,
    breachedAt: null,
    stoppedAt: null,
    ...partial,
  };
}

type ClockCase = [
  name: string,
  calendar: SlaCalendar,
  timeline: IncidentTimeline,
  now: string,
  expected: { response?: SlaClock; resolution?: SlaClock },
];

// Reused timelines --------------------------------------------------------------------------

// P2 opened Mon 2 Jun 16:00 (14:00Z), acknowledged 16:30, on hold 17:00, resumed Tue 10:00.
const PAUSED = timeline(
  '2025-06-02T14:00:00Z',
  [['2025-06-02T14:00:00Z', 'P2']],
  [
    ['2025-06-02T14:30:00Z', 'new', 'in_progress'],
    ['2025-06-02T15:00:00Z', 'in_progress', 'on_hold'],
    ['2025-06-03T08:00:00Z', 'on_hold', 'in_progress'],
  ],
);
const PAUSED_THEN_RESOLVED: IncidentTimeline = {
  ...PAUSED,
  stateChanges: [
    ...PAUSED.stateChanges,
    { at: '2025-06-03T10:00:00Z', from: 'in_progress', to: 'resolved' },
  ],
};

// P2 opened Mon 09:00 (07:00Z), acked 09:10, resolved 10:00, reopened Tue 09:00, resolved Tue 11:00.
const REOPENED = timeline(
  '2025-06-02T07:00:00Z',
  [['2025-06-02T07:00:00Z', 'P2']],
  [
    ['2025-06-02T07:10:00Z', 'new', 'in_progress'],
    ['2025-06-02T08:00:00Z', 'in_progress', 'resolved'],
    ['2025-06-03T07:00:00Z', 'resolved', 'in_progress'],
    ['2025-06-03T09:00:00Z', 'in_progress', 'resolved'],
  ],
);

// P3 opened Mon 09:00, acked 09:05, raised to P1 at 10:00.
const RAISED = timeline(
  '2025-06-02T07:00:00Z',
  [
    ['2025-06-02T07:00:00Z', 'P3'],
    ['2025-06-02T08:00:00Z', 'P1'],
  ],
  [['2025-06-02T07:05:00Z', 'new', 'in_progress']],
);

// P1 opened Mon 09:00, lowered to P3 at 09:20 (after the P1 response goal passed at 09:15), acked 10:00.
const LOWERED = timeline(
  '2025-06-02T07:00:00Z',
  [
    ['2025-06-02T07:00:00Z', 'P1'],
    ['2025-06-02T07:20:00Z', 'P3'],
  ],
  [['2025-06-02T08:00:00Z', 'new', 'in_progress']],
);

describe('computeIncidentClocks', () => {
  // prettier-ignore
  const cases: ClockCase[] = [
    [
      'both clocks running: P2 opened Mon 09:00, evaluated 09:20',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']]),
      '2025-06-02T07:20:00Z',
      {
        // 20 of 30 min; deadline 09:30.
        response: clock({ goalMinutes: 30, elapsedMinutes: 20, remainingMinutes: 10, percent: 66.7, deadline: '2025-06-02T07:30:00.000Z' }),
        // 20 of 480; 09:00 + 480 business minutes = 17:00 the same day.
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 20, remainingMinutes: 460, percent: 4.2, deadline: '2025-06-02T15:00:00.000Z' }),
      },
    ],
    [
      'warning from 75 %: 22.5 of 30 response minutes',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']]),
      '2025-06-02T07:22:30Z',
      {
        response: clock({ goalMinutes: 30, elapsedMinutes: 22.5, remainingMinutes: 7.5, percent: 75, deadline: '2025-06-02T07:30:00.000Z', warning: true }),
      },
    ],
    [
      'late acknowledgement breaches the response clock: P1 acked after 20 of 15 minutes',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P1']], [['2025-06-02T07:20:00Z', 'new', 'in_progress']]),
      '2025-06-02T07:30:00Z',
      {
        response: clock({ goalMinutes: 15, elapsedMinutes: 20, remainingMinutes: 0, percent: 133.3, deadline: '2025-06-02T07:15:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-02T07:15:00.000Z', stoppedAt: '2025-06-02T07:20:00.000Z' }),
        // 09:00 + 240 = 13:00 CEST.
        resolution: clock({ goalMinutes: 240, elapsedMinutes: 30, remainingMinutes: 210, percent: 12.5, deadline: '2025-06-02T11:00:00.000Z' }),
      },
    ],
    [
      'acknowledgement exactly at the goal is met',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P1']], [['2025-06-02T07:15:00Z', 'new', 'in_progress']]),
      '2025-06-02T07:15:00Z',
      {
        response: clock({ goalMinutes: 15, elapsedMinutes: 15, remainingMinutes: 0, percent: 100, deadline: '2025-06-02T07:15:00.000Z', state: 'met', warning: true, stoppedAt: '2025-06-02T07:15:00.000Z' }),
      },
    ],
    [
      'pause across the night: on hold Mon 17:00, evaluated Mon 20:00 → paused, no deadline',
      OFFICE,
      PAUSED,
      '2025-06-02T18:00:00Z',
      {
        // Acked after exactly 30 of 30 minutes.
        response: clock({ goalMinutes: 30, elapsedMinutes: 30, remainingMinutes: 0, percent: 100, deadline: '2025-06-02T14:30:00.000Z', state: 'met', warning: true, stoppedAt: '2025-06-02T14:30:00.000Z' }),
        // Mon 16:00–17:00 ran.
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 60, remainingMinutes: 420, percent: 12.5, deadline: null, state: 'paused' }),
      },
    ],
    [
      'pause across the night: still paused Tue 09:00, the morning does not count',
      OFFICE,
      PAUSED,
      '2025-06-03T07:00:00Z',
      { resolution: clock({ goalMinutes: 480, elapsedMinutes: 60, remainingMinutes: 420, percent: 12.5, deadline: null, state: 'paused' }) },
    ],
    [
      'resume after a pause: the deadline moves out by the paused business time (Tue 14:00 → 17:00)',
      OFFICE,
      PAUSED,
      '2025-06-03T09:00:00Z',
      {
        // 60 (Mon) + 60 (Tue 10–11); paused Mon 17–18 + Tue 08–10 = 180 business minutes.
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 120, remainingMinutes: 360, percent: 25, deadline: '2025-06-03T15:00:00.000Z' }),
      },
    ],
    [
      'resolved after a pause: met, stopped, deadline as it stood',
      OFFICE,
      PAUSED_THEN_RESOLVED,
      '2025-06-03T13:00:00Z',
      { resolution: clock({ goalMinutes: 480, elapsedMinutes: 180, remainingMinutes: 300, percent: 37.5, deadline: '2025-06-03T15:00:00.000Z', state: 'met', stoppedAt: '2025-06-03T10:00:00.000Z' }) },
    ],
    [
      'priority raised mid-flight (P3 → P1 at 10:00): goal 240 applies from the opening, breached at 13:00',
      OFFICE,
      RAISED,
      '2025-06-02T12:00:00Z',
      {
        response: clock({ goalMinutes: 15, elapsedMinutes: 5, remainingMinutes: 10, percent: 33.3, deadline: '2025-06-02T07:15:00.000Z', state: 'met', stoppedAt: '2025-06-02T07:05:00.000Z' }),
        resolution: clock({ goalMinutes: 240, elapsedMinutes: 300, remainingMinutes: 0, percent: 125, deadline: '2025-06-02T11:00:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-02T11:00:00.000Z' }),
      },
    ],
    [
      'priority raised mid-flight: before the change the P3 goal applies',
      OFFICE,
      RAISED,
      '2025-06-02T07:30:00Z',
      // 09:00 + 1200 = Mon 540 + Tue 600 + Wed 60 → Wed 09:00.
      { resolution: clock({ goalMinutes: 1200, elapsedMinutes: 30, remainingMinutes: 1170, percent: 2.5, deadline: '2025-06-04T07:00:00.000Z' }) },
    ],
    [
      'priority lowered mid-flight (P1 → P3 at 09:20): the longer goal applies retroactively',
      OFFICE,
      LOWERED,
      '2025-06-02T08:00:00Z',
      {
        response: clock({ goalMinutes: 120, elapsedMinutes: 60, remainingMinutes: 60, percent: 50, deadline: '2025-06-02T09:00:00.000Z', state: 'met', stoppedAt: '2025-06-02T08:00:00.000Z' }),
        resolution: clock({ goalMinutes: 1200, elapsedMinutes: 60, remainingMinutes: 1140, percent: 5, deadline: '2025-06-04T07:00:00.000Z' }),
      },
    ],
    [
      'priority lowered mid-flight: evaluated at 09:16, still P1, the response clock is breached',
      OFFICE,
      LOWERED,
      '2025-06-02T07:16:00Z',
      { response: clock({ goalMinutes: 15, elapsedMinutes: 16, remainingMinutes: 0, percent: 106.7, deadline: '2025-06-02T07:15:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-02T07:15:00.000Z' }) },
    ],
    [
      'reopen: after the first resolution the clock is met and stopped',
      OFFICE,
      REOPENED,
      '2025-06-02T10:00:00Z',
      {
        response: clock({ goalMinutes: 30, elapsedMinutes: 10, remainingMinutes: 20, percent: 33.3, deadline: '2025-06-02T07:30:00.000Z', state: 'met', stoppedAt: '2025-06-02T07:10:00.000Z' }),
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 60, remainingMinutes: 420, percent: 12.5, deadline: '2025-06-02T15:00:00.000Z', state: 'met', stoppedAt: '2025-06-02T08:00:00.000Z' }),
      },
    ],
    [
      'reopen: resolved → in_progress resumes the clock; the 540 business minutes while resolved do not count',
      OFFICE,
      REOPENED,
      '2025-06-03T08:00:00Z',
      {
        // The response clock is not restarted by the reopening.
        response: clock({ goalMinutes: 30, elapsedMinutes: 10, remainingMinutes: 20, percent: 33.3, deadline: '2025-06-02T07:30:00.000Z', state: 'met', stoppedAt: '2025-06-02T07:10:00.000Z' }),
        // 60 + 60; Tue 09:00 + 420 remaining = 16:00.
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 120, remainingMinutes: 360, percent: 25, deadline: '2025-06-03T14:00:00.000Z' }),
      },
    ],
    [
      'reopen: resolved again Tue 11:00 → stopped at the second resolution',
      OFFICE,
      REOPENED,
      '2025-06-05T08:00:00Z',
      { resolution: clock({ goalMinutes: 480, elapsedMinutes: 180, remainingMinutes: 300, percent: 37.5, deadline: '2025-06-03T14:00:00.000Z', state: 'met', stoppedAt: '2025-06-03T09:00:00.000Z' }) },
    ],
    [
      'resolved without acknowledgement stops the response clock at the resolution',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']], [['2025-06-02T07:20:00Z', 'new', 'resolved']]),
      '2025-06-02T09:00:00Z',
      {
        response: clock({ goalMinutes: 30, elapsedMinutes: 20, remainingMinutes: 10, percent: 66.7, deadline: '2025-06-02T07:30:00.000Z', state: 'met', stoppedAt: '2025-06-02T07:20:00.000Z' }),
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 20, remainingMinutes: 460, percent: 4.2, deadline: '2025-06-02T15:00:00.000Z', state: 'met', stoppedAt: '2025-06-02T07:20:00.000Z' }),
      },
    ],
    [
      'canceled without acknowledgement after 40 minutes: response breached at 09:30',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']], [['2025-06-02T07:40:00Z', 'new', 'canceled']]),
      '2025-06-02T09:00:00Z',
      { response: clock({ goalMinutes: 30, elapsedMinutes: 40, remainingMinutes: 0, percent: 133.3, deadline: '2025-06-02T07:30:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-02T07:30:00.000Z', stoppedAt: '2025-06-02T07:40:00.000Z' }) },
    ],
    [
      'new → on_hold pauses the resolution clock but not the response clock',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']], [['2025-06-02T07:05:00Z', 'new', 'on_hold']]),
      '2025-06-02T07:40:00Z',
      {
        response: clock({ goalMinutes: 30, elapsedMinutes: 40, remainingMinutes: 0, percent: 133.3, deadline: '2025-06-02T07:30:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-02T07:30:00.000Z' }),
        resolution: clock({ goalMinutes: 480, elapsedMinutes: 5, remainingMinutes: 475, percent: 1, deadline: null, state: 'paused' }),
      },
    ],
    [
      'still running over the weekend after a Friday 18:00 deadline is a breach (no business time passed)',
      OFFICE,
      timeline('2025-06-06T12:00:00Z', [['2025-06-06T12:00:00Z', 'P1']], [['2025-06-06T12:05:00Z', 'new', 'in_progress']]),
      '2025-06-07T08:00:00Z',
      { resolution: clock({ goalMinutes: 240, elapsedMinutes: 240, remainingMinutes: 0, percent: 100, deadline: '2025-06-06T16:00:00.000Z', state: 'breached', warning: true, breachedAt: '2025-06-06T16:00:00.000Z' }) },
    ],
    [
      'resolved exactly at the Friday 18:00 deadline is met',
      OFFICE,
      timeline('2025-06-06T12:00:00Z', [['2025-06-06T12:00:00Z', 'P1']], [
        ['2025-06-06T12:05:00Z', 'new', 'in_progress'],
        ['2025-06-06T16:00:00Z', 'in_progress', 'resolved'],
      ]),
      '2025-06-07T08:00:00Z',
      { resolution: clock({ goalMinutes: 240, elapsedMinutes: 240, remainingMinutes: 0, percent: 100, deadline: '2025-06-06T16:00:00.000Z', state: 'met', warning: true, stoppedAt: '2025-06-06T16:00:00.000Z' }) },
    ],
    [
      '24x7: a Saturday counts, 180 of 240 minutes is 75 % (warning)',
      '24x7',
      timeline('2025-06-07T10:00:00Z', [['2025-06-07T10:00:00Z', 'P1']], [['2025-06-07T10:10:00Z', 'new', 'in_progress']]),
      '2025-06-07T13:00:00Z',
      { resolution: clock({ goalMinutes: 240, elapsedMinutes: 180, remainingMinutes: 60, percent: 75, deadline: '2025-06-07T14:00:00.000Z', warning: true }) },
    ],
    [
      'DST start in Berlin: a Sunday-night clock has only 5 real hours; 240 min are used up at 05:00 CEST',
      SUNDAY_NIGHT,
      // Sun 30 Mar 2025 00:00 CET = 29 Mar 23:00Z; evaluated at 06:00 CEST = 04:00Z.
      timeline('2025-03-29T23:00:00Z', [['2025-03-29T23:00:00Z', 'P1']], [['2025-03-29T23:10:00Z', 'new', 'in_progress']]),
      '2025-03-30T04:00:00Z',
      { resolution: clock({ goalMinutes: 240, elapsedMinutes: 300, remainingMinutes: 0, percent: 125, deadline: '2025-03-30T03:00:00.000Z', state: 'breached', warning: true, breachedAt: '2025-03-30T03:00:00.000Z' }) },
    ],
    [
      'DST end in Berlin: resolved at the second 02:30 (CET) after 210 real minutes is met; deadline 03:00 CET',
      SUNDAY_NIGHT,
      // Sun 26 Oct 2025 00:00 CEST = 25 Oct 22:00Z; resolved 01:30Z = 02:30 CET.
      timeline('2025-10-25T22:00:00Z', [['2025-10-25T22:00:00Z', 'P1']], [
        ['2025-10-25T22:10:00Z', 'new', 'in_progress'],
        ['2025-10-26T01:30:00Z', 'in_progress', 'resolved'],
      ]),
      '2025-10-26T05:00:00Z',
      { resolution: clock({ goalMinutes: 240, elapsedMinutes: 210, remainingMinutes: 30, percent: 87.5, deadline: '2025-10-26T02:00:00.000Z', state: 'met', warning: true, stoppedAt: '2025-10-26T01:30:00.000Z' }) },
    ],
    [
      'events after now are ignored: resolution at 12:00 is not seen at 10:00',
      OFFICE,
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']], [['2025-06-02T10:00:00Z', 'new', 'resolved']]),
      '2025-06-02T08:00:00Z',
      { resolution: clock({ goalMinutes: 480, elapsedMinutes: 60, remainingMinutes: 420, percent: 12.5, deadline: '2025-06-02T15:00:00.000Z' }) },
    ],
  ];

  it.each(cases)('%s', (_name, calendar, tl, now, expected) => {
    const result = computeIncidentClocks(tl, calendar, TARGETS, now);
    // Each expected clock lists every field, so this is an exact comparison per clock.
    expect(result).toMatchObject(expected);
  });

  it('accepts a Luxon DateTime as now', () => {
    const now = DateTime.fromISO('2025-06-02T09:20', { zone: 'Europe/Berlin' });
    const result = computeIncidentClocks(
      timeline('2025-06-02T07:00:00Z', [['2025-06-02T07:00:00Z', 'P2']]),
      OFFICE,
      TARGETS,
      now,
    );
    expect(result.response.elapsedMinutes).toBe(20);
  });

  it('rejects a timeline without the initial priority', () => {
    expect(() =>
      computeIncidentClocks(
        timeline('2025-06-02T07:00:00Z', []),
        OFFICE,
        TARGETS,
        '2025-06-02T08:00:00Z',
      ),
    ).toThrow('timeline.priorityChanges: must contain the initial priority');
  });
});

describe('mergeStoredBreach', () => {
  const running = clock({
    goalMinutes: 120,
    elapsedMinutes: 60,
    remainingMinutes: 60,
    percent: 50,
    deadline: '2025-06-02T09:00:00.000Z',
  });
  const breached = clock({
    goalMinutes: 15,
    elapsedMinutes: 20,
    percent: 133.3,
    state: 'breached',
    breachedAt: '2025-06-02T07:15:00.000Z',
  });
  // prettier-ignore
  const cases: Array<[name: string, clock: SlaClock, stored: string | null, state: string, breachedAt: string | null]> = [
    ['no stored breach leaves the clock as computed', running, null, 'running', null],
    ['a stored breach stays breached after the goal was relaxed', running, '2025-06-02T07:15:00.000Z', 'breached', '2025-06-02T07:15:00.000Z'],
    ['the earlier of stored and computed breach is kept (stored earlier)', breached, '2025-06-02T07:10:00.000Z', 'breached', '2025-06-02T07:10:00.000Z'],
    ['the earlier of stored and computed breach is kept (computed earlier)', breached, '2025-06-02T08:00:00Z', 'breached', '2025-06-02T07:15:00.000Z'],
    ['a met clock with a stored breach is breached', clock({ state: 'met', stoppedAt: '2025-06-02T08:00:00.000Z' }), '2025-06-02T07:15:00Z', 'breached', '2025-06-02T07:15:00.000Z'],
  ];
  it.each(cases)('%s', (_name, c, stored, state, breachedAt) => {
    const merged = mergeStoredBreach(c, stored);
    expect(merged.state).toBe(state);
    expect(merged.breachedAt).toBe(breachedAt);
    expect(merged.elapsedMinutes).toBe(c.elapsedMinutes);
  });

  it('keeps the response breach of an incident whose priority was lowered afterwards', () => {
    // At 09:16 (P1) the engine reports the breach; the caller stores it.
    const early = computeIncidentClocks(
      LOWERED,
      OFFICE,
      TARGETS,
      '2025-06-02T07:16:00Z',
    );
    expect(early.response.breachedAt).toBe('2025-06-02T07:15:00.000Z');
    // At 10:00 (P3, goal 120) the engine alone would say "met"; the stored breach wins.
    const later = computeIncidentClocks(
      LOWERED,
      OFFICE,
      TARGETS,
      '2025-06-02T08:00:00Z',
    );
    expect(later.response.state).toBe('met');
    const merged = mergeStoredBreach(later.response, early.response.breachedAt);
    expect(merged).toEqual({
      ...later.response,
      state: 'breached',
      breachedAt: '2025-06-02T07:15:00.000Z',
    });
  });
});

describe('imported incidents yield the same figures as incidents lived in real time', () => {
  // P3 opened Fri 6 Jun 16:00 CEST, acked 16:45, raised to P2 Mon 09:00, on hold Mon 10:00,
  // resumed Tue 09:00, resolved Tue 11:00, reopened Wed 08:30, resolved Wed 09:30, closed Fri.
  const FULL = timeline(
    '2025-06-06T14:00:00Z',
    [
      ['2025-06-06T14:00:00Z', 'P3'],
      ['2025-06-09T07:00:00Z', 'P2'],
    ],
    [
      ['2025-06-06T14:45:00Z', 'new', 'in_progress'],
      ['2025-06-09T08:00:00Z', 'in_progress', 'on_hold'],
      ['2025-06-10T07:00:00Z', 'on_hold', 'in_progress'],
      ['2025-06-10T09:00:00Z', 'in_progress', 'resolved'],
      ['2025-06-11T06:30:00Z', 'resolved', 'in_progress'],
      ['2025-06-11T07:30:00Z', 'in_progress', 'resolved'],
      ['2025-06-13T08:00:00Z', 'resolved', 'closed'],
    ],
  );
  const END = '2025-06-13T12:00:00.000Z';

  /** What a live system knows at `now`: only the events that have happened. */
  function soFar(now: number): IncidentTimeline {
    return {
      openedAt: FULL.openedAt,
      priorityChanges: FULL.priorityChanges.filter(
        c => Date.parse(c.at) <= now,
      ),
      stateChanges: FULL.stateChanges.filter(c => Date.parse(c.at) <= now),
    };
  }

  const ticks: number[] = [];
  for (
    let t = Date.parse(FULL.openedAt);
    t <= Date.parse(END);
    t += 30 * 60_000
  )
    ticks.push(t);
  for (const c of [...FULL.priorityChanges, ...FULL.stateChanges])
    ticks.push(Date.parse(c.at));
  ticks.sort((a, b) => a - b);

  it('at every tick, evaluating the full imported timeline equals evaluating what was known then', () => {
    for (const t of ticks) {
      const now = new Date(t).toISOString();
      expect(computeIncidentClocks(FULL, OFFICE, TARGETS, now)).toEqual(
        computeIncidentClocks(soFar(t), OFFICE, TARGETS, now),
      );
    }
  });

  it('step-by-step evaluation with stored breaches ends with the figures of one evaluation at the end', () => {
    let storedResponse: string | null = null;
    let storedResolution: string | null = null;
    let live = computeIncidentClocks(
      soFar(ticks[0]),
      OFFICE,
      TARGETS,
      new Date(ticks[0]).toISOString(),
    );
    for (const t of ticks) {
      const raw = computeIncidentClocks(
        soFar(t),
        OFFICE,
        TARGETS,
        new Date(t).toISOString(),
      );
      live = {
        response: mergeStoredBreach(raw.response, storedResponse),
        resolution: mergeStoredBreach(raw.resolution, storedResolution),
      };
      storedResponse = live.response.breachedAt;
      storedResolution = live.resolution.breachedAt;
    }
    const imported = computeIncidentClocks(FULL, OFFICE, TARGETS, END);
    expect(live).toEqual(imported);
    // Hand-computed: response 45 min against the P2 goal of 30 → breached at Fri 16:30 CEST.
    expect(imported.response).toEqual(
      clock({
        goalMinutes: 30,
        elapsedMinutes: 45,
        remainingMinutes: 0,
        percent: 150,
        deadline: '2025-06-06T14:30:00.000Z',
        state: 'breached',
        warning: true,
        breachedAt: '2025-06-06T14:30:00.000Z',
        stoppedAt: '2025-06-06T14:45:00.000Z',
      }),
    );
    // Resolution: Fri 16–18 (120) + Mon 08–10 (120) + Tue 09–11 (120) + Wed 08:30–09:30 (60) = 420
    // of 480; deadline as it stood in the last run: Wed 08:30 + 120 = 10:30 CEST.
    expect(imported.resolution).toEqual(
      clock({
        goalMinutes: 480,
        elapsedMinutes: 420,
        remainingMinutes: 60,
        percent: 87.5,
        deadline: '2025-06-11T08:30:00.000Z',
        state: 'met',
        warning: true,
        stoppedAt: '2025-06-11T07:30:00.000Z',
      }),
    );
  });
});
