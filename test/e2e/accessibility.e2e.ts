import { test, expect } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs } from './helpers';

/*
 * axe on what this repo renders: the entity's ITSM tab and card, each portal page, and the
 * forms the journeys do not open (the journeys check the others as they fill them in).
 * No serious or critical violation is allowed.
 */

test('the ITSM tab and the overview card', async ({ page }) => {
  await signInAs(
    page,
    'bob',
    '/catalog/default/component/checkout-service/itsm',
  );
  await expect(page.getByText('Open incidents').first()).toBeVisible();
  await expect(page.getByText('Changes and deployments')).toBeVisible();
  await expect(page.getByRole('table', { name: 'MTTR trend' })).toBeAttached();
  await expectNoSeriousA11yViolations(page, 'main');

  await page.goto('/catalog/default/component/checkout-service');
  await expect(page.getByTestId('itsm-card-p1p2')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'main');
});

test('the empty state of an entity without a service', async ({ page }) => {
  // The resource order-events is not an IT service in the demo data.
  await signInAs(page, 'frank', '/catalog/default/resource/order-events/itsm');
  await expect(page.getByText('Not an IT service yet')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'main');
});

for (const [tab, ready] of [
  ['services', 'Checkout'],
  ['incidents', 'Open incident'],
  ['calendar', 'Has conflicts'],
  ['cab', 'Why this risk'],
  ['reports', 'Open backlog'],
] as const) {
  test(`the ${tab} page`, async ({ page }) => {
    await signInAs(page, 'carol', `/itsm/${tab}`);
    await expect(page.getByText(ready).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'article');
  });
}

test('the SLA form', async ({ page }) => {
  await signInAs(page, 'alice', '/itsm/services');
  await page.getByRole('button', { name: 'Define SLA' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Business hours' }).check();
  await expect(dialog.getByLabel('Timezone')).toBeVisible();
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
});

test('the post-implementation review form', async ({ page }) => {
  // "Switch e-mail provider" on notification-service waits for its review (demo data).
  await signInAs(
    page,
    'frank',
    '/catalog/default/component/notification-service/itsm',
  );
  await page
    .getByRole('button', { name: /^Review CHG-/ })
    .first()
    .click();
  await expect(
    page.getByRole('dialog').getByLabel('Review notes'),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
});
