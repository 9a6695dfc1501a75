import { DateTime } from 'luxon';
import type {
  BusinessCalendar,
  SlaCalendar,
} from '@backstage-itsm/plugin-itsm-common';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessTime,
  validateCalendar,
  weeklyBusinessMinutes,
} from './calendar';
import { officeHoursCalendar } from '../../__testUtils__/calendars';

const H = (start: string, end: string): [string, string] => [start, end];
const OFFICE_DAY = [H('08:00', '18:00')];

/** Mon–Fri 08:00–18:00 Berlin; 25 Dec 2025 (fixed), 26 Dec and 1 Jan (yearly) are holidays. */
const OFFICE = officeHoursCalendar(['2025-12-25', '--12-26', '--01-01']);
/** Only Sunday 00:00–06:00 Berlin: crosses the 02:00/03:00 DST switches. */
const SUNDAY_NIGHT: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: { sun: [H('00:00', '06:00')] },
};
/** Sunday 02:30–05:00 Berlin: starts inside the spring gap / the autumn repeated hour. */
const SUNDAY_0230: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: { sun: [H('02:30', '05:00')] },
};
/** Two intervals a day with a lunch break. */
const SPLIT: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map(d => [
      d,
      [H('08:00', '12:00'), H('13:00', '17:00')],
    ]),
  ),
};
/** Saturday 20:00–24:00 and Sunday 00:00–02:00 Berlin: "24:00" end meets the next midnight. */
const LATE: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: { sat: [H('20:00', '24:00')], sun: [H('00:00', '02:00')] },
};
/** Weekdays round the clock in UTC. */
const WEEKDAYS_UTC: BusinessCalendar = {
  timezone: 'UTC',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map(d => [d, [H('00:00', '24:00')]]),
  ),
};
/** Every day 00:00–24:00 in Berlin: "24x7 but in Berlin", so DST days have 23 / 25 hours. */
const BERLIN_ALL_DAY: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(d => [
      d,
      [H('00:00', '24:00')],
    ]),
  ),
};

type AddCase = [
  name: string,
  calendar: SlaCalendar,
  start: string,
  minutes: number,
  expected: string,
];

