import { ResponseError } from '@backstage/errors';
import {
  ChangeApprovalRequest,
  ChangeTransitionRequest,
  CreateChangeRequest,
  CreateIncidentRequest,
  CreateProblemRequest,
  CreateServiceRequest,
  CreateSlaRequest,
  IncidentTransitionRequest,
  ListChangesParams,
  ListIncidentsParams,
  ListParams,
  ListProblemsParams,
  ListServicesParams,
  ProblemTransitionRequest,
  UpdateChangeRequest,
  UpdateIncidentRequest,
  UpdateProblemRequest,
  UpdateServiceRequest,
  UpdateSlaRequest,
} from './requests';
import {
  AvailabilityReport,
  Change,
  EntitySummary,
  HistoryEntry,
  Incident,
  ItsmRecordType,
  KpiReport,
  Page,
  Problem,
  Service,
  Sla,
} from './types';
import type { RiskConfig } from './risk';

/** The subset of Backstage's DiscoveryApi / DiscoveryService the client needs. @public */
export interface ItsmDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** The subset of Backstage's FetchApi the client needs (adds auth in the frontend). @public */
export interface ItsmFetch {
  fetch: typeof fetch;
}

/** Per-call options, e.g. a token when called from a backend. @public */
export interface ItsmRequestOptions {
  token?: string;
}

/** @public */
export interface KpiParams {
  entityRef?: string;
  owner?: string;
  serviceId?: string;
  from?: string;
  to?: string;
}

/** Typed client of the ITSM REST API (`/api/itsm`). @public */
export interface ItsmApi {
  health(): Promise<{ status: string }>;
  listServices(
    params?: ListServicesParams,
    o?: ItsmRequestOptions,
  ): Promise<Page<Service>>;
  getService(id: string, o?: ItsmRequestOptions): Promise<Service>;
  createService(
    body: CreateServiceRequest,
    o?: ItsmRequestOptions,
  ): Promise<Service>;
  updateService(
    id: string,
    body: UpdateServiceRequest,
    o?: ItsmRequestOptions,
  ): Promise<Service>;
  getAvailability(
    id: string,
    month?: string,
    o?: ItsmRequestOptions,
  ): Promise<AvailabilityReport>;
  listSlas(params?: ListParams, o?: ItsmRequestOptions): Promise<Page<Sla>>;
  getSla(id: string, o?: ItsmRequestOptions): Promise<Sla>;
  createSla(body: CreateSlaRequest, o?: ItsmRequestOptions): Promise<Sla>;
  updateSla(
    id: string,
    body: UpdateSlaRequest,
    o?: ItsmRequestOptions,
  ): Promise<Sla>;
  listIncidents(
    params?: ListIncidentsParams,
    o?: ItsmRequestOptions,
  ): Promise<Page<Incident>>;
  getIncident(id: string, o?: ItsmRequestOptions): Promise<Incident>;
  createIncident(
    body: CreateIncidentRequest,
    o?: ItsmRequestOptions,
  ): Promise<Incident>;
  updateIncident(
    id: string,
    body: UpdateIncidentRequest,
    o?: ItsmRequestOptions,
  ): Promise<Incident>;
  transitionIncident(
    id: string,
    body: IncidentTransitionRequest,
    o?: ItsmRequestOptions,
  ): Promise<Incident>;
  listProblems(
    params?: ListProblemsParams,
    o?: ItsmRequestOptions,
  ): Promise<Page<Problem>>;
  getProblem(id: string, o?: ItsmRequestOptions): Promise<Problem>;
  createProblem(
    body: CreateProblemRequest,
    o?: ItsmRequestOptions,
  ): Promise<Problem>;
  updateProblem(
    id: string,
    body: UpdateProblemRequest,
    o?: ItsmRequestOptions,
  ): Promise<Problem>;
  transitionProblem(
    id: string,
    body: ProblemTransitionRequest,
    o?: ItsmRequestOptions,
  ): Promise<Problem>;
  listChanges(
    params?: ListChangesParams,
    o?: ItsmRequestOptions,
  ): Promise<Page<Change>>;
  getChange(id: string, o?: ItsmRequestOptions): Promise<Change>;
  createChange(
    body: CreateChangeRequest,
    o?: ItsmRequestOptions,
  ): Promise<Change>;
  updateChange(
    id: string,
    body: UpdateChangeRequest,
    o?: ItsmRequestOptions,
  ): Promise<Change>;
  transitionChange(
    id: string,
    body: ChangeTransitionRequest,
    o?: ItsmRequestOptions,
  ): Promise<Change>;
  approveChange(
    id: string,
    body: ChangeApprovalRequest,
    o?: ItsmRequestOptions,
  ): Promise<Change>;
  /** The risk weights and thresholds the backend is configured with (for the form's preview). */
  getRiskModel(o?: ItsmRequestOptions): Promise<RiskConfig>;
  getChangeCalendar(
    params: { from: string; to: string; entityRef?: string },
    o?: ItsmRequestOptions,
  ): Promise<{
    items: Change[];
    freezeWindows: Array<{ name: string; start: string; end: string }>;
  }>;
  getHistory(
    type: Exclude<ItsmRecordType, 'sla'>,
    id: string,
    o?: ItsmRequestOptions,
  ): Promise<{ items: HistoryEntry[] }>;
  getEntitySummary(
    entityRef: string,
    o?: ItsmRequestOptions,
  ): Promise<EntitySummary>;
  getKpis(params?: KpiParams, o?: ItsmRequestOptions): Promise<KpiReport>;
}

