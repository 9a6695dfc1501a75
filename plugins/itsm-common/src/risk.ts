/*
 * Risk assessment of a change: a short questionnaire scored with configurable weights.
 *
 * Pure module: no I/O, no clock. The backend scores changes with it and the frontend previews
 * the score with the same function and the weights the backend is configured with (fetched
 * from `GET /changes/risk-model`, see `ItsmApi.getRiskModel`).
 *
 * Scoring (every weight is configurable under `itsm.changes.risk.weights`):
 *
 * | factor                | points                                                        |
 * |-----------------------|---------------------------------------------------------------|
 * | userFacing            | `userFacing` when `answers.userFacing === true`               |
 * | rollbackNotTested     | `rollbackNotTested` unless `answers.rollbackTested === true`  |
 * | dataMigration         | `dataMigration` when `answers.dataMigration === true`         |
 * | peakHours             | `peakHours` when `answers.peakHours === true`                 |
 * | affectedComponents    | `perAffectedComponent` × (components beyond the first)        |
 * | recentFailedChanges   | `perRecentFailedChange` × recent failed changes               |
 * | criticality           | `criticality` × (4 − service criticality): 1 → ×3 … 4 → ×0    |
 *
 * Decisions:
 * - An unanswered `rollbackTested` counts as "not tested": the rollback has to be affirmed.
 *   The other unanswered questions count as "no" / 0.
 * - The first affected component is the change itself and scores nothing; each further one
 *   adds `perAffectedComponent`.
 * - Level: `score >= thresholds.high` → high, `score >= thresholds.medium` → medium, else low.
 * - Standard changes are pre-approved: score 0, level low, a single reason saying so (the
 *   answers are kept as given).
 * - Emergency changes are scored exactly like normal ones.
 * - Only factors that add points appear in `reasons`.
 */
import type {
  ChangeType,
  Criticality,
  RiskAssessment,
  RiskAssessmentAnswers,
  RiskLevel,
  RiskReason,
} from './types';

/** Points per risk factor. @public */
export interface RiskWeights {
  userFacing: number;
  rollbackNotTested: number;
  dataMigration: number;
  peakHours: number;
  /** Per affected component beyond the first. */
  perAffectedComponent: number;
  perRecentFailedChange: number;
  /** Multiplied by (4 − criticality): criticality 1 adds 3×, 2 adds 2×, 3 adds 1×, 4 adds 0. */
  criticality: number;
}

/** Minimum scores of the medium and high levels (inclusive). @public */
export interface RiskThresholds {
  medium: number;
  high: number;
}

/** @public */
export interface RiskConfig {
  weights: RiskWeights;
  thresholds: RiskThresholds;
}

/** @public */
export const RISK_WEIGHT_KEYS: readonly (keyof RiskWeights)[] = [
  'userFacing',
  'rollbackNotTested',
  'dataMigration',
  'peakHours',
  'perAffectedComponent',
  'perRecentFailedChange',
  'criticality',
];

/**
 * Defaults: a user-facing change with a tested rollback on a criticality-3 service scores 3
 * (low); without a tested rollback 6 (medium); add a data migration and it is 9 (high).
 * @public
 */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  weights: {
    userFacing: 2,
    rollbackNotTested: 3,
    dataMigration: 3,
    peakHours: 2,
    perAffectedComponent: 1,
    perRecentFailedChange: 2,
    criticality: 1,
  },
  thresholds: { medium: 4, high: 8 },
};

/** @public */
export interface RiskContext {
  type: ChangeType;
  /** Criticality of the affected service (the most critical one); null when unknown. */
  criticality: Criticality | null;
}

const CRITICALITY_LABELS: Record<Criticality, string> = {
  1: 'most critical',
  2: 'high',
  3: 'medium',
  4: 'least critical',
};

/** Maps a score to a level with the (inclusive) thresholds. @public */
export function riskLevelForScore(
  score: number,
  thresholds: RiskThresholds,
): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

function count(value: number | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return 0;
  return Math.floor(value);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Scores the questionnaire of a change.
 * @public
 */
export function assessRisk(
  answers: RiskAssessmentAnswers,
  context: RiskContext,
  riskConfig: RiskConfig = DEFAULT_RISK_CONFIG,
): RiskAssessment {
  const given: RiskAssessmentAnswers = { ...(answers ?? {}) };

  if (context.type === 'standard') {
    return {
      answers: given,
      score: 0,
      level: 'low',
      reasons: [
        {
          factor: 'standard',
          points: 0,
          message: 'Standard change: pre-approved, low risk',
        },
      ],
    };
  }

  const w = riskConfig.weights;
  const reasons: RiskReason[] = [];
  const add = (factor: string, points: number, label: string) => {
    if (points > 0)
      reasons.push({ factor, points, message: `${label}: +${points}` });
  };

  if (given.userFacing === true)
    add('userFacing', w.userFacing, 'User-facing change');
  if (given.rollbackTested !== true) {
    add('rollbackNotTested', w.rollbackNotTested, 'No tested rollback');
  }
  if (given.dataMigration === true)
    add('dataMigration', w.dataMigration, 'Data migration');
  if (given.peakHours === true)
    add('peakHours', w.peakHours, 'During peak hours');

  const components = count(given.affectedComponents);
  if (components > 1) {
    add(
      'affectedComponents',
      (components - 1) * w.perAffectedComponent,
      plural(components, 'affected component', 'affected components'),
    );
  }

  const failed = count(given.recentFailedChanges);
  if (failed > 0) {
    add(
      'recentFailedChanges',
      failed * w.perRecentFailedChange,
      plural(failed, 'recent failed change', 'recent failed changes'),
    );
  }

  const crit = context.criticality;
  if (crit !== null && crit !== undefined && CRITICALITY_LABELS[crit]) {
    add(
      'criticality',
      (4 - crit) * w.criticality,
      `Service criticality ${crit} (${CRITICALITY_LABELS[crit]})`,
    );
  }

  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  return {
    answers: given,
    score,
    level: riskLevelForScore(score, riskConfig.thresholds),
    reasons,
  };
}

/**
 * Score and level of a change's questionnaire, for a preview while the form is filled in:
 * `assessRisk` without the reasons.
 * @public
 */
export function estimateRisk(
  answers: RiskAssessmentAnswers,
  type: ChangeType,
  criticality?: Criticality | null,
  riskConfig: RiskConfig = DEFAULT_RISK_CONFIG,
): { score: number; level: RiskLevel } {
  const { score, level } = assessRisk(
    answers,
    { type, criticality: criticality ?? null },
    riskConfig,
  );
  return { score, level };
}
