import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { APP_URL } from '../e2e/ports';

/*
 * The journeys against the dynamic portal: packages/backend-dynamic (no static ITSM dependency)
 * serving the production build of packages/app-dynamic (no static ITSM dependency either) and
 * loading both ITSM halves from a dynamic-plugins folder. `./dev e2e-dynamic` and `./dev test` run
 * them through scripts/e2e-dynamic.sh, which picks one free port (app and backend share it: the
 * backend serves the app). globalSetup bundles the plugins and builds the app; every spec file
 * starts the backend on the plugin folder it needs (./dynamicPortal.ts) and stops it.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.e2e\.ts$/,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  // A flaky journey is a bug to fix at its cause, never retried into green.
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: path.join(__dirname, '../e2e/artifacts/dynamic-test-results'),
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: path.join(
          __dirname,
          '../e2e/artifacts/dynamic-results.json',
        ),
      },
    ],
  ],
  globalSetup: require.resolve('./globalSetup'),
  use: {
    baseURL: APP_URL,
    viewport: { width: 1400, height: 1000 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
