import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  APP_DIST,
  PLUGIN_FOLDERS,
  pluginsBase,
  repoRoot,
} from './dynamicPortal';

/** Runs a build step, its output kept in test/e2e/artifacts/<name>.log; throws when it fails. */
function run(name: string, command: string, args: string[], cwd: string) {
  const logFile = path.join(repoRoot, 'test/e2e/artifacts', `${name}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('exit', code => {
      fs.closeSync(log);
      console.log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (exit ${code}); see ${logFile}`));
    });
  });
}

/*
 * Builds what the dynamic portal serves, fresh for every run: both ITSM plugins bundled as dynamic
 * plugins (`./dev bundle-dynamic`) and the production build of packages/app-dynamic, the two
 * at once (separate webpack runs). Then the two other plugin folders the specs restart the
 * backend with: none (uninstalled) and the frontend remote without its chunks (broken).
 */
export default async function globalSetup() {
  // For a developer re-running specs: ITSM_E2E_DYNAMIC_REUSE_BUILD=1 keeps the last run's builds.
  if (
    process.env.ITSM_E2E_DYNAMIC_REUSE_BUILD === '1' &&
    fs.existsSync(PLUGIN_FOLDERS.brokenRemote)
  ) {
    if (fs.existsSync(path.join(APP_DIST, 'index.html'))) return;
  }
  fs.rmSync(pluginsBase, { recursive: true, force: true });
  fs.rmSync(APP_DIST, { recursive: true, force: true });
  await Promise.all([
    run(
      'dynamic-bundle',
      process.execPath,
      [
        path.join(repoRoot, 'scripts/bundle-dynamic-plugins.js'),
        PLUGIN_FOLDERS.installed,
      ],
      repoRoot,
    ),
    run(
      'app-dynamic-build',
      'npx',
      ['backstage-cli', 'package', 'build'],
      path.join(repoRoot, 'packages/app-dynamic'),
    ),
  ]);

  fs.mkdirSync(PLUGIN_FOLDERS.uninstalled, { recursive: true });

  const remote = 'backstage-itsm-plugin-itsm';
  fs.cpSync(
    path.join(PLUGIN_FOLDERS.installed, remote),
    path.join(PLUGIN_FOLDERS.brokenRemote, remote),
    {
      recursive: true,
    },
  );
  // remoteEntry.js and mf-manifest.json are still served, the chunks they name are gone (a
  // half-copied or corrupted plugin folder).
  fs.rmSync(path.join(PLUGIN_FOLDERS.brokenRemote, remote, 'dist/static'), {
    recursive: true,
    force: true,
  });
}
