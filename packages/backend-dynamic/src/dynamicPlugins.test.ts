import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';

const repoRoot = path.resolve(__dirname, '../../..');

/*
 * The backend half of `./dev bundle-dynamic`, loaded the way the dynamic portal loads it: the
 * backend has no ITSM dependency and gets the plugin from dynamicPlugins.rootDirectory only.
 */
describe('the ITSM backend as a dynamic plugin', () => {
  let root: string;

  beforeAll(() => {
    // The folders of earlier runs go now, not in afterAll: the loader's plugin scanner can still
    // look at its folder after backend.stop(), and a folder removed under it failed another test
    // file in the same jest worker (ENOENT from PluginScanner.scanRoot).
    const pkgDir = path.join(__dirname, '..');
    for (const name of fs.readdirSync(pkgDir)) {
      if (name.startsWith('.dynamic-plugins-test-')) {
        fs.rmSync(path.join(pkgDir, name), { recursive: true, force: true });
      }
    }
    // Inside the repo: the loader only accepts folders whose modules resolve the host's
    // node_modules (elsewhere it asks for NODE_PATH).
    root = fs.mkdtempSync(path.join(__dirname, '../.dynamic-plugins-test-'));
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'scripts/bundle-dynamic-plugins.js'), root],
      {
        env: { ...process.env, ITSM_DYNAMIC_ONLY: 'backend' },
        stdio: 'pipe',
      },
    );
  });

  async function backendWith(rootDirectory: string) {
    return startTestBackend({
      features: [
        dynamicPluginsFeatureLoader,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            dynamicPlugins: { rootDirectory },
            itsm: { demoData: { enabled: false } },
          },
        }),
      ],
    });
  }

  it('bundles one CommonJS package that the loader accepts', () => {
    const dir = path.join(root, 'backstage-itsm-plugin-itsm-backend-dynamic');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      name: '@backstage-itsm/plugin-itsm-backend-dynamic',
      main: 'dist/index.cjs.js',
      backstage: { role: 'backend-plugin', pluginId: 'itsm' },
    });
    expect(
      fs
        .readdirSync(path.join(dir, 'migrations'))
        .some(f => f.endsWith('_init.js')),
    ).toBe(true);
    const bundle = fs.readFileSync(path.join(dir, 'dist/index.cjs.js'), 'utf8');
    // The common package is inside; the host's @backstage packages are not.
    expect(bundle).not.toMatch(/require\("@backstage-itsm\//);
    expect(bundle).toMatch(/require\("@backstage\/backend-plugin-api"\)/);
  });

  it('serves /api/itsm when the folder is there, and not when it is gone', async () => {
    const withPlugin = await backendWith(root);
    try {
      const res = await request(withPlugin.server).get('/api/itsm/health');
      expect(res.status).toBe(200);
      // a backend package is not offered to the app as a frontend remote
      const remotes = await request(withPlugin.server).get(
        '/.backstage/dynamic-features/remotes',
      );
      expect(remotes.status).toBe(200);
      expect(remotes.body).toEqual([]);
    } finally {
      await withPlugin.stop();
    }

    const empty = fs.mkdtempSync(
      path.join(__dirname, '../.dynamic-plugins-test-empty-'),
    );
    const without = await backendWith(empty);
    try {
      expect(
        (await request(without.server).get('/api/itsm/health')).status,
      ).toBe(404);
    } finally {
      await without.stop();
    }
  });
});
