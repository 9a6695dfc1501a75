/* The statistics of the scale benchmark: percentiles, summaries and ratios of latency samples. */

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p % of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** p50, p95, max and mean of latencies in ms, rounded to 0.1 ms. */
export function summarize(samples: readonly number[]): LatencySummary {
  const round = (v: number) => Math.round(v * 10) / 10;
  const mean = samples.length
    ? samples.reduce((a, b) => a + b, 0) / samples.length
    : Number.NaN;
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
    mean: round(mean),
  };
}

/** a / b rounded to two decimals; null when either is missing or b is 0. */
export function ratio(
  a: number | null | undefined,
  b: number | null | undefined,
): number | null {
  if (a === null || a === undefined || b === null || b === undefined)
    return null;
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}

/** CPU use in percent of one core from two readings of /proc/<pid>/stat ticks. */
export function cpuPercent(
  ticksBefore: number,
  ticksAfter: number,
  seconds: number,
  ticksPerSecond = 100,
): number {
  if (seconds <= 0) return Number.NaN;
  return (
    Math.round(((ticksAfter - ticksBefore) / ticksPerSecond / seconds) * 1000) /
    10
  );
}
