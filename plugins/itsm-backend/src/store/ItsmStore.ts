import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  ChangeApproval,
  ChangeState,
  HistoryEntry,
  IncidentState,
  ItsmRecordType,
  Page,
  Priority,
  Problem,
  ProblemState,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { StoredChange, StoredIncident } from './rows';

/*
 * What the application layer may ask of the storage: the ItsmStore interface, the filters of
 * its queries and the query form of a permission condition. DatabaseItsmStore implements it
 * with knex; nothing outside store/ builds SQL.
 */

/** What the `itsm-record` permission rules look at: the record and the groups that own it. */
export interface ItsmRecordResource {
  id: string;
  recordType: FilteredRecordType;
  /** Owning group refs (lower case): see `isOwner`. */
  ownerRefs: string[];
}

/** The record types a read condition filters (SLA tiers are shared, not a team's records). */
export type FilteredRecordType = Extract<
  ItsmRecordType,
  'service' | 'incident' | 'problem' | 'change'
>;

/**
 * The query form of the rules, translated to SQL per record type by the store:
 * `owner` = owned by one of `claims`; `const` = a rule that does not depend on the record
 * (isCabMember), already evaluated; `recordType` = the record is one of `types`.
 */
export type ItsmRecordQuery =
  | { kind: 'owner'; claims: string[] }
  | { kind: 'const'; value: boolean }
  | { kind: 'recordType'; types: FilteredRecordType[] };

/** A conditional read decision in query form (the rules' `toQuery`, see permissions/permissionRules.ts). */
export type RecordCondition = PermissionCriteria<ItsmRecordQuery>;

/** The incident columns the scheduled SLA check marks (once each). */
export type IncidentSlaMark =
  | 'response_warned_at'
  | 'response_breached_at'
  | 'resolution_warned_at'
  | 'resolution_breached_at';

export type Actor = string;

export interface MetaInput {
  actor: Actor;
  at: string;
}

export interface ListCommon {
  q?: string;
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
  /** A conditional read decision in query form (translated to SQL in permissionFilters.ts); services, incidents, problems, changes. */
  condition?: RecordCondition;
}

export interface ServiceFilter extends ListCommon {
  entityRef?: string;
  owner?: string;
  category?: string;
  lifecycle?: string;
  slaId?: string;
  ids?: string[];
  sort?: 'name' | 'criticality' | 'createdAt' | 'updatedAt';
}

export interface IncidentFilter extends ListCommon {
  entityRef?: string;
  owner?: string;
  from?: string;
  to?: string;
  states?: IncidentState[];
  priorities?: Priority[];
  serviceId?: string;
  serviceIds?: string[];
  assigneeRef?: string;
  problemId?: string;
  causedByChangeId?: string;
  sort?: 'openedAt' | 'priority' | 'updatedAt' | 'number';
}

export interface ProblemFilter extends ListCommon {
  entityRef?: string;
  ids?: string[];
  owner?: string;
  from?: string;
  to?: string;
  states?: ProblemState[];
  sort?: 'createdAt' | 'updatedAt' | 'number';
}

export interface ChangeFilter extends ListCommon {
  entityRef?: string;
  ids?: string[];
  entityRefs?: string[];
  owner?: string;
  /** Changes created in [from, to). */
  from?: string;
  to?: string;
  /** Changes whose planned window overlaps [windowFrom, windowTo). */
  windowFrom?: string;
  windowTo?: string;
  states?: ChangeState[];
  types?: string[];
  sort?: 'plannedStart' | 'createdAt' | 'updatedAt' | 'number';
}

export interface TimelineEntry {
  incidentId: string;
  at: string;
  kind: 'state' | 'priority';
  from: string | null;
  to: string;
}

/** What the alert intake remembers per alert key (see AlertIntake). */
export interface AlertIntakeRow {
  alertKey: string;
  incidentId: string | null;
  incidentVersion: number | null;
  /** Answers given, by notification fingerprint. */
  answers: Record<string, unknown>;
}

/** Options of the reads that can lock the row they read. */
export interface ReadOptions {
  /**
   * Lock the row until the transaction ends (SELECT … FOR UPDATE on PostgreSQL and MySQL).
   * SQLite has no row locks; it runs one write transaction at a time, which serializes as well.
   * Only meaningful inside `transaction()`.
   */
  lock?: boolean;
}

export interface NewHistoryEntry {
  recordType: ItsmRecordType;
  recordId: string;
  at: string;
  actor: string;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  comment?: string | null;
}

/**
 * The ITSM records as the application layer reads and writes them. Every method works inside
 * or outside a transaction; `transaction()` hands out a store bound to one (nested calls join
 * it). Updates are versioned: a stale `expectedVersion` is a ConflictError.
 */
