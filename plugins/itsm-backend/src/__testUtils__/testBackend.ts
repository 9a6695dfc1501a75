import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import request from 'supertest';
import { itsmPlugin } from '../plugin';
import { testEntities } from './fixtures';

export interface TestBackendOptions {
  entities?: Entity[];
  config?: Record<string, unknown>;
  /** A database from TestDatabases; defaults to a fresh in-memory SQLite. */
  knex?: Knex;
  /**
   * More features or service factories (e.g. a recording notificationService or auditor).
   * Without a notificationService factory here, notifications go to a no-op.
   */
  extraFeatures?: any[];
}

/** Discards notifications (the default notificationService would POST to a notifications backend). */
const noopNotifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ send: async () => {} }),
});

/** A notificationService that records what the plugin sends into `sent`. */
export function recordingNotifications(sent: NotificationSendOptions[]) {
  return createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
      },
    }),
  });
}

/** Starts the real plugin on a test backend with a catalog holding `entities`. */
export async function startItsmTestBackend(options: TestBackendOptions = {}) {
  const features: any[] = [
    itsmPlugin,
    catalogServiceMock.factory({ entities: options.entities ?? testEntities }),
    mockServices.rootConfig.factory({ data: { itsm: {}, ...options.config } }),
  ];
  if (options.knex) {
    features.push(mockServices.database.factory({ knex: options.knex }));
  }
  const extra = options.extraFeatures ?? [];
  if (!extra.some(f => f?.service?.id === notificationService.id)) {
    features.push(noopNotifications);
  }
  features.push(...extra);
  const backend = await startTestBackend({ features });
  const server = backend.server;

  const as = (userRef = 'user:default/bob') => ({
    get: (path: string) =>
      request(server)
        .get(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.user.header(userRef)),
    post: (path: string, body?: object) =>
      request(server)
        .post(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.user.header(userRef))
        .send(body),
    patch: (path: string, body?: object) =>
      request(server)
        .patch(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.user.header(userRef))
        .send(body),
  });
  const asService = () => ({
    get: (path: string) =>
      request(server)
        .get(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.service.header()),
    post: (path: string, body?: object) =>
      request(server)
        .post(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.service.header())
        .send(body),
  });
  return { backend, server, as, asService, stop: () => backend.stop() };
}

/** A started ITSM test backend: its server and request helpers per principal. */
export type ItsmTestBackend = Awaited<ReturnType<typeof startItsmTestBackend>>;

export interface SuiteBackendOptions<S> extends TestBackendOptions {
  /** Runs once the backend is up (e.g. registers services), before the first test. */
  setUp?: (t: ItsmTestBackend) => Promise<S>;
  /** A fresh backend for every test instead of one for the describe block. */
  perTest?: boolean;
}

/** The backend of a describe block, and what its setUp answered (ids, seeded records). */
export type SuiteBackend<S> = ItsmTestBackend & { readonly data: S };

/**
 * Starts the backend before the tests of the enclosing describe block and stops it after them.
 * The answer stands for the running backend, so that helpers of the block can close over it
 * where they are defined, before the backend exists.
 */
export function useItsmTestBackend<S = void>(
  options: SuiteBackendOptions<S> = {},
): SuiteBackend<S> {
  const { setUp, perTest, ...backendOptions } = options;
  let current: ItsmTestBackend | undefined;
  let data: S;
  const started = () => {
    if (!current) {
      throw new Error(
        'The ITSM test backend runs only while the tests of its describe block run',
      );
    }
    return current;
  };
  (perTest ? beforeEach : beforeAll)(async () => {
    current = await startItsmTestBackend(backendOptions);
    if (setUp) {
      data = await setUp(current);
    }
  });
  (perTest ? afterEach : afterAll)(async () => {
    await current?.stop();
    current = undefined;
  });
  return {
    get backend() {
      return started().backend;
    },
    get server() {
      return started().server;
    },
    get data() {
      started();
      return data;
    },
    as: (...args) => started().as(...args),
    asService: () => started().asService(),
    stop: () => started().stop(),
  };
}

/**
 * GETs a list (`path` with `query`), asserts it answered 200 with all its items on one page and
 * returns the items' titles sorted, so list filters can be compared by title.
 */
export async function listTitles(
  t: ItsmTestBackend,
  path: string,
  query: string,
): Promise<string[]> {
  const res = await t.as().get(`${path}${query}`);
  expect([query, res.status]).toEqual([query, 200]);
  expect(res.body.totalCount).toBe(res.body.items.length);
  return res.body.items.map((item: { title: string }) => item.title).sort();
}

/** An item of a list page, as far as the pagination tests read it. */
export interface ListItem {
  id: string;
  title: string;
}

/** One page of a list, as the list routes answer it. */
export interface ListPage {
  items: ListItem[];
  totalCount: number;
  nextCursor: string | null;
}

/**
 * Follows the nextCursor of a list from `path` (which has a query already) until a page has no
 * next one or `maxPages` pages are read, asserting that every page answered 200 and counts
 * `totalCount` items in all. Answers the pages and the cursor the last one gave.
 */
export async function walkPages(
  client: {
    get: (path: string) => PromiseLike<{ status: number; body: ListPage }>;
  },
  path: string,
  expected: { totalCount: number; maxPages: number },
): Promise<{ pages: ListPage[]; cursor: string | null }> {
  const pages: ListPage[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.get(
      cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path,
    );
    expect(page.status).toBe(200);
    expect(page.body.totalCount).toBe(expected.totalCount);
    pages.push(page.body);
    cursor = page.body.nextCursor;
  } while (cursor && pages.length < expected.maxPages);
  return { pages, cursor };
}

/** Asserts the record fields every created or updated record carries. */
export function expectRecordMeta(
  record: Record<string, unknown>,
  actor: string,
  version = 1,
) {
  expect(record.id).toEqual(expect.any(String));
  expect(record.version).toBe(version);
  expect(record.createdAt).toMatch(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  );
  expect(record.updatedAt).toMatch(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  );
  if (version === 1) {
    expect(record.createdBy).toBe(actor);
    expect(record.updatedAt).toBe(record.createdAt);
  }
  expect(record.updatedBy).toBe(actor);
}

/**
 * Asserts that a request made while setting a test up (in beforeAll/beforeEach) answered
 * `status`, and returns the response. On a mismatch, the failure shows the error message of the
 * response too.
 */
export function expectStatus<R extends { status: number; body?: any }>(
  res: R,
  status: number,
): R {
  expect({ status: res.status, error: res.body?.error?.message }).toMatchObject(
    { status },
  );
  return res;
}
