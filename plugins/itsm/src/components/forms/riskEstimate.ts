import type {
  ChangeType,
  Criticality,
  RiskAssessmentAnswers,
  RiskLevel,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * A local preview of the change risk, with the backend's default weights and thresholds
 * (`userFacing` 2, untested rollback 3, data migration 3, peak hours 2, 1 per affected
 * component beyond the first, 2 per recent failed change, criticality 4 − c; medium from 4,
 * high from 8). The backend may be configured differently: it is shown as an estimate, the
 * server's `riskAssessment` is what counts.
 */
export function estimateRisk(
  answers: RiskAssessmentAnswers,
  type: ChangeType,
  criticality?: Criticality | null,
): { score: number; level: RiskLevel } {
  if (type === 'standard') return { score: 0, level: 'low' };
  let score = 0;
  if (answers.userFacing) score += 2;
  if (answers.rollbackTested !== true) score += 3;
  if (answers.dataMigration) score += 3;
  if (answers.peakHours) score += 2;
  const components = Math.max(0, Math.floor(answers.affectedComponents ?? 0));
  if (components > 1) score += components - 1;
  const failed = Math.max(0, Math.floor(answers.recentFailedChanges ?? 0));
  score += failed * 2;
  if (criticality) score += 4 - criticality;
  let level: RiskLevel = 'low';
  if (score >= 8) level = 'high';
  else if (score >= 4) level = 'medium';
  return { score, level };
}
