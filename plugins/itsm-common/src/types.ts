import type { Weekday } from './weekdays';

/*
 * The wire contract of the ITSM API. Names here are relied upon by the docs, the frontend,
 * scaffolder actions and external tools: extend, don't rename.
 */

/** @public */
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
/** 1 = high … 3 = low. @public */
export type Impact = 1 | 2 | 3;
/** 1 = high … 3 = low. @public */
export type Urgency = 1 | 2 | 3;

/** @public */
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** @public */
export type IncidentState =
  | 'new'
  | 'in_progress'
  | 'on_hold'
  | 'resolved'
  | 'closed'
  | 'canceled';
/** @public */
export const INCIDENT_STATES: readonly IncidentState[] = [
  'new',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'canceled',
];

/** @public */
export type OnHoldReason =
  | 'awaiting_caller'
  | 'awaiting_change'
  | 'awaiting_problem'
  | 'awaiting_vendor';
/** @public */
export const ON_HOLD_REASONS: readonly OnHoldReason[] = [
  'awaiting_caller',
  'awaiting_change',
  'awaiting_problem',
  'awaiting_vendor',
];

/** @public */
export type SupportLevel = 'L1' | 'L2' | 'L3';
/** @public */
export const SUPPORT_LEVELS: readonly SupportLevel[] = ['L1', 'L2', 'L3'];

/** @public */
export type IncidentSource =
  | 'portal'
  | 'monitoring'
  | 'email'
  | 'phone'
  | 'import';
/** @public */
export const INCIDENT_SOURCES: readonly IncidentSource[] = [
  'portal',
  'monitoring',
  'email',
  'phone',
  'import',
];

/** @public */
export type ProblemState =
  | 'new'
  | 'assess'
  | 'root_cause_analysis'
  | 'fix_in_progress'
  | 'resolved'
  | 'closed';
/** @public */
export const PROBLEM_STATES: readonly ProblemState[] = [
  'new',
  'assess',
  'root_cause_analysis',
  'fix_in_progress',
  'resolved',
  'closed',
];

/** @public */
export type ChangeState =
  | 'new'
  | 'assess'
  | 'authorize'
  | 'scheduled'
  | 'implement'
  | 'review'
  | 'closed'
  | 'canceled';
/** @public */
export const CHANGE_STATES: readonly ChangeState[] = [
  'new',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'canceled',
];

/** @public */
export type ChangeType = 'standard' | 'normal' | 'emergency';
/** @public */
export const CHANGE_TYPES: readonly ChangeType[] = [
  'standard',
  'normal',
  'emergency',
];
/** @public */
export type RiskLevel = 'low' | 'medium' | 'high';
/** @public */
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];
/** @public */
export type ChangeOutcome = 'successful' | 'failed' | 'rolled_back';
/** @public */
export const CHANGE_OUTCOMES: readonly ChangeOutcome[] = [
  'successful',
  'failed',
  'rolled_back',
];

/** @public */
export type ServiceCategory =
  | 'infrastructure'
  | 'application'
  | 'workplace'
  | 'security'
  | 'consulting';
/** @public */
export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  'infrastructure',
  'application',
  'workplace',
  'security',
  'consulting',
];
/** @public */
export type ServiceLifecycle = 'planned' | 'live' | 'retired';
/** @public */
export const SERVICE_LIFECYCLES: readonly ServiceLifecycle[] = [
  'planned',
  'live',
  'retired',
];
/** 1 = most critical … 4 = least. @public */
export type Criticality = 1 | 2 | 3 | 4;

/** @public */
export type Health = 'operational' | 'degraded' | 'major_outage';

