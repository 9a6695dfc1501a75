import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { gold24x7Sla, CHECKOUT } from '../__testUtils__/fixtures';
import {
  itsmTestDatabases,
  requireAllTestDatabases,
} from '../__testUtils__/databases';
import {
  ItsmTestBackend,
  expectStatus,
  startItsmTestBackend,
} from '../__testUtils__/testBackend';
import { spec } from '../schema/openapi.generated';

jest.setTimeout(300_000);

/*
 * Walks every operation of the OpenAPI spec and puts a NUL byte, an overlong string or an
 * integer past 32 bits into each of its parameters and body fields (one at a time, the rest of
 * the request valid), on every supported database: each request is 400 naming the field and
 * the database is unchanged. A field added to the spec without bounds fails here too.
 */

const databases = itsmTestDatabases();

if (requireAllTestDatabases) {
  it('runs on every required test database (POSTGRES_15, MYSQL_8, SQLITE_3)', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'POSTGRES_15',
      'MYSQL_8',
      'SQLITE_3',
    ]);
  });
}

const ITSM_TABLES = [
  'itsm_slas',
  'itsm_services',
  'itsm_service_entities',
  'itsm_incidents',
  'itsm_incident_timeline',
  'itsm_problems',
  'itsm_problem_entities',
  'itsm_changes',
  'itsm_change_entities',
  'itsm_change_approvals',
  'itsm_history',
  'itsm_sequences',
];

/** Every row of the ITSM tables, to show that rejected requests wrote nothing. */
async function snapshotItsmTables(
  knex: Knex,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ITSM_TABLES)
    out[table] = await knex(table).select('*').orderBy(1);
  return out;
}

type Schema = Record<string, any>;

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  while (s.$ref) {
    const path = String(s.$ref).replace(/^#\//, '').split('/');
    s = path.reduce((node: any, key) => node[key], spec as any);
  }
  return s;
}

interface Field {
  /** Where the value goes: a path parameter, a query parameter or a body path. */
  in: 'path' | 'query' | 'body';
  path: Array<string | number>;
  schema: Schema;
}

/** The leaf fields (strings, integers, numbers) of a body schema, three levels deep. */
function bodyFields(
  schema: Schema,
  path: Array<string | number> = [],
  depth = 0,
): Field[] {
  const s = resolve(schema);
  if (depth > 3) return [];
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([key, inner]) =>
      bodyFields(inner as Schema, [...path, key], depth + 1),
    );
  }
  if (s.type === 'array' && s.items)
    return bodyFields(s.items, [...path, 0], depth + 1);
  if (s.type === 'string' || s.type === 'integer' || s.type === 'number')
    return [{ in: 'body', path, schema: s }];
  return [];
}

/** Bad values for a field: NUL in strings, one character too many, integers past 32 bits. */
function badValues(schema: Schema): Array<{ label: string; value: unknown }> {
  if (schema.type === 'string') {
    return [
      { label: 'a NUL byte', value: 'a\u0000b' },
      // Enums and patterns bound a string without maxLength; 1001 characters still fit a URL.
      {
        label: 'an overlong string',
        value: 'x'.repeat((schema.maxLength ?? 1000) + 1),
      },
    ];
  }
  if (schema.type === 'integer') {
    return [
      { label: '2^31', value: 2147483648 },
      { label: '99999999999', value: 99999999999 },
    ];
  }
  return [{ label: '1e308', value: 1e308 }];
}

function setIn(target: any, path: Array<string | number>, value: unknown): any {
  const root = structuredClone(target ?? {});
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    if (
      node[key] === undefined ||
      node[key] === null ||
      typeof node[key] !== 'object'
    ) {
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[key];
  });
  return root;
}

interface Ids {
  serviceId: string;
  slaId: string;
  incidentId: string;
  problemId: string;
  changeId: string;
}

/** A valid request body per operation, so the one bad field is what the request is refused for. */
function validBodies(ids: Ids): Record<string, object> {
  const window = { timezone: 'UTC', hours: { sun: [['02:00', '04:00']] } };
  const outage = { start: '2026-01-10T10:00:00Z' };
  return {
    createService: {
      entityRef: 'component:default/search',
      name: 'Search',
      maintenanceWindow: window,
    },
    updateService: { version: 1, name: 'Checkout', maintenanceWindow: window },
    createSla: gold24x7Sla,
    updateSla: { version: 1, name: 'Gold', targets: gold24x7Sla.targets },
    createIncident: {
      title: 'Slow',
      entityRef: CHECKOUT,
      impact: 2,
      urgency: 2,
      serviceId: ids.serviceId,
      outage,
    },
    updateIncident: { version: 1, title: 'Slow', outage },
    transitionIncident: { to: 'in_progress', version: 1 },
    createProblem: {
      title: 'Leak',
      entityRefs: [CHECKOUT],
      incidentIds: [ids.incidentId],
    },
    updateProblem: { version: 1, title: 'Leak' },
    transitionProblem: { to: 'assess', version: 1 },
    createChange: { title: 'Upgrade', type: 'normal', entityRefs: [CHECKOUT] },
    updateChange: { version: 1, title: 'Upgrade' },
    transitionChange: { to: 'assess', version: 1 },
    approveChange: { decision: 'approve' },
    postDeployment: {
      entityRef: CHECKOUT,
      deploymentId: 'deploy-1',
      status: 'succeeded',
    },
    postAlerts: {
      dedupKey: 'disk-full',
      status: 'firing',
      title: 'Disk full',
      component: 'checkout',
    },
  };
}