describe('addBusinessMinutes', () => {
  // prettier-ignore
  const cases: AddCase[] = [
    // Mon 2 Jun 2025 09:00 CEST = 07:00Z; +60 → 10:00 CEST.
    ['within hours: Mon 09:00 + 60 → Mon 10:00', OFFICE, '2025-06-02T07:00:00Z', 60, '2025-06-02T08:00:00.000Z'],
    // Fri 17:00–18:00 uses 60; Mon 08:00 + 60 → 09:00 CEST.
    ['weekend roll-over: Fri 17:00 + 120 → Mon 09:00', OFFICE, '2025-06-06T15:00:00Z', 120, '2025-06-09T07:00:00.000Z'],
    // Wed 24 Dec 17:00 CET: 60 that day; 25 (fixed) and 26 (yearly) holidays; weekend; Mon 29 08:00 + 60.
    ['holiday roll-over: Wed 24 Dec 17:00 + 120 skips 25/26 Dec and the weekend → Mon 29 Dec 09:00', OFFICE, '2025-12-24T16:00:00Z', 120, '2025-12-29T08:00:00.000Z'],
    // Wed 31 Dec 17:30 CET: 30 that day; Thu 1 Jan 2026 is the yearly holiday; Fri 2 Jan 08:00 + 30.
    ['yearly holiday in the next year: Wed 31 Dec 17:30 + 60 skips 1 Jan → Fri 2 Jan 08:30', OFFICE, '2025-12-31T16:30:00Z', 60, '2026-01-02T07:30:00.000Z'],
    ['start before opening: Tue 06:00 + 30 → Tue 08:30', OFFICE, '2025-06-03T04:00:00Z', 30, '2025-06-03T06:30:00.000Z'],
    ['start after closing: Tue 20:00 + 30 → Wed 08:30', OFFICE, '2025-06-03T18:00:00Z', 30, '2025-06-04T06:30:00.000Z'],
    ['start on a Saturday: Sat 12:00 + 60 → Mon 09:00', OFFICE, '2025-06-07T10:00:00Z', 60, '2025-06-09T07:00:00.000Z'],
    ['start exactly at closing time: Fri 18:00 + 60 → Mon 09:00', OFFICE, '2025-06-06T16:00:00Z', 60, '2025-06-09T07:00:00.000Z'],
    ['target used up exactly at closing: Mon 08:00 + 600 → Mon 18:00, not Tue 08:00', OFFICE, '2025-06-02T06:00:00Z', 600, '2025-06-02T16:00:00.000Z'],
    ['one minute past a full day: Fri 08:00 + 601 → Mon 08:01', OFFICE, '2025-06-06T06:00:00Z', 601, '2025-06-09T06:01:00.000Z'],
    ['zero minutes returns the start, even outside hours', OFFICE, '2025-06-07T10:00:00Z', 0, '2025-06-07T10:00:00.000Z'],
    // 43 200 min = 72 days of 600 min: 14 weeks (70 days, to Fri 5 Sep) + Mon 8 + Tue 9 Sep, 18:00 CEST.
    ['30 business days: Mon 2 Jun 08:00 + 43200 → Tue 9 Sep 18:00', OFFICE, '2025-06-02T06:00:00Z', 43200, '2025-09-09T16:00:00.000Z'],
    // 72 working days from Mon 1 Sep: … Dec 1–5 (70), Mon 8 (71), Tue 9 Dec (72) at 18:00 CET after the October switch.
    ['30 business days across the October DST end: Mon 1 Sep 08:00 CEST → Tue 9 Dec 18:00 CET', OFFICE, '2025-09-01T06:00:00Z', 43200, '2025-12-09T17:00:00.000Z'],
    // Nov: 20 days; Dec 1–24: 18 (38); 29–31: 41; Jan 2: 42; Jan 5–30: 62; Feb 2–13: 72.
    ['30 business days across Christmas and New Year holidays: Mon 3 Nov 08:00 → Fri 13 Feb 2026 18:00', OFFICE, '2025-11-03T07:00:00Z', 43200, '2026-02-13T17:00:00.000Z'],
    // Opening hours are wall-clock: Monday after the March switch opens at 08:00 CEST = 06:00Z.
    ['DST start with office hours: Fri 28 Mar 17:00 CET + 120 → Mon 31 Mar 09:00 CEST', OFFICE, '2025-03-28T16:00:00Z', 120, '2025-03-31T07:00:00.000Z'],
    ['DST end with office hours: Fri 24 Oct 17:00 CEST + 120 → Mon 27 Oct 09:00 CET', OFFICE, '2025-10-24T15:00:00Z', 120, '2025-10-27T08:00:00.000Z'],
    // Sun 30 Mar 2025 00:00 CET = 29 Mar 23:00Z; 02:00→03:00 skipped, so 240 real minutes end at 05:00 CEST = 03:00Z.
    ['DST start in Berlin: Sunday 00:00 + 240 → 05:00 CEST (the night has only 5 h)', SUNDAY_NIGHT, '2025-03-29T23:00:00Z', 240, '2025-03-30T03:00:00.000Z'],
    ['DST start in Berlin: 300 minutes fill the shortened night up to 06:00 CEST', SUNDAY_NIGHT, '2025-03-29T23:00:00Z', 300, '2025-03-30T04:00:00.000Z'],
    ['DST start in Berlin: 301 minutes spill into the next Sunday 00:01 CEST', SUNDAY_NIGHT, '2025-03-29T23:00:00Z', 301, '2025-04-05T22:01:00.000Z'],
    // Sun 26 Oct 2025 00:00 CEST = 25 Oct 22:00Z; 240 real minutes → 02:00Z = 03:00 CET (02:00–03:00 happened twice).
    ['DST end in Berlin: Sunday 00:00 + 240 → 03:00 CET (the night has 7 h)', SUNDAY_NIGHT, '2025-10-25T22:00:00Z', 240, '2025-10-26T02:00:00.000Z'],
    ['DST end in Berlin: 420 minutes fill the lengthened night up to 06:00 CET', SUNDAY_NIGHT, '2025-10-25T22:00:00Z', 420, '2025-10-26T05:00:00.000Z'],
    // 02:30 does not exist on 30 Mar: the interval starts at the switch (03:00 CEST = 01:00Z).
    ['interval starting in the DST gap starts at the switch: + 1 → 03:01 CEST', SUNDAY_0230, '2025-03-29T12:00:00Z', 1, '2025-03-30T01:01:00.000Z'],
    // 02:30 exists twice on 26 Oct: the first one (CEST, 00:30Z) opens the interval.
    ['interval starting in the repeated hour uses its first occurrence: + 1 → 02:31 CEST', SUNDAY_0230, '2025-10-25T12:00:00Z', 1, '2025-10-26T00:31:00.000Z'],
    ['several intervals a day: Mon 11:30 + 60 skips lunch → 13:30', SPLIT, '2025-06-02T09:30:00Z', 60, '2025-06-02T11:30:00.000Z'],
    ['several intervals a day: start in the lunch break Mon 12:15 + 30 → 13:30', SPLIT, '2025-06-02T10:15:00Z', 30, '2025-06-02T11:30:00.000Z'],
    ['several intervals a day: used up exactly at the first interval end → 12:00', SPLIT, '2025-06-02T09:00:00Z', 60, '2025-06-02T10:00:00.000Z'],
    // Sat 7 Jun 23:00 CEST = 21:00Z: 60 to 24:00, then Sun 00:00 + 30.
    ['"24:00" end runs into the next day: Sat 23:00 + 90 → Sun 00:30', LATE, '2025-06-07T21:00:00Z', 90, '2025-06-07T22:30:00.000Z'],
    ['"24:00" end: Sat 23:00 + 180 is used up at Sun 02:00', LATE, '2025-06-07T21:00:00Z', 180, '2025-06-08T00:00:00.000Z'],
    ['"24:00" end: Sat 23:00 + 181 → next Sat 20:01', LATE, '2025-06-07T21:00:00Z', 181, '2025-06-14T18:01:00.000Z'],
    ['weekdays 00:00–24:00: Fri 23:00 + 120 → Mon 01:00', WEEKDAYS_UTC, '2025-06-06T23:00:00Z', 120, '2025-06-09T01:00:00.000Z'],
    ['24x7: + 60 minutes on a Saturday', '24x7', '2025-06-07T10:00:00Z', 60, '2025-06-07T11:00:00.000Z'],
    ['24x7: 30 days = 43200 real minutes, DST does not matter', '24x7', '2025-03-20T10:00:00Z', 43200, '2025-04-19T10:00:00.000Z'],
    ['an ISO string without offset means UTC', '24x7', '2025-06-07T10:00:00', 30, '2025-06-07T10:30:00.000Z'],
  ];

  it.each(cases)('%s', (_name, calendar, start, minutes, expected) => {
    const result = addBusinessMinutes(calendar, start, minutes);
    expect(result.toISO()).toBe(expected);
    expect(result.zoneName).toBe('UTC');
  });

  it('accepts DateTime and Date inputs', () => {
    const start = DateTime.fromISO('2025-06-06T17:00', {
      zone: 'Europe/Berlin',
    });
    expect(addBusinessMinutes(OFFICE, start, 120).toISO()).toBe(
      '2025-06-09T07:00:00.000Z',
    );
    expect(addBusinessMinutes(OFFICE, start.toJSDate(), 120).toISO()).toBe(
      '2025-06-09T07:00:00.000Z',
    );
  });

  it('a calendar parsed afresh (JSON copy) gives the same result; other holidays do not collide in the cache', () => {
    const copy = JSON.parse(JSON.stringify(OFFICE)) as BusinessCalendar;
    const noHolidays: BusinessCalendar = { ...copy, holidays: [] };
    // Wed 24 Dec 17:00 CET + 120: with holidays Mon 29 Dec 09:00, without Thu 25 Dec 09:00.
    expect(addBusinessMinutes(copy, '2025-12-24T16:00:00Z', 120).toISO()).toBe(
      '2025-12-29T08:00:00.000Z',
    );
    expect(
      addBusinessMinutes(noHolidays, '2025-12-24T16:00:00Z', 120).toISO(),
    ).toBe('2025-12-25T08:00:00.000Z');
  });

  it('rejects an invalid calendar, an invalid instant and a non-finite amount', () => {
    const bad = {
      timezone: 'Foo/Bar',
      hours: { mon: OFFICE_DAY },
    } as BusinessCalendar;
    expect(() => addBusinessMinutes(bad, '2025-06-02T07:00:00Z', 60)).toThrow(
      /calendar\.timezone: unknown IANA zone 'Foo\/Bar'/,
    );
    expect(() => addBusinessMinutes(OFFICE, 'yesterday', 60)).toThrow(
      RangeError,
    );
    expect(() =>
      addBusinessMinutes(OFFICE, '2025-06-02T07:00:00Z', NaN),
    ).toThrow(RangeError);
  });
});