export interface ItsmStore {
  transaction<T>(fn: (tx: ItsmStore) => Promise<T>): Promise<T>;
  /** Next human readable number (INC-1001 …); safe under concurrent writers. */
  nextSeq(name: 'incident' | 'problem' | 'change'): Promise<number>;

  appendHistory(entries: NewHistoryEntry[]): Promise<void>;
  getHistory(
    recordType: ItsmRecordType,
    recordId: string,
  ): Promise<HistoryEntry[]>;

  insertSla(sla: Sla): Promise<void>;
  updateSla(
    id: string,
    expectedVersion: number,
    patch: Partial<Sla>,
    meta: MetaInput,
  ): Promise<void>;
  getSla(id: string): Promise<Sla | undefined>;
  getSlas(ids: string[]): Promise<Sla[]>;
  findSlaByName(name: string): Promise<Sla | undefined>;
  listSlas(filter: ListCommon): Promise<Page<Sla>>;

  insertService(service: Service): Promise<void>;
  updateService(
    id: string,
    expectedVersion: number,
    patch: Partial<Service>,
    meta: MetaInput,
  ): Promise<void>;
  getService(id: string): Promise<Service | undefined>;
  getServices(ids: string[]): Promise<Service[]>;
  getServicesByEntity(entityRef: string): Promise<Service[]>;
  getServicesByEntities(entityRefs: string[]): Promise<Service[]>;
  listServices(filter: ServiceFilter): Promise<Page<Service>>;

  insertIncident(incident: StoredIncident, seq: number): Promise<void>;
  updateIncident(
    id: string,
    expectedVersion: number,
    patch: Partial<StoredIncident>,
    meta: MetaInput,
  ): Promise<void>;
  /** Sets the mark unless it is set; true when this call set it (one replica wins). */
  markIncidentSla(
    id: string,
    column: IncidentSlaMark,
    at: string,
  ): Promise<boolean>;
  getIncident(
    id: string,
    options?: ReadOptions,
  ): Promise<StoredIncident | undefined>;
  getIncidentByExternalKey(
    key: string,
    options?: ReadOptions,
  ): Promise<StoredIncident | undefined>;
  getIncidents(ids: string[]): Promise<StoredIncident[]>;
  listIncidents(filter: IncidentFilter): Promise<Page<StoredIncident>>;
  /** Unpaginated, for KPIs and checks over a bounded window. */
  findIncidents(filter: IncidentFilter): Promise<StoredIncident[]>;
  /** The ids of the incidents (open or not) caused by each change. */
  incidentIdsByCause(changeIds: string[]): Promise<Map<string, string[]>>;
  appendTimeline(entries: TimelineEntry[]): Promise<void>;
  getTimelines(incidentIds: string[]): Promise<Map<string, TimelineEntry[]>>;

  insertProblem(problem: Problem, seq: number): Promise<void>;
  updateProblem(
    id: string,
    expectedVersion: number,
    patch: Partial<Problem>,
    meta: MetaInput,
  ): Promise<void>;
  /** Points the given incidents at the problem and unlinks the ones no longer listed. */
  setProblemIncidents(
    problemId: string,
    incidentIds: string[],
    meta: MetaInput,
  ): Promise<void>;
  getProblem(id: string): Promise<Problem | undefined>;
  getProblems(ids: string[]): Promise<Problem[]>;
  listProblems(filter: ProblemFilter): Promise<Page<Problem>>;

  insertChange(change: StoredChange, seq: number): Promise<void>;
  updateChange(
    id: string,
    expectedVersion: number,
    patch: Partial<StoredChange>,
    meta: MetaInput,
  ): Promise<void>;
  getChange(
    id: string,
    options?: ReadOptions,
  ): Promise<StoredChange | undefined>;
  getChanges(ids: string[]): Promise<StoredChange[]>;
  getChangeByDeploymentId(
    deploymentId: string,
    options?: ReadOptions,
  ): Promise<StoredChange | undefined>;
  listChanges(filter: ChangeFilter): Promise<Page<StoredChange>>;
  findChanges(filter: ChangeFilter): Promise<StoredChange[]>;

  /** A ConflictError when the voter has voted in this round already. */
  insertApproval(
    changeId: string,
    round: number,
    vote: ChangeApproval,
  ): Promise<void>;
  /** The votes of one round of a change, oldest first. */
  listRoundApprovals(
    changeId: string,
    round: number,
  ): Promise<ChangeApproval[]>;
  listApprovals(
    changeIds: string[],
  ): Promise<Map<string, Array<ChangeApproval & { round: number }>>>;

  /** Creates the intake row of an alert key unless it exists (outside any transaction). */
  ensureAlertIntake(alertKey: string, at: string): Promise<void>;
  /** Reads and locks the intake row of an alert key (ensureAlertIntake first; in a transaction). */
  lockAlertIntake(alertKey: string): Promise<AlertIntakeRow>;
  saveAlertIntake(intake: AlertIntakeRow, at: string): Promise<void>;
}
