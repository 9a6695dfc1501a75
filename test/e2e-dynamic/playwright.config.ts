import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { APP_URL, portConfigEnv } from '../e2e/ports';

/*
 * The journey against the dynamic portal: packages/app-dynamic and packages/backend-dynamic
 * (no static ITSM dependency) with both ITSM halves loaded from dynamic-plugins-root/
 * (`./dev start --dynamic`). Separate from test/e2e so `./dev test` is unchanged; run it with
 *   ITSM_E2E_APP_PORT=… ITSM_E2E_BACKEND_PORT=… ./dev exec npx playwright test -c test/e2e-dynamic/playwright.config.ts
 */
const repoRoot = path.resolve(__dirname, '../..');

export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.e2e\.ts$/,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: path.join(__dirname, '../e2e/artifacts/dynamic-test-results'),
  reporter: [['list']],
  globalSetup: require.resolve('../e2e/globalSetup'),
  webServer: {
    command: 'bash scripts/start-dynamic.sh',
    cwd: repoRoot,
    url: APP_URL,
    env: { ...(process.env as Record<string, string>), ...portConfigEnv() },
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: APP_URL,
    viewport: { width: 1400, height: 1000 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