type BetweenCase = [
  name: string,
  calendar: SlaCalendar,
  a: string,
  b: string,
  expected: number,
];

describe('businessMinutesBetween', () => {
  // prettier-ignore
  const cases: BetweenCase[] = [
    ['within one day: Mon 09:00 → 10:30', OFFICE, '2025-06-02T07:00:00Z', '2025-06-02T08:30:00Z', 90],
    ['over a weekend: Fri 17:00 → Mon 09:00 = 60 + 60', OFFICE, '2025-06-06T15:00:00Z', '2025-06-09T07:00:00Z', 120],
    ['reversed arguments give a negative figure', OFFICE, '2025-06-09T07:00:00Z', '2025-06-06T15:00:00Z', -120],
    ['fractional minutes: 30 seconds', OFFICE, '2025-06-02T07:00:00Z', '2025-06-02T07:00:30Z', 0.5],
    ['entirely outside hours: Sat → Sun', OFFICE, '2025-06-07T06:00:00Z', '2025-06-08T20:00:00Z', 0],
    // June 2025 in Berlin: 21 weekdays × 600.
    ['scheduled minutes of June 2025 (21 working days)', OFFICE, '2025-05-31T22:00:00Z', '2025-06-30T22:00:00Z', 12600],
    // December 2025: 23 weekdays minus Thu 25 (fixed) and Fri 26 (yearly) = 21 × 600.
    ['scheduled minutes of December 2025 minus two holidays', OFFICE, '2025-11-30T23:00:00Z', '2025-12-31T23:00:00Z', 12600],
    ['DST start: the Sunday night 00:00–06:00 lasts 300 minutes', SUNDAY_NIGHT, '2025-03-29T00:00:00Z', '2025-03-31T00:00:00Z', 300],
    ['DST end: the Sunday night 00:00–06:00 lasts 420 minutes', SUNDAY_NIGHT, '2025-10-25T00:00:00Z', '2025-10-27T00:00:00Z', 420],
    // 31 days × 1440 − 60 (March) / + 60 (October).
    ['every day 00:00–24:00 in Berlin: March 2025 has 44580 minutes', BERLIN_ALL_DAY, '2025-02-28T23:00:00Z', '2025-03-31T22:00:00Z', 44580],
    ['every day 00:00–24:00 in Berlin: October 2025 has 44700 minutes', BERLIN_ALL_DAY, '2025-09-30T22:00:00Z', '2025-10-31T23:00:00Z', 44700],
    ['interval starting in the DST gap: 03:00–05:00 CEST = 120', SUNDAY_0230, '2025-03-29T00:00:00Z', '2025-03-31T00:00:00Z', 120],
    ['interval starting in the repeated hour: 02:30 CEST–05:00 CET = 210', SUNDAY_0230, '2025-10-25T00:00:00Z', '2025-10-27T00:00:00Z', 210],
    ['several intervals a day: Mon 11:00 → 14:00 = 60 + 60', SPLIT, '2025-06-02T09:00:00Z', '2025-06-02T12:00:00Z', 120],
    ['"24:00" end: Sat 22:00 → Sun 01:00 = 120 + 60', LATE, '2025-06-07T20:00:00Z', '2025-06-07T23:00:00Z', 180],
    ['24x7: real minutes across DST', '24x7', '2025-03-29T00:00:00Z', '2025-03-31T00:00:00Z', 2880],
  ];

  it.each(cases)('%s', (_name, calendar, a, b, expected) => {
    expect(businessMinutesBetween(calendar, a, b)).toBe(expected);
  });
});

