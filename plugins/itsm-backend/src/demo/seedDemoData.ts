import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  BusinessCalendar,
  Change,
  CreateSlaRequest,
  Impact,
  IncidentSource,
  OnHoldReason,
  Service,
  Sla,
  SlaTargets,
  Urgency,
} from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import { ActionContext } from '../app/context';
import { ItsmApplication } from '../app/ItsmApplication';

/*
 * Demo data for the demo catalog in examples/. Everything goes through the application layer
 * (the same validation, state machines, history and timelines as the API); only the clock is
 * moved back so that ~90 days of history exist on first start. A seeded pseudo-random generator
 * keeps the data the same on every start.
 */

const DAY = 24 * 60;

const TARGETS: Record<'gold' | 'silver' | 'bronze', SlaTargets> = {
  gold: {
    P1: { responseMinutes: 15, resolutionMinutes: 240 },
    P2: { responseMinutes: 30, resolutionMinutes: 480 },
    P3: { responseMinutes: 120, resolutionMinutes: 3 * DAY },
    P4: { responseMinutes: 480, resolutionMinutes: 10 * DAY },
  },
  silver: {
    P1: { responseMinutes: 30, resolutionMinutes: 240 },
    P2: { responseMinutes: 60, resolutionMinutes: 600 },
    P3: { responseMinutes: 240, resolutionMinutes: 2400 },
    P4: { responseMinutes: 600, resolutionMinutes: 6000 },
  },
  bronze: {
    P1: { responseMinutes: 60, resolutionMinutes: 480 },
    P2: { responseMinutes: 120, resolutionMinutes: 960 },
    P3: { responseMinutes: 480, resolutionMinutes: 4800 },
    P4: { responseMinutes: 960, resolutionMinutes: 9600 },
  },
};

const WEEKDAYS_8_18: BusinessCalendar['hours'] = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
};

export const DEMO_SLAS: Record<'gold' | 'silver' | 'bronze', CreateSlaRequest> =
  {
    gold: {
      name: 'Gold',
      description:
        'Customer-facing revenue path: round the clock, 99.9 % a month.',
      availabilityTarget: 99.9,
      calendar: '24x7',
      targets: TARGETS.gold,
    },
    silver: {
      name: 'Silver',
      description:
        'Business services: Mon–Fri 08:00–18:00 Europe/Berlin, 99.5 % a month.',
      availabilityTarget: 99.5,
      calendar: {
        timezone: 'Europe/Berlin',
        hours: WEEKDAYS_8_18,
        holidays: [
          '--01-01',
          '--05-01',
          '--10-03',
          '--12-24',
          '--12-25',
          '--12-26',
          '--12-31',
        ],
      },
      targets: TARGETS.silver,
    },
    bronze: {
      name: 'Bronze',
      description:
        'Internal tooling: Mon–Fri 09:00–17:00 Europe/Berlin, 99 % a month.',
      availabilityTarget: 99,
      calendar: {
        timezone: 'Europe/Berlin',
        hours: {
          mon: [['09:00', '17:00']],
          tue: [['09:00', '17:00']],
          wed: [['09:00', '17:00']],
          thu: [['09:00', '17:00']],
          fri: [['09:00', '17:00']],
        },
        holidays: ['--01-01', '--12-25', '--12-26'],
      },
      targets: TARGETS.bronze,
    },
  };

interface DemoService {
  entity: string;
  name: string;
  purpose: string;
  tier: 'gold' | 'silver' | 'bronze';
  criticality: 1 | 2 | 3 | 4;
  category?: Service['category'];
  supportHours: string;
  maintenanceWindow?: Service['maintenanceWindow'];
}

