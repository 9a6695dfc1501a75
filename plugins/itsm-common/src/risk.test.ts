import {
  assessRisk,
  estimateRisk,
  DEFAULT_RISK_CONFIG,
  RiskConfig,
  riskLevelForScore,
} from './risk';

const normal = { type: 'normal' as const, criticality: null };

describe('assessRisk', () => {
  it('scores nothing for a harmless normal change with a tested rollback', () => {
    const result = assessRisk(
      { rollbackTested: true, affectedComponents: 1 },
      normal,
    );
    expect(result).toEqual({
      answers: { rollbackTested: true, affectedComponents: 1 },
      score: 0,
      level: 'low',
      reasons: [],
    });
  });

  it('counts an unanswered rollback as not tested', () => {
    const result = assessRisk({}, normal);
    expect(result.score).toBe(3);
    expect(result.reasons).toEqual([
      {
        factor: 'rollbackNotTested',
        points: 3,
        message: 'No tested rollback: +3',
      },
    ]);
  });

  it('scores every factor with the default weights and gives readable reasons', () => {
    const result = assessRisk(
      {
        userFacing: true,
        rollbackTested: false,
        dataMigration: true,
        peakHours: true,
        affectedComponents: 3,
        recentFailedChanges: 2,
      },
      { type: 'normal', criticality: 1 },
    );
    expect(result.reasons).toEqual([
      { factor: 'userFacing', points: 2, message: 'User-facing change: +2' },
      {
        factor: 'rollbackNotTested',
        points: 3,
        message: 'No tested rollback: +3',
      },
      { factor: 'dataMigration', points: 3, message: 'Data migration: +3' },
      { factor: 'peakHours', points: 2, message: 'During peak hours: +2' },
      {
        factor: 'affectedComponents',
        points: 2,
        message: '3 affected components: +2',
      },
      {
        factor: 'recentFailedChanges',
        points: 4,
        message: '2 recent failed changes: +4',
      },
      {
        factor: 'criticality',
        points: 3,
        message: 'Service criticality 1 (most critical): +3',
      },
    ]);
    expect(result.score).toBe(19);
    expect(result.level).toBe('high');
  });

  it('maps the documented default examples to low / medium / high', () => {
    const ctx = { type: 'normal' as const, criticality: 3 as const };
    expect(
      assessRisk({ userFacing: true, rollbackTested: true }, ctx),
    ).toMatchObject({
      score: 3,
      level: 'low',
    });
    expect(
      assessRisk({ userFacing: true, rollbackTested: false }, ctx),
    ).toMatchObject({
      score: 6,
      level: 'medium',
    });
    expect(
      assessRisk(
        { userFacing: true, rollbackTested: false, dataMigration: true },
        ctx,
      ),
    ).toMatchObject({ score: 9, level: 'high' });
  });

  it.each([
    [1, 3],
    [2, 2],
    [3, 1],
    [4, 0],
  ] as const)(
    'service criticality %i adds %i point(s) by default',
    (criticality, points) => {
      const base = assessRisk({ rollbackTested: true }, normal).score;
      const result = assessRisk(
        { rollbackTested: true },
        { type: 'normal', criticality },
      );
      expect(result.score - base).toBe(points);
      const reason = result.reasons.find(r => r.factor === 'criticality');
      // No reason at all when criticality adds nothing.
      expect(reason?.points).toBe(points === 0 ? undefined : points);
    },
  );

  it('lets criticality raise the level of the same answers', () => {
    const answers = {
      userFacing: true,
      rollbackTested: true,
      dataMigration: true,
    };
    expect(assessRisk(answers, { type: 'normal', criticality: 4 }).level).toBe(
      'medium',
    );
    expect(assessRisk(answers, { type: 'normal', criticality: 1 }).level).toBe(
      'high',
    );
  });

  it('uses custom weights and thresholds', () => {
    const custom: RiskConfig = {
      weights: {
        ...DEFAULT_RISK_CONFIG.weights,
        dataMigration: 10,
        rollbackNotTested: 0,
        criticality: 2,
      },
      thresholds: { medium: 5, high: 12 },
    };
    const result = assessRisk(
      { dataMigration: true },
      { type: 'normal', criticality: 2 },
      custom,
    );
    expect(result.reasons).toEqual([
      { factor: 'dataMigration', points: 10, message: 'Data migration: +10' },
      {
        factor: 'criticality',
        points: 4,
        message: 'Service criticality 2 (high): +4',
      },
    ]);
    expect(result.score).toBe(14);
    expect(result.level).toBe('high');

    expect(assessRisk({ dataMigration: true }, normal, custom)).toMatchObject({
      score: 10,
      level: 'medium',
    });
  });

  it('scores emergency changes like normal ones', () => {
    const answers = { userFacing: true, dataMigration: true };
    const n = assessRisk(answers, { type: 'normal', criticality: 2 });
    const e = assessRisk(answers, { type: 'emergency', criticality: 2 });
    expect(e).toEqual(n);
    expect(e.score).toBe(10);
  });

  it('makes standard changes low risk with a pre-approved reason', () => {
    const answers = {
      userFacing: true,
      dataMigration: true,
      rollbackTested: false,
    };
    const result = assessRisk(answers, { type: 'standard', criticality: 1 });
    expect(result).toEqual({
      answers,
      score: 0,
      level: 'low',
      reasons: [
        {
          factor: 'standard',
          points: 0,
          message: 'Standard change: pre-approved, low risk',
        },
      ],
    });
  });

  it('ignores nonsense counts defensively', () => {
    const result = assessRisk(
      {
        rollbackTested: true,
        affectedComponents: -4,
        recentFailedChanges: Number.NaN,
      },
      normal,
    );
    expect(result.score).toBe(0);
  });
});

describe('riskLevelForScore', () => {
  const t = { medium: 4, high: 8 };
  it.each([
    [0, 'low'],
    [3, 'low'],
    [3.5, 'low'],
    [4, 'medium'],
    [7, 'medium'],
    [8, 'high'],
    [100, 'high'],
  ] as const)('score %d → %s', (score, level) => {
    expect(riskLevelForScore(score, t)).toBe(level);
  });
});

describe('estimateRisk', () => {
  it('mirrors the default weights of the backend', () => {
    expect(estimateRisk({ rollbackTested: true }, 'normal')).toEqual({
      score: 0,
      level: 'low',
    });
    expect(estimateRisk({}, 'normal')).toEqual({ score: 3, level: 'low' });
    expect(estimateRisk({ userFacing: true }, 'normal', 3)).toEqual({
      score: 6,
      level: 'medium',
    });
    expect(
      estimateRisk(
        {
          dataMigration: true,
          peakHours: true,
          affectedComponents: 3,
          recentFailedChanges: 1,
        },
        'emergency',
      ),
    ).toEqual({ score: 3 + 3 + 2 + 2 + 2, level: 'high' });
    expect(estimateRisk({ dataMigration: true }, 'standard')).toEqual({
      score: 0,
      level: 'low',
    });
  });
});