describe('isBusinessTime and weeklyBusinessMinutes', () => {
  it('tells whether an instant is inside working hours (start inclusive, end exclusive)', () => {
    expect(isBusinessTime(OFFICE, '2025-06-02T06:00:00Z')).toBe(true); // Mon 08:00
    expect(isBusinessTime(OFFICE, '2025-06-02T16:00:00Z')).toBe(false); // Mon 18:00
    expect(isBusinessTime(OFFICE, '2025-12-25T10:00:00Z')).toBe(false); // holiday
    expect(isBusinessTime('24x7', '2025-12-25T10:00:00Z')).toBe(true);
  });

  it('precomputes the nominal weekly minutes', () => {
    expect(weeklyBusinessMinutes(OFFICE)).toBe(3000);
    expect(weeklyBusinessMinutes(SPLIT)).toBe(2400);
    expect(weeklyBusinessMinutes('24x7')).toBe(10080);
  });
});

describe('validateCalendar', () => {
  // prettier-ignore
  const cases: Array<[name: string, calendar: unknown, errors: string[]]> = [
    ['24x7 is valid', '24x7', []],
    ['an office calendar with holidays is valid', OFFICE, []],
    ['touching intervals and 24:00 ends are valid', { timezone: 'UTC', hours: { mon: [['00:00', '12:00'], ['12:00', '24:00']] } }, []],
    ['an unknown zone is named', { timezone: 'Foo/Bar', hours: { mon: OFFICE_DAY } }, ["calendar.timezone: unknown IANA zone 'Foo/Bar'"]],
    ['a missing zone is reported', { hours: { mon: OFFICE_DAY } }, ["calendar.timezone: required, an IANA zone such as 'Europe/Berlin'"]],
    ['end before start', { timezone: 'UTC', hours: { mon: [['18:00', '08:00']] } }, ['calendar.hours.mon[0]: end must be after start']],
    ['end equal to start', { timezone: 'UTC', hours: { fri: [['08:00', '08:00']] } }, ['calendar.hours.fri[0]: end must be after start']],
    ['malformed start', { timezone: 'UTC', hours: { tue: [['25:00', '26:00']] } }, ["calendar.hours.tue[0]: start '25:00' is not a time HH:MM (00:00–23:59)", "calendar.hours.tue[0]: end '26:00' is not a time HH:MM (00:00–24:00)"]],
    ['24:00 is only an end', { timezone: 'UTC', hours: { tue: [['24:00', '24:00']] } }, ["calendar.hours.tue[0]: start '24:00' is not a time HH:MM (00:00–23:59)"]],
    ['24:30 is not a time', { timezone: 'UTC', hours: { tue: [['08:00', '24:30']] } }, ["calendar.hours.tue[0]: end '24:30' is not a time HH:MM (00:00–24:00)"]],
    ['not a pair', { timezone: 'UTC', hours: { sat: [['08:00']] } }, ['calendar.hours.sat[0]: must be a pair ["HH:MM", "HH:MM"]']],
    ['overlapping intervals', { timezone: 'UTC', hours: { wed: [['08:00', '12:00'], ['11:00', '13:00']] } }, ['calendar.hours.wed[1]: overlaps calendar.hours.wed[0]']],
    ['unknown weekday', { timezone: 'UTC', hours: { monday: OFFICE_DAY } }, ['calendar.hours.monday: unknown weekday (use mon, tue, wed, thu, fri, sat, sun)']],
    ['no working time at all', { timezone: 'UTC', hours: {} }, ["calendar.hours: at least one working interval is required (or use '24x7')"]],
    ['hours must be an object', { timezone: 'UTC', hours: [] }, ['calendar.hours: must be an object keyed by weekday (mon, tue, … sun)']],
    [
      'holiday formats (--02-29 is fine, --02-30 and 2025-13-01 are not)',
      { timezone: 'UTC', hours: { mon: OFFICE_DAY }, holidays: ['2025-13-01', '--02-30', '12-25', '--02-29', '2025-12-24'] },
      [
        "calendar.holidays[0]: must be a date 'YYYY-MM-DD' or a yearly date '--MM-DD' (got '2025-13-01')",
        "calendar.holidays[1]: must be a date 'YYYY-MM-DD' or a yearly date '--MM-DD' (got '--02-30')",
        "calendar.holidays[2]: must be a date 'YYYY-MM-DD' or a yearly date '--MM-DD' (got '12-25')",
      ],
    ],
    ['unknown field', { timezone: 'UTC', hours: { mon: OFFICE_DAY }, tz: 'x' }, ['calendar.tz: unknown field (allowed: timezone, hours, holidays)']],
    ['neither 24x7 nor an object', 'always', ["calendar: must be '24x7' or an object with timezone, hours and optional holidays"]],
  ];

  it.each(cases)('%s', (_name, calendar, errors) => {
    expect(validateCalendar(calendar)).toEqual(errors);
  });

  it('prefixes messages with the given path', () => {
    expect(
      validateCalendar(
        { timezone: 'Mars/Olympus', hours: { mon: OFFICE_DAY } },
        'sla.calendar',
      ),
    ).toEqual(["sla.calendar.timezone: unknown IANA zone 'Mars/Olympus'"]);
  });
});

