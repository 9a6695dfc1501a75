import { test, expect, Page } from '@playwright/test';
import { DateTime } from 'luxon';
import {
  BACKEND,
  expectNoSeriousA11yViolations,
  itsmApi,
  saveScreenshot,
  signInAs,
  tokenFor,
} from './helpers';

const REQUESTER = 'dave'; // shop-team (owns checkout-service) and a CAB member
const CAB_MEMBER = 'alice';
const CHECKOUT_TAB = '/catalog/default/component/checkout-service/itsm';

/** `yyyy-MM-ddTHH:mm` in the browser's time zone, for a datetime-local input. */
async function localInputValue(page: Page, iso: string): Promise<string> {
  const zone = await page.evaluate(
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  return DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The CAB queue card of a change (an InfoCard titled `CHG-… · title`). */
function cabCard(page: Page, number: string) {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(new RegExp(`^${number} · `)) });
}

/*
 * Journey 3: a requester opens a normal change on checkout-service whose window overlaps the
 * scheduled change on payment-gateway, a component checkout-service depends on. A CAB member
 * (a second signed-in user) sees it in the CAB queue with the conflict and the risk reasons
 * and approves it with a comment; the policy (low risk: one CAB approval) is met, so the change
 * is Scheduled on the change calendar and in the component's change history. The requester
 * cannot approve their own change.
 */