export const DEMO_SERVICES: DemoService[] = [
  {
    entity: 'web-shop',
    name: 'Online Shop',
    purpose: 'Customers browse and buy: the revenue path.',
    tier: 'gold',
    criticality: 1,
    supportHours: '24x7',
    maintenanceWindow: {
      timezone: 'Europe/Berlin',
      hours: {
        tue: [['20:00', '24:00']],
        thu: [['20:00', '24:00']],
        sun: [['02:00', '06:00']],
      },
    },
  },
  {
    entity: 'checkout-service',
    name: 'Checkout',
    purpose: 'Turns carts into paid orders.',
    tier: 'gold',
    criticality: 1,
    supportHours: '24x7',
  },
  {
    entity: 'payment-gateway',
    name: 'Payments',
    purpose: 'Card, wallet and invoice payments with the payment providers.',
    tier: 'gold',
    criticality: 1,
    supportHours: '24x7',
  },
  {
    entity: 'product-catalog',
    name: 'Product Catalog',
    purpose: 'Products, prices and availability for shop and apps.',
    tier: 'silver',
    criticality: 2,
    supportHours: 'Mon–Fri 08–18 CET',
  },
  {
    entity: 'fraud-detection',
    name: 'Fraud Screening',
    purpose: 'Scores payments for fraud before capture.',
    tier: 'silver',
    criticality: 2,
    supportHours: 'Mon–Fri 08–18 CET',
  },
  {
    entity: 'inventory-service',
    name: 'Inventory',
    purpose: 'Stock levels across warehouses.',
    tier: 'silver',
    criticality: 2,
    supportHours: 'Mon–Fri 08–18 CET',
  },
  {
    entity: 'shipping-service',
    name: 'Shipping',
    purpose: 'Carrier bookings and labels.',
    tier: 'silver',
    criticality: 3,
    supportHours: 'Mon–Fri 08–18 CET',
  },
  {
    entity: 'notification-service',
    name: 'Customer Notifications',
    purpose: 'Order e-mails and push messages.',
    tier: 'bronze',
    criticality: 3,
    category: 'infrastructure',
    supportHours: 'Mon–Fri 09–17 CET',
  },
  {
    entity: 'search-service',
    name: 'Product Search',
    purpose: 'Full-text product search.',
    tier: 'silver',
    criticality: 2,
    supportHours: 'Mon–Fri 08–18 CET',
  },
  {
    entity: 'cart-service',
    name: 'Shopping Cart',
    purpose: 'Carts and wish lists.',
    tier: 'gold',
    criticality: 2,
    supportHours: '24x7',
  },
  {
    entity: 'refund-service',
    name: 'Refunds',
    purpose: 'Refunds and chargebacks.',
    tier: 'bronze',
    criticality: 3,
    supportHours: 'Mon–Fri 09–17 CET',
  },
  {
    entity: 'delivery-tracking',
    name: 'Delivery Tracking',
    purpose: 'Where is my parcel?',
    tier: 'bronze',
    criticality: 4,
    supportHours: 'Mon–Fri 09–17 CET',
  },
];

const PEOPLE = {
  platform: ['user:default/alice', 'user:default/frank', 'user:default/guest'],
  shop: ['user:default/bob', 'user:default/dave'],
  payments: ['user:default/carol', 'user:default/erin'],
};

const OWNERS: Record<string, string[]> = {
  'web-shop': PEOPLE.shop,
  'checkout-service': PEOPLE.shop,
  'product-catalog': PEOPLE.shop,
  'search-service': PEOPLE.shop,
  'cart-service': PEOPLE.shop,
  'payment-gateway': PEOPLE.payments,
  'fraud-detection': PEOPLE.payments,
  'refund-service': PEOPLE.payments,
  'inventory-service': PEOPLE.platform,
  'shipping-service': PEOPLE.platform,
  'notification-service': PEOPLE.platform,
  'delivery-tracking': PEOPLE.platform,
};

const INCIDENT_TITLES = [
  'Elevated 5xx error rate',
  'Latency above 2 s at p95',
  'Requests time out behind the load balancer',
  'Database connection pool exhausted',
  'Memory leak after deployment, pods restarting',
  'Wrong prices shown for some products',
  'Certificate expiry warning',
  'Queue consumer lag growing',
  'Customer reports missing confirmation e-mail',
  'Disk usage above 90 %',
  'Intermittent DNS resolution failures',
  'Login loop for some customers',
];

/** Mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function iso(dt: DateTime) {
  return dt.toUTC().toISO()!;
}

export interface SeedOptions {
  app: ItsmApplication;
  auth: AuthService;
  logger: LoggerService;
  /** Defaults to the wall clock. */
  now?: () => DateTime;
  /** How long to wait for the catalog to ingest the demo entities. */
  catalogTimeoutMs?: number;
}

