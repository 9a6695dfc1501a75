import type {
  AvailabilityReport,
  BusinessCalendar,
} from '@backstage-itsm/plugin-itsm-common';
import { AvailabilityInput, computeAvailability } from './availability';
import { officeHoursCalendar } from '../../__testUtils__/calendars';

/** Mon–Fri 08:00–18:00 Europe/Berlin. June 2025 has 21 working days = 12 600 minutes. */
const OFFICE = officeHoursCalendar();
/** Every day 00:00–24:00 in Berlin: like 24x7, but months start at Berlin midnight and DST days differ. */
const BERLIN_ALL_DAY: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(d => [
      d,
      [['00:00', '24:00']],
    ]),
  ),
};

function input(partial: Partial<AvailabilityInput>): AvailabilityInput {
  return {
    serviceId: 'svc-1',
    month: '2025-04', // 30 days = 43 200 minutes in 24x7
    calendar: '24x7',
    target: 99.5, // budget 0.5 % of 43 200 = 216 minutes
    outages: [],
    maintenance: [],
    now: '2025-05-15T00:00:00Z',
    ...partial,
  };
}

type Expected = Partial<Omit<AvailabilityReport, 'errorBudget'>> & {
  errorBudget?: Partial<AvailabilityReport['errorBudget']>;
};