test('the CAB reviews a change that conflicts with a dependency', async ({
  page,
  browser,
  request,
}) => {
  // The change on the dependency, from the demo data.
  const paymentChanges = await itsmApi(
    request,
    REQUESTER,
    `/changes?entityRef=${encodeURIComponent(
      'component:default/payment-gateway',
    )}&state=scheduled`,
  );
  const dependency = paymentChanges.items.find((c: any) =>
    c.title.startsWith('Raise payment connection pool'),
  );
  expect(
    dependency,
    'the demo data schedules a change on payment-gateway',
  ).toBeTruthy();
  const start = DateTime.fromISO(dependency.plannedStart).plus({ minutes: 30 });
  const end = start.plus({ hours: 1 });

  // The requester opens the change from the component's ITSM tab.
  await signInAs(page, REQUESTER, CHECKOUT_TAB);
  await page.getByRole('button', { name: 'Open change' }).first().click();
  const form = page.getByRole('dialog');
  await expect(
    form.getByLabel('Affected entities (comma separated refs)'),
  ).toHaveValue('component:default/checkout-service');
  await form
    .getByLabel('Title')
    .fill('Tune checkout retries against the payment gateway');
  await form
    .getByLabel('Planned start')
    .fill(await localInputValue(page, start.toISO()!));
  await form
    .getByLabel('Planned end')
    .fill(await localInputValue(page, end.toISO()!));
  await form
    .getByLabel('Implementation plan')
    .fill('Roll out the new retry policy with the pipeline.');
  await form.getByLabel('Rollback plan').fill('Redeploy the previous release.');
  await form
    .getByLabel('Test plan')
    .fill('Checkout smoke tests in staging and production.');
  await form.getByLabel('Rollback was tested').check();
  // Criticality 1 adds 3 points; with a tested rollback the change stays low risk.
  await expect(form.getByRole('status', { name: /Estimate/ })).toHaveText(
    'Low risk (score 3)',
  );
  await expectNoSeriousA11yViolations(page, '[role="dialog"]');
  await form.getByRole('button', { name: 'Open change' }).click();

  // The server's assessment and the conflict with the dependency's change.
  const created = page.getByRole('dialog');
  await expect(created.getByText(/^Change CHG-\d+ created$/)).toBeVisible();
  const number = (
    await created.getByText(/^Change CHG-\d+ created$/).innerText()
  ).split(' ')[1];
  await expect(created.getByText(new RegExp(dependency.number))).toBeVisible();
  await created.getByRole('button', { name: 'Done' }).click();

  // Through assessment to the CAB, from the change history.
  await page
    .getByRole('button', { name: `Submit for assessment: ${number}` })
    .click();
  await page
    .getByRole('button', { name: `Request CAB approval: ${number}` })
    .click();
  const timelineItem = page.getByTestId(`change-${number}`);
  await expect(
    timelineItem.getByText('Authorize', { exact: true }),
  ).toBeVisible();

  const token = await tokenFor(request, REQUESTER);
  const summary = await itsmApi(
    request,
    REQUESTER,
    '/entities/component/default/checkout-service/summary',
  );
  const change = [...summary.nextChanges, ...summary.ongoingChanges].find(
    (c: any) => c.number === number,
  );
  expect(change.state).toBe('authorize');
  expect(change.conflicts.map((c: any) => c.message).join('\n')).toContain(
    dependency.number,
  );

  // The requester, a CAB member too, is not offered a vote, and the API refuses one.
  await page.goto('/itsm/cab');
  const ownCard = cabCard(page, number);
  await expect(
    ownCard.getByText(
      'You requested this change: other CAB members decide on it.',
    ),
  ).toBeVisible();
  await expect(
    ownCard.getByRole('button', { name: `Approve ${number}` }),
  ).toHaveCount(0);
  const selfVote = await request.post(
    `${BACKEND}/api/itsm/changes/${change.id}/approvals`,
    {
      headers: { Authorization: `Bearer ${token}` },
      data: { decision: 'approve', comment: 'My own change is fine' },
    },
  );
  expect(selfVote.status()).toBe(403);
  expect(await selfVote.text()).toMatch(
    /requested this change and may not vote on it/,
  );

  // A second user, a CAB member, reviews it in the CAB queue.
  const cabContext = await browser.newContext();
  const cabPage = await cabContext.newPage();
  await signInAs(cabPage, CAB_MEMBER, '/itsm/cab');
  const card = cabCard(cabPage, number);
  await expect(card).toBeVisible();
  await expect(
    card.getByText(new RegExp(`${dependency.number}`)).first(),
  ).toBeVisible();
  await expect(
    card.getByText('Service criticality 1 (most critical): +3'),
  ).toBeVisible();
  await expect(card.getByText('Low risk · Score 3')).toBeVisible();
  await expectNoSeriousA11yViolations(cabPage, 'article');

  await card.getByRole('button', { name: `Approve ${number}` }).click();
  const vote = cabPage.getByRole('dialog');
  await vote
    .getByLabel('Comment')
    .fill('Retries are bounded; the payment change is independent. Go.');
  await expectNoSeriousA11yViolations(cabPage, '[role="dialog"]');
  await vote.getByRole('button', { name: 'Approve' }).click();
  await expect(vote).toBeHidden();
  // The policy is met: the change leaves the queue as Scheduled.
  await expect(
    cabPage.getByText(
      `Your vote on ${number} was recorded; the change is now Scheduled.`,
    ),
  ).toBeVisible();
  await expect(card).toHaveCount(0);

  const approved = await itsmApi(request, CAB_MEMBER, `/changes/${change.id}`);
  expect(approved.state).toBe('scheduled');
  expect(approved.approvals).toEqual([
    expect.objectContaining({
      voterRef: 'user:default/alice',
      decision: 'approve',
      comment: 'Retries are bounded; the payment change is independent. Go.',
    }),
  ]);

  // On the change calendar, in the week of its window (the week view lists every change of a
  // day; the month view shows three per day): Scheduled, flagged as conflicting.
  await cabPage.goto('/itsm/calendar');
  await cabPage.getByRole('button', { name: 'Week', exact: true }).click();
  const weeks = Math.round(
    DateTime.fromISO(approved.plannedStart)
      .startOf('week')
      .diff(DateTime.now().startOf('week'), 'weeks').weeks,
  );
  for (let i = 0; i < weeks; i++) {
    await cabPage.getByRole('button', { name: 'Next period' }).click();
  }
  const entry = cabPage.getByTestId(`calendar-change-${number}`);
  await expect(entry).toHaveAttribute(
    'aria-label',
    new RegExp(`${number} .*, Scheduled, Conflict`),
  );
  await expectNoSeriousA11yViolations(cabPage, 'article');
  await saveScreenshot(cabPage, 'journey-3-change-calendar');

  // In the component's change history.
  await cabPage.goto(CHECKOUT_TAB);
  const item = cabPage.getByTestId(`change-${number}`);
  await expect(item.getByText('Scheduled', { exact: true })).toBeVisible();
  await saveScreenshot(
    cabPage,
    'journey-3-change-history',
    cabPage.getByText('Changes and deployments'),
  );
  await cabContext.close();
});
