/* The scale benchmark's report: every figure of issue #14's table and each target held or not. */
import type { BundleSize } from './bundle';
import { DatasetCounts } from './generate';
import type { AlertIntakeResult, PairedResult, SlaCheckRun } from './measure';

export interface DbResults {
  db: string;
  dbVersion: string;
  load: {
    rows: Record<string, number>;
    seconds: number;
    catalogSeconds: number;
  };
  paired: Record<string, PairedResult & { label: string }>;
  kpisAllYear?: {
    ms: number;
    status: number;
    rssBeforeMb: number;
    rssAfterMb: number;
  };
  alerts?: AlertIntakeResult;
  slaCheck?: { first: SlaCheckRun; next: SlaCheckRun; openIncidents: number };
  rss?: { afterLoadMb: number; afterSummariesMb?: number; summaries?: number };
  idleCpu?: { percent: number; seconds: number };
  errors: string[];
}

export interface BenchResults {
  startedAt: string;
  scale: number;
  seed: number;
  counts: DatasetCounts;
  machine: {
    cpus: number;
    cpuModel: string;
    ramGb: number;
    node: string;
    os: string;
    commit: string;
  };
  bundle: BundleSize;
  tab: { measured: false; todo: string };
  databases: DbResults[];
}

export type Verdict = 'held' | 'not held' | 'not measured';

export interface TargetRow {
  target: string;
  figure: string;
  verdict: Verdict;
}

