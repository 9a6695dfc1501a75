import { countsFor } from './generate';
import { BenchResults, DbResults, renderReport, targets } from './report';

function pairedResult(label: string, p95: number, catalogP95: number) {
  return {
    label,
    itsm: { n: 10, p50: p95 / 2, p95, max: p95, mean: p95 / 2 },
    catalog: {
      n: 10,
      p50: catalogP95 / 2,
      p95: catalogP95,
      max: catalogP95,
      mean: catalogP95 / 2,
    },
    ratioP95: Math.round((p95 / catalogP95) * 100) / 100,
    errors: 0,
    meanBytes: 2048,
  };
}

function db(overrides: Partial<DbResults> = {}): DbResults {
  return {
    db: 'PostgreSQL',
    dbVersion: 'PostgreSQL 15.20',
    load: { rows: { itsm_incidents: 4000 }, seconds: 3.2, catalogSeconds: 5 },
    paired: {
      summarySequential: pairedResult('entity summary, sequential', 20, 25),
      summaryConcurrent: pairedResult('entity summary, 8 concurrent', 90, 30),
      calendarMonth: pairedResult('change calendar, one month', 40, 20),
    },
    kpisAllYear: { ms: 1200, status: 200, rssBeforeMb: 300, rssAfterMb: 320 },
    alerts: {
      alerts: 100,
      alertsPerSecond: 60,
      rawInsertsPerSecond: 100,
      share: 0.6,
      lost: 0,
      duplicated: 0,
      errors: 0,
    },
    slaCheck: {
      first: { ms: 50_000, startedBy: 'schedule', timedOut: true },
      next: { ms: 400, startedBy: 'trigger', timedOut: false },
      openIncidents: 360,
    },
    rss: { afterLoadMb: 310, afterSummariesMb: 330, summaries: 200 },
    idleCpu: { percent: 0.4, seconds: 30 },
    errors: [],
    ...overrides,
  };
}

const verdictOf = (rows: ReturnType<typeof targets>, start: string) =>
  rows.find(r => r.target.startsWith(start))?.verdict;

describe('targets', () => {
  const rows = targets(db(), 'todo');

  it('compares each ratio with the issue’s bound', () => {
    expect(verdictOf(rows, 'entity summary, sequential')).toBe('held'); // 0.8×
    expect(verdictOf(rows, 'entity summary, 8 concurrent')).toBe('not held'); // 3×
    expect(verdictOf(rows, 'change calendar')).toBe('held'); // exactly 2×
  });

  it('says not measured where a figure is missing', () => {
    expect(verdictOf(rows, 'KPIs of one owner')).toBe('not measured');
    expect(verdictOf(rows, 'ITSM tab')).toBe('not measured');
    expect(verdictOf(rows, 'shipped backend')).toBe('not measured');
  });

  it('checks the absolute targets', () => {
    expect(verdictOf(rows, 'KPIs of everything')).toBe('not held'); // 1.2 s
    expect(verdictOf(rows, 'alert intake')).toBe('held'); // 60 %
    expect(verdictOf(rows, 'scheduled SLA check')).toBe('not held'); // first run timed out
    expect(verdictOf(rows, 'idle backend')).toBe('held');
  });

  it('does not hold a ratio measured with errors, nor alerts with one lost', () => {
    const withErrors = db();
    withErrors.paired.summarySequential = {
      ...withErrors.paired.summarySequential,
      errors: 3,
    };
    const lost = db({ alerts: { ...db().alerts!, lost: 1 } });
    expect(
      verdictOf(targets(withErrors, ''), 'entity summary, sequential'),
    ).toBe('not measured');
    expect(verdictOf(targets(lost, ''), 'alert intake')).toBe('not held');
  });
});

describe('renderReport', () => {
  const results: BenchResults = {
    startedAt: '2026-11-30T04:00:00.000Z',
    scale: 0.02,
    seed: 14,
    counts: countsFor(0.02),
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      ramGb: 23,
      node: 'v22.0.0',
      os: 'Linux 6',
      commit: 'abc1234',
    },
    bundle: { file: null, bytes: null, gzipBytes: null, note: 'no build' },
    tab: { measured: false, todo: 'TODO: Playwright' },
    databases: [db(), db({ db: 'SQLite', dbVersion: 'SQLite 3.45' })],
  };
  const md = renderReport(results);

  it('says the scale, and that a small one is not the full data set', () => {
    expect(md).toContain('**Scale 0.02: NOT the full data set**');
    expect(renderReport({ ...results, scale: 1 })).toContain(
      '**Full scale** (scale 1)',
    );
  });

  it('describes the machine and the data set', () => {
    expect(md).toContain('2 CPU cores (Test CPU), 23 GB RAM');
    expect(md).toContain('Node v22.0.0');
    expect(md).toContain('4,000 incidents over two years');
  });

  it('has a section per database with the rows of the issue’s table', () => {
    expect(md).toContain('## PostgreSQL (PostgreSQL 15.20)');
    expect(md).toContain('## SQLite (SQLite 3.45)');
    expect(md).toContain(
      '| entity summary, sequential | 10 ms | 20 ms | 12.5 ms | 25 ms | 0.8× | 10 |',
    );
    expect(md).toContain('| change calendar, one month (2 KiB answer) |');
    expect(md).toContain(
      '| KPIs of everything, one year | 1,200 ms, backend RSS +20 MB |',
    );
    expect(md).toContain('60 alerts/s (0 lost, 0 duplicated)');
    expect(md).toContain('60 % of raw single-row inserts (100 rows/s)');
    expect(md).toContain(
      'first run after start-up 50,000 ms (past its timeout), started by the schedule; next run 400 ms; 360 open incidents',
    );
    expect(md).toContain('0.4 % of a core over 30 s');
    expect(md).toContain(
      '310 MB after the load; 330 MB after 200 summary requests',
    );
  });

  it('gives the bundle sizes when a build exists', () => {
    const built = renderReport({
      ...results,
      bundle: {
        file: 'plugins/itsm/dist/index.esm.js',
        bytes: 10240,
        gzipBytes: 3072,
        entryModules: 12,
        totalGzipBytes: 46080,
        totalModules: 58,
      },
    });
    expect(built).toContain(
      'with its static imports (12 modules) 10 KiB, **3 KiB gzipped**; all 58 modules incl. the lazily loaded pages 45 KiB gzipped',
    );
  });

  it('marks each target', () => {
    expect(md).toContain(
      '| entity summary, 8 concurrent, p95 ≤ 1× catalog p95 | 3× | **not held** |',
    );
    expect(md).toContain('not measured: no build');
    expect(md).toContain('TODO: Playwright');
  });
});
