/*
 * Fixtures shaped like the ITSM API's answers (types from plugin-itsm-common). Times are
 * relative to "now" so live SLA clocks have something to count down.
 */
import type {
  AvailabilityReport,
  Change,
  EntitySummary,
  Incident,
  KpiReport,
  Page,
  Problem,
  Service,
  Sla,
  SlaClock,
} from '@backstage-itsm/plugin-itsm-common';
import {
  DEFAULT_RISK_CONFIG,
  type RiskConfig,
} from '@backstage-itsm/plugin-itsm-common';
import { Entity } from '@backstage/catalog-model';

export const BASE_URL = 'http://localhost:7007/api/itsm';

/** `GET /changes/risk-model` of a backend without `itsm.changes.risk` configuration. */
export const riskModel: RiskConfig = DEFAULT_RISK_CONFIG;

const minutesFromNow = (minutes: number) =>
  new Date(Date.now() + minutes * 60000).toISOString();

const meta = (id: string) => ({
  id,
  version: 1,
  createdAt: '2025-01-01T08:00:00.000Z',
  createdBy: 'user:default/jane',
  updatedAt: '2025-01-01T08:00:00.000Z',
  updatedBy: 'user:default/jane',
});

export const componentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

export const ENTITY_REF = 'component:default/payments-api';

export const sla: Sla = {
  ...meta('sla-gold'),
  name: 'Gold',
  description: 'Business critical services',
  availabilityTarget: 99.9,
  calendar: '24x7',
  targets: {
    P1: { responseMinutes: 15, resolutionMinutes: 240 },
    P2: { responseMinutes: 30, resolutionMinutes: 480 },
    P3: { responseMinutes: 240, resolutionMinutes: 2880 },
    P4: { responseMinutes: 480, resolutionMinutes: 7200 },
  },
};

export const service: Service = {
  ...meta('svc-payments'),
  entityRef: ENTITY_REF,
  entityRefs: [ENTITY_REF],
  name: 'Payments API',
  purpose: 'Takes payments',
  ownerRef: 'group:default/payments-team',
  category: 'application',
  criticality: 1,
  lifecycle: 'live',
  supportHours: '24x7',
  slaId: sla.id,
  contact: 'payments@example.com',
  escalationPath: [],
  maintenanceWindow: null,
  managedBy: 'manual',
};

export function clock(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    goalMinutes: 240,
    elapsedMinutes: 60,
    remainingMinutes: 180,
    percent: 25,
    deadline: minutesFromNow(180),
    state: 'running',
    warning: false,
    breachedAt: null,
    stoppedAt: null,
    ...overrides,
  };
}

export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    ...meta('inc-1'),
    number: 'INC-1001',
    title: 'Checkout fails for card payments',
    description: 'Card payments return 502',
    entityRef: ENTITY_REF,
    serviceId: service.id,
    impact: 1,
    urgency: 1,
    priority: 'P1',
    state: 'new',
    onHoldReason: null,
    assigneeRef: null,
    supportLevel: 'L1',
    source: 'portal',
    openedAt: minutesFromNow(-60),
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    outage: null,
    resolutionNotes: null,
    workaround: null,
    problemId: null,
    causedByChangeId: null,
    externalKey: null,
    sla: {
      slaId: sla.id,
      slaName: sla.name,
      response: clock({
        goalMinutes: 15,
        remainingMinutes: -45,
        percent: 400,
        state: 'breached',
        deadline: minutesFromNow(-45),
        breachedAt: minutesFromNow(-45),
      }),
      resolution: clock(),
    },
    ...overrides,
  };
}

export const incidentP1 = makeIncident();
export const incidentP4 = makeIncident({
  id: 'inc-2',
  number: 'INC-1002',
  title: 'Slow refunds report',
  impact: 2,
  urgency: 3,
  priority: 'P4',
  state: 'in_progress',
  assigneeRef: 'user:default/john',
  acknowledgedAt: minutesFromNow(-30),
  sla: {
    slaId: sla.id,
    slaName: sla.name,
    response: clock({
      state: 'met',
      goalMinutes: 480,
      remainingMinutes: 450,
      percent: 6,
    }),
    resolution: clock({
      goalMinutes: 100,
      remainingMinutes: 10,
      elapsedMinutes: 90,
      percent: 90,
      warning: true,
      deadline: minutesFromNow(10),
    }),
  },
});
export const incidentResolved = makeIncident({
  id: 'inc-3',
  number: 'INC-0990',
  title: 'Database failover',
  priority: 'P2',
  impact: 1,
  urgency: 2,
  state: 'resolved',
  resolvedAt: minutesFromNow(-600),
  sla: null,
});

export const problem: Problem = {
  ...meta('prb-1'),
  number: 'PRB-12',
  title: 'Connection pool exhaustion',
  description: null,
  entityRefs: [ENTITY_REF],
  serviceId: service.id,
  state: 'root_cause_analysis',
  rootCause: 'Pool too small for peak load',
  knownError: {
    symptom: '502 at peak',
    workaround: 'Restart pods',
    solution: null,
  },
  assigneeRef: 'user:default/john',
  incidentIds: ['inc-1', 'inc-3'],
  fixChangeId: null,
};

