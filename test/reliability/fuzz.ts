/*
 * The fuzzer: requests generated from plugins/itsm-backend/src/schema/openapi.yaml, first valid
 * (with real ids and entity refs gathered from the API), then mutated: wrong types, numbers out
 * of bounds (also > 2^31 and > 2^53), NUL and other control characters, unicode, overlong
 * strings, malformed JSON, huge bodies, bad ids and cursors. Spread over the replicas and the
 * callers with bounded concurrency. The invariant: no 5xx and no dropped connection, ever.
 * Seeded (mulberry32), so a failing request can be reproduced with `--seed`.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { brief, call, describe, pool, Req } from './http';
import { REPO_ROOT, Replica } from './replicas';
import type { Report } from './report';
import type { Users } from './users';

const PHASE = 'fuzz';
const SPEC = path.join(
  REPO_ROOT,
  'plugins/itsm-backend/src/schema/openapi.yaml',
);

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T =>
  xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number) =>
  lo + Math.floor(rng() * (hi - lo + 1));

interface Operation {
  id: string;
  method: string;
  template: string;
  params: any[];
  body?: any;
}

export interface Pools {
  ids: Record<
    'services' | 'slas' | 'incidents' | 'problems' | 'changes',
    Array<{ id: string; version: number }>
  >;
  /** A `nextCursor` of each list (by path: services, slas, incidents, problems, changes). */
  cursors: Record<string, string>;
  entityRefs: string[];
  groups: string[];
  users: string[];
}

export function loadOperations(): { ops: Operation[]; spec: any } {
  const spec = YAML.parse(fs.readFileSync(SPEC, 'utf8'));
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries<any>(spec.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item[method];
      if (!op) continue;
      ops.push({
        id: op.operationId,
        method: method.toUpperCase(),
        template,
        params: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return { ops, spec };
}

function resolve(spec: any, schema: any): any {
  let s = schema;
  while (s && s.$ref) {
    s = s.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k: string) => o[k], spec);
  }
  return s;
}

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\r\n',
  '\t',
];
const UNICODE = [
  'Ünïcödé ✓',
  '日本語のタイトル',
  '🔥🚒💥',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301',
  '\u200b\u200d\ufeff',
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  'Ω'.repeat(100),
  '𝕳𝖊𝖑𝖑𝖔',
];
const NASTY = [
  "' OR 1=1 --",
  '"; DROP TABLE itsm_incidents; --',
  '../../../etc/passwd',
  '%00',
  '${7*7}',
  '<script>x</script>',
  '\\',
  '{}',
  '[]',
  'null',
  'NaN',
  '-0',
];
const BIG_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1 + 2,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 63,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  0.5,
  -1,
  0,
  1.0000001,
];

export class Generator {
  /** The list being queried (its own cursors are the valid ones). */
  list = '';

  constructor(
    private readonly spec: any,
    private readonly rng: Rng,
    private readonly pools: Pools,
  ) {}

  /** A string the field's name suggests (ids, refs, instants) or a random one within bounds. */
  private namedString(name: string, s: any): string | undefined {
    const rng = this.rng;
    const n = name.toLowerCase();
    const fromPool = (k: keyof Pools['ids']) =>
      this.pools.ids[k].length ? pick(rng, this.pools.ids[k]).id : undefined;
    if (n === 'serviceid') return fromPool('services');
    if (n === 'slaid') return fromPool('slas');
    if (n === 'problemid') return fromPool('problems');
    if (n === 'causedbychangeid' || n === 'fixchangeid')
      return fromPool('changes');
    if (n === 'entityref' || n === 'entity')
      return pick(rng, this.pools.entityRefs);
    if (n === 'ownerref' || n === 'owner') return pick(rng, this.pools.groups);
    if (n === 'assigneeref') return pick(rng, this.pools.users);
    if (n === 'timezone')
      return pick(rng, [
        'UTC',
        'Europe/Berlin',
        'America/New_York',
        'Asia/Kolkata',
      ]);
    if (n === 'cursor') return this.pools.cursors[this.list];
    if (n === 'month')
      return `2026-${String(int(rng, 1, 12)).padStart(2, '0')}`;
    if (
      s?.format === 'date-time' ||
      [
        'from',
        'to',
        'at',
        'openedat',
        'startsat',
        'endsat',
        'startedat',
        'finishedat',
        'plannedstart',
        'plannedend',
        'start',
        'end',
      ].includes(n)
    ) {
      return new Date(
        Date.now() +
          int(rng, -60, 60) * 86_400_000 +
          int(rng, 0, 86_399) * 1000,
      ).toISOString();
    }
    return undefined;
  }

