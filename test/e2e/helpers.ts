import { APIRequestContext, Page, expect } from '@playwright/test';

export const BACKEND = 'http://localhost:7007';

/** A Backstage token of a demo user, from the backend's `demo` sign-in provider. */
export async function tokenFor(request: APIRequestContext, user: string): Promise<string> {
  const res = await request.get(`${BACKEND}/api/auth/demo/refresh`, {
    headers: { 'x-itsm-demo-user': user, 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.ok(), `sign-in of ${user}: ${res.status()} ${await res.text()}`).toBeTruthy();
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** GET /api/itsm<path> as a demo user. */
export async function itsmApi<T = any>(request: APIRequestContext, user: string, p: string): Promise<T> {
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
  await expect(page.getByRole('link', { name: 'ITSM' }).first()).toBeVisible({ timeout: 60_000 });
}

export async function saveScreenshot(page: Page, name: string) {
  await page.screenshot({ path: `${__dirname}/artifacts/screenshots/${name}.png`, fullPage: true });
}