/** Seeds the demo data if the ITSM tables are empty. Returns false when it did nothing. */
export async function seedDemoData(options: SeedOptions): Promise<boolean> {
  const { app, auth, logger } = options;
  const clock = options.now ?? (() => DateTime.utc());
  const credentials = await auth.getOwnServiceCredentials();
  if ((await app.slas.list({ limit: 1 })).totalCount > 0) {
    logger.info(
      'ITSM demo data: the database already has data, nothing seeded',
    );
    return false;
  }

  // Wait until the catalog knows the demo entities (it ingests them after start-up).
  const deadline = Date.now() + (options.catalogTimeoutMs ?? 120_000);
  for (;;) {
    const last = await app.catalog.getEntity(
      'component:default/delivery-tracking',
      credentials,
    );
    const cab = await app.catalog.getEntity(app.cabGroupRef, credentials);
    if (last && cab) break;
    if (Date.now() > deadline) {
      logger.warn(
        'ITSM demo data: the demo entities did not appear in the catalog; nothing seeded',
      );
      return false;
    }
    await new Promise(r => setTimeout(r, 5000));
  }

  const now = clock().startOf('minute');
  const ctxAt = (actor: string, at: DateTime): ActionContext => ({
    actor,
    credentials,
    now: iso(at),
  });
  const random = prng(20261123);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];

  // ---------------------------------------------------------------- SLAs and services
  const setupAt = now.minus({ days: 100 });
  const slas: Record<string, Sla> = {};
  for (const [tier, body] of Object.entries(DEMO_SLAS)) {
    slas[tier] = await app.slas.create(
      body,
      ctxAt('user:default/alice', setupAt),
    );
  }
  const services: Record<string, Service> = {};
  for (const s of DEMO_SERVICES) {
    services[s.entity] = await app.services.create(
      {
        entityRef: `component:default/${s.entity}`,
        name: s.name,
        purpose: s.purpose,
        category: s.category ?? 'application',
        criticality: s.criticality,
        lifecycle: 'live',
        supportHours: s.supportHours,
        slaId: slas[s.tier].id,
        contact: `#${s.entity}-support`,
        escalationPath: [
          'L1: Service Desk',
          `L2: ${s.entity} on-call`,
          'L3: owning team',
        ],
        maintenanceWindow: s.maintenanceWindow ?? null,
      },
      ctxAt(OWNERS[s.entity][0], setupAt),
      // Seeded as the plugin: each service is owned by its entity's catalog owner.
      { kind: 'catalog' },
    );
  }

  // ---------------------------------------------------------------- incidents
  const entities = DEMO_SERVICES.map(s => s.entity);
  const incidentIds: Record<string, string[]> = {};
  let created = 0;

  async function incident(spec: {
    entity: string;
    title: string;
    openedAt: DateTime;
    impact: Impact;
    urgency: Urgency;
    source: IncidentSource;
    outage?: boolean;
    /** Minutes after opening: acknowledge, hold, resume, resolve, close. */
    ackAfter?: number;
    hold?: { after: number; minutes: number; reason: OnHoldReason };
    resolveAfter?: number;
    closeAfter?: number;
    cancel?: boolean;
    escalateTo?: 'L2' | 'L3';
  }) {
    const owner = pick(OWNERS[spec.entity]);
    const reporter =
      spec.source === 'monitoring'
        ? 'external:alertmanager'
        : pick([...PEOPLE.shop, ...PEOPLE.payments, ...PEOPLE.platform]);
    let current = await app.incidents.create(
      {
        title: spec.title,
        description: `${spec.title} on ${spec.entity}.`,
        entityRef: `component:default/${spec.entity}`,
        impact: spec.impact,
        urgency: spec.urgency,
        source: spec.source,
        openedAt: iso(spec.openedAt),
        assigneeRef: owner,
        outage: spec.outage ? { start: iso(spec.openedAt), end: null } : null,
      },
      ctxAt(reporter, spec.openedAt),
      { allowBackdating: true },
    );
    (incidentIds[spec.entity] ??= []).push(current.id);
    created++;
    const move = async (
      to: Parameters<ItsmApplication['incidents']['transition']>[1]['to'],
      after: number,
      extra: { reason?: OnHoldReason; resolutionNotes?: string } = {},
    ) => {
      const at = spec.openedAt.plus({ minutes: after });
      if (at > now) return false;
      current = await app.incidents.transition(
        current.id,
        { to, version: current.version, at: iso(at), ...extra },
        ctxAt(owner, now),
        { allowBackdating: true },
      );
      return true;
    };
    if (spec.cancel) {
      await move('canceled', spec.ackAfter ?? 10);
      return current;
    }
    if (
      spec.ackAfter !== undefined &&
      !(await move('in_progress', spec.ackAfter))
    )
      return current;
    if (spec.escalateTo) {
      current = await app.incidents.update(
        current.id,
        {
          version: current.version,
          supportLevel: spec.escalateTo,
          comment: 'Needs the owning team',
        },
        ctxAt(owner, now),
      );
    }
    if (spec.hold) {
      if (
        !(await move('on_hold', spec.hold.after, { reason: spec.hold.reason }))
      )
        return current;
      if (!(await move('in_progress', spec.hold.after + spec.hold.minutes)))
        return current;
    }
    if (spec.resolveAfter !== undefined) {
      if (
        !(await move('resolved', spec.resolveAfter, {
          resolutionNotes:
            'Restarted the failing instances and rolled back the configuration.',
        }))
      )
        return current;
    }
    if (spec.closeAfter !== undefined) await move('closed', spec.closeAfter);
    return current;
  }

  // ~90 days of closed history: every priority, some slow enough to breach.
  for (let day = 90; day >= 3; day -= 1 + Math.floor(random() * 2)) {
    const entity = pick(entities);
    const impact = (1 + Math.floor(random() * 3)) as Impact;
    const urgency = (1 + Math.floor(random() * 3)) as Urgency;
    const openedAt = now.minus({ days: day }).set({
      hour: 6 + Math.floor(random() * 14),
      minute: Math.floor(random() * 60),
    });
    const p1ish = impact + urgency <= 3;
    const ack = 5 + Math.floor(random() * (p1ish ? 40 : 200));
    const resolve = ack + 30 + Math.floor(random() * (p1ish ? 400 : 2000));
    await incident({
      entity,
      title: pick(INCIDENT_TITLES),
      openedAt,
      impact,
      urgency,
      source: pick([
        'monitoring',
        'monitoring',
        'portal',
        'email',
        'phone',
      ] as IncidentSource[]),
      outage: impact === 1 && random() < 0.6,
      ackAfter: ack,
      hold:
        random() < 0.2
          ? {
              after: ack + 20,
              minutes: 60 + Math.floor(random() * 600),
              reason: pick([
                'awaiting_caller',
                'awaiting_vendor',
                'awaiting_change',
              ] as OnHoldReason[]),
            }
          : undefined,
      resolveAfter: resolve + 700,
      closeAfter: resolve + 700 + 3 * DAY,
      escalateTo: random() < 0.3 ? pick(['L2', 'L3'] as const) : undefined,
      cancel: random() < 0.04,
    });
  }

  // Recurring payment timeouts: grouped under a problem below.
  const recurring = [];
  for (const daysAgo of [41, 27, 13, 6]) {
    recurring.push(
      await incident({
        entity: 'payment-gateway',
        title: 'Payment provider timeouts during checkout',
        openedAt: now.minus({ days: daysAgo }).set({ hour: 19, minute: 40 }),
        impact: 1,
        urgency: 2,
        source: 'monitoring',
        outage: daysAgo === 13,
        ackAfter: 8,
        resolveAfter: 95,
        closeAfter: 95 + 3 * DAY,
      }),
    );
  }

  // Open incidents in every state, including one ongoing P1 outage and one at risk.
  await incident({
    entity: 'checkout-service',
    title: 'Checkout fails for PayPal orders',
    openedAt: now.minus({ minutes: 25 }),
    impact: 1,
    urgency: 1,
    source: 'monitoring',
    outage: true,
  });
  await incident({
    entity: 'product-catalog',
    title: 'Images missing on product pages',
    openedAt: now.minus({ hours: 3 }),
    impact: 2,
    urgency: 1,
    source: 'portal',
    ackAfter: 20,
  });
  await incident({
    entity: 'shipping-service',
    title: 'Carrier API returns 429 for label creation',
    openedAt: now.minus({ days: 1, hours: 2 }),
    impact: 2,
    urgency: 2,
    source: 'email',
    ackAfter: 45,
    hold: { after: 90, minutes: 100000, reason: 'awaiting_vendor' },
  });
  await incident({
    entity: 'search-service',
    title: 'Search suggestions are slow',
    openedAt: now.minus({ hours: 30 }),
    impact: 3,
    urgency: 2,
    source: 'phone',
  });
  await incident({
    entity: 'notification-service',
    title: 'Order e-mails delayed by 20 minutes',
    openedAt: now.minus({ days: 2 }),
    impact: 3,
    urgency: 3,
    source: 'portal',
    ackAfter: 120,
    resolveAfter: 600,
  });
  await incident({
    entity: 'web-shop',
    title: 'Cookie banner overlaps the basket button on mobile',
    openedAt: now.minus({ days: 4 }),
    impact: 3,
    urgency: 1,
    source: 'portal',
    ackAfter: 60,
    escalateTo: 'L2',
  });

  // ---------------------------------------------------------------- problems
  await app.problems.create(
    {
      title: 'Payment provider timeouts under evening load',
      description:
        'Checkout payments time out between 19:00 and 21:00 several times a month.',
      rootCause:
        'The HTTP client to the payment provider keeps only 10 pooled connections; evening peaks queue requests until they time out.',
      knownError: {
        symptom: 'Payment step spins, then "Payment could not be completed".',
        workaround: 'Scale payment-gateway to 6 replicas before 19:00.',
        solution:
          'Raise the connection pool to 50 and add a circuit breaker (CHG planned).',
      },
      incidentIds: recurring.map(i => i.id),
      assigneeRef: 'user:default/carol',
    },
    ctxAt('user:default/carol', now.minus({ days: 5 })),
  );
  const dbProblem = await app.problems.create(
    {
      title: 'Connection pool exhaustion on inventory database',
      entityRefs: ['component:default/inventory-service'],
      incidentIds: (incidentIds['inventory-service'] ?? []).slice(0, 2),
      assigneeRef: 'user:default/frank',
    },
    ctxAt('user:default/frank', now.minus({ days: 20 })),
  );
  await app.problems.transition(
    dbProblem.id,
    { to: 'assess', version: dbProblem.version },
    ctxAt('user:default/frank', now.minus({ days: 19 })),
  );

  // ---------------------------------------------------------------- changes
  const nextTuesday = now
    .setZone('Europe/Berlin')
    .plus({ weeks: 1 })
    .set({ weekday: 2, hour: 20, minute: 0, second: 0, millisecond: 0 });
  const cab = ['user:default/alice', 'user:default/carol', 'user:default/dave'];

  /** The states a demo change of each type passes through on its way to closed. */
  const CHANGE_PATHS: Record<Change['type'], Change['state'][]> = {
    standard: ['scheduled', 'implement', 'review', 'closed'],
    emergency: ['authorize', 'scheduled', 'implement', 'review', 'closed'],
    normal: [
      'assess',
      'authorize',
      'scheduled',
      'implement',
      'review',
      'closed',
    ],
  };

  async function change(spec: {
    requester: string;
    entities: string[];
    title: string;
    type: Change['type'];
    start: DateTime;
    hours: number;
    answers?: Parameters<
      ItsmApplication['changes']['create']
    >[0]['riskAssessment'];
    /** How far to take it. */
    until: Change['state'];
    outcome?: Change['outcome'];
    plannedOutage?: boolean;
    createdAt?: DateTime;
  }) {
    const createdAt =
      spec.createdAt ??
      (spec.start < now
        ? spec.start.minus({ days: 7 })
        : now.minus({ days: 2 }));
    const at = (dt: DateTime) => ctxAt(spec.requester, dt);
    let c = await app.changes.create(
      {
        title: spec.title,
        description: `${spec.title}.`,
        type: spec.type,
        entityRefs: spec.entities.map(e => `component:default/${e}`),
        plannedStart: iso(spec.start),
        plannedEnd: iso(spec.start.plus({ hours: spec.hours })),
        plannedOutage: spec.plannedOutage ?? false,
        implementationPlan:
          '1. Announce in #ops\n2. Deploy with the pipeline\n3. Watch the dashboards for 30 minutes',
        rollbackPlan:
          'Redeploy the previous release; restore the database snapshot if a migration ran.',
        testPlan:
          'Smoke tests of the checkout journey in staging and production.',
        riskAssessment: spec.answers,
      },
      at(createdAt),
      { allowBackdating: true },
    );
    const path = CHANGE_PATHS[spec.type];
    let stop: number;
    if (spec.until === 'new') stop = 0;
    else if (spec.until === 'canceled') stop = path.indexOf('authorize') + 1;
    else stop = path.indexOf(spec.until) + 1;
    for (const state of path.slice(0, stop)) {
      if (c.state === state) continue;
      if (state === 'scheduled' && c.state === 'authorize') {
        for (const voter of cab.filter(v => v !== spec.requester)) {
          if (c.state !== 'authorize') break;
          c = await app.changes.vote(
            c.id,
            { decision: 'approve', comment: 'Plans look complete.' },
            ctxAt(voter, createdAt.plus({ hours: 20 })),
          );
        }
        // A high-risk change also needs its owners' approval.
        if (c.state === 'authorize') {
          const owner = OWNERS[spec.entities[0]].find(
            o => o !== spec.requester && !cab.includes(o),
          );
          if (owner)
            c = await app.changes.vote(
              c.id,
              { decision: 'approve', comment: 'Owner approval.' },
              ctxAt(owner, createdAt.plus({ hours: 21 })),
            );
        }
        continue;
      }
      let when: DateTime;
      if (state === 'implement') when = spec.start;
      else if (state === 'review')
        when = spec.start.plus({ hours: spec.hours });
      else if (state === 'closed')
        when = spec.start.plus({ hours: spec.hours + 20 });
      else when = createdAt.plus({ hours: 2 });
      c = await app.changes.transition(
        c.id,
        {
          to: state,
          version: c.version,
          outcome:
            state === 'closed' ? spec.outcome ?? 'successful' : undefined,
          reviewNotes:
            state === 'closed' ? 'Post-implementation review done.' : undefined,
        },
        at(when < now ? when : now),
        { at: iso(when < now ? when : now) },
      );
    }
    if (spec.until === 'canceled') {
      c = await app.changes.transition(
        c.id,
        { to: 'canceled', version: c.version, comment: 'Superseded' },
        at(createdAt.plus({ days: 1 })),
      );
    }
    return c;
  }

  // History: implemented changes, one failed that caused incidents.
  const failed = await change({
    requester: 'user:default/erin',
    entities: ['payment-gateway'],
    title: 'Upgrade payment provider SDK to v5',
    type: 'normal',
    start: now.minus({ days: 30 }).set({ hour: 20 }),
    hours: 2,
    answers: { userFacing: true, rollbackTested: true },
    until: 'closed',
    outcome: 'failed',
  });
  const culprit = (incidentIds['payment-gateway'] ?? []).slice(-1)[0];
  if (culprit) {
    const stored = await app.incidents.getStored(culprit);
    await app.incidents
      .update(
        culprit,
        { version: stored.version, causedByChangeId: failed.id },
        ctxAt('user:default/carol', now),
      )
      .catch(() => undefined);
  }
  await change({
    requester: 'user:default/frank',
    entities: ['inventory-service'],
    title: 'PostgreSQL minor upgrade of inventory-db',
    type: 'normal',
    start: now.minus({ days: 21 }).set({ hour: 22 }),
    hours: 1,
    answers: { rollbackTested: true, dataMigration: true },
    until: 'closed',
    plannedOutage: true,
  });
  await change({
    requester: 'user:default/bob',
    entities: ['web-shop'],
    title: 'Enable new product recommendations widget',
    type: 'normal',
    start: now.minus({ days: 12 }).set({ hour: 9 }),
    hours: 1,
    answers: { userFacing: true, rollbackTested: true },
    until: 'closed',
    outcome: 'successful',
  });
  await change({
    requester: 'user:default/carol',
    entities: ['payment-gateway'],
    title: 'Hotfix: raise payment provider timeout',
    type: 'emergency',
    start: now.minus({ days: 13 }).set({ hour: 20, minute: 30 }),
    hours: 1,
    answers: { userFacing: true, rollbackTested: false },
    until: 'closed',
    createdAt: now.minus({ days: 13 }).set({ hour: 20, minute: 0 }),
  });
  await change({
    requester: 'user:default/frank',
    entities: ['shipping-service'],
    title: 'Rotate carrier API credentials',
    type: 'standard',
    start: now.minus({ days: 8 }).set({ hour: 10 }),
    hours: 1,
    until: 'closed',
  });
  await change({
    requester: 'user:default/dave',
    entities: ['search-service'],
    title: 'Reindex product search',
    type: 'normal',
    start: now.minus({ days: 5 }).set({ hour: 21 }),
    hours: 3,
    answers: { rollbackTested: true },
    until: 'canceled',
  });
  await change({
    requester: 'user:default/bob',
    entities: ['cart-service'],
    title: 'Move cart cache to the new Redis cluster',
    type: 'normal',
    start: now.minus({ hours: 1 }),
    hours: 3,
    answers: { userFacing: true, rollbackTested: true, dataMigration: true },
    until: 'implement',
    createdAt: now.minus({ days: 4 }),
  });
  await change({
    requester: 'user:default/alice',
    entities: ['notification-service'],
    title: 'Switch e-mail provider',
    type: 'normal',
    start: now.minus({ days: 2 }).set({ hour: 8 }),
    hours: 2,
    answers: { rollbackTested: true },
    until: 'review',
    createdAt: now.minus({ days: 6 }),
  });

  // Upcoming: approved, in the CAB queue (with the conflicting pair) and drafts.
  await change({
    requester: 'user:default/erin',
    entities: ['payment-gateway'],
    title: 'Raise payment connection pool and add circuit breaker',
    type: 'normal',
    start: nextTuesday,
    hours: 2,
    answers: { rollbackTested: true },
    until: 'scheduled',
  });
  await change({
    requester: 'user:default/bob',
    entities: ['checkout-service'],
    title: 'Checkout flow refactor: one-page checkout',
    type: 'normal',
    start: nextTuesday.plus({ hours: 1 }),
    hours: 2,
    answers: { userFacing: true, rollbackTested: true, peakHours: false },
    until: 'authorize',
  });
  await change({
    requester: 'user:default/frank',
    entities: ['inventory-service', 'shipping-service'],
    title: 'Migrate warehouse events to the new message bus',
    type: 'normal',
    start: nextTuesday.plus({ days: 2 }),
    hours: 4,
    answers: { userFacing: false, rollbackTested: false, dataMigration: true },
    until: 'authorize',
  });
  await change({
    requester: 'user:default/dave',
    entities: ['product-catalog'],
    title: 'Add price history table',
    type: 'normal',
    start: nextTuesday.plus({ days: 3 }),
    hours: 1,
    answers: { rollbackTested: true, dataMigration: true },
    until: 'assess',
  });
  await change({
    requester: 'user:default/bob',
    entities: ['web-shop'],
    title: 'Update CDN cache rules',
    type: 'standard',
    start: now.plus({ days: 3 }).set({ hour: 7, minute: 0 }),
    hours: 1,
    until: 'scheduled',
  });
  await change({
    requester: 'user:default/erin',
    entities: ['fraud-detection'],
    title: 'Retrain fraud model with Q3 data',
    type: 'normal',
    start: now.plus({ days: 10 }).set({ hour: 10, minute: 0 }),
    hours: 2,
    answers: { rollbackTested: true },
    until: 'new',
  });

  // Deployments recorded by CI/CD.
  for (let i = 0; i < 6; i++) {
    const entity = pick([
      'web-shop',
      'checkout-service',
      'product-catalog',
      'cart-service',
    ]);
    const startedAt = now.minus({ days: 2 + i * 4, hours: 3 });
    await app.deployments.record(
      {
        entityRef: `component:default/${entity}`,
        deploymentId: `demo-${entity}-${i}`,
        version: `1.${20 + i}.0`,
        environment: 'production',
        status: i === 3 ? 'rolled_back' : 'succeeded',
        startedAt: iso(startedAt),
        finishedAt: iso(startedAt.plus({ minutes: 7 })),
        url: `https://ci.example.com/${entity}/deployments/${i}`,
      },
      ctxAt('external:ci', startedAt.plus({ minutes: 7 })),
    );
  }

  logger.info(
    `ITSM demo data seeded: ${
      Object.keys(services).length
    } services, ${created} incidents`,
  );
  return true;
}