  valid(schemaIn: any, name = '', depth = 0): any {
    const rng = this.rng;
    const s = resolve(this.spec, schemaIn);
    if (!s) return null;
    if (s.oneOf) return this.valid(pick(rng, s.oneOf), name, depth);
    if (s.nullable && rng() < 0.1) return null;
    if (s.enum)
      return pick(
        rng,
        s.enum.filter((v: any) => v !== null),
      );
    switch (s.type) {
      case 'object': {
        const out: Record<string, any> = {};
        const required = new Set<string>(s.required ?? []);
        for (const [k, v] of Object.entries<any>(s.properties ?? {})) {
          if (required.has(k) || (depth < 3 && rng() < 0.5))
            out[k] = this.valid(v, k, depth + 1);
        }
        return out;
      }
      case 'array': {
        const items = resolve(this.spec, s.items);
        if (items?.pattern?.startsWith('^([01]')) return ['09:00', '17:00'];
        const n = int(
          rng,
          s.minItems ?? 0,
          Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)),
        );
        if (name === 'entityRefs')
          return Array.from({ length: Math.max(1, n) }, () =>
            pick(rng, this.pools.entityRefs),
          );
        if (name === 'incidentIds')
          return Array.from(
            { length: n },
            () => pick(rng, this.pools.ids.incidents)?.id,
          ).filter(Boolean);
        return Array.from({ length: n }, () =>
          this.valid(s.items, name, depth + 1),
        );
      }
      case 'integer':
        if (name === 'version') return int(rng, 1, 5);
        return int(
          rng,
          s.minimum ?? 0,
          Math.min(s.maximum ?? 1000, (s.minimum ?? 0) + 1000),
        );
      case 'number':
        return (
          Math.round(
            (s.minimum ?? 0) +
              rng() * ((s.maximum ?? 100) - (s.minimum ?? 0)) * 100,
          ) / 100
        );
      case 'boolean':
        return rng() < 0.5;
      case 'string': {
        const named = this.namedString(name, s);
        if (named !== undefined) return named;
        if (s.pattern?.includes('\\d{4}|-')) return '2026-12-25';
        const len = int(
          rng,
          Math.max(1, s.minLength ?? 1),
          Math.min(s.maxLength ?? 40, 40),
        );
        return (
          `fuzz ${Array.from({ length: len }, () =>
            pick(rng, 'abcdefghijklmnopqrstuvwxyz0123456789 '.split('')),
          ).join('')}`
            .slice(0, s.maxLength ?? 1000)
            .trim() || 'x'
        );
      }
      default:
        return pick(rng, ['x', 1, true, null]);
    }
  }

  /** A value that breaks the schema of a field in one way; the name of the mutation with it. */
  mutant(schemaIn: any): [string, any] {
    const rng = this.rng;
    const s = resolve(this.spec, schemaIn) ?? {};
    const max = s.maxLength ?? 300;
    const kinds: Array<[string, () => any]> = [
      ['wrong type: object', () => ({ nested: { deeper: [1, 2, 3] } })],
      ['wrong type: array', () => [pick(rng, ['a', 1, null])]],
      ['wrong type: boolean', () => rng() < 0.5],
      [
        'wrong type: string',
        () => pick(rng, ['abc', '1e3', '', ' ', '12abc', 'true']),
      ],
      ['null', () => null],
      ['big number', () => pick(rng, BIG_NUMBERS)],
      ['control character', () => `fuzz${pick(rng, CONTROL)}value`],
      ['unicode', () => pick(rng, UNICODE)],
      ['nasty string', () => pick(rng, NASTY)],
      [
        'overlong string',
        () => 'x'.repeat(pick(rng, [max + 1, max * 2 + 7, 100_000])),
      ],
      ['overlong unicode', () => '€'.repeat(max + 1)],
      ['empty string', () => ''],
      [
        'bad date',
        () =>
          pick(rng, [
            '2026-13-45T99:99:99Z',
            'yesterday',
            '0000-00-00',
            '+275760-09-13T00:00:00.001Z',
            '1970-01-01T00:00:00+99:00',
            '2026-02-30T10:00:00Z',
          ]),
      ],
    ];
    const [kind, make] = pick(rng, kinds);
    return [kind, make()];
  }
}

