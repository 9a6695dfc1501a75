#!/usr/bin/env node
/*
 * Checks that each published package's README names every export of its public API, so the
 * README cannot fall behind the code. The API comes from the package's API reports
 * (report.api.md, report-alpha.api.md: `npm run api-reports`), which list exactly what
 * src/index.ts and the /alpha entry point export. A name counts as documented when the README
 * has it in code style: `name`, `name(…)`, `Name<T>`, `name.member` or `<Name />`.
 *
 * Run: ./dev exec node scripts/check-readme-api.js [package dirs…]   (part of ./dev test)
 * Exit code 1 when a name is missing or a report is absent.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const DEFAULT_PACKAGES = [
  'plugins/itsm',
  'plugins/itsm-backend',
  'plugins/itsm-common',
  'packages/frontend-dynamic-feature-loader',
];

/**
 * The top-level export names of an API report. Only unindented declarations count: the members
 * of an exported namespace are documented with the namespace. The default export is the
 * `_default` constant; it has no name a reader would look for, so it is left out.
 */
function exportNames(report) {
  const names = new Set();
  const declaration =
    /^export (?:declare )?(?:abstract )?(?:const|let|var|function|class|interface|type|enum|namespace) ([A-Za-z_$][\w$]*)/;
  for (const line of report.split('\n')) {
    const m = declaration.exec(line);
    if (m) {
      names.add(m[1]);
      continue;
    }
    // `export * as ns from …` appears as a top-level `declare namespace ns { export { … } }`.
    const namespace = /^declare namespace ([A-Za-z_$][\w$]*)/.exec(line);
    if (namespace) {
      names.add(namespace[1]);
      continue;
    }
    const list = /^export \{([^}]*)\}/.exec(line);
    if (list) {
      for (const part of list[1].split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)
          .pop();
        if (name && name !== 'default') names.add(name);
      }
    }
  }
  names.delete('_default');
  return [...names].sort();
}

function isDocumented(readme, name) {
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`\`${escaped}[\`(<.]|<${escaped}\\b`).test(readme);
}

function checkPackage(dir) {
  const problems = [];
  const abs = path.join(root, dir);
  const readmePath = path.join(abs, 'README.md');
  if (!fs.existsSync(readmePath)) return [`${dir}: README.md is missing`];
  const readme = fs.readFileSync(readmePath, 'utf8');
  const reports = fs
    .readdirSync(abs)
    .filter(f => /^report(-[\w-]+)?\.api\.md$/.test(f));
  if (!reports.includes('report.api.md')) {
    return [`${dir}: report.api.md is missing (run npm run api-reports)`];
  }
  for (const report of reports.sort()) {
    const names = exportNames(fs.readFileSync(path.join(abs, report), 'utf8'));
    for (const name of names) {
      if (!isDocumented(readme, name)) {
        problems.push(`${dir}/README.md does not name \`${name}\` (${report})`);
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const dirs =
    process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_PACKAGES;
  const problems = dirs.flatMap(checkPackage);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(
      `${problems.length} public export(s) not documented: add each to the package README with a one-line description`,
    );
    process.exit(1);
  }
  console.log(
    `README API check: every export of ${dirs.join(', ')} is documented`,
  );
}

module.exports = { exportNames, isDocumented };