// prettier-ignore
const cases: Array<[name: string, input: AvailabilityInput, expected: Expected]> = [
  [
    'overlapping outages count once: 10:00–11:00 ∪ 10:30–12:00 = 120, plus 30 elsewhere',
    input({
      outages: [
        { start: '2025-04-03T10:00:00Z', end: '2025-04-03T11:00:00Z' },
        { start: '2025-04-03T10:30:00Z', end: '2025-04-03T12:00:00Z' },
        { start: '2025-04-10T00:00:00Z', end: '2025-04-10T00:30:00Z' },
      ],
    }),
    {
      scheduledMinutes: 43200,
      downtimeMinutes: 150,
      availability: (43050 / 43200) * 100, // 99.6527…
      met: true,
      // Month over: burn rate = 150 / 216 / 1.
      errorBudget: { totalMinutes: 216, usedMinutes: 150, remainingMinutes: 66, burnRate: 150 / 216 },
    },
  ],
  [
    'burn rate at mid-month: (150 / 216) / 0.5 elapsed = 1.389',
    input({
      outages: [
        { start: '2025-04-03T10:00:00Z', end: '2025-04-03T12:00:00Z' },
        { start: '2025-04-10T00:00:00Z', end: '2025-04-10T00:30:00Z' },
      ],
      now: '2025-04-16T00:00:00Z',
    }),
    { downtimeMinutes: 150, errorBudget: { remainingMinutes: 66, burnRate: 150 / 216 / 0.5 } },
  ],
  [
    'an ongoing outage counts up to the month end when now is later',
    input({ outages: [{ start: '2025-04-30T23:00:00Z', end: null }], now: '2025-05-02T00:00:00Z' }),
    { downtimeMinutes: 60 },
  ],
  [
    'an ongoing outage counts up to now within the month',
    input({ outages: [{ start: '2025-04-15T22:00:00Z', end: null }], now: '2025-04-16T00:00:00Z' }),
    { downtimeMinutes: 120, errorBudget: { usedMinutes: 120, remainingMinutes: 96, burnRate: 120 / 216 / 0.5 } },
  ],
  [
    'an outage that began last month is clipped to the month start',
    input({ outages: [{ start: '2025-03-31T23:00:00Z', end: '2025-04-01T01:00:00Z' }] }),
    { downtimeMinutes: 60 },
  ],
  [
    'exactly on target is met: 216 minutes down at 99.5 % gives 99.5 %',
    input({ outages: [{ start: '2025-04-20T00:00:00Z', end: '2025-04-20T03:36:00Z' }] }),
    { downtimeMinutes: 216, availability: 99.5, met: true, errorBudget: { remainingMinutes: 0, burnRate: 1 } },
  ],
  [
    'one minute over target is not met and the budget goes negative',
    input({ outages: [{ start: '2025-04-20T00:00:00Z', end: '2025-04-20T03:37:00Z' }] }),
    { downtimeMinutes: 217, met: false, errorBudget: { totalMinutes: 216, remainingMinutes: -1 } },
  ],
  [
    'exactly on a 99.9 % target (43.2 min = 43 min 12 s) is met despite float noise',
    input({ target: 99.9, outages: [{ start: '2025-04-20T00:00:00Z', end: '2025-04-20T00:43:12Z' }] }),
    { downtimeMinutes: 43.2, met: true, errorBudget: { totalMinutes: 43.2, remainingMinutes: 0 } },
  ],
  [
    'exactly on a 99.04 % target is met although the float result is 99.03999999999999 (epsilon)',
    // Budget 0.96 % of 43 200 = 414.72 min = 6 h 54 min 43.2 s.
    input({ target: 99.04, outages: [{ start: '2025-04-20T00:00:00Z', end: '2025-04-20T06:54:43.200Z' }] }),
    { downtimeMinutes: 414.72, met: true, errorBudget: { totalMinutes: 414.72, remainingMinutes: 0 } },
  ],
  [
    'outages partly outside business hours count only inside them (Mon 17:00–Tue 09:00 = 60 + 60; Sat–Mon 08:30 = 30)',
    input({
      month: '2025-06',
      calendar: OFFICE,
      target: 99,
      outages: [
        { start: '2025-06-02T15:00:00Z', end: '2025-06-03T07:00:00Z' },
        // Starts in May (Sat 31 May 22:00 CEST), ends Mon 2 Jun 08:30 CEST.
        { start: '2025-05-31T20:00:00Z', end: '2025-06-02T06:30:00Z' },
      ],
      now: '2025-07-01T00:00:00Z',
    }),
    {
      scheduledMinutes: 12600,
      downtimeMinutes: 150,
      availability: (12450 / 12600) * 100, // 98.8095…
      met: false,
      errorBudget: { totalMinutes: 126, usedMinutes: 150, remainingMinutes: -24 },
    },
  ],
  [
    'planned maintenance is excluded: 10:00–14:00 outage minus 10:00–12:00 maintenance = 120',
    input({
      month: '2025-06',
      calendar: OFFICE,
      outages: [{ start: '2025-06-10T08:00:00Z', end: '2025-06-10T12:00:00Z' }],
      maintenance: [
        { start: '2025-06-10T08:00:00Z', end: '2025-06-10T10:00:00Z' },
        { start: '2025-06-20T08:00:00Z', end: '2025-06-20T10:00:00Z' }, // no outage then: no effect
      ],
      now: '2025-07-01T00:00:00Z',
    }),
    { downtimeMinutes: 120, availability: (12480 / 12600) * 100 },
  ],
  [
    'maintenance splitting an outage in the middle leaves both ends',
    input({
      outages: [{ start: '2025-04-05T00:00:00Z', end: '2025-04-05T03:00:00Z' }],
      maintenance: [{ start: '2025-04-05T01:00:00Z', end: '2025-04-05T02:00:00Z' }],
    }),
    { downtimeMinutes: 120 },
  ],
  [
    'month boundaries are in the calendar zone: March 2025 in Berlin has 44 580 minutes and starts at 23:00Z',
    input({
      month: '2025-03',
      calendar: BERLIN_ALL_DAY,
      outages: [{ start: '2025-02-28T22:30:00Z', end: '2025-02-28T23:30:00Z' }],
      now: '2025-04-15T00:00:00Z',
    }),
    { scheduledMinutes: 44580, downtimeMinutes: 30 },
  ],
  [
    'the same outage lies before March in 24x7 (UTC months)',
    input({
      month: '2025-03',
      outages: [{ start: '2025-02-28T22:30:00Z', end: '2025-02-28T23:30:00Z' }],
      now: '2025-04-15T00:00:00Z',
    }),
    { scheduledMinutes: 44640, downtimeMinutes: 0, availability: 100 },
  ],
  [
    'a month that has not started: nothing elapsed, no burn rate',
    input({ month: '2025-06', now: '2025-05-20T00:00:00Z' }),
    { downtimeMinutes: 0, availability: 100, met: true, errorBudget: { burnRate: null } },
  ],
  [
    'a 100 % target has no budget: burn rate null',
    input({ target: 100, outages: [{ start: '2025-04-20T00:00:00Z', end: '2025-04-20T00:01:00Z' }] }),
    { met: false, errorBudget: { totalMinutes: 0, remainingMinutes: -1, burnRate: null } },
  ],
];

/** Numbers are compared to `digits` decimals (floats); anything else exactly. */
function close(value: unknown, digits: number): unknown {
  return typeof value === 'number' ? expect.closeTo(value, digits) : value;
}

describe('computeAvailability', () => {
  it.each(cases)('%s', (_name, inp, expected) => {
    const report = computeAvailability(inp);
    const { errorBudget = {}, availability, ...rest } = expected;
    expect(report).toMatchObject({
      ...rest,
      ...(availability === undefined
        ? {}
        : { availability: close(availability, 10) }),
      errorBudget: Object.fromEntries(
        Object.entries(errorBudget).map(([k, v]) => [k, close(v, 9)]),
      ),
    });
    expect(report.serviceId).toBe('svc-1');
    expect(report.month).toBe(inp.month);
    expect(report.target).toBe(inp.target);
  });

  it('rejects a malformed month and an impossible target', () => {
    expect(() => computeAvailability(input({ month: '2025-4' }))).toThrow(
      "month: must be 'YYYY-MM'",
    );
    expect(() => computeAvailability(input({ target: 101 }))).toThrow(
      RangeError,
    );
  });
});