interface Built {
  req: Req;
  mutation: string;
}

/** Percent-encodes a path segment; a lone surrogate becomes the (invalid) UTF-8 of its code unit. */
function encodePath(value: string): string {
  return Array.from(value)
    .map(ch => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const c = ch.charCodeAt(0);
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
          .map(b => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
    })
    .join('');
}

/** Path parameters: real ids, or (mutated) bad ones. */
function pathFor(
  op: Operation,
  g: Generator,
  rng: Rng,
  pools: Pools,
  mutate: boolean,
): { path: string; mutation?: string } {
  const kind = op.template.split('/')[1] as keyof Pools['ids'];
  let mutation: string | undefined;
  const p = op.template.replace(/\{(\w+)\}/g, (_m, name) => {
    if (mutate && rng() < 0.5) {
      const bad = pick(rng, [
        ['empty id', ''],
        ['overlong id', 'a'.repeat(pick(rng, [65, 300, 5000]))],
        ['unknown id', '00000000-0000-0000-0000-000000000000'],
        ['control character id', `abc${pick(rng, CONTROL)}`],
        ['unicode id', pick(rng, UNICODE)],
        ['nasty id', pick(rng, NASTY)],
        ['dot segment id', '..'],
      ] as Array<[string, string]>);
      mutation = `path ${name}: ${bad[0]}`;
      return encodePath(bad[1]);
    }
    if (name === 'id')
      return pools.ids[kind]?.length ? pick(rng, pools.ids[kind]).id : 'none';
    if (name === 'kind') return pick(rng, ['component', 'system', 'resource']);
    if (name === 'namespace') return 'default';
    if (name === 'name') return pick(rng, pools.entityRefs).split('/')[1];
    return String(g.valid({ type: 'string' }, name));
  });
  return { path: p, mutation };
}

