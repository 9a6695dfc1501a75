import { test, expect } from '@playwright/test';
import { BACKEND } from '../e2e/ports';
import {
  DynamicBackend,
  getFresh,
  PLUGIN_FOLDERS,
  startDynamicBackend,
} from './dynamicPortal';

const CHECKOUT = '/catalog/default/component/checkout-service';

let backend: DynamicBackend;

// The same app build, the backend restarted on a plugin folder without the ITSM plugins.
test.beforeAll(async () => {
  backend = await startDynamicBackend({
    name: 'uninstalled',
    rootDirectory: PLUGIN_FOLDERS.uninstalled,
    waitForItsmDemoData: false,
  });
});

test.afterAll(async () => {
  await backend?.stop();
});

test('removing the plugin folder and restarting the backend removes ITSM, without a rebuild', async ({
  page,
}) => {
  const remotes = await getFresh(
    `${BACKEND}/.backstage/dynamic-features/remotes`,
  );
  expect(remotes.status).toBe(200);
  expect(JSON.parse(remotes.body)).toEqual([]);
  expect((await getFresh(`${BACKEND}/api/itsm/health`)).status).toBe(404);

  await page.goto(`${CHECKOUT}?as=dave`);
  // The portal works: the entity page of checkout-service with its catalog tabs (links) …
  await expect(
    page.getByRole('heading', { name: 'Checkout Service' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('link', { name: 'Overview' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Catalog' }).first(),
  ).toBeVisible();
  // … and has no trace of ITSM: no sidebar entry or entity tab (both links named ITSM), no card,
  // and no error banner.
  await expect(page.getByRole('link', { name: 'ITSM' })).toHaveCount(0);
  await expect(page.getByText('IT service')).toHaveCount(0);
  await expect(
    page.getByText('Some dynamic plugins could not be loaded'),
  ).toHaveCount(0);
});
