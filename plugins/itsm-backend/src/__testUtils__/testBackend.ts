import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
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
      request(server).get(`/api/itsm${path}`).set('Authorization', mockCredentials.user.header(userRef)),
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
      request(server).get(`/api/itsm${path}`).set('Authorization', mockCredentials.service.header()),
    post: (path: string, body?: object) =>
      request(server)
        .post(`/api/itsm${path}`)
        .set('Authorization', mockCredentials.service.header())
        .send(body),
  });
  return { backend, server, as, asService, stop: () => backend.stop() };
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
  expect({ status: res.status, error: res.body?.error?.message }).toMatchObject({ status });
  return res;
}