const fmt = (v: number | null | undefined, unit = '', digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : `${Number(v.toFixed(digits)).toLocaleString('en-US')}${unit}`;
const ms = (v: number | null | undefined) => fmt(v, ' ms');
const x = (v: number | null | undefined) => fmt(v, '×', 2);

function verdict(ok: boolean | null): Verdict {
  if (ok === null) return 'not measured';
  return ok ? 'held' : 'not held';
}

function ratioTarget(
  r: DbResults,
  key: string,
  max: number,
  label: string,
): TargetRow {
  const p = r.paired[key];
  const ok =
    p && p.errors === 0 && p.ratioP95 !== null ? p.ratioP95 <= max : null;
  return {
    target: `${label} p95 ≤ ${max}× catalog p95`,
    figure: p ? x(p.ratioP95) : '–',
    verdict: verdict(ok),
  };
}

/** The issue's targets, evaluated for one database. */
export function targets(r: DbResults, tabTodo: string): TargetRow[] {
  const rows: TargetRow[] = [
    {
      target:
        'shipped backend (search included) runs an hour with the full data set, stable memory',
      figure: 'not run in this suite yet',
      verdict: 'not measured',
    },
    ratioTarget(r, 'summarySequential', 1.0, 'entity summary, sequential,'),
    ratioTarget(r, 'summaryConcurrent', 1.0, 'entity summary, 8 concurrent,'),
    ratioTarget(
      r,
      'incidentsFiltered',
      2,
      'incident list first page, filtered,',
    ),
    ratioTarget(r, 'incidentsQWord', 2, 'incident list, free text (a word),'),
    ratioTarget(
      r,
      'incidentsQNumber',
      2,
      'incident list, free text (an INC number),',
    ),
    ratioTarget(r, 'kpisOwner90d', 2, 'KPIs of one owner, 90 days,'),
  ];
  const k = r.kpisAllYear;
  rows.push({
    target: 'KPIs of everything, one year: < 1 s, RSS growth < 50 MB',
    figure: k
      ? `${ms(k.ms)}, RSS +${fmt(k.rssAfterMb - k.rssBeforeMb, ' MB')}`
      : '–',
    verdict: verdict(
      k && k.status === 200
        ? k.ms < 1000 && k.rssAfterMb - k.rssBeforeMb < 50
        : null,
    ),
  });
  rows.push(ratioTarget(r, 'calendarMonth', 2, 'change calendar, one month,'));
  const a = r.alerts;
  rows.push({
    target:
      'alert intake ≥ 50 % of raw single-row inserts, 0 lost, 0 duplicated',
    figure: a
      ? `${fmt((a.share ?? NaN) * 100, ' %')} (${fmt(
          a.alertsPerSecond,
        )} vs ${fmt(a.rawInsertsPerSecond)}/s), ${a.lost} lost, ${
          a.duplicated
        } duplicated`
      : '–',
    verdict: verdict(
      a
        ? a.share !== null &&
            a.share >= 0.5 &&
            a.lost === 0 &&
            a.duplicated === 0 &&
            a.errors === 0
        : null,
    ),
  });
  rows.push({
    target:
      'ITSM tab data rendered ≤ 1.2× the Overview tab (headless Chromium)',
    figure: tabTodo,
    verdict: 'not measured',
  });
  const s = r.slaCheck;
  const runs = s ? [s.first, s.next] : [];
  rows.push({
    target: 'scheduled SLA check < 1 s a run',
    figure: s
      ? `first ${ms(s.first.ms)}${
          s.first.timedOut ? ' (timed out)' : ''
        }, next ${ms(s.next.ms)}`
      : '–',
    verdict: verdict(
      s
        ? runs.every(run => run.ms !== null && !run.timedOut && run.ms < 1000)
        : null,
    ),
  });
  rows.push({
    target: 'idle backend < 1 % of a core',
    figure: r.idleCpu
      ? `${fmt(r.idleCpu.percent, ' %')} over ${r.idleCpu.seconds} s`
      : '–',
    verdict: verdict(r.idleCpu ? r.idleCpu.percent < 1 : null),
  });
  return rows;
}

/** Text safe inside a markdown table cell. */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

function pairedRow(
  p: (PairedResult & { label: string }) | undefined,
  extra = '',
): string {
  if (!p) return '';
  const errors = p.errors
    ? ` ⚠ ${p.errors} errors (${cell(p.firstError ?? '')})`
    : '';
  return `| ${p.label}${extra} | ${ms(p.itsm.p50)} | ${ms(p.itsm.p95)} | ${ms(
    p.catalog.p50,
  )} | ${ms(p.catalog.p95)} | ${x(p.ratioP95)} | ${p.itsm.n}${errors} |`;
}

function dbSection(r: DbResults, tabTodo: string): string {
  const lines: string[] = [];
  lines.push(`## ${r.db} (${r.dbVersion})`, '');
  lines.push(
    `Loaded in ${fmt(
      r.load.seconds,
      ' s',
    )} (ITSM rows, batched) after the catalog ingested the entities in ${fmt(
      r.load.catalogSeconds,
      ' s',
    )}: ` +
      Object.entries(r.load.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
        .join(', ') +
      '.',
    '',
  );
  lines.push(
    '| request | p50 | p95 | catalog p50 | catalog p95 | vs catalog p95 | samples |',
    '|---|---|---|---|---|---|---|',
  );
  const order = [
    'summarySequential',
    'summaryConcurrent',
    'incidentsQWord',
    'incidentsQNumber',
    'incidentsFirstPage',
    'incidentsFiltered',
    'calendarMonth',
    'kpisOwner90d',
  ];
  for (const key of order) {
    const p = r.paired[key];
    if (!p) continue;
    lines.push(
      pairedRow(
        p,
        key === 'calendarMonth'
          ? ` (${fmt(p.meanBytes / 1024, ' KiB')} answer)`
          : '',
      ),
    );
  }
  const k = r.kpisAllYear;
  lines.push(
    `| KPIs of everything, one year | ${
      k
        ? `${ms(k.ms)}, backend RSS +${fmt(
            k.rssAfterMb - k.rssBeforeMb,
            ' MB',
          )}${k.status === 200 ? '' : ` ⚠ ${k.status}`}`
        : '–'
    } | | | | | 1 |`,
  );
  const a = r.alerts;
  lines.push(
    `| alert intake, new alerts | ${
      a
        ? `${fmt(a.alertsPerSecond)} alerts/s (${a.lost} lost, ${
            a.duplicated
          } duplicated${
            a.errors
              ? `, ⚠ ${a.errors} errors: ${cell(a.firstError ?? '')}`
              : ''
          })`
        : '–'
    } | | | | ${
      a
        ? `${fmt(
            (a.share ?? NaN) * 100,
            ' %',
          )} of raw single-row inserts (${fmt(a.rawInsertsPerSecond)} rows/s)`
        : ''
    } | ${a?.alerts ?? ''} |`,
  );
  const s = r.slaCheck;
  lines.push(
    `| scheduled SLA check | ${
      s
        ? `first run after start-up ${ms(s.first.ms)}${
            s.first.timedOut ? ' (past its timeout)' : ''
          }${
            s.first.error ? ` (${cell(s.first.error.slice(0, 80))})` : ''
          }, started by the ${s.first.startedBy}; next run ${ms(
            s.next.ms,
          )}; ${s.openIncidents.toLocaleString('en-US')} open incidents`
        : '–'
    } | | | | | 2 |`,
  );
  lines.push(
    `| idle backend | ${
      r.idleCpu
        ? `${fmt(r.idleCpu.percent, ' %')} of a core over ${
            r.idleCpu.seconds
          } s`
        : '–'
    } | | | | | |`,
  );
  const rss = r.rss;
  lines.push(
    `| backend RSS | ${
      rss
        ? `${fmt(rss.afterLoadMb, ' MB')} after the load; ${
            rss.afterSummariesMb !== undefined
              ? `${fmt(
                  rss.afterSummariesMb,
                  ' MB',
                )} after ${rss.summaries?.toLocaleString(
                  'en-US',
                )} summary requests`
              : '–'
          }`
        : '–'
    } | | | | | |`,
  );
  lines.push(
    '',
    '### Targets',
    '',
    '| target | figure | verdict |',
    '|---|---|---|',
  );
  for (const t of targets(r, tabTodo))
    lines.push(`| ${t.target} | ${t.figure} | **${t.verdict}** |`);
  if (r.errors.length) {
    lines.push(
      '',
      '### Errors of the run',
      '',
      ...r.errors.map(e => `- ${e.replace(/\n/g, ' ').slice(0, 400)}`),
    );
  }
  return lines.join('\n');
}

export function renderReport(b: BenchResults): string {
  const full = b.scale === 1;
  const c = b.counts;
  const head = [
    '# Scale benchmark (issue #14)',
    '',
    full
      ? `**Full scale** (scale 1), seed ${b.seed}, run ${b.startedAt}, commit ${b.machine.commit}.`
      : `**Scale ${b.scale}: NOT the full data set** (a small-scale run proving the harness; the full-scale figures come from \`./dev bench\` with the default \`--scale 1\`). Seed ${b.seed}, run ${b.startedAt}, commit ${b.machine.commit}.`,
    '',
    `Data set: ${c.components.toLocaleString(
      'en-US',
    )} catalog components (owned by ${
      c.groups
    } groups) with one ITSM service each, ${c.incidents.toLocaleString(
      'en-US',
    )} incidents over two years, ${c.changes.toLocaleString(
      'en-US',
    )} changes, ${c.problems.toLocaleString('en-US')} problems.`,
    '',
    `Machine: ${b.machine.cpus} CPU cores (${b.machine.cpuModel}), ${b.machine.ramGb} GB RAM, ${b.machine.os}, Node ${b.machine.node}; shared with other work during the run, so compare the ratios, not the absolute times.`,
    '',
    `Every latency row alternates the ITSM request with the catalog's \`GET /api/catalog/entities/by-name/component/default/<name>\` on the same backend; "vs catalog p95" is the ITSM p95 over the catalog p95 of the same row.`,
    '',
    `Frontend bundle (plugins/itsm production build, \`backstage-cli package build\`): ${
      b.bundle.gzipBytes !== null
        ? `the entry \`${b.bundle.file}\` with its static imports (${
            b.bundle.entryModules
          } modules) ${fmt(b.bundle.bytes! / 1024, ' KiB')}, **${fmt(
            b.bundle.gzipBytes / 1024,
            ' KiB',
          )} gzipped**; all ${
            b.bundle.totalModules
          } modules incl. the lazily loaded pages ${fmt(
            (b.bundle.totalGzipBytes ?? NaN) / 1024,
            ' KiB',
          )} gzipped`
        : `not measured: ${b.bundle.note}`
    }.`,
    '',
    `ITSM tab vs Overview tab in headless Chromium: not measured. ${b.tab.todo}`,
    '',
  ];
  return `${[
    ...head,
    ...b.databases.map(d => dbSection(d, 'not measured (see above)')),
  ].join('\n')}\n`;
}