function queryFor(
  op: Operation,
  g: Generator,
  rng: Rng,
  spec: any,
  pools: Pools,
  mutate: boolean,
): { qs: string; mutation?: string } {
  const params = op.params
    .map(p => resolve(spec, p))
    .filter(p => p.in === 'query');
  const out = new URLSearchParams();
  let mutation: string | undefined;
  const target = mutate && params.length ? pick(rng, params) : undefined;
  for (const p of params) {
    if (p !== target && !p.required && rng() < 0.6) continue;
    if (p === target) {
      const bad = pick(rng, [
        ['negative', '-1'],
        ['zero', '0'],
        ['above maximum', '501'],
        ['> 2^31', String(2 ** 31)],
        ['> 2^53', '9007199254740993'],
        ['not a number', 'abc'],
        ['control character', `x${pick(rng, CONTROL)}`],
        ['unicode', pick(rng, UNICODE)],
        ['overlong', 'q'.repeat(pick(rng, [513, 5000, 60_000]))],
        [
          'bad cursor',
          pick(rng, [
            '!!!',
            'eyJub3QiOiJhIGN1cnNvciJ9',
            Buffer.from('{"k":[1,2,3],"v":"x"}').toString('base64url'),
            '%ZZ',
          ]),
        ],
        [
          "another list's cursor",
          pick(rng, Object.values(pools.cursors).concat(['x'])),
        ],
        ['bad date', pick(rng, ['2026-99-99', 'now', '1e10'])],
        ['nasty', pick(rng, NASTY)],
        ['repeated', '__repeat__'],
      ] as Array<[string, string]>);
      mutation = `query ${p.name}: ${bad[0]}`;
      if (bad[1] === '__repeat__') {
        out.append(p.name, String(g.valid(p.schema, p.name)));
        out.append(p.name, String(g.valid(p.schema, p.name)));
      } else {
        out.append(p.name, bad[1]);
      }
      continue;
    }
    const v = g.valid(p.schema, p.name);
    if (Array.isArray(v)) v.forEach(x => out.append(p.name, String(x)));
    else if (v !== null && v !== undefined) out.append(p.name, String(v));
  }
  const qs = out.toString();
  return { qs: qs ? `?${qs}` : '', mutation };
}

/** Replaces one field somewhere in a body with a mutant; returns its path. */
function mutateBody(
  body: any,
  schema: any,
  g: Generator,
  rng: Rng,
  spec: any,
): string {
  let target = body;
  let s = resolve(spec, schema);
  let at = '';
  for (let depth = 0; depth < 4; depth++) {
    const props = Object.keys(s?.properties ?? {});
    if (
      !props.length ||
      typeof target !== 'object' ||
      target === null ||
      Array.isArray(target)
    )
      break;
    const key = pick(rng, props);
    const child = resolve(spec, s.properties[key]);
    at = at ? `${at}.${key}` : key;
    if (
      child?.type === 'object' &&
      child.properties &&
      target[key] &&
      typeof target[key] === 'object' &&
      rng() < 0.5
    ) {
      target = target[key];
      s = child;
      continue;
    }
    const [kind, value] = g.mutant(child);
    target[key] = value;
    return `body ${at}: ${kind}`;
  }
  return 'body: unchanged';
}

function build(
  op: Operation,
  g: Generator,
  rng: Rng,
  pools: Pools,
  spec: any,
): Built {
  g.list = op.template.split('/')[1];
  const mutate = rng() < 0.7;
  const { path: p, mutation: pm } = pathFor(op, g, rng, pools, mutate);
  const { qs, mutation: qm } =
    op.method === 'GET'
      ? queryFor(op, g, rng, spec, pools, mutate && !pm)
      : { qs: '' };
  const req: Req = { method: op.method, path: `${p}${qs}` };
  let mutation = pm ?? qm ?? (mutate ? '' : 'valid');
  if (op.body) {
    const body = g.valid(op.body);
    if (op.id === 'postAlerts' && rng() < 0.5)
      Object.assign(body, {
        dedupKey: `fuzz-${int(rng, 1, 50)}`,
        status: pick(rng, ['firing', 'resolved']),
        title: 'fuzz alert',
        entity: pick(rng, pools.entityRefs),
      });
    if (mutate && !pm) {
      const r = rng();
      if (r < 0.12) {
        req.rawBody = pick(rng, [
          '{',
          '{"title":',
          '{"title": "a",}',
          "{'title': 'a'}",
          '[',
          'nul',
          '"\\u0000"',
          '{"a":1}{"b":2}',
          '\u0000',
          '{"title":"\\ud800"}',
          '',
        ]);
        mutation = 'malformed JSON';
      } else if (r < 0.18) {
        req.rawBody = pick(rng, [
          'null',
          '[]',
          '42',
          '"text"',
          'true',
          '[{"title":"x"}]',
        ]);
        mutation = 'JSON of the wrong shape';
      } else if (r < 0.21) {
        req.rawBody = JSON.stringify({
          ...body,
          description: 'x'.repeat(pick(rng, [200_000, 2_000_000])),
        });
        mutation = 'huge body';
      } else if (r < 0.23) {
        req.rawBody = `${'['.repeat(5000)}${']'.repeat(5000)}`;
        mutation = 'deeply nested JSON';
      } else if (r < 0.26) {
        req.body = body;
        req.headers = {
          'content-type': pick(rng, [
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
          ]),
        };
        req.rawBody = JSON.stringify(body);
        mutation = 'wrong content type';
      } else if (r < 0.31) {
        req.body = { ...body, unexpectedField: 'x' };
        mutation = 'extra property';
      } else if (r < 0.36 && resolve(spec, op.body)?.required?.length) {
        const required: string[] = resolve(spec, op.body).required;
        const k = pick(rng, required);
        delete body[k];
        req.body = body;
        mutation = `missing required ${k}`;
      } else {
        req.body = body;
        mutation = mutateBody(body, op.body, g, rng, spec);
      }
    } else {
      req.body = body;
    }
    if (
      op.method === 'PATCH' &&
      req.body &&
      typeof req.body === 'object' &&
      !mutation.startsWith('body version')
    ) {
      // A real current version now and then, so valid updates get past the version check.
      const kind = op.template.split('/')[1] as keyof Pools['ids'];
      const known = pools.ids[kind]?.find(x => p.endsWith(x.id));
      if (known && rng() < 0.5) (req.body as any).version = known.version;
    }
  }
  return { req, mutation: mutation || 'valid' };
}

