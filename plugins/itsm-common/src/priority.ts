import { Impact, Priority, Urgency } from './types';

/**
 * The standard ITIL 3×3 priority matrix. Priority is always derived from impact and urgency;
 * nobody types it in.
 *
 * |            | urgency 1 | urgency 2 | urgency 3 |
 * |------------|-----------|-----------|-----------|
 * | impact 1   | P1        | P2        | P3        |
 * | impact 2   | P2        | P3        | P4        |
 * | impact 3   | P3        | P4        | P4        |
 *
 * @public
 */
export function priorityFor(impact: Impact, urgency: Urgency): Priority {
  const sum = impact + urgency;
  if (sum <= 2) return 'P1';
  if (sum === 3) return 'P2';
  if (sum === 4) return 'P3';
  return 'P4';
}
