import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DEFAULT_CHANGE_CONFIG } from '../domain/changes';
import { DatabaseItsmStore } from '../store/DatabaseItsmStore';
import { gold24x7Sla, testEntities } from '../__testUtils__/fixtures';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { ItsmEvent, ItsmEvents } from '../app/events';
import { ItsmApplication } from '../app/ItsmApplication';
import { SlaBreachCheck } from './SlaBreachCheck';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('SlaBreachCheck', () => {
  async function setup() {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: DatabaseItsmStore.migrationsDirectory(),
    });
    const store = new DatabaseItsmStore(knex);
    const events = new ItsmEvents();
    const announced: ItsmEvent[] = [];
    events.subscribe(e => {
      if (e.type === 'incident.sla') announced.push(e);
    });
    const app = new ItsmApplication(
      store,
      new CatalogGateway(catalogServiceMock({ entities: testEntities })),
      events,
      DEFAULT_CHANGE_CONFIG,
    );
    const ctx = (now: string) => ({
      actor: 'user:default/bob',
      credentials: mockCredentials.user('user:default/bob'),
      now,
    });
    // Gold, 24x7: P2 response 30 min, resolution 480 min.
    const sla = await app.slas.create(
      gold24x7Sla as any,
      ctx('2026-01-05T08:00:00.000Z'),
    );
    const service = await app.services.create(
      {
        entityRef: 'component:default/checkout',
        name: 'Checkout',
        slaId: sla.id,
      },
      ctx('2026-01-05T08:00:00.000Z'),
      { kind: 'caller', claims: ['group:default/shop-team'], isAdmin: false },
    );
    const incident = await app.incidents.create(
      {
        title: 'Slow checkout',
        serviceId: service.id,
        impact: 1,
        urgency: 2,
        assigneeRef: 'user:default/bob',
      },
      ctx('2026-01-05T09:00:00.000Z'),
    );
    return {
      store,
      events,
      app,
      announced,
      incident,
      ctx,
      check: new SlaBreachCheck(store, app.slaEvaluator, events),
    };
  }

  it('records and announces a warning and a breach exactly once each', async () => {
    const { check, announced, store, incident } = await setup();

    // 09:20: response clock at 20 of 30 min (67 %): nothing yet.
    expect(await check.run('2026-01-05T09:20:00.000Z')).toMatchObject({
      warnings: 0,
      breaches: 0,
    });
    // 09:23: 23 of 30 min (77 %): response warning.
    expect(await check.run('2026-01-05T09:23:00.000Z')).toMatchObject({
      warnings: 1,
      breaches: 0,
    });
    expect(await check.run('2026-01-05T09:24:00.000Z')).toMatchObject({
      warnings: 0,
      breaches: 0,
    });
    // 09:31: response breached at 09:30.
    expect(await check.run('2026-01-05T09:31:00.000Z')).toMatchObject({
      breaches: 1,
    });
    expect(await check.run('2026-01-05T09:40:00.000Z')).toMatchObject({
      warnings: 0,
      breaches: 0,
    });

    expect(
      announced.map(
        e => e.type === 'incident.sla' && `${e.clock}:${e.kind}@${e.at}`,
      ),
    ).toEqual([
      'response:warning@2026-01-05T09:23:00.000Z',
      'response:breach@2026-01-05T09:30:00.000Z',
    ]);
    const stored = await store.getIncident(incident.id);
    expect(stored!.slaMarks.responseBreachedAt).toBe(
      '2026-01-05T09:30:00.000Z',
    );
    const history = await store.getHistory('incident', incident.id);
    expect(history.map(h => h.action)).toEqual([
      'created',
      'sla_warning',
      'sla_breach',
    ]);
  });

  it('announces once when two replicas check at the same time', async () => {
    const { store, app, events, announced } = await setup();
    const replicaA = new SlaBreachCheck(store, app.slaEvaluator, events);
    const replicaB = new SlaBreachCheck(store, app.slaEvaluator, events);
    const [a, b] = await Promise.all([
      replicaA.run('2026-01-05T09:35:00.000Z'),
      replicaB.run('2026-01-05T09:35:00.000Z'),
    ]);
    // Warning and breach of the response clock, each counted by exactly one replica.
    expect(a.warnings + b.warnings).toBe(1);
    expect(a.breaches + b.breaches).toBe(1);
    // A clock first seen already breached is announced as a breach only.
    expect(announced.map(e => (e as any).kind)).toEqual(['breach']);
  });

  it('keeps a stored breach after the priority is lowered', async () => {
    const { check, app, incident, ctx } = await setup();
    await check.run('2026-01-05T09:45:00.000Z');
    const current = await app.incidents.getStored(incident.id);
    // P2 → P4 (impact 3, urgency 2): the P4 response goal of 480 min is not breached by the
    // clock alone, but the breach recorded at 09:30 stays.
    await app.incidents.update(
      incident.id,
      { version: current.version, impact: 3 },
      ctx('2026-01-05T09:50:00.000Z'),
    );
    const read = await app.getIncident(
      incident.id,
      ctx('2026-01-05T09:55:00.000Z'),
    );
    expect(read.priority).toBe('P4');
    expect(read.sla!.response.goalMinutes).toBe(480);
    expect(read.sla!.response.state).toBe('breached');
    expect(read.sla!.response.breachedAt).toBe('2026-01-05T09:30:00.000Z');
  });
});
