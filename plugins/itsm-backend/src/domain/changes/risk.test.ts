import { validateRiskAnswers } from './risk';

describe('validateRiskAnswers', () => {
  it('accepts valid, partial and missing answers', () => {
    expect(
      validateRiskAnswers({
        userFacing: false,
        rollbackTested: true,
        dataMigration: false,
        peakHours: true,
        affectedComponents: 0,
        recentFailedChanges: 3,
      }),
    ).toEqual([]);
    expect(validateRiskAnswers({})).toEqual([]);
    expect(validateRiskAnswers(undefined)).toEqual([]);
  });

  it('names every invalid field', () => {
    expect(
      validateRiskAnswers({
        userFacing: 'yes',
        affectedComponents: -1,
        recentFailedChanges: 1.5,
        blastRadius: 3,
      }),
    ).toEqual([
      'riskAssessment.blastRadius is not a known question (known: userFacing, rollbackTested, dataMigration, peakHours, affectedComponents, recentFailedChanges)',
      'riskAssessment.userFacing must be a boolean',
      'riskAssessment.affectedComponents must be a non-negative integer',
      'riskAssessment.recentFailedChanges must be a non-negative integer',
    ]);
  });

  it('refuses non-objects', () => {
    expect(validateRiskAnswers([true])).toEqual([
      'riskAssessment must be an object',
    ]);
    expect(validateRiskAnswers('high')).toEqual([
      'riskAssessment must be an object',
    ]);
  });
});
