/*
 * Checks (named invariants with pass/fail and the evidence), figures, and the report: printed,
 * written as results JSON for scripts/test-all.sh, and as Markdown (test/RELIABILITY.md only
 * on a deliberate `--write`).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Check {
  phase: string;
  name: string;
  ok: boolean;
  detail: string;
}

export class Report {
  readonly checks: Check[] = [];
  readonly figures: Record<string, Record<string, string | number>> = {};
  readonly started = new Date();

  constructor(readonly meta: Record<string, string | number>) {}

  check(phase: string, name: string, ok: boolean, detail = ''): boolean {
    this.checks.push({ phase, name, ok, detail });
    const mark = ok ? 'PASS' : 'FAIL';
    // One line per check here; the whole evidence of a failure is printed again at the end.
    const first = detail.split('\n')[0];
    console.log(
      `  [${mark}] ${phase}: ${name}${
        first && first.length < 240 ? ` — ${first}` : ''
      }`,
    );
    return ok;
  }

  figure(phase: string, key: string, value: string | number) {
    (this.figures[phase] ??= {})[key] = value;
  }

  /** The figures on the console, one per line (the per-operation fuzz counts only in the files). */
  printFigures() {
    console.log('\nfigures:');
    for (const [phase, figs] of Object.entries(this.figures)) {
      for (const [k, v] of Object.entries(figs)) {
        if (phase === 'fuzz' && /^[a-z]+[A-Z]/.test(k)) continue;
        console.log(`  ${phase} | ${k}: ${v}`);
      }
    }
  }

  get failed(): Check[] {
    return this.checks.filter(c => !c.ok);
  }

  json() {
    return {
      meta: this.meta,
      startedAt: this.started.toISOString(),
      finishedAt: new Date().toISOString(),
      stats: {
        passed: this.checks.length - this.failed.length,
        failed: this.failed.length,
      },
      figures: this.figures,
      checks: this.checks,
    };
  }

  markdown(): string {
    const j = this.json();
    const lines = [
      '# Reliability campaign',
      '',
      'Written by `./dev reliability --long --write` (see `test/reliability/README.md`). The CI run',
      '(`./dev reliability`, part of `./dev test`) writes the same report to',
      '`test/reliability/artifacts/` instead, so it never changes the tree.',
      '',
      '| | |',
      '| --- | --- |',
      ...Object.entries(j.meta).map(([k, v]) => `| ${k} | ${v} |`),
      `| started | ${j.startedAt} |`,
      `| finished | ${j.finishedAt} |`,
      `| checks | ${j.stats.passed} passed, ${j.stats.failed} failed |`,
      '',
    ];
    for (const [phase, figs] of Object.entries(j.figures)) {
      lines.push(`## ${phase}`, '', '| figure | value |', '| --- | --- |');
      for (const [k, v] of Object.entries(figs))
        lines.push(`| ${k} | ${String(v).replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    lines.push(
      '## Checks',
      '',
      '| phase | invariant | result | evidence |',
      '| --- | --- | --- | --- |',
    );
    for (const c of j.checks) {
      const detail = c.detail.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
      lines.push(
        `| ${c.phase} | ${c.name} | ${
          c.ok ? 'pass' : '**FAIL**'
        } | ${detail.slice(0, 1500)} |`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  write(dir: string, markdownFile?: string) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'results.json'),
      JSON.stringify(this.json(), null, 2),
    );
    fs.writeFileSync(path.join(dir, 'RELIABILITY.md'), this.markdown());
    if (markdownFile) fs.writeFileSync(markdownFile, this.markdown());
  }
}
