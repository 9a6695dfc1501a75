import { test, expect } from '@playwright/test';
import { itsmApi, saveScreenshot, signInAs } from './helpers';

/*
 * Journey 1: an engineer opens a demo component from the catalog and checks its service health
 * on the ITSM tab; what the page shows matches the API's figures for that entity.
 */
test('engineer checks the service health of a component', async ({
  page,
  request,
}) => {
  const entityRef = 'component:default/checkout-service';
  const summary = await itsmApi(
    request,
    'bob',
    '/entities/component/default/checkout-service/summary',
  );
  const service = summary.services[0];
  const availability = await itsmApi(
    request,
    'bob',
    `/services/${service.id}/availability`,
  );

  // The catalog is the portal's home page (app-config.yaml: page:catalog at /).
  await signInAs(page, 'bob', '/');
  await page.getByRole('link', { name: 'Checkout Service' }).first().click();
  // The entity page's ITSM tab (a link in the entity header, not the sidebar's ITSM page).
  await page
    .locator('a[href$="/component/checkout-service/itsm"]')
    .first()
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout-service\/itsm/,
  );

  // Header: health and SLA as the API computes them.
  const healthLabel = {
    operational: 'Operational',
    degraded: 'Degraded',
    major_outage: 'Major outage',
  }[summary.health as 'operational' | 'degraded' | 'major_outage'];
  await expect(page.getByText(healthLabel).first()).toBeVisible();
  await expect(page.getByText(service.name).first()).toBeVisible();

  // SLA card: this month's availability as the API computes it. An ongoing outage keeps
  // lowering it while the test runs, so allow the drift of a few minutes.
  const availabilityText = await page
    .getByText(/^\d{1,3}\.\d+ %$/)
    .first()
    .textContent();
  const shownAvailability = parseFloat(String(availabilityText));
  expect(Math.abs(shownAvailability - availability.availability)).toBeLessThan(
    0.02,
  );

  // Open incidents with a live SLA countdown, one row per open incident of the API.
  for (const incident of summary.openIncidents) {
    const row = page
      .getByRole('row', { name: new RegExp(incident.number) })
      .first();
    await expect(row).toBeVisible();
    await expect(row.getByText(incident.priority)).toBeVisible();
  }
  const countdown = page.getByText(/left|overdue|breached/i).first();
  await expect(countdown).toBeVisible();

  // Change history: the upcoming change of the demo data is listed.
  for (const change of summary.nextChanges) {
    await expect(page.getByText(change.number).first()).toBeVisible();
  }
  expect(entityRef).toBe(summary.entityRef);

  await saveScreenshot(page, 'journey-1-itsm-tab');
});
