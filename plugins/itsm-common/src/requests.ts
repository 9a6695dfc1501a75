import {
  ChangeOutcome,
  ChangeState,
  ChangeType,
  Criticality,
  Impact,
  IncidentSource,
  IncidentState,
  MaintenanceWindow,
  OnHoldReason,
  Priority,
  ProblemState,
  RiskAssessmentAnswers,
  ServiceCategory,
  ServiceLifecycle,
  SlaCalendar,
  SlaTargets,
  SupportLevel,
  Urgency,
} from './types';

/** Bodies of the write requests. Updates carry the `version` they were based on. */

/** @public */
export interface CreateServiceRequest {
  entityRef?: string;
  entityRefs?: string[];
  name: string;
  purpose?: string | null;
  ownerRef?: string;
  category?: ServiceCategory;
  criticality?: Criticality;
  lifecycle?: ServiceLifecycle;
  supportHours?: string | null;
  slaId?: string | null;
  contact?: string | null;
  escalationPath?: string[];
  maintenanceWindow?: MaintenanceWindow | null;
}

/** @public */
export type UpdateServiceRequest = Partial<
  Omit<CreateServiceRequest, 'entityRef'>
> & {
  version: number;
  entityRefs?: string[];
};

/** @public */
export interface CreateSlaRequest {
  name: string;
  description?: string | null;
  availabilityTarget: number;
  calendar: SlaCalendar;
  targets: SlaTargets;
}

/** @public */
export type UpdateSlaRequest = Partial<CreateSlaRequest> & { version: number };

/** @public */
export interface CreateIncidentRequest {
  title: string;
  description?: string | null;
  entityRef?: string;
  serviceId?: string | null;
  impact: Impact;
  urgency: Urgency;
  assigneeRef?: string | null;
  supportLevel?: SupportLevel;
  source?: IncidentSource;
  /** Only with `source: "import"`. */
  openedAt?: string;
  outage?: { start: string; end?: string | null } | null;
  workaround?: string | null;
  problemId?: string | null;
  causedByChangeId?: string | null;
}

/** @public */
export interface UpdateIncidentRequest {
  version: number;
  title?: string;
  description?: string | null;
  impact?: Impact;
  urgency?: Urgency;
  assigneeRef?: string | null;
  supportLevel?: SupportLevel;
  outage?: { start: string; end?: string | null } | null;
  resolutionNotes?: string | null;
  workaround?: string | null;
  problemId?: string | null;
  causedByChangeId?: string | null;
  /** Why (recorded in the history, e.g. for an escalation). */
  comment?: string;
}

/** @public */
export interface IncidentTransitionRequest {
  to: IncidentState;
  version?: number;
  reason?: OnHoldReason;
  comment?: string;
  resolutionNotes?: string;
  /** Only for incidents with `source: "import"`. */
  at?: string;
}

/** @public */
export interface CreateProblemRequest {
  title: string;
  description?: string | null;
  entityRefs?: string[];
  serviceId?: string | null;
  rootCause?: string | null;
  knownError?: {
    symptom?: string | null;
    workaround?: string | null;
    solution?: string | null;
  } | null;
  assigneeRef?: string | null;
  incidentIds?: string[];
  fixChangeId?: string | null;
}

/** @public */
export type UpdateProblemRequest = Partial<CreateProblemRequest> & {
  version: number;
};

/** @public */
export interface ProblemTransitionRequest {
  to: ProblemState;
  version?: number;
  comment?: string;
}

/** @public */
export interface CreateChangeRequest {
  title: string;
  description?: string | null;
  type: ChangeType;
  entityRefs: string[];
  impact?: Impact;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  plannedOutage?: boolean;
  implementationPlan?: string | null;
  rollbackPlan?: string | null;
  testPlan?: string | null;
  riskAssessment?: RiskAssessmentAnswers;
}

/** @public */
export type UpdateChangeRequest = Partial<Omit<CreateChangeRequest, 'type'>> & {
  version: number;
  outcome?: ChangeOutcome | null;
  reviewNotes?: string | null;
};

/** @public */
export interface ChangeTransitionRequest {
  to: ChangeState;
  version?: number;
  comment?: string;
  outcome?: ChangeOutcome;
  reviewNotes?: string;
}

/** @public */
export interface ChangeApprovalRequest {
  decision: 'approve' | 'reject';
  comment?: string;
}

/** Common list parameters. @public */
export interface ListParams {
  q?: string;
  entityRef?: string;
  owner?: string;
  from?: string;
  to?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** @public */
export interface ListIncidentsParams extends ListParams {
  state?: IncidentState | IncidentState[];
  priority?: Priority | Priority[];
  serviceId?: string;
  assigneeRef?: string;
  problemId?: string;
}

/** @public */
export interface ListChangesParams extends ListParams {
  state?: ChangeState | ChangeState[];
  type?: ChangeType | ChangeType[];
}

/** @public */
export interface ListProblemsParams extends ListParams {
  state?: ProblemState | ProblemState[];
}

/** @public */
export interface ListServicesParams extends ListParams {
  category?: ServiceCategory;
  lifecycle?: ServiceLifecycle;
  slaId?: string;
}
