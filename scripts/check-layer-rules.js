#!/usr/bin/env node
/*
 * Proves that the layer rules of .dependency-cruiser.cjs catch what they are meant to catch.
 * The real tree has no violation, so a rule with a typo in its path would pass silently; this
 * script builds a small tree in a temporary folder with one violating import per rule (and the
 * allowed imports beside them), runs dependency-cruiser on it with the repo's config and compares
 * the violations with the expected list. Part of `npm run lint:deps`.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const be = 'plugins/itsm-backend/src';

/** path → source; imports only, the checked tree is never compiled. */
const files = {
  'tsconfig.json':
    '{ "compilerOptions": { "module": "esnext", "moduleResolution": "node" } }',
  'node_modules/knex/package.json': '{ "name": "knex", "main": "index.js" }',
  'node_modules/knex/index.js': 'module.exports = {};',
  'node_modules/express/package.json':
    '{ "name": "express", "main": "index.js" }',
  'node_modules/express/index.js': 'module.exports = {};',
  'node_modules/luxon/package.json': '{ "name": "luxon", "main": "index.js" }',
  'node_modules/luxon/index.js': 'module.exports = {};',

  [`${be}/domain/rules.ts`]: `import 'luxon';\nimport '../http/routes';\nimport 'knex';\nimport 'node:fs';\nexport const rules = 1;`,
  [`${be}/domain/pure.ts`]: `import 'luxon';\nimport '../../../itsm-common/src/index';\nexport const pure = 1;`,
  [`${be}/domain/pure.test.ts`]: `import '../store/Store';\nimport './pure';`,
  [`${be}/store/Store.ts`]: `import 'knex';\nimport '../domain/pure';\nimport '../app/Application';\nimport '../permissions/guard';\nexport const s = 1;`,
  [`${be}/permissions/guard.ts`]: `import '../http/routes';\nexport const g = 1;`,
  [`${be}/app/Application.ts`]: `import '../domain/pure';\nimport '../http/routes';\nimport 'express';\nexport const a = 1;`,
  [`${be}/http/routes.ts`]: `import 'express';\nimport '../store/Store';\nexport const r = 1;`,
  [`${be}/jobs/check.ts`]: `import '../http/routes';\nexport const j = 1;`,
  [`${be}/demo/seed.ts`]: `import '../store/Store';\nexport const d = 1;`,
  [`${be}/catalog/gateway.ts`]: `import '../app/Application';\nexport const cg = 1;`,
  [`${be}/search/collator.ts`]: `import '../http/routes';\nexport const c = 1;`,
  'plugins/itsm/src/page.ts': `import '../../itsm-common/src/index';\nimport '../../itsm-backend/src/domain/pure';\nexport const p = 1;`,
  'plugins/itsm-common/src/index.ts': `import './a';\nexport const i = 1;`,
  'plugins/itsm-common/src/a.ts': `import './b';\nexport const a = 1;`,
  'plugins/itsm-common/src/b.ts': `import './a';\nimport '../../itsm/src/page';\nexport const b = 1;`,
};

/** rule: from → to, for every rule except no-circular (checked separately). */
const expected = [
  `domain-is-pure: ${be}/domain/rules.ts → ${be}/http/routes.ts`,
  `domain-has-no-io: ${be}/domain/rules.ts → node_modules/knex/index.js`,
  `domain-has-no-io: ${be}/domain/rules.ts → fs`,
  `store-is-the-bottom: ${be}/store/Store.ts → ${be}/app/Application.ts`,
  `store-is-the-bottom: ${be}/store/Store.ts → ${be}/permissions/guard.ts`,
  `adapters-not-to-http: ${be}/permissions/guard.ts → ${be}/http/routes.ts`,
  `adapters-not-to-http: ${be}/search/collator.ts → ${be}/http/routes.ts`,
  `app-knows-no-http: ${be}/app/Application.ts → ${be}/http/routes.ts`,
  `app-knows-no-http: ${be}/app/Application.ts → node_modules/express/index.js`,
  `http-goes-through-app: ${be}/http/routes.ts → ${be}/store/Store.ts`,
  `jobs-go-through-app: ${be}/jobs/check.ts → ${be}/http/routes.ts`,
  `demo-goes-through-app: ${be}/demo/seed.ts → ${be}/store/Store.ts`,
  `gateways-below-app: ${be}/catalog/gateway.ts → ${be}/app/Application.ts`,
  `frontend-not-to-backend: plugins/itsm/src/page.ts → ${be}/domain/pure.ts`,
  `common-imports-no-plugin: plugins/itsm-common/src/b.ts → plugins/itsm/src/page.ts`,
].sort();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-layer-rules-'));
try {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${text}\n`);
  }
  const run = spawnSync(
    process.execPath,
    [
      path.join(
        root,
        'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs',
      ),
      'plugins',
      '--config',
      path.join(root, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
    ],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (!run.stdout) {
    console.error(run.stderr);
    throw new Error('dependency-cruiser did not run');
  }
  const violations = JSON.parse(run.stdout).summary.violations;
  const found = violations
    .filter(v => v.rule.name !== 'no-circular')
    .map(v => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();
  const cycles = violations.filter(v => v.rule.name === 'no-circular');

  const missing = expected.filter(e => !found.includes(e));
  const unexpected = found.filter(f => !expected.includes(f));
  const cycleFound = cycles.some(
    v =>
      v.from === 'plugins/itsm-common/src/a.ts' ||
      v.from === 'plugins/itsm-common/src/b.ts',
  );
  for (const m of missing) console.error(`not caught: ${m}`);
  for (const u of unexpected) console.error(`caught but allowed: ${u}`);
  if (!cycleFound)
    console.error(
      'not caught: no-circular (plugins/itsm-common/src/a.ts ↔ b.ts)',
    );
  if (missing.length || unexpected.length || !cycleFound) {
    console.error(
      '.dependency-cruiser.cjs does not enforce the layer rules it describes',
    );
    // Not process.exit(): the finally block still has to remove the temporary tree.
    process.exitCode = 1;
  } else {
    console.log(
      `layer rules: all ${
        expected.length + 1
      } planted violations caught, nothing allowed was flagged`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
