/*
 * The data set of the scale benchmark, generated deterministically from a seed: catalog
 * entities (groups and components), and the rows of the ITSM plugin's tables (SLAs, services,
 * incidents with their timeline, changes, problems). Pure: no I/O; the loader writes the rows.
 *
 * Full scale (scale 1) is issue #14's data set: 2,000 components with one service each, 200
 * owner groups, 200,000 incidents over two years (~1 million timeline rows), 40,000 changes and
 * 4,000 problems. Every count scales linearly (at least one of each entity).
 */

export interface DatasetCounts {
  groups: number;
  components: number;
  services: number;
  incidents: number;
  changes: number;
  problems: number;
}

export const FULL_SCALE: DatasetCounts = {
  groups: 200,
  components: 2000,
  services: 2000,
  incidents: 200_000,
  changes: 40_000,
  problems: 4_000,
};

export function countsFor(scale: number): DatasetCounts {
  const at = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    groups: at(FULL_SCALE.groups),
    components: Math.max(2, at(FULL_SCALE.components)),
    services: Math.max(2, at(FULL_SCALE.services)),
    incidents: at(FULL_SCALE.incidents),
    changes: at(FULL_SCALE.changes),
    problems: at(FULL_SCALE.problems),
  };
}

/** mulberry32: a small, fast, seedable PRNG (the same sequence on every machine). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random value by weight: [[value, weight], …]. */
export function pick<T>(
  rnd: () => number,
  weighted: ReadonlyArray<readonly [T, number]>,
): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [value, w] of weighted) {
    x -= w;
    if (x < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** A version-4-shaped UUID from the PRNG (the columns hold 36 characters). */
export function uuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () =>
    Math.floor(rnd() * 16).toString(16),
  );
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(
    16,
    20,
  )}-${s.slice(20)}`;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TWO_YEARS = 730 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** A random time within [from, to) in ms. */
function between(rnd: () => number, from: number, to: number): number {
  return Math.floor(from + rnd() * (to - from));
}

/** Exponentially distributed duration with the given mean (ms). */
function expo(rnd: () => number, mean: number): number {
  return Math.max(MINUTE, Math.round(-Math.log(1 - rnd()) * mean));
}

const WORDS = [
  'latency',
  'timeout',
  'checkout',
  'database',
  'disk',
  'memory',
  'certificate',
  'login',
  'payment',
  'queue',
  'backlog',
  'deploy',
  'rollback',
  'cache',
  'dns',
  'gateway',
  'error',
  'rate',
  'spike',
  'replica',
  'lag',
  'cron',
  'batch',
  'export',
  'import',
  'search',
  'index',
  'report',
  'email',
  'webhook',
  'token',
  'expired',
  'slow',
  'unavailable',
  'degraded',
  'intermittent',
  'customers',
];

function sentence(rnd: () => number, words: number): string {
  return Array.from(
    { length: words },
    () => WORDS[Math.floor(rnd() * WORDS.length)],
  ).join(' ');
}

/** The word the free-text measurement looks for: in a few percent of the titles. */
export const SEARCH_WORD = 'certificate';

export interface Component {
  name: string;
  ownerGroup: string;
}

export interface CatalogPlan {
  groups: string[];
  components: Component[];
}

export function catalogPlan(counts: DatasetCounts): CatalogPlan {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const groups = Array.from(
    { length: counts.groups },
    (_, i) => `bench-team-${pad(i + 1, 4)}`,
  );
  const components = Array.from({ length: counts.components }, (_, i) => ({
    name: `bench-svc-${pad(i + 1, 5)}`,
    ownerGroup: groups[i % groups.length],
  }));
  return { groups, components };
}

/** The catalog file a portal would register: one YAML document per group and component. */
export function catalogYaml(plan: CatalogPlan): string {
  const docs: string[] = [];
  for (const g of plan.groups) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Group',
        'metadata:',
        `  name: ${g}`,
        'spec:',
        '  type: team',
        '  children: []',
      ].join('\n'),
    );
  }
  for (const c of plan.components) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${c.name}`,
        `  description: Generated by the ITSM scale benchmark`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: group:default/${c.ownerGroup}`,
      ].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

export type Row = Record<string, string | number | boolean | null>;

export interface ServicePlan {
  id: string;
  entityRef: string;
  ownerRef: string;
  slaId: string;
}

export interface FixedRows {
  slas: Row[];
  services: Row[];
  serviceEntities: Row[];
  servicePlans: ServicePlan[];
}

const SLA_TARGETS = {
  P1: { responseMinutes: 15, resolutionMinutes: 240 },
  P2: { responseMinutes: 30, resolutionMinutes: 480 },
  P3: { responseMinutes: 240, resolutionMinutes: 2880 },
  P4: { responseMinutes: 480, resolutionMinutes: 7200 },
};

const OFFICE = ['08:00', '18:00'];
const BUSINESS_CALENDAR = {
  timezone: 'Europe/Berlin',
  hours: {
    mon: [OFFICE],
    tue: [OFFICE],
    wed: [OFFICE],
    thu: [OFFICE],
    fri: [OFFICE],
  },
  holidays: [
    '--01-01',
    '--05-01',
    '--10-03',
    '--12-24',
    '--12-25',
    '--12-26',
    '--12-31',
  ],
};

function meta(at: string, by = 'user:default/bench-loader'): Row {
  return {
    version: 1,
    created_at: at,
    created_by: by,
    updated_at: at,
    updated_by: by,
  };
}

/** Two SLAs (24x7 and business hours) and one service per component, half on each SLA. */
export function fixedRows(
  plan: CatalogPlan,
  seed: number,
  nowMs: number,
): FixedRows {
  const rnd = seededRandom(seed ^ 0x5eed);
  const start = iso(nowMs - TWO_YEARS - 30 * DAY);
  const slas: Row[] = [
    {
      id: uuid(rnd),
      name: 'Bench 24x7',
      description: null,
      availability_target: 99.9,
      calendar: JSON.stringify('24x7'),
      targets: JSON.stringify(SLA_TARGETS),
      ...meta(start),
    },
    {
      id: uuid(rnd),
      name: 'Bench business hours',
      description: null,
      availability_target: 99.5,
      calendar: JSON.stringify(BUSINESS_CALENDAR),
      targets: JSON.stringify(SLA_TARGETS),
      ...meta(start),
    },
  ];
  const services: Row[] = [];
  const serviceEntities: Row[] = [];
  const servicePlans: ServicePlan[] = [];
  plan.components.forEach((c, i) => {
    const id = uuid(rnd);
    const entityRef = `component:default/${c.name}`;
    const ownerRef = `group:default/${c.ownerGroup}`;
    const slaId = String(slas[i % 2].id);
    services.push({
      id,
      name: `${c.name} service`,
      purpose: `Generated service of ${c.name}`,
      owner_ref: ownerRef,
      category: 'application',
      criticality: 1 + (i % 4),
      lifecycle: 'live',
      support_hours: null,
      sla_id: slaId,
      contact: null,
      escalation_path: JSON.stringify([]),
      maintenance_window: null,
      managed_by: 'manual',
      ...meta(start),
    });
    serviceEntities.push({
      service_id: id,
      entity_ref: entityRef,
      position: 0,
    });
    servicePlans.push({ id, entityRef, ownerRef, slaId });
  });
  return { slas, services, serviceEntities, servicePlans };
}

export const OPEN_STATES = ['new', 'in_progress', 'on_hold'];

/** Mean time to acknowledge and to resolve (ms) by priority: some exceed the SLA targets. */
const MEAN_ACK: Record<string, number> = {
  P1: 10 * MINUTE,
  P2: 25 * MINUTE,
  P3: 180 * MINUTE,
  P4: 360 * MINUTE,
};
const MEAN_RESOLVE: Record<string, number> = {
  P1: 180 * MINUTE,
  P2: 400 * MINUTE,
  P3: 2000 * MINUTE,
  P4: 5000 * MINUTE,
};

const PRIORITY_OF: Record<string, Array<[number, number]>> = {
  P1: [[1, 1]],
  P2: [
    [1, 2],
    [2, 1],
  ],
  P3: [
    [1, 3],
    [2, 2],
    [3, 1],
  ],
  P4: [
    [2, 3],
    [3, 2],
    [3, 3],
  ],
};

export interface IncidentBatch {
  incidents: Row[];
  timeline: Row[];
}

export interface ProblemRows {
  problems: Row[];
  problemEntities: Row[];
  /** Problem ids by service id, for the incidents that link one. */
  byService: Map<string, string[]>;
}

export function problemRows(
  services: ServicePlan[],
  count: number,
  seed: number,
  nowMs: number,
): ProblemRows {
  const rnd = seededRandom(seed ^ 0x9b0b);
  const problems: Row[] = [];
  const problemEntities: Row[] = [];
  const byService = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const service = services[Math.floor(rnd() * services.length)];
    const id = uuid(rnd);
    const created = iso(between(rnd, nowMs - TWO_YEARS, nowMs));
    problems.push({
      id,
      seq: 1001 + i,
      title: `Recurring ${sentence(rnd, 3)}`,
      description: sentence(rnd, 20),
      entity_refs: JSON.stringify([service.entityRef]),
      service_id: service.id,
      state: pick(rnd, [
        ['new', 5],
        ['assess', 5],
        ['root_cause_analysis', 10],
        ['fix_in_progress', 10],
        ['resolved', 20],
        ['closed', 50],
      ]),
      root_cause: null,
      known_error: null,
      assignee_ref: null,
      fix_change_id: null,
      ...meta(created),
    });
    problemEntities.push({ problem_id: id, entity_ref: service.entityRef });
    byService.set(service.id, [...(byService.get(service.id) ?? []), id]);
  }
  return { problems, problemEntities, byService };
}

/**
 * Incidents in batches, each with its timeline (creation: state `new` and the priority; then
 * every state change; now and then a priority change or an on-hold spell): ~5 rows each.
 * ~9 % are open, most of those opened in the last 30 days; closed incidents that exceeded
 * their targets carry the breach marks the scheduled check would have written, open ones none
 * (the benchmark's first SLA check run finds them, as after an import).
 */
export function* incidentBatches(
  services: ServicePlan[],
  problems: ProblemRows,
  count: number,
  seed: number,
  nowMs: number,
  batchSize = 500,
): Generator<IncidentBatch> {
  const rnd = seededRandom(seed ^ 0x1c1d);
  let batch: IncidentBatch = { incidents: [], timeline: [] };
  for (let i = 0; i < count; i++) {
    const service = services[Math.floor(rnd() * services.length)];
    const priority = pick(rnd, [
      ['P1', 3],
      ['P2', 12],
      ['P3', 45],
      ['P4', 40],
    ] as const);
    const [impact, urgency] =
      PRIORITY_OF[priority][Math.floor(rnd() * PRIORITY_OF[priority].length)];
    const open = rnd() < 0.09;
    const opened =
      open && rnd() < 0.8
        ? between(rnd, nowMs - 30 * DAY, nowMs - MINUTE)
        : between(rnd, nowMs - TWO_YEARS, nowMs - DAY);
    const id = uuid(rnd);
    const timeline: Row[] = [
      {
        incident_id: id,
        at: iso(opened),
        kind: 'state',
        from_value: null,
        to_value: 'new',
      },
      {
        incident_id: id,
        at: iso(opened),
        kind: 'priority',
        from_value: null,
        to_value: priority,
      },
    ];
    const state = (s: string, from: string, at: number) =>
      timeline.push({
        incident_id: id,
        at: iso(at),
        kind: 'state',
        from_value: from,
        to_value: s,
      });
    const target = SLA_TARGETS[priority];
    let current = 'new';
    let ack: number | null = null;
    let resolved: number | null = null;
    let closed: number | null = null;
    let onHold: string | null = null;
    const finalState = open
      ? pick(rnd, [
          ['new', 30],
          ['in_progress', 55],
          ['on_hold', 15],
        ])
      : pick(rnd, [
          ['closed', 85],
          ['resolved', 10],
          ['canceled', 5],
        ]);
    if (finalState === 'canceled') {
      state('canceled', 'new', opened + expo(rnd, MEAN_ACK[priority]));
      current = 'canceled';
    } else if (finalState !== 'new') {
      ack = Math.min(opened + expo(rnd, MEAN_ACK[priority]), nowMs);
      state('in_progress', 'new', ack);
      current = 'in_progress';
      if (rnd() < 0.1) {
        const at = Math.min(ack + expo(rnd, 30 * MINUTE), nowMs);
        timeline.push({
          incident_id: id,
          at: iso(at),
          kind: 'priority',
          from_value: priority,
          to_value: priority,
        });
      }
      if (finalState === 'on_hold' || rnd() < 0.1) {
        const holdAt = Math.min(ack + expo(rnd, 60 * MINUTE), nowMs);
        state('on_hold', 'in_progress', holdAt);
        current = 'on_hold';
        onHold = 'awaiting_caller';
        if (finalState !== 'on_hold') {
          state(
            'in_progress',
            'on_hold',
            Math.min(holdAt + expo(rnd, 120 * MINUTE), nowMs),
          );
          current = 'in_progress';
          onHold = null;
        }
      }
      if (finalState === 'resolved' || finalState === 'closed') {
        resolved = Math.min(opened + expo(rnd, MEAN_RESOLVE[priority]), nowMs);
        state('resolved', current, resolved);
        current = 'resolved';
        if (finalState === 'closed') {
          closed = Math.min(resolved + 3 * DAY, nowMs);
          state('closed', 'resolved', closed);
          current = 'closed';
        }
      }
    }
    const responseBreach = opened + target.responseMinutes * MINUTE;
    const resolutionBreach = opened + target.resolutionMinutes * MINUTE;
    const stopped = !open;
    const linked = problems.byService.get(service.id);
    const title = `${rnd() < 0.03 ? `${SEARCH_WORD} ` : ''}${sentence(
      rnd,
      4,
    )} on ${service.entityRef.slice('component:default/'.length)}`;
    batch.incidents.push({
      id,
      seq: 1001 + i,
      title,
      description: sentence(rnd, 30),
      entity_ref: service.entityRef,
      service_id: service.id,
      impact,
      urgency,
      priority,
      state: current,
      on_hold_reason: onHold,
      assignee_ref: ack
        ? `user:default/bench-engineer-${1 + Math.floor(rnd() * 50)}`
        : null,
      support_level: pick(rnd, [
        ['L1', 60],
        ['L2', 30],
        ['L3', 10],
      ]),
      source: pick(rnd, [
        ['portal', 30],
        ['monitoring', 50],
        ['email', 10],
        ['phone', 10],
      ]),
      opened_at: iso(opened),
      acknowledged_at: ack ? iso(ack) : null,
      resolved_at: resolved ? iso(resolved) : null,
      closed_at: closed ? iso(closed) : null,
      outage_start: priority === 'P1' ? iso(opened) : null,
      outage_end: priority === 'P1' && resolved ? iso(resolved) : null,
      resolution_notes: resolved ? sentence(rnd, 12) : null,
      workaround: null,
      problem_id:
        linked && rnd() < 0.1
          ? linked[Math.floor(rnd() * linked.length)]
          : null,
      caused_by_change_id: null,
      external_key: null,
      escalated: false,
      response_warned_at: null,
      response_breached_at:
        stopped && ack && ack > responseBreach ? iso(responseBreach) : null,
      resolution_warned_at: null,
      resolution_breached_at:
        stopped && resolved && resolved > resolutionBreach
          ? iso(resolutionBreach)
          : null,
      ...meta(iso(opened)),
      updated_at: iso(closed ?? resolved ?? ack ?? opened),
    });
    batch.timeline.push(...timeline);
    if (batch.incidents.length >= batchSize) {
      yield batch;
      batch = { incidents: [], timeline: [] };
    }
  }
  if (batch.incidents.length) yield batch;
}

export interface ChangeBatch {
  changes: Row[];
  changeEntities: Row[];
}

/** Changes over the two years and the next month: past ones mostly closed, future ones planned. */
export function* changeBatches(
  services: ServicePlan[],
  count: number,
  seed: number,
  nowMs: number,
  batchSize = 500,
): Generator<ChangeBatch> {
  const rnd = seededRandom(seed ^ 0xc4a9);
  let batch: ChangeBatch = { changes: [], changeEntities: [] };
  for (let i = 0; i < count; i++) {
    const service = services[Math.floor(rnd() * services.length)];
    const start = between(rnd, nowMs - TWO_YEARS, nowMs + 30 * DAY);
    const end = start + (1 + Math.floor(rnd() * 4)) * 60 * MINUTE;
    const past = end < nowMs;
    const state = past
      ? pick(rnd, [
          ['closed', 88],
          ['canceled', 10],
          ['review', 2],
        ])
      : pick(rnd, [
          ['new', 15],
          ['assess', 10],
          ['authorize', 15],
          ['scheduled', 60],
        ]);
    const type = pick(rnd, [
      ['standard', 60],
      ['normal', 35],
      ['emergency', 5],
    ]);
    const created = start - between(rnd, DAY, 14 * DAY);
    const id = uuid(rnd);
    batch.changes.push({
      id,
      seq: 1001 + i,
      title: `${type === 'standard' ? 'Deploy' : 'Change'} ${sentence(
        rnd,
        3,
      )} on ${service.entityRef.slice('component:default/'.length)}`,
      description: sentence(rnd, 40),
      type,
      risk: pick(rnd, [
        ['low', 60],
        ['medium', 30],
        ['high', 10],
      ]),
      risk_assessment: null,
      impact: 1 + Math.floor(rnd() * 3),
      planned_start: iso(start),
      planned_end: iso(end),
      actual_start: past && state !== 'canceled' ? iso(start) : null,
      actual_end: past && state !== 'canceled' ? iso(end) : null,
      planned_outage: rnd() < 0.1,
      implementation_plan: sentence(rnd, 60),
      rollback_plan: sentence(rnd, 30),
      test_plan: sentence(rnd, 30),
      state,
      outcome:
        state === 'closed'
          ? pick(rnd, [
              ['successful', 92],
              ['failed', 5],
              ['rolled_back', 3],
            ])
          : null,
      review_notes: null,
      rejection_reason: null,
      approval_round: 1,
      requested_by: `user:default/bench-engineer-${1 + Math.floor(rnd() * 50)}`,
      deployment_id: null,
      deployment: null,
      conflicts: null,
      closed_at: state === 'closed' ? iso(end + DAY) : null,
      ...meta(iso(created)),
    });
    batch.changeEntities.push({
      change_id: id,
      entity_ref: service.entityRef,
      position: 0,
    });
    if (batch.changes.length >= batchSize) {
      yield batch;
      batch = { changes: [], changeEntities: [] };
    }
  }
  if (batch.changes.length) yield batch;
}
