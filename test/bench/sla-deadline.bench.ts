/*
 * Benchmark: cost of an SLA deadline (addBusinessMinutes) for a short and a long target.
 *
 *   npx ts-node --transpile-only test/bench/sla-deadline.bench.ts
 *
 * Prints µs/op and ops/s for a 1-hour and a 30-day (43 200 business minutes) target, for a
 * 24x7 calendar and a Mon–Fri 08:00–18:00 Europe/Berlin calendar with holidays. The engine
 * skips whole weeks arithmetically, so the 30-day figure should stay within a small factor of
 * the 1-hour one. No assertions: timings depend on the machine.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @backstage/no-relative-monorepo-imports */

// The repository's tsconfig emits ES modules (module ES2020, moduleResolution bundler), which
// ts-node's CommonJS hook cannot run (Node then falls back to its ESM loader, which rejects the
// engine's extensionless imports). So: register ts-node once more with CommonJS output, and use
// require() here, no import statements (an import would make this file an ES module again).
require('ts-node').register({
  transpileOnly: true,
  compilerOptions: { module: 'commonjs', moduleResolution: 'node' },
});

type SlaCalendar = import('@backstage-itsm/plugin-itsm-common').SlaCalendar;
const { addBusinessMinutes } =
  require('../../plugins/itsm-backend/src/domain/sla') as typeof import('../../plugins/itsm-backend/src/domain/sla');

const office = ['08:00', '18:00'] as [string, string];
const CALENDARS: Array<{ name: string; calendar: SlaCalendar }> = [
  { name: '24x7', calendar: '24x7' },
  {
    name: 'Mon–Fri 08–18 Europe/Berlin + holidays',
    calendar: {
      timezone: 'Europe/Berlin',
      hours: {
        mon: [office],
        tue: [office],
        wed: [office],
        thu: [office],
        fri: [office],
      },
      holidays: [
        '--01-01',
        '2025-04-18',
        '2025-04-21',
        '--05-01',
        '2025-05-29',
        '2025-06-09',
        '--10-03',
        '--12-24',
        '--12-25',
        '--12-26',
        '--12-31',
        '2026-04-03',
        '2026-04-06',
        '2026-05-14',
        '2026-05-25',
      ],
    },
  },
];
const TARGETS: Array<{ name: string; minutes: number }> = [
  { name: '1 h', minutes: 60 },
  { name: '30 d', minutes: 30 * 24 * 60 },
];

// 1 000 start instants spread over 2025 (every 8 h 45 min 17 s), inside and outside hours,
// across both DST changes and the holidays.
const STARTS: string[] = [];
for (let i = 0; i < 1000; i++) {
  STARTS.push(
    new Date(
      Date.UTC(2025, 0, 1) + i * (8 * 3600 + 45 * 60 + 17) * 1000,
    ).toISOString(),
  );
}

let sink = 0;

function measure(
  calendar: SlaCalendar,
  minutes: number,
): { nsPerOp: number; iterations: number } {
  // Warm up (JIT, Luxon zone caches, per-calendar day cache).
  for (const s of STARTS)
    sink += addBusinessMinutes(calendar, s, minutes).toMillis() % 7;
  let iterations = 0;
  const budgetNs = 700_000_000n; // ~0.7 s per cell
  const t0 = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < budgetNs) {
    for (let i = 0; i < STARTS.length; i++) {
      sink += addBusinessMinutes(calendar, STARTS[i], minutes).toMillis() % 7;
    }
    iterations += STARTS.length;
    elapsed = process.hrtime.bigint() - t0;
  }
  return { nsPerOp: Number(elapsed) / iterations, iterations };
}

function fmt(nsPerOp: number): string {
  const us = nsPerOp / 1000;
  const ops = 1e9 / nsPerOp;
  return `${us.toFixed(2).padStart(8)} µs/op ${Math.round(ops)
    .toLocaleString('en-US')
    .padStart(10)} ops/s`;
}

function main(): void {
  console.log(
    `SLA deadline benchmark (node ${process.version}, ${STARTS.length} distinct starts)`,
  );
  console.log('');
  const header = `${'calendar'.padEnd(40)} | ${TARGETS.map(t =>
    `target ${t.name}`.padEnd(33),
  ).join(' | ')} | 30 d / 1 h`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const { name, calendar } of CALENDARS) {
    const results = TARGETS.map(t => measure(calendar, t.minutes));
    const ratio = results[1].nsPerOp / results[0].nsPerOp;
    console.log(
      `${name.padEnd(40)} | ${results
        .map(r => fmt(r.nsPerOp).padEnd(33))
        .join(' | ')} | ${ratio.toFixed(2)}×`,
    );
  }
  console.log('');
  console.log(`(checksum ${sink})`);
}

main();
