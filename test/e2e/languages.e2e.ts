import { test, expect } from '@playwright/test';
import { signInAs } from './helpers';

/* English and German ship with the plugin; the app offers both under Settings. */
test('a user switches the portal to German and the ITSM tab follows', async ({
  page,
}) => {
  await signInAs(page, 'bob', '/settings');
  const languageRow = page
    .getByRole('listitem')
    .filter({ hasText: 'Language' });
  await languageRow.getByRole('button', { name: 'English' }).click();
  await page.getByRole('option', { name: 'Deutsch' }).click();

  await page.goto('/catalog/default/component/checkout-service/itsm');
  await expect(page.getByText('Offene Incidents')).toBeVisible();
  await expect(page.getByText('SLA in diesem Monat')).toBeVisible();
  await expect(page.getByText('Changes und Deployments')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Incident melden' }).first(),
  ).toBeVisible();
});
