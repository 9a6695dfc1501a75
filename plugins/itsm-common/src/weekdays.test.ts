import { WEEKDAYS } from './weekdays';

describe('WEEKDAYS', () => {
  it('lists the seven days in ISO order, Monday first', () => {
    expect(WEEKDAYS).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });
});
