import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Sla } from '@backstage-itsm/plugin-itsm-common';
import { gold24x7Sla } from '../__testUtils__/fixtures';
import { DatabaseItsmStore } from '../store/DatabaseItsmStore';
import { ItsmStore } from '../store/ItsmStore';
import {
  applyUpdate,
  newRecordMeta,
  RecordUpdate,
  requireRecord,
  SLA_RECORDS,
} from './recordWrites';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('recordWrites', () => {
  const ctx = (now: string) => ({
    actor: 'user:default/alice',
    credentials: mockCredentials.user('user:default/alice'),
    now,
  });
  /** Updates the SLA `current` as alice at `now` (the record type these tests write). */
  const updateSla = (
    store: ItsmStore,
    current: Sla,
    update: RecordUpdate<Sla>,
    now: string,
  ) => applyUpdate(store, SLA_RECORDS, current, update, ctx(now));

  async function setup() {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: DatabaseItsmStore.migrationsDirectory(),
    });
    const store = new DatabaseItsmStore(knex);
    const sla: Sla = {
      ...newRecordMeta(ctx('2026-01-05T08:00:00.000Z')),
      name: 'Gold',
      description: null,
      availabilityTarget: 99.9,
      calendar: '24x7',
      targets: gold24x7Sla.targets,
    };
    await store.insertSla(sla);
    return { store, sla };
  }

  it('gives new records version 1, a fresh id and the actor and time of the request', () => {
    const a = newRecordMeta(ctx('2026-01-05T08:00:00.000Z'));
    const b = newRecordMeta(ctx('2026-01-05T08:00:00.000Z'));
    expect(a).toMatchObject({
      version: 1,
      createdAt: '2026-01-05T08:00:00.000Z',
      createdBy: 'user:default/alice',
      updatedAt: '2026-01-05T08:00:00.000Z',
      updatedBy: 'user:default/alice',
    });
    expect(a.id).not.toBe(b.id);
  });

  it('answers an unknown id with the 404 of the record type', async () => {
    const { store } = await setup();
    await expect(
      requireRecord(store, SLA_RECORDS, 'nope'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No SLA with id nope',
    });
  });

  it('updates with the version, records the changed fields and returns the record reloaded', async () => {
    const { store, sla } = await setup();
    const updated = await store.transaction(tx =>
      updateSla(
        tx,
        sla,
        {
          version: 1,
          patch: { name: 'Gold+', availabilityTarget: 99.9 },
          action: 'updated',
        },
        '2026-01-05T09:00:00.000Z',
      ),
    );
    expect(updated).toMatchObject({
      name: 'Gold+',
      version: 2,
      updatedAt: '2026-01-05T09:00:00.000Z',
    });
    expect(await store.getHistory('sla', sla.id)).toMatchObject([
      {
        action: 'updated',
        at: '2026-01-05T09:00:00.000Z',
        changes: { name: { from: 'Gold', to: 'Gold+' } },
        comment: null,
      },
    ]);
  });

  it('writes no history when nothing changed, unless asked or given a comment', async () => {
    const { store, sla } = await setup();
    const unchanged = await updateSla(
      store,
      sla,
      { version: 1, patch: { name: 'Gold' }, action: 'updated' },
      '2026-01-05T09:00:00.000Z',
    );
    expect(unchanged.version).toBe(2);
    expect(await store.getHistory('sla', sla.id)).toEqual([]);

    await updateSla(
      store,
      unchanged,
      { version: 2, patch: {}, action: 'noted', comment: 'why' },
      '2026-01-05T10:00:00.000Z',
    );
    await updateSla(
      store,
      unchanged,
      {
        version: 3,
        patch: { description: 'x' },
        action: 'transition',
        at: '2026-01-05T10:30:00.000Z',
        changes: { state: { from: 'a', to: 'b' } },
        alwaysRecord: true,
      },
      '2026-01-05T11:00:00.000Z',
    );
    expect(await store.getHistory('sla', sla.id)).toMatchObject([
      { action: 'noted', changes: {}, comment: 'why' },
      {
        action: 'transition',
        at: '2026-01-05T10:30:00.000Z',
        changes: { state: { from: 'a', to: 'b' } },
      },
    ]);
  });

  it('leaves unrecorded fields out, adds extra changes, and skips an empty patch when told', async () => {
    const { store, sla } = await setup();
    const after = await updateSla(
      store,
      sla,
      {
        version: 1,
        patch: {},
        action: 'approval',
        extraChanges: { vote: { from: null, to: 'approve' } },
        skipEmptyPatch: true,
      },
      '2026-01-05T09:00:00.000Z',
    );
    expect(after.version).toBe(1);
    await updateSla(
      store,
      after,
      {
        version: 1,
        patch: { name: 'Silver', description: 'd' },
        action: 'updated',
        unrecorded: ['description'],
      },
      '2026-01-05T10:00:00.000Z',
    );
    expect((await store.getHistory('sla', sla.id)).map(h => h.changes)).toEqual(
      [
        { vote: { from: null, to: 'approve' } },
        { name: { from: 'Gold', to: 'Silver' } },
      ],
    );
  });

  it('refuses a stale version (optimistic concurrency)', async () => {
    const { store, sla } = await setup();
    await updateSla(
      store,
      sla,
      { version: 1, patch: { name: 'A' }, action: 'updated' },
      '2026-01-05T09:00:00.000Z',
    );
    await expect(
      updateSla(
        store,
        sla,
        { version: 1, patch: { name: 'B' }, action: 'updated' },
        '2026-01-05T09:00:00.000Z',
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });
});