function pathParamValue(name: string, path: string, ids: Ids): string {
  if (name === 'kind') return 'component';
  if (name === 'namespace') return 'default';
  if (name === 'name') return 'checkout';
  if (path.startsWith('/services')) return ids.serviceId;
  if (path.startsWith('/slas')) return ids.slaId;
  if (path.startsWith('/incidents')) return ids.incidentId;
  if (path.startsWith('/problems')) return ids.problemId;
  return ids.changeId;
}

/** Required query parameters. */
const validQueries: Record<string, Record<string, string>> = {
  getChangeCalendar: {
    from: '2026-01-01T00:00:00Z',
    to: '2026-02-01T00:00:00Z',
  },
};

interface Case {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  field: string;
  service: boolean;
  headers?: Record<string, string>;
}

function cases(ids: Ids): Case[] {
  const bodies = validBodies(ids);
  const out: Case[] = [];
  for (const [path, item] of Object.entries(
    spec.paths as Record<string, any>,
  )) {
    for (const [method, op] of Object.entries(item as Record<string, any>)) {
      const params: Schema[] = (op.parameters ?? []).map(resolve);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const fields: Field[] = [
        ...params.map(
          p =>
            ({ in: p.in, path: [p.name], schema: resolve(p.schema) } as Field),
        ),
        ...(bodySchema ? bodyFields(bodySchema) : []),
      ];
      const base = bodies[op.operationId];
      const service =
        op.operationId === 'postDeployment' || op.operationId === 'postAlerts';
      const urlWith = (name?: string, value?: string) =>
        path.replace(/\{(\w+)\}/g, (_m, p) =>
          encodeURIComponent(
            p === name ? value! : pathParamValue(p, path, ids),
          ),
        );
      if (base && 'version' in base) {
        // The version may come as If-Match instead (without `version` in the body).
        const { version: _version, ...rest } = base as Record<string, unknown>;
        for (const value of ['99999999999', '2147483648', '0', 'abc']) {
          out.push({
            name: `${method.toUpperCase()} ${path} header If-Match = ${value}`,
            method,
            url: urlWith(),
            body: rest,
            field: 'If-Match',
            service,
            headers: { 'If-Match': `"${value}"` },
          });
        }
      }
      for (const field of fields) {
        const leaf =
          field.schema.type === 'array'
            ? resolve(field.schema.items)
            : field.schema;
        for (const bad of badValues(leaf)) {
          const name = `${method.toUpperCase()} ${path} ${
            field.in
          } ${field.path.join('.')} = ${bad.label}`;
          const fieldName = String(
            field.path.filter(k => typeof k === 'string').pop(),
          );
          if (field.in === 'path') {
            out.push({
              name,
              method,
              url: urlWith(fieldName, String(bad.value)),
              body: base,
              field: fieldName,
              service,
            });
          } else if (field.in === 'query') {
            const query = new URLSearchParams({
              ...validQueries[op.operationId],
              [fieldName]: String(bad.value),
            });
            out.push({
              name,
              method,
              url: `${urlWith()}?${query}`,
              body: base,
              field: fieldName,
              service,
            });
          } else {
            out.push({
              name,
              method,
              url: urlWith(),
              body: setIn(base, field.path, bad.value),
              field: fieldName,
              service,
            });
          }
        }
      }
    }
  }
  return out;
}