export function makeChange(overrides: Partial<Change> = {}): Change {
  return {
    ...meta('chg-1'),
    number: 'CHG-200',
    title: 'Upgrade payment gateway SDK',
    description: 'Bump the SDK to v5',
    type: 'normal',
    entityRefs: [ENTITY_REF],
    risk: 'medium',
    riskAssessment: {
      answers: { userFacing: true, rollbackTested: true },
      score: 5,
      level: 'medium',
      reasons: [
        { factor: 'userFacing', points: 2, message: 'User-facing change: +2' },
        {
          factor: 'criticality',
          points: 3,
          message: 'Service criticality 1 (most critical): +3',
        },
      ],
    },
    impact: 2,
    plannedStart: minutesFromNow(60 * 24 * 2),
    plannedEnd: minutesFromNow(60 * 24 * 2 + 60),
    actualStart: null,
    actualEnd: null,
    plannedOutage: false,
    implementationPlan: 'Deploy via pipeline',
    rollbackPlan: 'Redeploy previous version',
    testPlan: 'Smoke tests',
    state: 'authorize',
    outcome: null,
    reviewNotes: null,
    rejectionReason: null,
    requestedBy: 'user:default/erin',
    deployment: null,
    conflicts: [
      {
        kind: 'overlap',
        changeId: 'chg-9',
        entityRef: ENTITY_REF,
        message: 'Overlaps CHG-199 on the same entity',
        blocking: false,
      },
    ],
    approvals: [
      {
        voterRef: 'user:default/cab-lead',
        decision: 'approve',
        comment: 'Looks fine',
        at: '2025-01-02T10:00:00.000Z',
        roles: ['cab'],
      },
    ],
    ...overrides,
  };
}

export const upcomingChange = makeChange();
export const recentChange = makeChange({
  id: 'chg-0',
  number: 'CHG-150',
  title: 'Rotate TLS certificates',
  state: 'review',
  risk: 'low',
  plannedStart: minutesFromNow(-60 * 24 * 3),
  plannedEnd: minutesFromNow(-60 * 24 * 3 + 30),
  actualStart: minutesFromNow(-60 * 24 * 3),
  actualEnd: minutesFromNow(-60 * 24 * 3 + 25),
  conflicts: [],
  approvals: [],
  deployment: {
    deploymentId: 'dep-1',
    version: '1.4.2',
    environment: 'production',
    status: 'succeeded',
    url: null,
    startedAt: minutesFromNow(-60 * 24 * 3),
    finishedAt: minutesFromNow(-60 * 24 * 3 + 25),
  },
});

export const kpis: KpiReport = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-01-31T00:00:00.000Z',
  incidents: {
    total: 12,
    byPriority: { P1: 1, P2: 2, P3: 4, P4: 5 },
    byState: {
      new: 1,
      in_progress: 1,
      on_hold: 0,
      resolved: 4,
      closed: 6,
      canceled: 0,
    },
  },
  mtta: {
    count: 12,
    meanMinutes: 12,
    medianMinutes: 9,
    byPriority: {
      P1: { count: 1, meanMinutes: 4, medianMinutes: 4 },
      P2: { count: 2, meanMinutes: 8, medianMinutes: 8 },
      P3: { count: 4, meanMinutes: 14, medianMinutes: 12 },
      P4: { count: 5, meanMinutes: 15, medianMinutes: 15 },
    },
  },
  mttr: {
    count: 10,
    meanMinutes: 300,
    medianMinutes: 240,
    byPriority: {
      P1: { count: 1, meanMinutes: 120, medianMinutes: 120 },
      P2: { count: 2, meanMinutes: 200, medianMinutes: 200 },
      P3: { count: 3, meanMinutes: 300, medianMinutes: 300 },
      P4: { count: 4, meanMinutes: 400, medianMinutes: 400 },
    },
  },
  slaFulfilment: {
    responsePercent: 91.7,
    resolutionPercent: 83.3,
    measured: 12,
  },
  backlog: { open: 2, oldestAgeMinutes: 600, meanAgeMinutes: 300 },
  recurring: [
    {
      problemId: 'prb-1',
      problemNumber: 'PRB-12',
      title: 'Connection pool exhaustion',
      incidents: 3,
    },
  ],
  detection: { monitoring: 8, people: 4, monitoringPercent: 66.7 },
  firstContactResolutionPercent: 41.7,
  changes: {
    total: 5,
    completed: 4,
    successRatePercent: 75,
    failureRatePercent: 25,
  },
};

export const availability: AvailabilityReport = {
  serviceId: service.id,
  month: '2025-01',
  scheduledMinutes: 44640,
  downtimeMinutes: 20,
  availability: 99.955,
  target: 99.9,
  met: true,
  errorBudget: {
    totalMinutes: 44.6,
    usedMinutes: 20,
    remainingMinutes: 24.6,
    burnRate: 0.9,
  },
};

export const summary: EntitySummary = {
  entityRef: ENTITY_REF,
  services: [service],
  slas: [sla],
  health: 'major_outage',
  openIncidentsByPriority: { P1: 1, P2: 0, P3: 0, P4: 1 },
  openIncidents: [incidentP1, incidentP4],
  recentIncidents: [incidentP1, incidentP4, incidentResolved],
  ongoingChanges: [],
  nextChanges: [upcomingChange],
  recentChanges: [recentChange],
  openProblems: [problem],
  kpis,
};

export const emptySummary: EntitySummary = {
  entityRef: ENTITY_REF,
  services: [],
  slas: [],
  health: 'operational',
  openIncidentsByPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
  openIncidents: [],
  recentIncidents: [],
  ongoingChanges: [],
  nextChanges: [],
  recentChanges: [],
  openProblems: [],
  kpis: null,
};

export function page<T>(
  items: T[],
  nextCursor: string | null = null,
  totalCount = items.length,
): Page<T> {
  return { items, totalCount, nextCursor };
}

/** A Backstage error body like the backend sends. */
export function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'POST', url: '/api/itsm' },
    response: { statusCode },
  };
}
