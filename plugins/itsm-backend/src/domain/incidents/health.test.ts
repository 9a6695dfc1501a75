import { healthFromIncidents } from './health';

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
      healthFromIncidents([{ state: 'in_progress', priority: 'P1', outage: null }]),
    ).toBe('major_outage');
    expect(
      healthFromIncidents([
        { state: 'new', priority: 'P3', outage: { start: '2026-01-01T00:00:00.000Z', end: null } },
      ]),
    ).toBe('major_outage');
  });
});