// -------------------------------------------------------------------------------------------
// Cross-check against a deliberately naive reference that walks day by day with Luxon.
// Calendars here avoid interval boundaries inside DST gaps, where naive placement is ambiguous.
// -------------------------------------------------------------------------------------------

function referenceIntervals(
  cal: BusinessCalendar,
  date: DateTime,
): Array<[number, number]> {
  const iso = date.toISODate() as string;
  const yearly = `--${iso.slice(5)}`;
  if ((cal.holidays ?? []).some(h => h === iso || h === yearly)) return [];
  const key = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)[
    date.weekday - 1
  ];
  return (cal.hours[key] ?? []).map(([s, e]) => {
    const at = (t: string) => {
      if (t === '24:00')
        return date.plus({ days: 1 }).startOf('day').toMillis();
      const [h, m] = t.split(':').map(Number);
      return date.set({ hour: h, minute: m }).toMillis();
    };
    return [at(s), at(e)];
  });
}

function referenceBetween(cal: BusinessCalendar, a: number, b: number): number {
  let sum = 0;
  let day = DateTime.fromMillis(a, { zone: cal.timezone }).startOf('day');
  while (day.toMillis() < b) {
    for (const [s, e] of referenceIntervals(cal, day)) {
      sum += Math.max(0, Math.min(e, b) - Math.max(s, a));
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return sum / 60_000;
}

function referenceAdd(
  cal: BusinessCalendar,
  start: number,
  minutes: number,
): number {
  let remaining = minutes * 60_000;
  let day = DateTime.fromMillis(start, { zone: cal.timezone }).startOf('day');
  for (;;) {
    for (const [s, e] of referenceIntervals(cal, day)) {
      const from = Math.max(s, start);
      if (e <= from) continue;
      if (remaining <= e - from) return from + remaining;
      remaining -= e - from;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
}

function prng(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fast arithmetic agrees with a naive day-by-day walk', () => {
  const LORD_HOWE: BusinessCalendar = {
    // 30-minute DST shift, southern hemisphere.
    timezone: 'Australia/Lord_Howe',
    hours: {
      mon: [H('00:00', '24:00')],
      wed: [H('07:00', '19:30')],
      sun: [H('00:00', '24:00')],
    },
    holidays: ['--12-25', '2026-01-26'],
  };
  const NEW_YORK: BusinessCalendar = {
    timezone: 'America/New_York',
    hours: {
      sun: [H('00:00', '06:00')],
      tue: [H('09:00', '12:00'), H('13:00', '17:30')],
      sat: [H('20:00', '24:00')],
    },
    holidays: ['--07-04', '2025-11-27'],
  };
  const calendars: Array<[string, BusinessCalendar]> = [
    ['Berlin office', OFFICE],
    ['Berlin Sunday night', SUNDAY_NIGHT],
    ['Berlin all day', BERLIN_ALL_DAY],
    ['split hours', SPLIT],
    ['Lord Howe', LORD_HOWE],
    ['New York', NEW_YORK],
  ];
  const from = Date.UTC(2024, 10, 1);
  const span = 800 * 86_400_000;

  it.each(calendars)(
    '%s: 60 random deadlines up to 60 000 minutes or 20 weeks',
    (_n, cal) => {
      const random = prng(42);
      const longest = Math.min(60_000, 20 * weeklyBusinessMinutes(cal));
      for (let i = 0; i < 60; i++) {
        const start = from + Math.floor((random() * span) / 60_000) * 60_000;
        const minutes =
          i % 3 === 0
            ? 1 + Math.floor(random() * 600)
            : 1 + Math.floor(random() * longest);
        const expected = referenceAdd(cal, start, minutes);
        const actual = addBusinessMinutes(
          cal,
          new Date(start),
          minutes,
        ).toMillis();
        if (actual !== expected) {
          throw new Error(
            `${new Date(start).toISOString()} + ${minutes}: expected ${new Date(
              expected,
            ).toISOString()}, got ${new Date(actual).toISOString()}`,
          );
        }
        expect(
          businessMinutesBetween(cal, new Date(start), new Date(actual)),
        ).toBe(minutes);
      }
    },
  );

  it.each(calendars)('%s: 60 random spans up to 60 days', (_n, cal) => {
    const random = prng(7);
    for (let i = 0; i < 60; i++) {
      const a = from + Math.floor(random() * span);
      const b = a + Math.floor(random() * 60 * 86_400_000);
      expect(businessMinutesBetween(cal, new Date(a), new Date(b))).toBeCloseTo(
        referenceBetween(cal, a, b),
        9,
      );
    }
  });

  it('a ten-year target still matches (whole weeks are skipped, not walked)', () => {
    const start = Date.UTC(2025, 0, 1, 12);
    const minutes = 10 * 52 * 3000;
    expect(
      addBusinessMinutes(OFFICE, new Date(start), minutes).toMillis(),
    ).toBe(referenceAdd(OFFICE, start, minutes));
  });
});
