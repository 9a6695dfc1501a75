#!/usr/bin/env node
/*
 * Packages the ITSM plugins as dynamic plugins for @backstage/backend-dynamic-feature-service:
 *
 *   <out>/backstage-itsm-plugin-itsm/                  the frontend plugin as a module-federation remote
 *                                                      (dist/mf-manifest.json, dist/remoteEntry.js, chunks)
 *   <out>/backstage-itsm-plugin-itsm-backend-dynamic/  the backend plugin with its search and scaffolder
 *                                                      modules, one CommonJS file plus its migrations
 *
 * Usage: node scripts/bundle-dynamic-plugins.js [out-dir]   (default: dynamic-plugins-root/)
 * Point `dynamicPlugins.rootDirectory` of a backend that adds dynamicPluginsFeatureLoader at <out>.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.resolve(
  process.argv[2] ?? path.join(root, 'dynamic-plugins-root'),
);

const readJson = p => JSON.parse(fs.readFileSync(p, 'utf8'));
const writeJson = (p, v) =>
  fs.writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);

/** The fields of a workspace package.json that describe the package, not how it is built. */
function manifestOf(pkg, overrides) {
  const { name, version, description, license, backstage } = pkg;
  return { name, version, description, license, backstage, ...overrides };
}

function bundleFrontend() {
  const pluginDir = path.join(root, 'plugins/itsm');
  const pkg = readJson(path.join(pluginDir, 'package.json'));
  const target = path.join(out, 'backstage-itsm-plugin-itsm');
  console.log(
    `==> ${pkg.name}: module-federation remote -> ${path.relative(
      root,
      target,
    )}`,
  );
  // backstage-cli writes the remote into the package's dist/; move it out so the workspace
  // package stays as it was (its dist/ is not used by the statically linked app, which reads src/).
  fs.rmSync(path.join(pluginDir, 'dist'), { recursive: true, force: true });
  execFileSync(
    'npx',
    ['backstage-cli', 'package', 'build', '--module-federation'],
    {
      cwd: pluginDir,
      stdio: 'inherit',
    },
  );
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.renameSync(path.join(pluginDir, 'dist'), path.join(target, 'dist'));
  // The scanner requires `main` and `backstage.role`; for a frontend plugin the backend serves
  // dist/ and reads dist/mf-manifest.json, `main` only has to exist.
  writeJson(
    path.join(target, 'package.json'),
    manifestOf(pkg, { main: 'dist/remoteEntry.js' }),
  );
}

async function bundleBackend() {
  const pluginDir = path.join(root, 'plugins/itsm-backend');
  const pkg = readJson(path.join(pluginDir, 'package.json'));
  // The `-dynamic` suffix is the convention the loader knows: resolvePackagePath(
  // '@backstage-itsm/plugin-itsm-backend', 'migrations') falls back to this package when the host
  // does not have the static one.
  const name = `${pkg.name}-dynamic`;
  const target = path.join(out, 'backstage-itsm-plugin-itsm-backend-dynamic');
  console.log(`==> ${name}: CommonJS bundle -> ${path.relative(root, target)}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.join(target, 'dist'), { recursive: true });

  const esbuild = require('esbuild');
  // @backstage/* must be the host's single copies (service refs, extension points); knex, express
  // and the database drivers are what every Backstage backend has. Everything else (the ITSM
  // common package, zod, luxon, yaml, …) goes into the bundle so it cannot clash with the host's.
  const external = [
    '@backstage/*',
    'knex',
    'express',
    'pg',
    'pg-*',
    'mysql2',
    'better-sqlite3',
    'sqlite3',
  ];
  await esbuild.build({
    stdin: {
      // The loader takes the default export when there is one, and otherwise this installer; the
      // installer adds the plugin together with its search collators and scaffolder actions.
      contents: [
        "import itsmPlugin, { itsmSearchCollatorsModule, itsmScaffolderActionsModule } from './src/index';",
        'export const dynamicPluginInstaller = {',
        "  kind: 'new',",
        '  install: () => [itsmPlugin, itsmSearchCollatorsModule, itsmScaffolderActionsModule],',
        '};',
      ].join('\n'),
      resolveDir: pluginDir,
      sourcefile: 'dynamic-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
    outfile: path.join(target, 'dist/index.cjs.js'),
  });
  fs.cpSync(
    path.join(pluginDir, 'migrations'),
    path.join(target, 'migrations'),
    {
      recursive: true,
      filter: src => !src.endsWith('.ts') || src.endsWith('.d.ts'),
    },
  );
  fs.copyFileSync(
    path.join(pluginDir, 'config.d.ts'),
    path.join(target, 'config.d.ts'),
  );
  const peers = Object.fromEntries(
    Object.entries(pkg.dependencies).filter(([dep]) =>
      external.some(e => dep === e || dep.startsWith('@backstage/')),
    ),
  );
  writeJson(
    path.join(target, 'package.json'),
    manifestOf(pkg, {
      name,
      main: 'dist/index.cjs.js',
      configSchema: 'config.d.ts',
      // what the bundle expects the host backend to provide
      peerDependencies: peers,
    }),
  );
}

async function main() {
  const only = process.env.ITSM_DYNAMIC_ONLY; // 'frontend' | 'backend' (development aid)
  fs.mkdirSync(out, { recursive: true });
  if (only !== 'backend') {
    bundleFrontend();
  }
  if (only !== 'frontend') {
    await bundleBackend();
  }
  console.log(`==> dynamic plugins in ${out}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
