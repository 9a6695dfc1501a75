import { test, expect, Page } from '@playwright/test';
import { DateTime } from 'luxon';
import {
  expectNoSeriousA11yViolations,
  itsmApi,
  metricText,
  saveScreenshot,
  signInAs,
} from './helpers';

// A retry would find the service of the first attempt registered: the journey needs fresh data.
test.describe.configure({ retries: 0 });

const ENTITY_PATH = '/catalog/default/component/recommendation-engine/itsm';
const SUMMARY = '/entities/component/default/recommendation-engine/summary';

/** The work dialog of an incident: move it to another state, with the reason or notes it needs. */
async function moveIncident(
  page: Page,
  number: string,
  state: string,
  details: { onHoldReason?: string; resolutionNotes?: string },
) {
  await page.getByRole('button', { name: `Work on ${number}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Move to').click();
  await page.getByRole('option', { name: state, exact: true }).click();
  if (details.onHoldReason) {
    await dialog.getByLabel('On-hold reason').click();
    await page.getByRole('option', { name: details.onHoldReason }).click();
  }
  if (details.resolutionNotes) {
    await dialog.getByLabel('Resolution notes').fill(details.resolutionNotes);
  }
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Apply transition' }).click();
  // The dialog stays open for further work (escalate, assign, link) and shows the new state;
  // it goes away with the incident once the incident is no longer open.
  const moved = dialog.getByText(new RegExp(`· ${state}$`));
  await expect
    .poll(async () => (await dialog.isHidden()) || (await moved.isVisible()))
    .toBe(true);
  if (await dialog.isVisible())
    await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
}

/*
 * Journey 2: the service owner (bob, shop-team) registers a component that has no service yet
 * with an SLA, opens an incident with impact 1 and urgency 2 (the form shows P2), acknowledges
 * it, puts it on hold and resolves it; the incident history, the SLA figures and the KPIs on
 * the ITSM tab change accordingly and match the API.
 */
test('service owner registers a service and works an incident', async ({
  page,
  request,
}) => {
  const before = await itsmApi(request, 'bob', SUMMARY);
  expect(
    before.services,
    'recommendation-engine starts without a service (fresh demo data)',
  ).toEqual([]);

  await signInAs(page, 'bob', ENTITY_PATH);
  await expect(page.getByText('Not an IT service yet')).toBeVisible();

  // Register it: the owner comes from the catalog entity; pick the Gold SLA (24×7 clocks).
  await page.getByRole('button', { name: 'Register service' }).click();
  const register = page.getByRole('dialog');
  await expect(register.getByLabel('Owner (group)')).toHaveValue(
    'group:default/shop-team',
  );
  await register.getByLabel('Service name').fill('Recommendations');
  await register
    .getByLabel('Purpose')
    .fill('"Customers also bought" suggestions in the web shop.');
  await register.getByLabel('SLA').click();
  await page.getByRole('option', { name: /^Gold/ }).click();
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(register).toBeHidden();

  // The tab now shows the service with its SLA and no incidents.
  await expect(page.getByText('SLA this month')).toBeVisible();
  await expect(page.getByText(/^Gold · /)).toBeVisible();
  await expect(page.getByText('No open incidents.')).toBeVisible();
  await expect(page.getByText('No incidents match the filters.')).toBeVisible();
  const registered = await itsmApi(request, 'bob', SUMMARY);
  expect(registered.services).toHaveLength(1);
  expect(registered.services[0]).toMatchObject({
    name: 'Recommendations',
    ownerRef: 'group:default/shop-team',
  });
  expect(await metricText(page, 'SLA breaches')).toContain(
    'of 0 measured incidents',
  );

  // Open an incident: impact 1 × urgency 2 shows P2 before it is submitted.
  await page.getByRole('button', { name: 'Open incident' }).first().click();
  const open = page.getByRole('dialog');
  await open
    .getByLabel('Title')
    .fill('Recommendations time out on product pages');
  await open.getByLabel('Impact').click();
  await page.getByRole('option', { name: '1 – high' }).click();
  await open.getByLabel('Urgency').click();
  await page.getByRole('option', { name: '2 – medium' }).click();
  await expect(
    open.getByRole('status', { name: 'Resulting priority' }),
  ).toHaveText('P2');
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
  await open.getByRole('button', { name: 'Open incident' }).click();
  await expect(open).toBeHidden();

  const opened = await itsmApi(request, 'bob', SUMMARY);
  expect(opened.openIncidents).toHaveLength(1);
  const incident = opened.openIncidents[0];
  expect(incident).toMatchObject({
    priority: 'P2',
    state: 'new',
    impact: 1,
    urgency: 2,
  });
  const row = page
    .getByRole('row', { name: new RegExp(incident.number) })
    .first();
  await expect(row).toBeVisible();
  await expect(row.getByText('P2')).toBeVisible();
  await expect(row.getByText(/left/)).toBeVisible(); // the live resolution countdown

  // Acknowledge, put on hold, resolve.
  await page
    .getByRole('button', { name: `Acknowledge ${incident.number}` })
    .click();
  await expect(row.getByText('In progress')).toBeVisible();
  await moveIncident(page, incident.number, 'On hold', {
    onHoldReason: 'Awaiting vendor',
  });
  await expect(row.getByText('On hold')).toBeVisible();
  await moveIncident(page, incident.number, 'Resolved', {
    resolutionNotes: 'Raised the model server timeout.',
  });
  await expect(page.getByText('No open incidents.')).toBeVisible();

  // History: the incident, resolved.
  const after = await itsmApi(request, 'bob', SUMMARY);
  expect(after.openIncidents).toEqual([]);
  const history = await itsmApi(
    request,
    'bob',
    `/incidents/${incident.id}/history`,
  );
  const states = history.items
    .map((h: any) => h.changes?.state?.to)
    .filter(Boolean);
  expect(states).toEqual(
    expect.arrayContaining(['in_progress', 'on_hold', 'resolved']),
  );
  const historyRow = page
    .getByRole('row', { name: new RegExp(incident.number) })
    .first();
  await expect(historyRow.getByText('Resolved')).toBeVisible();

  // SLA figures: one measured incident, both clocks met (as the API computes them).
  const kpis = after.kpis;
  expect(kpis.slaFulfilment.measured).toBe(1);
  expect(kpis.slaFulfilment.responsePercent).toBe(100);
  expect(kpis.slaFulfilment.resolutionPercent).toBe(100);
  await expect(page.getByRole('group', { name: 'SLA breaches' })).toContainText(
    'of 1 measured incidents',
  );
  expect(await metricText(page, 'Response SLA met')).toContain('100');
  expect(await metricText(page, 'Resolution SLA met')).toContain('100');

  // KPIs: this month's MTTR and this week's P2 count now include the incident.
  const month = DateTime.now().toFormat('yyyy-MM');
  const mttr = page.getByRole('table', { name: 'MTTR trend' });
  await expect(
    mttr.getByRole('row', { name: new RegExp(month) }),
  ).not.toContainText('n/a');
  const perWeek = page.getByRole('table', {
    name: 'Incidents per week by priority',
  });
  await expect(perWeek.getByRole('row').last()).toContainText('1');

  await expectNoSeriousA11yViolations(page, 'main');
  // A taller window: the service header, the SLA card and the history in one picture.
  await page.setViewportSize({ width: 1400, height: 1500 });
  await saveScreenshot(
    page,
    'journey-2-service-owner',
    page.getByText('Recommendations', { exact: true }).first(),
  );
});