/** Ids, versions, cursors and refs from the API, so valid requests reach the handlers' logic. */
export async function gatherPools(base: string, token: string): Promise<Pools> {
  const ids = {
    services: [],
    slas: [],
    incidents: [],
    problems: [],
    changes: [],
  } as Pools['ids'];
  const cursors: Record<string, string> = {};
  for (const kind of Object.keys(ids) as Array<keyof Pools['ids']>) {
    const res = await call(base, {
      method: 'GET',
      path: `/${kind}?limit=100`,
      token,
    });
    ids[kind] = (res.json?.items ?? []).map((x: any) => ({
      id: x.id,
      version: x.version,
    }));
    const page = await call(base, {
      method: 'GET',
      path: `/${kind}?limit=2`,
      token,
    });
    if (page.json?.nextCursor) cursors[kind] = page.json.nextCursor;
  }
  return {
    ids,
    cursors,
    // Not search-service and cart-service: the permission matrix owns those.
    entityRefs: [
      'component:default/checkout-service',
      'component:default/payment-gateway',
      'component:default/product-catalog',
      'component:default/inventory-service',
      'component:default/web-shop',
      'system:default/storefront',
      'resource:default/orders-db',
      'component:default/does-not-exist',
    ],
    groups: [
      'group:default/shop-team',
      'group:default/payments-team',
      'group:default/platform-team',
      'group:default/nobody',
    ],
    users: [
      'user:default/bob',
      'user:default/erin',
      'user:default/frank',
      'user:default/nobody',
    ],
  };
}

export interface FuzzOptions {
  replicas: Replica[];
  users: Users;
  report: Report;
  seed: number;
  requests: number;
  concurrency: number;
}

