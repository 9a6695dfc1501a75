import {
  parseImpactFields,
  parseNewSla,
  parseServiceFields,
  parseSlaFields,
} from './parseBody';

describe('body parsing', () => {
  it('passes impact and urgency through and adds no field that was not given', () => {
    expect(parseImpactFields({ title: 'x', impact: 2 })).toEqual({
      title: 'x',
      impact: 2,
    });
    const withoutImpact: { title: string; impact?: number } = { title: 'x' };
    expect(Object.keys(parseImpactFields(withoutImpact))).toEqual(['title']);
  });

  it('refuses an impact outside 1–3 should one get past the schema', () => {
    expect(() => parseImpactFields({ impact: 4 })).toThrow(
      'impact: must be one of 1, 2, 3',
    );
  });

  it('keeps weekly hours, a null maintenance window and a 24x7 calendar as given', () => {
    const hours = {
      mon: [
        ['08:00', '12:00'],
        ['13:00', '18:00'],
      ],
      sat: [],
    };
    expect(
      parseServiceFields({
        name: 'x',
        maintenanceWindow: { timezone: 'Europe/Berlin', hours },
      }),
    ).toEqual({
      name: 'x',
      maintenanceWindow: { timezone: 'Europe/Berlin', hours },
    });
    expect(
      parseServiceFields({ maintenanceWindow: null, criticality: 1 }),
    ).toEqual({
      maintenanceWindow: null,
      criticality: 1,
    });
    expect(parseNewSla({ name: 'x', calendar: '24x7' })).toEqual({
      name: 'x',
      calendar: '24x7',
    });
    expect(
      parseSlaFields({
        calendar: { timezone: 'UTC', hours, holidays: ['--12-25'] },
      }),
    ).toEqual({
      calendar: { timezone: 'UTC', hours, holidays: ['--12-25'] },
    });
    const withoutCalendar: { name: string; calendar?: '24x7' } = { name: 'x' };
    expect(Object.keys(parseSlaFields(withoutCalendar))).toEqual(['name']);
  });
});