describe('every parameter and body field of the spec is bounded', () => {
  it('declares maxLength (or an enum or format) on every string and maximum on every integer of requests', () => {
    const unbounded: string[] = [];
    for (const [path, item] of Object.entries(
      spec.paths as Record<string, any>,
    )) {
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        const params: Schema[] = (op.parameters ?? []).map(resolve);
        const bodySchema =
          op.requestBody?.content?.['application/json']?.schema;
        const fields = [
          ...params.map(p => ({ path: [p.name], schema: resolve(p.schema) })),
          ...(bodySchema ? bodyFields(bodySchema) : []),
        ];
        for (const f of fields) {
          const s =
            f.schema.type === 'array' ? resolve(f.schema.items) : f.schema;
          const bounded =
            s.enum !== undefined ||
            (s.type === 'string' &&
              (s.maxLength !== undefined || s.pattern !== undefined)) ||
            ((s.type === 'integer' || s.type === 'number') &&
              s.maximum !== undefined);
          if (!bounded)
            unbounded.push(
              `${method.toUpperCase()} ${path} ${f.path.join('.')}`,
            );
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())(
  'bad input in each field on %s',
  databaseId => {
    let t: ItsmTestBackend;
    let knex: Knex;
    let ids: Ids;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      t = await startItsmTestBackend({ knex });
      const bob = t.as('user:default/bob');
      const sla = expectStatus(await bob.post('/slas', gold24x7Sla), 201);
      const service = expectStatus(
        await bob.post('/services', {
          entityRef: CHECKOUT,
          name: 'Checkout',
          slaId: sla.body.id,
        }),
        201,
      );
      const incident = expectStatus(
        await bob.post('/incidents', {
          title: 'Down',
          entityRef: CHECKOUT,
          impact: 1,
          urgency: 1,
        }),
        201,
      );
      const problem = expectStatus(
        await bob.post('/problems', { title: 'Flaky', entityRefs: [CHECKOUT] }),
        201,
      );
      const change = expectStatus(
        await bob.post('/changes', {
          title: 'Patch',
          type: 'normal',
          entityRefs: [CHECKOUT],
        }),
        201,
      );
      ids = {
        slaId: sla.body.id,
        serviceId: service.body.id,
        incidentId: incident.body.id,
        problemId: problem.body.id,
        changeId: change.body.id,
      };
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('answers 400 naming the field to each request and writes nothing', async () => {
      const before = await snapshotItsmTables(knex);
      const all = cases(ids);
      expect(all.length).toBeGreaterThan(300);
      const wrong: string[] = [];
      for (const c of all) {
        const auth = c.service
          ? mockCredentials.service.header()
          : mockCredentials.user.header('user:default/bob');
        let req = (request(t.server) as any)
          [c.method](`/api/itsm${c.url}`)
          .set('Authorization', auth);
        if (c.headers) req = req.set(c.headers);
        if (c.body !== undefined && c.method !== 'get') req = req.send(c.body);
        const res = await req;
        const message: string = res.body?.error?.message ?? '';
        if (res.status !== 400 || !message.includes(c.field)) {
          wrong.push(`${c.name}: ${res.status} ${message.slice(0, 160)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await snapshotItsmTables(knex)).toEqual(before);
    });

    it('stores every free-text field at its maximum length, in four-byte UTF-8 and in characters JSON escapes', async () => {
      const bodies = validBodies(ids);
      const urlOf = (path: string, known: Ids) =>
        path.replace(/\{(\w+)\}/g, (_m, p) => pathParamValue(p, path, known));
      const expected: Record<string, number> = {
        postAlerts: 200,
        postDeployment: 201,
      };
      const wrong: string[] = [];
      let deployments = 0;
      for (const [path, item] of Object.entries(
        spec.paths as Record<string, any>,
      )) {
        for (const [method, op] of Object.entries(
          item as Record<string, any>,
        )) {
          const bodySchema =
            op.requestBody?.content?.['application/json']?.schema;
          const isCreate = method === 'post' && !path.includes('{');
          const isUpdate = method === 'patch';
          if (!bodySchema || !(isCreate || isUpdate)) continue;
          for (const ch of ['😀', '"']) {
            let body: any = bodies[op.operationId];
            const maxed: Array<Array<string | number>> = [];
            for (const f of bodyFields(bodySchema)) {
              // Free text only: refs, ids, keys and enums have a pattern, format or enum.
              if (
                f.schema.type !== 'string' ||
                f.schema.pattern ||
                f.schema.format ||
                f.schema.enum
              )
                continue;
              body = setIn(body, f.path, ch.repeat(f.schema.maxLength));
              maxed.push(f.path);
            }
            const url = urlOf(path, ids);
            if (isUpdate)
              body.version = (
                await t.as('user:default/bob').get(url)
              ).body.version;
            if (op.operationId === 'postDeployment')
              body.deploymentId = `deploy-max-${deployments++}`;
            const service =
              op.operationId === 'postDeployment' ||
              op.operationId === 'postAlerts';
            const auth = service
              ? mockCredentials.service.header()
              : mockCredentials.user.header('user:default/bob');
            const res = await (request(t.server) as any)
              [method](`/api/itsm${url}`)
              .set('Authorization', auth)
              .send(body);
            const status = expected[op.operationId] ?? (isCreate ? 201 : 200);
            if (res.status !== status) {
              wrong.push(
                `${op.operationId} ${ch}: ${res.status} ${
                  res.body?.error?.message ?? ''
                }`,
              );
              continue;
            }
            // What was stored comes back unchanged (records answer their top-level fields; an
            // update's comment goes to the history).
            for (const f of maxed.filter(
              p => p.length === 1 && p[0] !== 'comment' && !service,
            )) {
              if (res.body[f[0]] !== body[f[0]])
                wrong.push(
                  `${op.operationId} ${ch}: ${f[0]} came back changed`,
                );
            }
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  },
);
