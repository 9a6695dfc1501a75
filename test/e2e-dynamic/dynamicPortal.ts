import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BACKEND, portConfigEnv } from '../e2e/ports';

/*
 * The dynamic portal under test: packages/backend-dynamic serving the production build of
 * packages/app-dynamic (app-backend, `app.packageName: app-dynamic`) and the plugins of one
 * dynamic-plugins folder, on the one port of ../e2e/ports.ts (scripts/e2e-dynamic.sh picks a
 * free one). No webpack dev server and no file watcher: nothing can rebuild or restart the portal
 * while a test looks at it. Each spec file starts the backend on the folder it needs and stops it.
 */

export const repoRoot = path.resolve(__dirname, '../..');
/** Gitignored (`.dynamic-plugins-test-*`); inside the repo so the bundles resolve its node_modules. */
export const pluginsBase = path.join(repoRoot, '.dynamic-plugins-test-e2e');
/** The folders globalSetup prepares: both ITSM plugins / none / the frontend remote without its chunks. */
export const PLUGIN_FOLDERS = {
  installed: path.join(pluginsBase, 'installed'),
  uninstalled: path.join(pluginsBase, 'uninstalled'),
  brokenRemote: path.join(pluginsBase, 'broken-remote'),
} as const;
export const APP_DIST = path.join(repoRoot, 'packages/app-dynamic/dist');
export const REMOTE_PATH =
  '/.backstage/dynamic-features/remotes/@backstage-itsm/plugin-itsm/';
const logDir = path.join(repoRoot, 'test/e2e/artifacts');

/**
 * A GET on a fresh connection (no keep-alive agent): a request can never go out on a socket the
 * backend is just closing after its keep-alive timeout, the ECONNRESET race a pooled client has.
 */
export function getFresh(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(
      url,
      { agent: false, headers: { ...headers, connection: 'close' } },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () =>
      req.destroy(new Error(`GET ${url}: timed out`)),
    );
    req.on('error', reject);
  });
}

/** A demo user's Backstage token, or undefined while the backend (or its catalog) is not ready. */
async function demoToken(user: string): Promise<string | undefined> {
  const res = await getFresh(`${BACKEND}/api/auth/demo/refresh`, {
    'x-itsm-demo-user': user,
    'x-requested-with': 'XMLHttpRequest',
  });
  return res.status === 200
    ? JSON.parse(res.body).backstageIdentity.token
    : undefined;
}

export type DynamicBackend = { stop(): Promise<void>; logFile: string };

/**
 * Starts packages/backend-dynamic on `rootDirectory` in its own process group and waits until a
 * demo user can sign in and, with `waitForItsmDemoData`, the ITSM demo data (CAB queue) is seeded.
 */
export async function startDynamicBackend(options: {
  name: string;
  rootDirectory: string;
  waitForItsmDemoData: boolean;
}): Promise<DynamicBackend> {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `dynamic-backend-${options.name}.log`);
  const log = fs.openSync(logFile, 'w');
  const pkgDir = path.join(repoRoot, 'packages/backend-dynamic');
  // What `backstage-cli package start` runs for a backend, minus its watcher and restarts.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(repoRoot, 'app-config.dynamic.yaml'),
    ],
    {
      cwd: pkgDir,
      detached: true, // own process group, stopped as a whole
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        ...portConfigEnv(),
        APP_CONFIG_dynamicPlugins_rootDirectory: path.relative(
          repoRoot,
          options.rootDirectory,
        ),
      },
    },
  );
  fs.closeSync(log);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async () => {
    if (hasExited || !child.pid) return;
    process.kill(-child.pid, 'SIGTERM');
    const killer = setTimeout(() => {
      if (!hasExited && child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 15_000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + 180_000;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(
        `backend-dynamic (${options.name}) exited; see ${logFile}`,
      );
    }
    try {
      const token = await demoToken('guest');
      if (!token) {
        last = 'demo sign-in not ready';
      } else if (!options.waitForItsmDemoData) {
        return { stop, logFile };
      } else {
        const res = await getFresh(
          `${BACKEND}/api/itsm/changes?state=authorize`,
          {
            authorization: `Bearer ${token}`,
          },
        );
        // The seeder writes the CAB queue last but one: when it is there, the demo data is.
        if (res.status === 200 && JSON.parse(res.body).totalCount >= 2) {
          await new Promise(r => setTimeout(r, 3000));
          return { stop, logFile };
        }
        last = `changes: ${res.status}`;
      }
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  await stop();
  throw new Error(
    `backend-dynamic (${options.name}) not ready in time (${last}); see ${logFile}`,
  );
}