const HISTORY_PATHS: Record<Exclude<ItsmRecordType, 'sla'>, string> = {
  service: 'services',
  incident: 'incidents',
  problem: 'problems',
  change: 'changes',
};

function toQuery(params?: object): string {
  if (!params) return '';
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach(v => qs.append(key, String(v)));
    else qs.append(key, String(value));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** Splits `kind:namespace/name` (kind and namespace default to component/default). */
function entityPath(entityRef: string): string {
  const match = /^(?:([^:]+):)?(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  const kind = match?.[1] ?? 'component';
  const namespace = match?.[2] ?? 'default';
  const name = match?.[3] ?? entityRef;
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/**
 * Client of the ITSM backend. Works in the frontend (with discoveryApi and fetchApi) and in
 * other backends (with the discovery service and `{ token }` per call).
 * @public
 */
export class ItsmClient implements ItsmApi {
  private readonly discoveryApi: ItsmDiscovery;
  private readonly fetchApi: ItsmFetch;

  constructor(options: { discoveryApi: ItsmDiscovery; fetchApi?: ItsmFetch }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options?: ItsmRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('itsm');
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  health() {
    return this.request<{ status: string }>('GET', '/health');
  }
  listServices(params?: ListServicesParams, o?: ItsmRequestOptions) {
    return this.request<Page<Service>>(
      'GET',
      `/services${toQuery(params)}`,
      undefined,
      o,
    );
  }
  getService(id: string, o?: ItsmRequestOptions) {
    return this.request<Service>(
      'GET',
      `/services/${encodeURIComponent(id)}`,
      undefined,
      o,
    );
  }
  createService(body: CreateServiceRequest, o?: ItsmRequestOptions) {
    return this.request<Service>('POST', '/services', body, o);
  }
  updateService(
    id: string,
    body: UpdateServiceRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Service>(
      'PATCH',
      `/services/${encodeURIComponent(id)}`,
      body,
      o,
    );
  }
  getAvailability(id: string, month?: string, o?: ItsmRequestOptions) {
    return this.request<AvailabilityReport>(
      'GET',
      `/services/${encodeURIComponent(id)}/availability${toQuery({ month })}`,
      undefined,
      o,
    );
  }
  listSlas(params?: ListParams, o?: ItsmRequestOptions) {
    return this.request<Page<Sla>>(
      'GET',
      `/slas${toQuery(params)}`,
      undefined,
      o,
    );
  }
  getSla(id: string, o?: ItsmRequestOptions) {
    return this.request<Sla>(
      'GET',
      `/slas/${encodeURIComponent(id)}`,
      undefined,
      o,
    );
  }
  createSla(body: CreateSlaRequest, o?: ItsmRequestOptions) {
    return this.request<Sla>('POST', '/slas', body, o);
  }
  updateSla(id: string, body: UpdateSlaRequest, o?: ItsmRequestOptions) {
    return this.request<Sla>(
      'PATCH',
      `/slas/${encodeURIComponent(id)}`,
      body,
      o,
    );
  }
  listIncidents(params?: ListIncidentsParams, o?: ItsmRequestOptions) {
    return this.request<Page<Incident>>(
      'GET',
      `/incidents${toQuery(params)}`,
      undefined,
      o,
    );
  }
  getIncident(id: string, o?: ItsmRequestOptions) {
    return this.request<Incident>(
      'GET',
      `/incidents/${encodeURIComponent(id)}`,
      undefined,
      o,
    );
  }
  createIncident(body: CreateIncidentRequest, o?: ItsmRequestOptions) {
    return this.request<Incident>('POST', '/incidents', body, o);
  }
  updateIncident(
    id: string,
    body: UpdateIncidentRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Incident>(
      'PATCH',
      `/incidents/${encodeURIComponent(id)}`,
      body,
      o,
    );
  }
  transitionIncident(
    id: string,
    body: IncidentTransitionRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Incident>(
      'POST',
      `/incidents/${encodeURIComponent(id)}/transitions`,
      body,
      o,
    );
  }
  listProblems(params?: ListProblemsParams, o?: ItsmRequestOptions) {
    return this.request<Page<Problem>>(
      'GET',
      `/problems${toQuery(params)}`,
      undefined,
      o,
    );
  }
  getProblem(id: string, o?: ItsmRequestOptions) {
    return this.request<Problem>(
      'GET',
      `/problems/${encodeURIComponent(id)}`,
      undefined,
      o,
    );
  }
  createProblem(body: CreateProblemRequest, o?: ItsmRequestOptions) {
    return this.request<Problem>('POST', '/problems', body, o);
  }
  updateProblem(
    id: string,
    body: UpdateProblemRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Problem>(
      'PATCH',
      `/problems/${encodeURIComponent(id)}`,
      body,
      o,
    );
  }
  transitionProblem(
    id: string,
    body: ProblemTransitionRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Problem>(
      'POST',
      `/problems/${encodeURIComponent(id)}/transitions`,
      body,
      o,
    );
  }
  listChanges(params?: ListChangesParams, o?: ItsmRequestOptions) {
    return this.request<Page<Change>>(
      'GET',
      `/changes${toQuery(params)}`,
      undefined,
      o,
    );
  }
  getChange(id: string, o?: ItsmRequestOptions) {
    return this.request<Change>(
      'GET',
      `/changes/${encodeURIComponent(id)}`,
      undefined,
      o,
    );
  }
  createChange(body: CreateChangeRequest, o?: ItsmRequestOptions) {
    return this.request<Change>('POST', '/changes', body, o);
  }
  updateChange(id: string, body: UpdateChangeRequest, o?: ItsmRequestOptions) {
    return this.request<Change>(
      'PATCH',
      `/changes/${encodeURIComponent(id)}`,
      body,
      o,
    );
  }
  transitionChange(
    id: string,
    body: ChangeTransitionRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Change>(
      'POST',
      `/changes/${encodeURIComponent(id)}/transitions`,
      body,
      o,
    );
  }
  approveChange(
    id: string,
    body: ChangeApprovalRequest,
    o?: ItsmRequestOptions,
  ) {
    return this.request<Change>(
      'POST',
      `/changes/${encodeURIComponent(id)}/approvals`,
      body,
      o,
    );
  }
  getRiskModel(o?: ItsmRequestOptions) {
    return this.request<RiskConfig>('GET', '/changes/risk-model', undefined, o);
  }
  getChangeCalendar(
    params: { from: string; to: string; entityRef?: string },
    o?: ItsmRequestOptions,
  ) {
    return this.request<{
      items: Change[];
      freezeWindows: Array<{ name: string; start: string; end: string }>;
    }>('GET', `/changes/calendar${toQuery(params)}`, undefined, o);
  }
  getHistory(
    type: Exclude<ItsmRecordType, 'sla'>,
    id: string,
    o?: ItsmRequestOptions,
  ) {
    return this.request<{ items: HistoryEntry[] }>(
      'GET',
      `/${HISTORY_PATHS[type]}/${encodeURIComponent(id)}/history`,
      undefined,
      o,
    );
  }
  getEntitySummary(entityRef: string, o?: ItsmRequestOptions) {
    return this.request<EntitySummary>(
      'GET',
      `/entities/${entityPath(entityRef)}/summary`,
      undefined,
      o,
    );
  }
  getKpis(params?: KpiParams, o?: ItsmRequestOptions) {
    return this.request<KpiReport>(
      'GET',
      `/kpis${toQuery(params)}`,
      undefined,
      o,
    );
  }
}
