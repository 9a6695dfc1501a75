import { ConfigReader } from '@backstage/config';
import { DEFAULT_APPROVAL_POLICY } from './cabPolicy';
import { DEFAULT_CHANGE_CONFIG, readChangeConfig } from './config';
import { DEFAULT_RISK_CONFIG } from './risk';

const read = (changes: unknown) =>
  readChangeConfig(new ConfigReader({ itsm: { changes } } as any));

describe('readChangeConfig', () => {
  it('returns the defaults when nothing is configured', () => {
    expect(readChangeConfig(new ConfigReader({}))).toEqual({
      cabGroupRef: 'group:default/cab',
      risk: DEFAULT_RISK_CONFIG,
      approvalPolicy: DEFAULT_APPROVAL_POLICY,
      freezeWindows: [],
    });
    expect(readChangeConfig(new ConfigReader({ itsm: {} }))).toEqual(
      DEFAULT_CHANGE_CONFIG,
    );
    expect(read({})).toEqual(DEFAULT_CHANGE_CONFIG);
  });

  it('has the documented default policy and risk settings', () => {
    expect(DEFAULT_CHANGE_CONFIG.approvalPolicy).toEqual({
      standard: {
        cabApprovals: 0,
        ownerApproval: false,
        mandatoryReview: false,
      },
      normal: {
        low: { cabApprovals: 1, ownerApproval: false, mandatoryReview: false },
        medium: {
          cabApprovals: 2,
          ownerApproval: false,
          mandatoryReview: false,
        },
        high: {
          cabApprovals: 'majority',
          ownerApproval: true,
          mandatoryReview: false,
        },
      },
      emergency: {
        cabApprovals: 1,
        ownerApproval: false,
        mandatoryReview: true,
      },
    });
    expect(DEFAULT_CHANGE_CONFIG.risk.thresholds).toEqual({
      medium: 4,
      high: 8,
    });
  });

  it('reads the CAB group, normalizing shorthand refs', () => {
    expect(read({ cab: 'group:ops/change-board' }).cabGroupRef).toBe(
      'group:ops/change-board',
    );
    expect(read({ cab: 'Group:Default/CAB' }).cabGroupRef).toBe(
      'group:default/cab',
    );
    expect(read({ cab: 'change-board' }).cabGroupRef).toBe(
      'group:default/change-board',
    );
    expect(read({ cab: 'ops/change-board' }).cabGroupRef).toBe(
      'group:ops/change-board',
    );
  });

  it('refuses a CAB that is not a group', () => {
    expect(() => read({ cab: 'user:default/jane' })).toThrow(
      'itsm.changes.cab must refer to a Group entity',
    );
    expect(() => read({ cab: '' })).toThrow(/itsm\.changes\.cab/);
  });

  it('merges custom risk weights and thresholds over the defaults', () => {
    const cfg = read({
      risk: {
        weights: { dataMigration: 5, criticality: 2, peakHours: '4' },
        thresholds: { medium: 6, high: 12 },
      },
    });
    expect(cfg.risk).toEqual({
      weights: {
        ...DEFAULT_RISK_CONFIG.weights,
        dataMigration: 5,
        criticality: 2,
        peakHours: 4,
      },
      thresholds: { medium: 6, high: 12 },
    });
  });

  it('refuses thresholds.high <= thresholds.medium, naming the keys', () => {
    expect(() =>
      read({ risk: { thresholds: { medium: 5, high: 5 } } }),
    ).toThrow(
      'itsm.changes.risk.thresholds.high (5) must be greater than itsm.changes.risk.thresholds.medium (5)',
    );
    // Against the default medium (4).
    expect(() => read({ risk: { thresholds: { high: 3 } } })).toThrow(
      'itsm.changes.risk.thresholds.high (3) must be greater than itsm.changes.risk.thresholds.medium (4)',
    );
  });

  it('refuses negative or non-numeric weights, naming the key', () => {
    expect(() => read({ risk: { weights: { userFacing: -1 } } })).toThrow(
      'itsm.changes.risk.weights.userFacing must be a non-negative number, got -1',
    );
    expect(() =>
      read({ risk: { weights: { perAffectedComponent: 'lots' } } }),
    ).toThrow(
      'itsm.changes.risk.weights.perAffectedComponent must be a non-negative number',
    );
    expect(() => read({ risk: { thresholds: { medium: true } } })).toThrow(
      'itsm.changes.risk.thresholds.medium must be a non-negative number',
    );
  });

  it('merges approval policy rules key by key', () => {
    const cfg = read({
      approvalPolicy: {
        normal: {
          medium: { cabApprovals: 3 },
          high: { cabApprovals: 4, ownerApproval: false },
        },
        emergency: { cabApprovals: 'majority' },
        standard: { mandatoryReview: true },
      },
    });
    expect(cfg.approvalPolicy).toEqual({
      standard: {
        cabApprovals: 0,
        ownerApproval: false,
        mandatoryReview: true,
      },
      normal: {
        low: { cabApprovals: 1, ownerApproval: false, mandatoryReview: false },
        medium: {
          cabApprovals: 3,
          ownerApproval: false,
          mandatoryReview: false,
        },
        high: { cabApprovals: 4, ownerApproval: false, mandatoryReview: false },
      },
      emergency: {
        cabApprovals: 'majority',
        ownerApproval: false,
        mandatoryReview: true,
      },
    });
  });

  it('refuses invalid approval policy values, naming the key', () => {
    expect(() =>
      read({ approvalPolicy: { normal: { low: { cabApprovals: 1.5 } } } }),
    ).toThrow(
      'itsm.changes.approvalPolicy.normal.low.cabApprovals must be a non-negative integer or "majority", got 1.5',
    );
    expect(() =>
      read({ approvalPolicy: { emergency: { cabApprovals: 'most' } } }),
    ).toThrow('itsm.changes.approvalPolicy.emergency.cabApprovals');
    expect(() =>
      read({ approvalPolicy: { normal: { high: { ownerApproval: 'yes' } } } }),
    ).toThrow(
      'itsm.changes.approvalPolicy.normal.high.ownerApproval must be a boolean',
    );
    expect(() =>
      read({ approvalPolicy: { standard: { approvers: 2 } } }),
    ).toThrow(
      'itsm.changes.approvalPolicy.standard.approvers is not a known setting',
    );
  });

  it('reads freeze windows, normalized to UTC', () => {
    const cfg = read({
      freezeWindows: [
        {
          name: 'Year-end freeze',
          start: '2026-12-20T00:00:00Z',
          end: '2027-01-04T00:00:00Z',
        },
        {
          name: 'Payments release freeze',
          start: '2026-06-01T00:00:00+02:00',
          end: '2026-06-02T00:00:00+02:00',
          entityRefs: ['component:default/payments'],
        },
      ],
    });
    expect(cfg.freezeWindows).toEqual([
      {
        name: 'Year-end freeze',
        start: '2026-12-20T00:00:00.000Z',
        end: '2027-01-04T00:00:00.000Z',
      },
      {
        name: 'Payments release freeze',
        start: '2026-05-31T22:00:00.000Z',
        end: '2026-06-01T22:00:00.000Z',
        entityRefs: ['component:default/payments'],
      },
    ]);
  });

  it('refuses invalid freeze windows, naming the key', () => {
    const win = {
      name: 'X',
      start: '2026-12-20T00:00:00Z',
      end: '2027-01-04T00:00:00Z',
    };
    expect(() =>
      read({ freezeWindows: [win, { ...win, end: '2026-12-19T00:00:00Z' }] }),
    ).toThrow(
      'itsm.changes.freezeWindows[1].end (2026-12-19T00:00:00Z) must be after itsm.changes.freezeWindows[1].start (2026-12-20T00:00:00Z)',
    );
    expect(() =>
      read({ freezeWindows: [{ ...win, start: '2026-12-20T00:00:00' }] }),
    ).toThrow(
      'itsm.changes.freezeWindows[0].start must be an ISO 8601 instant with a timezone',
    );
    expect(() =>
      read({ freezeWindows: [{ ...win, start: '2026-13-45T00:00:00Z' }] }),
    ).toThrow('itsm.changes.freezeWindows[0].start is not a valid instant');
    expect(() => read({ freezeWindows: [{ ...win, name: '' }] })).toThrow(
      'itsm.changes.freezeWindows[0].name must be a non-empty string',
    );
    expect(() =>
      read({ freezeWindows: [{ ...win, entityRefs: 'component:default/x' }] }),
    ).toThrow(
      'itsm.changes.freezeWindows[0].entityRefs must be a list of entity refs',
    );
    expect(() => read({ freezeWindows: { name: 'X' } })).toThrow(
      'itsm.changes.freezeWindows must be a list',
    );
  });
});