export async function runFuzz(o: FuzzOptions): Promise<void> {
  console.log(
    `==> fuzz: ${o.requests} requests, seed ${o.seed}, concurrency ${o.concurrency}`,
  );
  const rng = mulberry32(o.seed);
  const { ops, spec } = loadOperations();
  const pools = await gatherPools(o.replicas[0].baseUrl, o.users.tokens.frank);
  const g = new Generator(spec, rng, pools);
  const callers = o.users.callers;
  const perOp: Record<string, Record<string, number>> = {};
  const statuses: Record<string, number> = {};
  const failures = new Map<string, { count: number; example: string }>();
  let done = 0;
  let valid2xx = 0;
  const started = Date.now();
  // Built up front from one seeded stream, so a seed always yields the same requests whatever
  // order the responses arrive in.
  const batch = 2000;
  for (let offset = 0; offset < o.requests; offset += batch) {
    const n = Math.min(batch, o.requests - offset);
    const planned = Array.from({ length: n }, (_, i) => {
      const op = pick(rng, ops);
      // Mostly signed-in callers: the no-token path is short and covered by the matrix.
      const caller =
        rng() < 0.05
          ? callers.find(c => c.name === 'none')!
          : pick(
              rng,
              callers.filter(c => c.name !== 'none'),
            );
      const { req, mutation } = build(op, g, rng, pools, spec);
      return {
        op,
        caller,
        req: { ...req, token: caller.token },
        mutation,
        replica: o.replicas[(offset + i) % o.replicas.length],
      };
    });
    await pool(
      o.concurrency,
      planned.map(p => async () => {
        const res = await call(p.replica.baseUrl, p.req);
        const key = res.status === 0 ? 'network error' : String(res.status);
        (perOp[p.op.id] ??= {})[key] = (perOp[p.op.id][key] ?? 0) + 1;
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (p.mutation === 'valid' && res.status < 300) valid2xx++;
        if (res.status >= 500 || res.status === 0) {
          const msg = (res.json?.error?.message ?? res.networkError ?? res.text)
            .slice(0, 120)
            .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<uuid>')
            .replace(/logId=\w+/, 'logId=…');
          const dedup = `${p.op.id} | ${p.mutation.replace(
            /: .*/,
            '',
          )} | ${key} | ${msg}`;
          const seen = failures.get(dedup);
          if (seen) seen.count++;
          else
            failures.set(dedup, {
              count: 1,
              example: `${describe(p.req, p.replica.name)} as ${
                p.caller.name
              } → ${key} ${brief(res)}`,
            });
        }
        done++;
        if (done % 5000 === 0)
          console.log(
            `    ${done} requests, ${Math.round(
              done / ((Date.now() - started) / 1000),
            )}/s`,
          );
      }),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const fiveXX = Object.entries(statuses)
    .filter(([k]) => k === 'network error' || Number(k) >= 500)
    .reduce((sum, [, v]) => sum + v, 0);
  o.report.figure(PHASE, 'seed', o.seed);
  o.report.figure(PHASE, 'requests', done);
  o.report.figure(PHASE, 'requests per second', Math.round(done / seconds));
  o.report.figure(
    PHASE,
    'operations covered',
    `${Object.keys(perOp).length} of ${ops.length}`,
  );
  o.report.figure(PHASE, 'valid requests answered 2xx', valid2xx);
  o.report.figure(
    PHASE,
    'statuses',
    Object.entries(statuses)
      .sort()
      .map(([k, v]) => `${v}× ${k}`)
      .join(', '),
  );
  for (const [op, counts] of Object.entries(perOp).sort()) {
    o.report.figure(
      PHASE,
      op,
      Object.entries(counts)
        .sort()
        .map(([k, v]) => `${v}× ${k}`)
        .join(', '),
    );
  }
  o.report.check(
    PHASE,
    `${done} requests (at least ${o.requests})`,
    done >= o.requests,
    `${done} in ${seconds.toFixed(0)} s`,
  );
  o.report.check(
    PHASE,
    'every operation of the spec was exercised',
    Object.keys(perOp).length === ops.length,
    `${Object.keys(perOp).length} of ${ops.length}`,
  );
  o.report.check(
    PHASE,
    'no 5xx and no dropped connection',
    fiveXX === 0,
    fiveXX === 0
      ? ''
      : `${fiveXX} answers, ${
          failures.size
        } distinct (operation | mutation | status | message), reproduce with --seed ${
          o.seed
        }:\n${[...failures.entries()]
          .slice(0, 40)
          .map(([k, v]) => `${v.count}× ${k}\n    e.g. ${v.example}`)
          .join('\n')}`,
  );
}
