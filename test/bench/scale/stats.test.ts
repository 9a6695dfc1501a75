import { cpuPercent, percentile, ratio, summarize } from './stats';

describe('percentile', () => {
  it('takes the nearest rank of the sorted samples', () => {
    const samples = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(100);
    expect(percentile(samples, 90)).toBe(90);
    expect(percentile(samples, 0)).toBe(10);
  });

  it('is the only value of a single sample and NaN of none', () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('gives p50, p95, max and mean rounded to 0.1 ms', () => {
    // 1.04 … 100.04: the ranks pick 50.04 and 95.04, shown as 50 and 95.
    const samples = Array.from({ length: 100 }, (_, i) => i + 1.04);
    expect(summarize(samples)).toEqual({
      n: 100,
      p50: 50,
      p95: 95,
      max: 100,
      mean: 50.5,
    });
  });
});

describe('ratio', () => {
  it('divides and rounds to two decimals', () => {
    expect(ratio(240, 30)).toBe(8);
    expect(ratio(1, 3)).toBe(0.33);
  });

  it('is null when a side is missing or the divisor is 0', () => {
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(Number.NaN, 3)).toBeNull();
  });
});

describe('cpuPercent', () => {
  it('turns clock ticks over a window into percent of one core', () => {
    // 33 ticks of 10 ms in 30 s: 0.33 s of CPU, 1.1 % of a core.
    expect(cpuPercent(1000, 1033, 30)).toBe(1.1);
    expect(cpuPercent(0, 0, 30)).toBe(0);
  });
});
