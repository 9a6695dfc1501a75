import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { gold24x7Sla, CHECKOUT, UNKNOWN_ID } from '../__testUtils__/fixtures';
import {
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(300_000);

/*
 * The root causes of the 500s the spec-driven fuzzing found (issue "Trust", items 5 and 7),
 * over HTTP on every supported database: each is a 4xx naming the field with the database
 * unchanged, or, where the server derives a longer value, a stored value that fits its column.
 */

const databases = itsmTestDatabases();
const enc = encodeURIComponent;
const cursorOf = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

if (requireAllTestDatabases) {
  it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'POSTGRES_15',
      'MYSQL_8',
      'SQLITE_3',
    ]);
  });
}

async function snapshot(knex: Knex) {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    'itsm_slas',
    'itsm_services',
    'itsm_incidents',
    'itsm_problems',
    'itsm_changes',
    'itsm_history',
  ]) {
    out[table] = await knex(table).select('*').orderBy(1);
  }
  return out;
}

describe.each(databases.eachSupportedId())(
  'input that does not fit the database, on %s',
  databaseId => {
    let t: ItsmTestBackend;
    let knex: Knex;
    let serviceId: string;
    let incident: { id: string; number: string };
    const bob = () => t.as('user:default/bob');

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      t = await startItsmTestBackend({ knex });
      const sla = expectStatus(await bob().post('/slas', gold24x7Sla), 201);
      serviceId = expectStatus(
        await bob().post('/services', {
          entityRef: CHECKOUT,
          name: 'Checkout',
          slaId: sla.body.id,
        }),
        201,
      ).body.id;
      incident = expectStatus(
        await bob().post('/incidents', {
          title: 'Down',
          entityRef: CHECKOUT,
          impact: 1,
          urgency: 1,
        }),
        201,
      ).body;
      expectStatus(
        await bob().post('/incidents', {
          title: 'Slow',
          entityRef: CHECKOUT,
          impact: 3,
          urgency: 3,
        }),
        201,
      );
    });
    afterAll(async () => {
      await t?.stop();
    });

    /** Runs `send`, expects `status` and a message starting with `field`, and an unchanged database. */
    async function refused(
      send: () => Promise<any>,
      status: number,
      field: string,
    ) {
      const before = await snapshot(knex);
      const res = await send();
      expect({ status: res.status, message: res.body?.error?.message }).toEqual(
        {
          status,
          message: expect.stringContaining(field),
        },
      );
      expect(await snapshot(knex)).toEqual(before);
      return res;
    }

    it('refuses a NUL byte in free text, refs, ids, q and cursors with 400 naming the field', async () => {
      await refused(
        () =>
          bob().post('/incidents', {
            title: 'a\u0000b',
            entityRef: CHECKOUT,
            impact: 1,
            urgency: 1,
          }),
        400,
        'title',
      );
      await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 1,
            description: 'x\u0000',
          }),
        400,
        'description',
      );
      await refused(
        () =>
          bob().post('/incidents', {
            title: 'x',
            entityRef: 'checkout\u0000',
            impact: 1,
            urgency: 1,
          }),
        400,
        'entityRef',
      );
      await refused(
        () => bob().get(`/incidents?q=${enc('a\u0000')}`),
        400,
        'q',
      );
      await refused(
        () => bob().get(`/incidents?cursor=${enc('a\u0000')}`),
        400,
        'cursor',
      );
      await refused(() => bob().get(`/incidents/${enc('a\u0000')}`), 400, 'id');
      // Tabs and line breaks are text, other control characters are not.
      await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 1,
            description: 'x\u0007',
          }),
        400,
        'description',
      );
      const text = expectStatus(
        await bob().patch(`/incidents/${incident.id}`, {
          version: 1,
          description: 'one\ttwo\r\nthree',
        }),
        200,
      );
      expect(text.body.description).toBe('one\ttwo\r\nthree');
      expectStatus(
        await bob().patch(`/incidents/${incident.id}`, {
          version: 2,
          description: null,
        }),
        200,
      );
    });

    it('refuses integers past 32 bits in version, If-Match and limit, and finds no INC-<huge>', async () => {
      const current = (await bob().get(`/incidents/${incident.id}`)).body;
      await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 2147483648,
            title: 'x',
          }),
        400,
        'version',
      );
      await refused(
        () =>
          bob()
            .patch(`/incidents/${incident.id}`, { title: 'x' })
            .set('If-Match', '"99999999999"'),
        400,
        'If-Match',
      );
      await refused(
        () => bob().get('/incidents?limit=99999999999'),
        400,
        'limit',
      );
      for (const q of [
        'INC-99999999999',
        'PRB-2147483648',
        'CHG-99999999999999999999',
      ]) {
        const route = { I: '/incidents', P: '/problems', C: '/changes' }[q[0]];
        const res = expectStatus(await bob().get(`${route}?q=${q}`), 200);
        expect(res.body).toEqual({
          items: [],
          totalCount: 0,
          nextCursor: null,
        });
      }
      const byNumber = expectStatus(
        await bob().get(`/incidents?q=${current.number}`),
        200,
      );
      expect(byNumber.body.items.map((i: any) => i.id)).toEqual([incident.id]);
    });

    it('refuses refs that outgrow the ref columns in their full form, naming the field', async () => {
      const name = 'a'.repeat(300); // within the schema's 300, but user:default/… is longer
      const assignee = await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 3,
            assigneeRef: name,
          }),
        400,
        'assigneeRef',
      );
      expect(assignee.body.error.message).toMatch(
        /^assigneeRef: .* longer than 300 characters in its full form/,
      );
      await refused(
        () =>
          bob().post('/incidents', {
            title: 'x',
            entityRef: name,
            impact: 1,
            urgency: 1,
          }),
        400,
        'entityRef',
      );
      await refused(
        () => bob().get(`/incidents?assigneeRef=${name}`),
        400,
        'assigneeRef',
      );
      await refused(() => bob().get(`/services?owner=${name}`), 400, 'owner');
      await refused(
        () =>
          bob().get(
            `/entities/component/${'n'.repeat(100)}/${'x'.repeat(200)}/summary`,
          ),
        400,
        'entity',
      );
    });

    it('refuses instants that have no fixed-width form in UTC', async () => {
      const opened = await refused(
        () =>
          bob().post('/incidents', {
            title: 'x',
            entityRef: CHECKOUT,
            impact: 1,
            urgency: 1,
            source: 'import',
            openedAt: '9999-12-31T23:00:00-05:00',
          }),
        400,
        'openedAt',
      );
      expect(opened.body.error.message).toMatch(/^openedAt: .* out of range/);
      await refused(
        () => bob().get(`/incidents?from=${enc('0000-01-01T00:00:00+01:00')}`),
        400,
        'from',
      );
    });

    it('answers 400 naming the field for empty or malformed record ids in bodies and 404 for unknown ones', async () => {
      const empty = await refused(
        () =>
          bob().post('/incidents', {
            title: 'x',
            entityRef: CHECKOUT,
            impact: 1,
            urgency: 1,
            serviceId: '',
          }),
        400,
        'serviceId',
      );
      expect(empty.body.error.message).toMatch(
        /^request\/body\/serviceId must match pattern/,
      );
      await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 3,
            problemId: '',
          }),
        400,
        'problemId',
      );
      await refused(
        () =>
          bob().patch(`/incidents/${incident.id}`, {
            version: 3,
            causedByChangeId: 'nope',
          }),
        400,
        'causedByChangeId',
      );
      await refused(
        () => bob().patch(`/services/${serviceId}`, { version: 1, slaId: '' }),
        400,
        'slaId',
      );
      await refused(
        () =>
          bob().post('/problems', {
            title: 'x',
            entityRefs: [CHECKOUT],
            incidentIds: [''],
          }),
        400,
        'incidentIds',
      );
      await refused(
        () =>
          bob().post('/problems', {
            title: 'x',
            entityRefs: [CHECKOUT],
            fixChangeId: '',
          }),
        400,
        'fixChangeId',
      );
      await refused(
        () => bob().get('/incidents?serviceId=nope'),
        400,
        'serviceId',
      );
      await refused(
        () =>
          bob().post('/incidents', {
            title: 'x',
            entityRef: CHECKOUT,
            impact: 1,
            urgency: 1,
            serviceId: UNKNOWN_ID,
          }),
        404,
        'serviceId',
      );
      // In the path, an id that is no UUID names no record.
      await refused(
        () => bob().get(`/incidents/${'x'.repeat(64)}`),
        404,
        'No incident with id',
      );
      await refused(
        () => bob().patch('/services/nope', { version: 1, name: 'x' }),
        404,
        'No service with id',
      );
    });

    it('refuses cursors whose value does not fit the sort column, and pages with its own cursors', async () => {
      for (const forged of [
        cursorOf({ v: 'abc', id: incident.id }),
        cursorOf({ v: 99999999999, id: incident.id }),
        cursorOf({ v: 1001, id: 'x'.repeat(300) }),
        cursorOf({ v: { a: 1 }, id: incident.id }),
        cursorOf([1]),
        'not a cursor',
      ]) {
        await refused(
          () => bob().get(`/incidents?sort=number&cursor=${enc(forged)}`),
          400,
          'cursor: invalid',
        );
      }
      await refused(
        () =>
          bob().get(
            `/incidents?sort=openedAt&cursor=${cursorOf({
              v: 5,
              id: incident.id,
            })}`,
          ),
        400,
        'cursor: invalid',
      );
      await refused(
        () =>
          bob().get(
            `/incidents?sort=openedAt&cursor=${cursorOf({
              v: 'x'.repeat(301),
              id: incident.id,
            })}`,
          ),
        400,
        'cursor: invalid',
      );

      for (const sort of ['number', 'openedAt', 'priority']) {
        const first = expectStatus(
          await bob().get(`/incidents?sort=${sort}&order=asc&limit=1`),
          200,
        );
        const second = expectStatus(
          await bob().get(
            `/incidents?sort=${sort}&order=asc&limit=1&cursor=${first.body.nextCursor}`,
          ),
          200,
        );
        expect(
          new Set(
            [...first.body.items, ...second.body.items].map((i: any) => i.id),
          ).size,
        ).toBe(2);
        expect(second.body.nextCursor).toBeNull();
      }
    });

    it('cuts a deployment title built from version and environment to the title column', async () => {
      const deployment = {
        entityRef: CHECKOUT,
        deploymentId: 'deploy-long',
        version: 'v'.repeat(200),
        environment: 'e'.repeat(100),
        status: 'succeeded',
      };
      const created = await request(t.server)
        .post('/api/itsm/events/deployments')
        .set('Authorization', mockCredentials.service.header())
        .send(deployment);
      expectStatus(created, 201);
      expect([...created.body.title]).toHaveLength(300);
      expect(created.body.title).toMatch(/^Deploy v{200} of checkout to e+…$/);
      expect(created.body.deployment).toMatchObject({
        version: deployment.version,
        environment: deployment.environment,
      });
      const retry = await request(t.server)
        .post('/api/itsm/events/deployments')
        .set('Authorization', mockCredentials.service.header())
        .send(deployment);
      expectStatus(retry, 200);
      expect(retry.body.id).toBe(created.body.id);
    });

    it('keeps alert keys within the external key column: long fingerprints are hashed, re-fires get a suffix', async () => {
      const alert = (
        status: string,
        startsAt: string,
        endsAt = '0001-01-01T00:00:00Z',
      ) => ({
        version: '4',
        status,
        alerts: [
          {
            status,
            labels: {
              alertname: 'Disk',
              severity: 'warning',
              component: 'checkout',
            },
            annotations: { summary: 'Disk full' },
            startsAt,
            endsAt,
            fingerprint: 'f'.repeat(200),
          },
        ],
      });
      const post = (body: object) =>
        request(t.server)
          .post('/api/itsm/events/alerts')
          .set('Authorization', mockCredentials.service.header())
          .send(body);

      const fired = expectStatus(
        await post(alert('firing', '2026-01-10T10:00:00Z')),
        200,
      );
      const key = fired.body.results[0].key;
      expect(key).toMatch(/^alertmanager:sha256:[0-9a-f]{64}$/);
      expect(fired.body.results[0].action).toBe('created');
      const retried = expectStatus(
        await post(alert('firing', '2026-01-10T10:00:00Z')),
        200,
      );
      // A retry is answered as the first delivery was, with the same incident.
      expect(retried.body.results).toEqual(fired.body.results);

      expectStatus(
        await post(
          alert('resolved', '2026-01-10T10:00:00Z', '2026-01-10T10:30:00Z'),
        ),
        200,
      );
      const id = fired.body.results[0].incidentId;
      const resolved = (await bob().get(`/incidents/${id}`)).body;
      expectStatus(
        await bob().post(`/incidents/${id}/transitions`, {
          to: 'closed',
          version: resolved.version,
        }),
        200,
      );

      const again = expectStatus(
        await post(alert('firing', '2026-01-11T08:00:00Z')),
        200,
      );
      expect(again.body.results[0].action).toBe('created');
      const reopened = (
        await bob().get(`/incidents/${again.body.results[0].incidentId}`)
      ).body;
      expect(reopened.externalKey).toBe(`${key}#2026-01-11T08:00:00.000Z`);
      expect(reopened.externalKey.length).toBeLessThanOrEqual(200);

      // The generic format's longest dedup key takes the same way.
      const generic = {
        dedupKey: 'k'.repeat(180),
        status: 'firing',
        title: 'Queue stuck',
        component: 'checkout',
      };
      const genericFired = expectStatus(await post(generic), 200);
      expect(genericFired.body.results[0].key).toMatch(
        /^alert:sha256:[0-9a-f]{64}$/,
      );
    });

    it('answers 413 to a JSON body over the limit and accepts the largest valid texts', async () => {
      const huge = {
        title: 'x',
        entityRef: CHECKOUT,
        impact: 1,
        urgency: 1,
        description: 'x'.repeat(1_100_000),
      };
      const res = await refused(
        () => bob().post('/incidents', huge),
        413,
        'body',
      );
      expect(res.body.response).toEqual({ statusCode: 413 });

      // 20,000 characters of four-byte UTF-8 in every text of a change, then each replaced: the
      // row and the history's before/after both fit the database (MySQL TEXT holds 64 KB).
      const long = (c: string) => c.repeat(20000);
      const change = expectStatus(
        await bob().post('/changes', {
          title: '😀'.repeat(300),
          type: 'normal',
          entityRefs: [CHECKOUT],
          description: long('😀'),
          implementationPlan: long('😀'),
          rollbackPlan: long('😀'),
          testPlan: long('😀'),
        }),
        201,
      );
      const updated = expectStatus(
        await bob().patch(`/changes/${change.body.id}`, {
          version: 1,
          description: long('🙂'),
          testPlan: long('"'),
        }),
        200,
      );
      expect(updated.body.description).toBe(long('🙂'));
      const history = expectStatus(
        await bob().get(`/changes/${change.body.id}/history`),
        200,
      );
      expect(history.body.items.at(-1).changes.description).toEqual({
        from: long('😀'),
        to: long('🙂'),
      });
    });
  },
);
