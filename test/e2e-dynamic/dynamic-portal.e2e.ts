import {
  test,
  expect,
  Page,
  Response,
  request as playwrightRequest,
  APIRequestContext,
} from '@playwright/test';
import { APP_URL } from '../e2e/ports';
import { BACKEND, itsmApi, saveScreenshot, signInAs } from '../e2e/helpers';
import {
  DynamicBackend,
  getFresh,
  PLUGIN_FOLDERS,
  REMOTE_PATH,
  startDynamicBackend,
} from './dynamicPortal';

const REMOTE_PREFIX = `${BACKEND}${REMOTE_PATH}`;
const CHECKOUT = '/catalog/default/component/checkout-service';
/** The id of the ITSM plugin's API ref: in the plugin's code and nowhere in the app's. */
const ITSM_MARKER = 'plugin.itsm.api';

/**
 * The URL of every JavaScript response of the page: the app's own and the remote's. Their bodies
 * are fetched again afterwards (content-hashed static files, the same bytes): reading a response
 * body in the browser races with the next navigation, which discards it.
 */
function recordScripts(page: Page) {
  const app = new Set<string>();
  const remote = new Set<string>();
  page.on('response', (r: Response) => {
    const type = r.headers()['content-type'] ?? '';
    if (!type.includes('javascript')) return;
    if (r.url().startsWith(REMOTE_PREFIX)) remote.add(r.url());
    else if (r.url().startsWith(APP_URL)) app.add(r.url());
  });
  return { app, remote };
}

/** The scripts whose body (fetched on a fresh connection) has the ITSM marker, and those that failed. */
async function withMarker(urls: Set<string>) {
  const found: string[] = [];
  const failed: string[] = [];
  for (const url of urls) {
    const res = await getFresh(url);
    if (res.status !== 200) failed.push(`${url}: ${res.status}`);
    else if (res.body.includes(ITSM_MARKER)) found.push(url);
  }
  return { found, failed };
}

let backend: DynamicBackend;
let request: APIRequestContext;

test.beforeAll(async () => {
  backend = await startDynamicBackend({
    name: 'installed',
    rootDirectory: PLUGIN_FOLDERS.installed,
    waitForItsmDemoData: true,
  });
  // No keep-alive for the test's own API calls: a pooled socket that the backend closes after its
  // keep-alive timeout just as the next request goes out fails that request with ECONNRESET.
  request = await playwrightRequest.newContext({
    extraHTTPHeaders: { Connection: 'close' },
  });
});

test.afterAll(async () => {
  await request?.dispose();
  await backend?.stop();
});

/*
 * The portal built without any ITSM package shows the ITSM tab, the card and the CAB queue,
 * served as a module-federation remote by the backend's dynamic feature service; an incident is
 * opened and a change approved through them.
 */
test('the dynamic portal loads ITSM from the backend and it works', async ({
  page,
  browser,
}) => {
  const scripts = recordScripts(page);

  // The card on the overview and the tab of checkout-service (dave's team owns it).
  await signInAs(page, 'dave', CHECKOUT);
  await expect(page.getByText('IT service').first()).toBeVisible();
  await page.goto(`${CHECKOUT}/itsm`);
  await expect(
    page.getByRole('button', { name: 'Open incident' }).first(),
  ).toBeVisible();

  // The app's own scripts carry no ITSM code; the plugin came from the backend's remotes route.
  expect([...scripts.remote]).toContainEqual(
    expect.stringMatching(/remoteEntry\.js$/),
  );
  const remote = await withMarker(scripts.remote);
  expect(remote.failed).toEqual([]);
  expect(
    remote.found.length,
    'a remote chunk has the plugin code',
  ).toBeGreaterThan(0);
  expect(scripts.app.size).toBeGreaterThan(0);
  const app = await withMarker(scripts.app);
  expect(app.failed, 'every app script was read').toEqual([]);
  expect(app.found, 'app scripts with ITSM code').toEqual([]);

  // Open an incident from the tab.
  const before = await itsmApi(
    request,
    'dave',
    '/entities/component/default/checkout-service/summary',
  );
  await page.getByRole('button', { name: 'Open incident' }).first().click();
  const open = page.getByRole('dialog');
  await open.getByLabel('Title').fill('Dynamic portal: checkout latency');
  await open.getByLabel('Impact').click();
  await page.getByRole('option', { name: '1 – high' }).click();
  await open.getByLabel('Urgency').click();
  await page.getByRole('option', { name: '2 – medium' }).click();
  await expect(
    open.getByRole('status', { name: 'Resulting priority' }),
  ).toHaveText('P2');
  await open.getByRole('button', { name: 'Open incident' }).click();
  await expect(open).toBeHidden();
  const after = await itsmApi(
    request,
    'dave',
    '/entities/component/default/checkout-service/summary',
  );
  const incident = after.openIncidents.find(
    (i: any) => i.title === 'Dynamic portal: checkout latency',
  );
  expect(incident).toMatchObject({ priority: 'P2', state: 'new' });
  expect(after.openIncidents.length).toBe(before.openIncidents.length + 1);
  await expect(
    page.getByRole('row', { name: new RegExp(incident.number) }).first(),
  ).toBeVisible();
  await saveScreenshot(page, 'dynamic-itsm-tab');

  // alice approves a change of the seeded CAB queue that she did not request.
  const queue = await itsmApi(request, 'alice', '/changes?state=authorize');
  const change = queue.items.find(
    (c: any) => c.requestedBy !== 'user:default/alice',
  );
  expect(change, 'the demo data has a change awaiting the CAB').toBeTruthy();
  const cabContext = await browser.newContext();
  const cabPage = await cabContext.newPage();
  await signInAs(cabPage, 'alice', '/itsm/cab');
  const card = cabPage
    .locator('.MuiCard-root')
    .filter({ has: cabPage.getByText(new RegExp(`^${change.number} · `)) });
  await card.getByRole('button', { name: `Approve ${change.number}` }).click();
  const vote = cabPage.getByRole('dialog');
  await vote
    .getByLabel('Comment')
    .fill('Approved from the dynamically loaded CAB queue.');
  await vote.getByRole('button', { name: 'Approve' }).click();
  await expect(vote).toBeHidden();
  await expect(
    cabPage.getByText(new RegExp(`Your vote on ${change.number} was recorded`)),
  ).toBeVisible();
  const voted = await itsmApi(request, 'alice', `/changes/${change.id}`);
  expect(voted.approvals).toContainEqual(
    expect.objectContaining({
      voterRef: 'user:default/alice',
      decision: 'approve',
      comment: 'Approved from the dynamically loaded CAB queue.',
    }),
  );
  await saveScreenshot(cabPage, 'dynamic-cab-queue');
  await cabContext.close();
});