/** Every stored record carries these. @public */
export interface RecordMeta {
  id: string;
  /** Optimistic concurrency: send the version you read with every update. */
  version: number;
  createdAt: string;
  /** Entity ref of the user or service principal, e.g. `user:default/jane` or `service:ci`. */
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** Wall-clock interval `["08:00", "18:00"]`; `24:00` is allowed as an end. @public */
export type TimeInterval = [string, string];

/**
 * Working hours of an SLA in its own timezone. Holidays are `YYYY-MM-DD` (one date) or
 * `--MM-DD` (every year).
 * @public
 */
export interface BusinessCalendar {
  timezone: string;
  hours: Partial<Record<Weekday, TimeInterval[]>>;
  holidays?: string[];
}

/** `"24x7"` means round the clock. @public */
export type SlaCalendar = '24x7' | BusinessCalendar;

/** @public */
export interface SlaTarget {
  responseMinutes: number;
  resolutionMinutes: number;
}

/** @public */
export type SlaTargets = Record<Priority, SlaTarget>;

/** @public */
export interface Sla extends RecordMeta {
  name: string;
  description: string | null;
  /** Percent per calendar month, e.g. 99.5. */
  availabilityTarget: number;
  calendar: SlaCalendar;
  targets: SlaTargets;
}

/** Weekly maintenance window of a service (changes outside it are flagged). @public */
export interface MaintenanceWindow {
  timezone: string;
  hours: Partial<Record<Weekday, TimeInterval[]>>;
}

/** @public */
export interface Service extends RecordMeta {
  /** The first of `entityRefs`. */
  entityRef: string;
  entityRefs: string[];
  name: string;
  purpose: string | null;
  ownerRef: string;
  category: ServiceCategory;
  criticality: Criticality;
  lifecycle: ServiceLifecycle;
  supportHours: string | null;
  slaId: string | null;
  contact: string | null;
  escalationPath: string[];
  maintenanceWindow: MaintenanceWindow | null;
  /** `manual` when registered by a person, `catalog` when kept in step with catalog annotations. */
  managedBy: 'manual' | 'catalog';
}

/** @public */
export type ClockState = 'running' | 'paused' | 'met' | 'breached';

/** One SLA clock of an incident (response or resolution). @public */
export interface SlaClock {
  goalMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
  percent: number;
  /** ISO UTC; null while paused (the deadline moves on by the paused business time). */
  deadline: string | null;
  state: ClockState;
  /** True once 75 % of the goal is used. */
  warning: boolean;
  breachedAt: string | null;
  stoppedAt: string | null;
}

/** @public */
export interface IncidentSla {
  slaId: string;
  slaName: string;
  response: SlaClock;
  resolution: SlaClock;
}

/** @public */
export interface Outage {
  start: string;
  end: string | null;
}

/** @public */
export interface Incident extends RecordMeta {
  /** Human readable key, e.g. `INC-1042`. */
  number: string;
  title: string;
  description: string | null;
  entityRef: string;
  serviceId: string | null;
  impact: Impact;
  urgency: Urgency;
  /** Derived from impact × urgency; never set directly. */
  priority: Priority;
  state: IncidentState;
  onHoldReason: OnHoldReason | null;
  assigneeRef: string | null;
  supportLevel: SupportLevel;
  source: IncidentSource;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  outage: Outage | null;
  resolutionNotes: string | null;
  workaround: string | null;
  problemId: string | null;
  causedByChangeId: string | null;
  /** Deduplication key of a monitoring alert that opened it. */
  externalKey: string | null;
  /** Present on `GET /incidents/{id}` when the service has an SLA. */
  sla?: IncidentSla | null;
}

/** @public */
export interface KnownError {
  symptom: string | null;
  workaround: string | null;
  solution: string | null;
}

/** @public */
export interface Problem extends RecordMeta {
  number: string;
  title: string;
  description: string | null;
  entityRefs: string[];
  serviceId: string | null;
  state: ProblemState;
  rootCause: string | null;
  knownError: KnownError | null;
  assigneeRef: string | null;
  incidentIds: string[];
  fixChangeId: string | null;
}

/** @public */
export interface ChangeConflict {
  kind: 'overlap' | 'dependency_overlap' | 'freeze' | 'maintenance_window';
  changeId?: string;
  entityRef: string;
  message: string;
  /** True when it prevents the change from being authorized (a freeze on a normal change). */
  blocking: boolean;
}

/** @public */
export interface ChangeApproval {
  voterRef: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: string;
  /** Whether the vote counted as a CAB member, as a member of the owning group, or both. */
  roles: Array<'cab' | 'owner'>;
}

/** @public */
export interface RiskAssessmentAnswers {
  userFacing?: boolean;
  rollbackTested?: boolean;
  dataMigration?: boolean;
  peakHours?: boolean;
  affectedComponents?: number;
  recentFailedChanges?: number;
}

/** @public */
export interface RiskReason {
  factor: string;
  points: number;
  message: string;
}

/** @public */
export interface RiskAssessment {
  answers: RiskAssessmentAnswers;
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
}

/** @public */
export interface Deployment {
  deploymentId: string;
  version: string | null;
  environment: string | null;
  status: string;
  url: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** @public */
export interface Change extends RecordMeta {
  number: string;
  title: string;
  description: string | null;
  type: ChangeType;
  entityRefs: string[];
  risk: RiskLevel | null;
  riskAssessment: RiskAssessment | null;
  impact: Impact;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  /** The window takes the service down on purpose: excluded from availability. */
  plannedOutage: boolean;
  implementationPlan: string | null;
  rollbackPlan: string | null;
  testPlan: string | null;
  state: ChangeState;
  outcome: ChangeOutcome | null;
  reviewNotes: string | null;
  /** Set when the CAB rejected it (the change went back to `new`). */
  rejectionReason: string | null;
  requestedBy: string;
  deployment: Deployment | null;
  /** Incidents linked as caused by this change (read-only). */
  causedIncidentIds?: string[];
  conflicts?: ChangeConflict[];
  approvals?: ChangeApproval[];
}

/** @public */
export type ItsmRecordType =
  | 'service'
  | 'sla'
  | 'incident'
  | 'problem'
  | 'change';

/** One entry in a record's history. @public */
export interface HistoryEntry {
  id: string;
  recordType: ItsmRecordType;
  recordId: string;
  at: string;
  actor: string;
  /** created, updated, transition, approval, escalation, linked, breach, … */
  action: string;
  /** field → { from, to } */
  changes: Record<string, { from: unknown; to: unknown }>;
  comment: string | null;
}

/** @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  nextCursor: string | null;
}

/** @public */
export interface EntitySummary {
  entityRef: string;
  services: Service[];
  slas: Sla[];
  health: Health;
  openIncidentsByPriority: Record<Priority, number>;
  /** Open incidents (new, in progress, on hold) with their SLA clocks. */
  openIncidents: Incident[];
  /** The last 10 incidents, newest first. */
  recentIncidents: Incident[];
  /** Changes in implementation, or past their planned start and not yet over. */
  ongoingChanges: Change[];
  /** Active changes (new … scheduled) that start later, soonest first (at most 10). */
  nextChanges: Change[];
  /**
   * The 10 changes with the latest planned start, in any state: it may include changes that
   * are also in `ongoingChanges` / `nextChanges`.
   */
  recentChanges: Change[];
  openProblems: Problem[];
  kpis: KpiReport | null;
}

/** @public */
export interface DurationStats {
  count: number;
  meanMinutes: number | null;
  medianMinutes: number | null;
}

/** @public */
export interface KpiReport {
  from: string;
  to: string;
  incidents: {
    total: number;
    byPriority: Record<Priority, number>;
    byState: Record<IncidentState, number>;
  };
  mtta: DurationStats & { byPriority: Record<Priority, DurationStats> };
  mttr: DurationStats & { byPriority: Record<Priority, DurationStats> };
  slaFulfilment: {
    responsePercent: number | null;
    resolutionPercent: number | null;
    measured: number;
  };
  backlog: {
    open: number;
    oldestAgeMinutes: number | null;
    meanAgeMinutes: number | null;
  };
  recurring: Array<{
    problemId: string;
    problemNumber: string;
    title: string;
    incidents: number;
  }>;
  detection: {
    monitoring: number;
    people: number;
    monitoringPercent: number | null;
  };
  firstContactResolutionPercent: number | null;
  changes: {
    total: number;
    completed: number;
    successRatePercent: number | null;
    failureRatePercent: number | null;
  };
}

/** @public */
export interface AvailabilityReport {
  serviceId: string;
  month: string;
  scheduledMinutes: number;
  downtimeMinutes: number;
  /** Percent with full precision, e.g. 99.93. */
  availability: number;
  target: number;
  /** Exactly on target counts as met (see README: SLA engine). */
  met: boolean;
  errorBudget: {
    totalMinutes: number;
    usedMinutes: number;
    remainingMinutes: number;
    /** used share of the budget / elapsed share of the month; >1 means the budget runs out before month end. */
    burnRate: number | null;
  };
}
