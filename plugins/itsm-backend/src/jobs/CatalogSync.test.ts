import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { itsmPlugin } from '../plugin';
import {
  gold24x7Sla,
  silverSla,
  testEntities,
} from '../__testUtils__/fixtures';
import { expectStatus } from '../__testUtils__/testBackend';
import { CATALOG_SYNC_ACTOR } from './CatalogSync';

/*
 * The catalog sync through the real plugin: the scheduled task `itsm-catalog-sync` is triggered
 * by hand against a catalog whose entity list the test changes between runs.
 */

function annotated(
  name: string,
  owner: string,
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

describe('catalog sync', () => {
  let entities: Entity[];
  let server: any;
  let stop: () => Promise<void>;
  // The mock scheduler's `factory()` is not in its declared type (SchedulerService).
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(): ServiceFactory;
  };
  const get = (path: string) =>
    request(server)
      .get(`/api/itsm${path}`)
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
  const post = (path: string, body: object) =>
    request(server)
      .post(`/api/itsm${path}`)
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send(body);
  const sync = () => scheduler.triggerTask('itsm-catalog-sync');
  const services = async () =>
    (await get('/services?limit=500')).body.items as any[];
  const byEntity = async (ref: string) =>
    (await services()).filter(s => s.entityRefs.includes(ref));
  /** The catalog with the entity `name` replaced by `entity`. */
  const replacing = (name: string, entity: Entity) =>
    entities.map(e => (e.metadata.name === name ? entity : e));
  /** search, moved to payments-team as a critical security service of the SLA tier `tier`. */
  const paymentsOwnedSearch = (tier: string) =>
    annotated('search', 'payments-team', {
      'itsm.backstage.io/sla-tier': tier,
      'itsm.backstage.io/criticality': '1',
      'itsm.backstage.io/service-category': 'security',
    });
  /** The services before and after another sync. */
  const servicesAroundSync = async () => {
    const before = await services();
    await sync();
    return { before, after: await services() };
  };

  const base = () =>
    testEntities
      .filter(
        e => e.metadata.name !== 'search' && e.metadata.name !== 'payments',
      )
      .concat([
        annotated('search', 'shop-team', {
          'itsm.backstage.io/sla-tier': 'silver',
          'itsm.backstage.io/criticality': '2',
          'itsm.backstage.io/service-category': 'application',
          'itsm.backstage.io/service-name': 'Product Search',
        }),
        annotated('payments', 'payments-team', {
          'itsm.backstage.io/sla-tier': 'gold',
          'itsm.backstage.io/criticality': '1',
        }),
        annotated(
          'orders-db',
          'shop-team',
          {
            'itsm.backstage.io/criticality': '2',
            'itsm.backstage.io/service-category': 'infrastructure',
            'itsm.backstage.io/support-hours': '24x7',
          },
          'Resource',
        ),
      ]);

  let silverId: string;
  let goldId: string;

  beforeAll(async () => {
    entities = base();
    // A catalog whose contents follow `entities` (InMemoryCatalogClient copies its list).
    const catalog = new Proxy({} as InMemoryCatalogClient, {
      get: (_t, prop) => {
        const client = new InMemoryCatalogClient({ entities });
        const value = (client as any)[prop];
        return typeof value === 'function' ? value.bind(client) : value;
      },
    });
    const backend = await startTestBackend({
      features: [
        itsmPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({ data: { itsm: {} } }),
        scheduler.factory(),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    silverId = (await post('/slas', silverSla)).body.id;
    goldId = (await post('/slas', gold24x7Sla)).body.id;
    // A manual service on checkout-service's neighbour `payments`: the sync must leave it alone
    // and must not add a catalog-managed one next to it.
    const manual = await post('/services', {
      entityRef: 'component:default/payments',
      name: 'Payments (manual)',
      criticality: 2,
    });
    expectStatus(manual, 201);
  });

  afterAll(async () => {
    await stop();
  });

  it('creates catalog-managed services for annotated entities without a service', async () => {
    await sync();
    const search = await byEntity('component:default/search');
    expect(search).toEqual([
      expect.objectContaining({
        name: 'Product Search',
        managedBy: 'catalog',
        slaId: silverId,
        criticality: 2,
        category: 'application',
        ownerRef: 'group:default/shop-team',
        lifecycle: 'live',
        createdBy: CATALOG_SYNC_ACTOR,
      }),
    ]);
    const db = await byEntity('resource:default/orders-db');
    expect(db).toEqual([
      expect.objectContaining({
        name: 'orders-db',
        managedBy: 'catalog',
        slaId: null,
        criticality: 2,
        category: 'infrastructure',
        supportHours: '24x7',
      }),
    ]);
    const history = await get(`/services/${search[0].id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ action: 'created', actor: CATALOG_SYNC_ACTOR }),
    ]);

    // payments already has a manual service: untouched, no catalog-managed duplicate
    const payments = await byEntity('component:default/payments');
    expect(payments).toEqual([
      expect.objectContaining({
        name: 'Payments (manual)',
        managedBy: 'manual',
        criticality: 2,
        slaId: null,
        version: 1,
      }),
    ]);
    // entities without annotations get nothing
    expect(await byEntity('component:default/checkout')).toEqual([]);
  });

  it('is idempotent', async () => {
    const { before, after } = await servicesAroundSync();
    expect(after).toEqual(before);
  });

  it('updates changed annotations (with history)', async () => {
    entities = replacing('search', paymentsOwnedSearch('GOLD'));
    await sync();
    const [search] = await byEntity('component:default/search');
    expect(search).toMatchObject({
      name: 'search',
      slaId: goldId,
      criticality: 1,
      category: 'security',
      ownerRef: 'group:default/payments-team',
      version: 2,
      updatedBy: CATALOG_SYNC_ACTOR,
    });
    const history = await get(`/services/${search.id}/history`);
    expect(history.body.items[1]).toMatchObject({
      action: 'updated',
      actor: CATALOG_SYNC_ACTOR,
      changes: {
        name: { from: 'Product Search', to: 'search' },
        criticality: { from: 2, to: 1 },
        slaId: { from: silverId, to: goldId },
      },
    });
  });

  it('retires services whose entity lost the annotations or disappeared, never manual ones', async () => {
    entities = entities
      .filter(e => e.metadata.name !== 'orders-db')
      .map(e =>
        e.metadata.name === 'search'
          ? { ...e, metadata: { ...e.metadata, annotations: {} } }
          : e,
      )
      // payments loses its annotations too, but its service is manual
      .map(e =>
        e.metadata.name === 'payments'
          ? { ...e, metadata: { ...e.metadata, annotations: {} } }
          : e,
      );
    await sync();
    expect(await byEntity('component:default/search')).toEqual([
      expect.objectContaining({ lifecycle: 'retired', managedBy: 'catalog' }),
    ]);
    expect(await byEntity('resource:default/orders-db')).toEqual([
      expect.objectContaining({ lifecycle: 'retired', managedBy: 'catalog' }),
    ]);
    expect(await byEntity('component:default/payments')).toEqual([
      expect.objectContaining({
        lifecycle: 'live',
        managedBy: 'manual',
        version: 1,
      }),
    ]);
    const { before, after } = await servicesAroundSync();
    expect(after).toEqual(before);
  });

  it('revives the retired service when the annotations come back', async () => {
    entities = replacing('search', paymentsOwnedSearch('gold'));
    await sync();
    const search = await byEntity('component:default/search');
    expect(search).toHaveLength(1);
    expect(search[0]).toMatchObject({ lifecycle: 'live', criticality: 1 });
  });
});
