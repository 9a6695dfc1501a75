import {
  Change,
  ChangeApproval,
  HistoryEntry,
  Incident,
  Problem,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';

/*
 * Mapping between API records (camelCase, nested) and table rows (snake_case, JSON text).
 * Kept apart from the store so both directions sit side by side.
 */

function json<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value) as T;
}

function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A row to insert or update: column → value. */
export type WriteRow = Record<string, unknown>;

/*
 * The rows as the databases return them. Integers may come back as strings (PostgreSQL
 * bigint, MySQL decimals), booleans as 0/1, JSON columns as text or parsed: such columns are
 * `unknown` here and converted by num/bool/json.
 */

/** The columns every record table has. */
export interface MetaRow {
  id: string;
  version: unknown;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface SlaRow extends MetaRow {
  name: string;
  description: string | null;
  availability_target: unknown;
  calendar: unknown;
  targets: unknown;
}

export interface ServiceRow extends MetaRow {
  name: string;
  purpose: string | null;
  owner_ref: string;
  category: Service['category'];
  criticality: unknown;
  lifecycle: Service['lifecycle'];
  support_hours: Service['supportHours'];
  sla_id: string | null;
  contact: string | null;
  escalation_path: unknown;
  maintenance_window: unknown;
  managed_by: Service['managedBy'] | null;
}

export interface IncidentRow extends MetaRow {
  seq: unknown;
  title: string;
  description: string | null;
  entity_ref: string;
  service_id: string | null;
  impact: unknown;
  urgency: unknown;
  priority: Incident['priority'];
  state: Incident['state'];
  on_hold_reason: Incident['onHoldReason'];
  assignee_ref: string | null;
  support_level: Incident['supportLevel'];
  source: Incident['source'];
  opened_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  outage_start: string | null;
  outage_end: string | null;
  resolution_notes: string | null;
  workaround: string | null;
  problem_id: string | null;
  caused_by_change_id: string | null;
  external_key: string | null;
  escalated: unknown;
  response_warned_at: string | null;
  response_breached_at: string | null;
  resolution_warned_at: string | null;
  resolution_breached_at: string | null;
}

export interface ProblemRow extends MetaRow {
  seq: unknown;
  title: string;
  description: string | null;
  entity_refs: unknown;
  service_id: string | null;
  state: Problem['state'];
  root_cause: string | null;
  known_error: unknown;
  assignee_ref: string | null;
  fix_change_id: string | null;
}

export interface ChangeRow extends MetaRow {
  seq: unknown;
  title: string;
  description: string | null;
  type: Change['type'];
  risk: Change['risk'];
  risk_assessment: unknown;
  impact: unknown;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  planned_outage: unknown;
  implementation_plan: string | null;
  rollback_plan: string | null;
  test_plan: string | null;
  state: Change['state'];
  outcome: Change['outcome'];
  review_notes: string | null;
  rejection_reason: string | null;
  requested_by: string;
  deployment: unknown;
  conflicts: unknown;
  approval_round: unknown;
  closed_at: string | null;
}

export interface ApprovalRow {
  voter_ref: string;
  decision: ChangeApproval['decision'];
  comment: string | null;
  at: string;
  roles: unknown;
  round: unknown;
}

export interface HistoryRow {
  id: string;
  record_type: HistoryEntry['recordType'];
  record_id: string;
  at: string;
  actor: string;
  action: string;
  changes: unknown;
  comment: string | null;
}

export function metaFromRow(row: MetaRow) {
  return {
    id: row.id,
    version: num(row.version),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function slaFromRow(row: SlaRow): Sla {
  return {
    ...metaFromRow(row),
    name: row.name,
    description: row.description ?? null,
    availabilityTarget: num(row.availability_target),
    calendar: json(row.calendar, '24x7'),
    targets: json(row.targets, {} as Sla['targets']),
  };
}

export function slaToRow(sla: Partial<Sla>): WriteRow {
  const row: WriteRow = {};
  if (sla.name !== undefined) row.name = sla.name;
  if (sla.description !== undefined) row.description = sla.description;
  if (sla.availabilityTarget !== undefined)
    row.availability_target = sla.availabilityTarget;
  if (sla.calendar !== undefined) row.calendar = JSON.stringify(sla.calendar);
  if (sla.targets !== undefined) row.targets = JSON.stringify(sla.targets);
  return row;
}

export function serviceFromRow(row: ServiceRow, entityRefs: string[]): Service {
  return {
    ...metaFromRow(row),
    entityRef: entityRefs[0] ?? '',
    entityRefs,
    name: row.name,
    purpose: row.purpose ?? null,
    ownerRef: row.owner_ref,
    category: row.category,
    criticality: num(row.criticality) as Service['criticality'],
    lifecycle: row.lifecycle,
    supportHours: row.support_hours ?? null,
    slaId: row.sla_id ?? null,
    contact: row.contact ?? null,
    escalationPath: json(row.escalation_path, [] as string[]),
    maintenanceWindow: json(row.maintenance_window, null),
    managedBy: row.managed_by ?? 'manual',
  };
}

export function serviceToRow(s: Partial<Service>): WriteRow {
  const row: WriteRow = {};
  if (s.name !== undefined) row.name = s.name;
  if (s.purpose !== undefined) row.purpose = s.purpose;
  if (s.ownerRef !== undefined) row.owner_ref = s.ownerRef;
  if (s.category !== undefined) row.category = s.category;
  if (s.criticality !== undefined) row.criticality = s.criticality;
  if (s.lifecycle !== undefined) row.lifecycle = s.lifecycle;
  if (s.supportHours !== undefined) row.support_hours = s.supportHours;
  if (s.slaId !== undefined) row.sla_id = s.slaId;
  if (s.contact !== undefined) row.contact = s.contact;
  if (s.escalationPath !== undefined)
    row.escalation_path = JSON.stringify(s.escalationPath);
  if (s.maintenanceWindow !== undefined)
    row.maintenance_window = s.maintenanceWindow
      ? JSON.stringify(s.maintenanceWindow)
      : null;
  if (s.managedBy !== undefined) row.managed_by = s.managedBy;
  return row;
}

export function incidentNumber(seq: number) {
  return `INC-${seq}`;
}
export function problemNumber(seq: number) {
  return `PRB-${seq}`;
}
export function changeNumber(seq: number) {
  return `CHG-${seq}`;
}

/** Breach and warning marks of the scheduled SLA check (not part of the public record). */
export interface IncidentSlaMarks {
  responseWarnedAt: string | null;
  responseBreachedAt: string | null;
  resolutionWarnedAt: string | null;
  resolutionBreachedAt: string | null;
}

export type StoredIncident = Incident & {
  escalated: boolean;
  slaMarks: IncidentSlaMarks;
};

/** The marks of an incident the SLA check has neither warned nor breached yet. */
export function noSlaMarks(): IncidentSlaMarks {
  return {
    responseWarnedAt: null,
    responseBreachedAt: null,
    resolutionWarnedAt: null,
    resolutionBreachedAt: null,
  };
}

export function incidentFromRow(row: IncidentRow): StoredIncident {
  return {
    ...metaFromRow(row),
    number: incidentNumber(num(row.seq)),
    title: row.title,
    description: row.description ?? null,
    entityRef: row.entity_ref,
    serviceId: row.service_id ?? null,
    impact: num(row.impact) as Incident['impact'],
    urgency: num(row.urgency) as Incident['urgency'],
    priority: row.priority,
    state: row.state,
    onHoldReason: row.on_hold_reason ?? null,
    assigneeRef: row.assignee_ref ?? null,
    supportLevel: row.support_level,
    source: row.source,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at ?? null,
    resolvedAt: row.resolved_at ?? null,
    closedAt: row.closed_at ?? null,
    outage: row.outage_start
      ? { start: row.outage_start, end: row.outage_end ?? null }
      : null,
    resolutionNotes: row.resolution_notes ?? null,
    workaround: row.workaround ?? null,
    problemId: row.problem_id ?? null,
    causedByChangeId: row.caused_by_change_id ?? null,
    externalKey: row.external_key ?? null,
    escalated: bool(row.escalated),
    slaMarks: {
      responseWarnedAt: row.response_warned_at ?? null,
      responseBreachedAt: row.response_breached_at ?? null,
      resolutionWarnedAt: row.resolution_warned_at ?? null,
      resolutionBreachedAt: row.resolution_breached_at ?? null,
    },
  };
}

/** The public shape: drops the store-only fields. */
export function publicIncident(incident: StoredIncident): Incident {
  const { escalated: _e, slaMarks: _m, ...rest } = incident;
  return rest;
}

export function incidentToRow(i: Partial<StoredIncident>): WriteRow {
  const row: WriteRow = {};
  const map: Array<[keyof StoredIncident, string]> = [
    ['title', 'title'],
    ['description', 'description'],
    ['entityRef', 'entity_ref'],
    ['serviceId', 'service_id'],
    ['impact', 'impact'],
    ['urgency', 'urgency'],
    ['priority', 'priority'],
    ['state', 'state'],
    ['onHoldReason', 'on_hold_reason'],
    ['assigneeRef', 'assignee_ref'],
    ['supportLevel', 'support_level'],
    ['source', 'source'],
    ['openedAt', 'opened_at'],
    ['acknowledgedAt', 'acknowledged_at'],
    ['resolvedAt', 'resolved_at'],
    ['closedAt', 'closed_at'],
    ['resolutionNotes', 'resolution_notes'],
    ['workaround', 'workaround'],
    ['problemId', 'problem_id'],
    ['causedByChangeId', 'caused_by_change_id'],
    ['externalKey', 'external_key'],
    ['escalated', 'escalated'],
  ];
  for (const [key, column] of map) {
    if (i[key] !== undefined) row[column] = i[key];
  }
  if (i.outage !== undefined) {
    row.outage_start = i.outage?.start ?? null;
    row.outage_end = i.outage?.end ?? null;
  }
  return row;
}

export function problemFromRow(
  row: ProblemRow,
  incidentIds: string[],
): Problem {
  return {
    ...metaFromRow(row),
    number: problemNumber(num(row.seq)),
    title: row.title,
    description: row.description ?? null,
    entityRefs: json(row.entity_refs, [] as string[]),
    serviceId: row.service_id ?? null,
    state: row.state,
    rootCause: row.root_cause ?? null,
    knownError: json(row.known_error, null),
    assigneeRef: row.assignee_ref ?? null,
    incidentIds,
    fixChangeId: row.fix_change_id ?? null,
  };
}

export function problemToRow(p: Partial<Problem>): WriteRow {
  const row: WriteRow = {};
  if (p.title !== undefined) row.title = p.title;
  if (p.description !== undefined) row.description = p.description;
  if (p.entityRefs !== undefined)
    row.entity_refs = JSON.stringify(p.entityRefs);
  if (p.serviceId !== undefined) row.service_id = p.serviceId;
  if (p.state !== undefined) row.state = p.state;
  if (p.rootCause !== undefined) row.root_cause = p.rootCause;
  if (p.knownError !== undefined)
    row.known_error = p.knownError ? JSON.stringify(p.knownError) : null;
  if (p.assigneeRef !== undefined) row.assignee_ref = p.assigneeRef;
  if (p.fixChangeId !== undefined) row.fix_change_id = p.fixChangeId;
  return row;
}

export type StoredChange = Change & {
  approvalRound: number;
  closedAt: string | null;
};

export function changeFromRow(
  row: ChangeRow,
  entityRefs: string[],
): StoredChange {
  return {
    ...metaFromRow(row),
    number: changeNumber(num(row.seq)),
    title: row.title,
    description: row.description ?? null,
    type: row.type,
    entityRefs,
    risk: row.risk ?? null,
    riskAssessment: json(row.risk_assessment, null),
    impact: num(row.impact) as Change['impact'],
    plannedStart: row.planned_start ?? null,
    plannedEnd: row.planned_end ?? null,
    actualStart: row.actual_start ?? null,
    actualEnd: row.actual_end ?? null,
    plannedOutage: bool(row.planned_outage),
    implementationPlan: row.implementation_plan ?? null,
    rollbackPlan: row.rollback_plan ?? null,
    testPlan: row.test_plan ?? null,
    state: row.state,
    outcome: row.outcome ?? null,
    reviewNotes: row.review_notes ?? null,
    rejectionReason: row.rejection_reason ?? null,
    requestedBy: row.requested_by,
    deployment: json(row.deployment, null),
    conflicts: json(row.conflicts, []),
    approvalRound: num(row.approval_round),
    closedAt: row.closed_at ?? null,
  };
}

export function publicChange(change: StoredChange): Change {
  const { approvalRound: _r, closedAt: _c, ...rest } = change;
  return rest;
}

export function changeToRow(c: Partial<StoredChange>): WriteRow {
  const row: WriteRow = {};
  const map: Array<[keyof StoredChange, string]> = [
    ['title', 'title'],
    ['description', 'description'],
    ['type', 'type'],
    ['risk', 'risk'],
    ['impact', 'impact'],
    ['plannedStart', 'planned_start'],
    ['plannedEnd', 'planned_end'],
    ['actualStart', 'actual_start'],
    ['actualEnd', 'actual_end'],
    ['plannedOutage', 'planned_outage'],
    ['implementationPlan', 'implementation_plan'],
    ['rollbackPlan', 'rollback_plan'],
    ['testPlan', 'test_plan'],
    ['state', 'state'],
    ['outcome', 'outcome'],
    ['reviewNotes', 'review_notes'],
    ['rejectionReason', 'rejection_reason'],
    ['requestedBy', 'requested_by'],
    ['approvalRound', 'approval_round'],
    ['closedAt', 'closed_at'],
  ];
  for (const [key, column] of map) {
    if (c[key] !== undefined) row[column] = c[key];
  }
  if (c.riskAssessment !== undefined)
    row.risk_assessment = c.riskAssessment
      ? JSON.stringify(c.riskAssessment)
      : null;
  if (c.deployment !== undefined) {
    row.deployment = c.deployment ? JSON.stringify(c.deployment) : null;
    row.deployment_id = c.deployment?.deploymentId ?? null;
  }
  if (c.conflicts !== undefined) row.conflicts = JSON.stringify(c.conflicts);
  return row;
}

export function approvalFromRow(
  row: ApprovalRow,
): ChangeApproval & { round: number } {
  return {
    voterRef: row.voter_ref,
    decision: row.decision,
    comment: row.comment ?? null,
    at: row.at,
    roles: json(row.roles, []),
    round: num(row.round),
  };
}

export function historyFromRow(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    recordType: row.record_type,
    recordId: row.record_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    changes: json(row.changes, {}),
    comment: row.comment ?? null,
  };
}
