import { APIRequestContext, Locator, Page, expect } from '@playwright/test';

import { BACKEND } from './ports';

export { BACKEND };

/** A Backstage token of a demo user, from the backend's `demo` sign-in provider. */
export async function tokenFor(
  request: APIRequestContext,
  user: string,
): Promise<string> {
  const res = await request.get(`${BACKEND}/api/auth/demo/refresh`, {
    headers: { 'x-itsm-demo-user': user, 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(
    res.ok(),
    `sign-in of ${user}: ${res.status()} ${await res.text()}`,
  ).toBeTruthy();
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** GET /api/itsm<path> as a demo user. */
export async function itsmApi<T = any>(
  request: APIRequestContext,
  user: string,
  p: string,
): Promise<T> {
  const res = await request.get(`${BACKEND}/api/itsm${p}`, {
    headers: { Authorization: `Bearer ${await tokenFor(request, user)}` },
  });
  expect(res.ok(), `GET ${p}: ${res.status()}`).toBeTruthy();
  return res.json();
}

/** Opens the portal signed in as a demo user (the demo sign-in page's `?as=` parameter). */
export async function signInAs(page: Page, user: string, to = '/') {
  await page.goto(`${to}${to.includes('?') ? '&' : '?'}as=${user}`);
  // Signed in: the sidebar with the ITSM entry is there.
  await expect(page.getByRole('link', { name: 'ITSM' }).first()).toBeVisible({
    timeout: 60_000,
  });
}

/**
 * Saves what the user sees (the viewport, with the app's sidebar) as a test artifact, scrolled
 * to `target` when given. Not full-page: the fixed sidebar would land mid-page.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  target?: Locator,
) {
  if (target) {
    await target.scrollIntoViewIfNeeded();
    await target.evaluate(e => e.scrollIntoView({ block: 'start' }));
  }
  await page.waitForTimeout(700); // let charts and transitions settle
  await page.screenshot({
    path: `${__dirname}/artifacts/screenshots/${name}.png`,
  });
}

/**
 * Runs axe on a part of the page (`main` of an entity page, `article` of a portal page, a
 * `[role="dialog"]`) and expects no serious or critical violation. Scoped to what this repo
 * renders: the app shell around it (sidebar, the new frontend system's page header and tabs)
 * is Backstage's own.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  include: string,
) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).include(include).analyze();
  const serious = result.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(
      v =>
        `${v.id}: ${v.help} — ${v.nodes
          .map(n => n.target.join(' '))
          .join(', ')}`,
    ),
    `axe on ${include} of ${page.url()}`,
  ).toEqual([]);
}

/** The text of a labelled metric (`role="group"` named by its label), e.g. the SLA card's. */
export async function metricText(
  page: Page,
  name: string | RegExp,
): Promise<string> {
  return (await page.getByRole('group', { name }).first().innerText()).trim();
}
