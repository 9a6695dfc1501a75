/*
 * Risk assessment of a change: the questionnaire, its weights and the scoring are shared with
 * the frontend's preview, so they are written once in itsm-common (`risk.ts`, where the
 * scoring table and decisions are documented); the domain re-exports them and adds the
 * validation of a request's answers.
 *
 * Pure module: no I/O, no clock.
 */
export {
  DEFAULT_RISK_CONFIG,
  RISK_WEIGHT_KEYS,
  assessRisk,
  riskLevelForScore,
} from '@backstage-itsm/plugin-itsm-common';
export type {
  RiskConfig,
  RiskContext,
  RiskThresholds,
  RiskWeights,
} from '@backstage-itsm/plugin-itsm-common';

const BOOLEAN_QUESTIONS = [
  'userFacing',
  'rollbackTested',
  'dataMigration',
  'peakHours',
] as const;
const COUNT_QUESTIONS = ['affectedComponents', 'recentFailedChanges'] as const;
const KNOWN_QUESTIONS: readonly string[] = [
  ...BOOLEAN_QUESTIONS,
  ...COUNT_QUESTIONS,
];

/**
 * Validates a questionnaire from a request body. Returns one message per problem, naming
 * the field (`riskAssessment.<question>`); an empty array means valid. Every question is
 * optional; unknown questions are refused.
 * @public
 */
export function validateRiskAnswers(answers: unknown): string[] {
  if (answers === undefined || answers === null) return [];
  if (typeof answers !== 'object' || Array.isArray(answers)) {
    return ['riskAssessment must be an object'];
  }
  const errors: string[] = [];
  const record = answers as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_QUESTIONS.includes(key)) {
      errors.push(
        `riskAssessment.${key} is not a known question (known: ${KNOWN_QUESTIONS.join(
          ', ',
        )})`,
      );
    }
  }
  for (const key of BOOLEAN_QUESTIONS) {
    const v = record[key];
    if (v !== undefined && typeof v !== 'boolean') {
      errors.push(`riskAssessment.${key} must be a boolean`);
    }
  }
  for (const key of COUNT_QUESTIONS) {
    const v = record[key];
    if (
      v !== undefined &&
      !(typeof v === 'number' && Number.isInteger(v) && v >= 0)
    ) {
      errors.push(`riskAssessment.${key} must be a non-negative integer`);
    }
  }
  return errors;
}
