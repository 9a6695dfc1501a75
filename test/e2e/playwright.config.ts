import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { APP_URL, portConfigEnv } from './ports';

/*
 * End-to-end journeys against the real portal (frontend + backend of this repo, SQLite, demo
 * data), driven in Debian's Chromium. `./dev e2e` (and `./dev test`) run them; the portal is
 * started here on the ports of ./ports.ts (free ones picked by scripts/e2e.sh), unless one already
 * runs there outside CI.
 */
const repoRoot = path.resolve(__dirname, '../..');

export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.e2e\.ts$/,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  // A flaky journey is a bug to fix at its cause, never retried into green.
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: path.join(__dirname, 'artifacts/test-results'),
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(__dirname, 'artifacts/results.json') }],
    [
      'html',
      { open: 'never', outputFolder: path.join(__dirname, 'artifacts/report') },
    ],
  ],
  globalSetup: require.resolve('./globalSetup'),
  webServer: {
    command: 'npx backstage-cli repo start',
    cwd: repoRoot,
    url: APP_URL,
    env: { ...(process.env as Record<string, string>), ...portConfigEnv() },
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
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
