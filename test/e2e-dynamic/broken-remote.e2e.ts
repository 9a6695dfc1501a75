import { test, expect } from '@playwright/test';
import { BACKEND } from '../e2e/ports';
import {
  DynamicBackend,
  PLUGIN_FOLDERS,
  REMOTE_PATH,
  startDynamicBackend,
} from './dynamicPortal';

const CHECKOUT = '/catalog/default/component/checkout-service';

let backend: DynamicBackend;

// The backend restarted on a folder whose frontend remote lists chunks that are not there.
test.beforeAll(async () => {
  backend = await startDynamicBackend({
    name: 'broken-remote',
    rootDirectory: PLUGIN_FOLDERS.brokenRemote,
    waitForItsmDemoData: false,
  });
});

test.afterAll(async () => {
  await backend?.stop();
});

test('a remote that fails to load shows a banner, and the rest of the portal works', async ({
  page,
}) => {
  // A missing chunk is not a 404 when the backend serves the app: app-backend answers unknown
  // paths outside /api with the app's index.html. Either way the browser gets no script.
  const notScripts: string[] = [];
  page.on('response', r => {
    const type = r.headers()['content-type'] ?? '';
    if (
      r.url().startsWith(`${BACKEND}${REMOTE_PATH}static/`) &&
      (r.status() >= 400 || !type.includes('javascript'))
    ) {
      notScripts.push(r.url());
    }
  });

  await page.goto(`${CHECKOUT}?as=dave`);
  const banner = page
    .getByRole('alert')
    .filter({ hasText: 'Some dynamic plugins could not be loaded' });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  // The banner names what failed: the remote's chunk under the remotes route.
  await expect(banner).toContainText(REMOTE_PATH);
  expect(
    notScripts.length,
    'remote chunks that did not arrive as scripts',
  ).toBeGreaterThan(0);

  // The rest of the portal: the entity page and the catalog, without ITSM.
  await expect(
    page.getByRole('heading', { name: 'Checkout Service' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Overview' }).first(),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'ITSM' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Catalog' }).first().click();
  await expect(
    page
      .getByRole('link', { name: /^(Checkout Service|checkout-service)$/ })
      .first(),
  ).toBeVisible();
});
