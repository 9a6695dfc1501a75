import { ApiRouter, Response } from '@backstage/backend-openapi-utils';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { ActionContext } from '../app/context';
import { ItsmApplication } from '../app/ItsmApplication';
import { spec } from '../schema/openapi.generated';

/** The router typed by src/schema/openapi.yaml: paths, params, query, bodies and answers. */
export type ItsmApiRouter = ApiRouter<typeof spec>;

/** The configured change risk model, as GET /changes/risk-model answers it (domain/changes/risk.ts: RiskConfig). */
export type RiskModel = Response<typeof spec, '/changes/risk-model', 'get'>;

/** Any route's request, whatever its typed params, body and query (as the auth service takes it). */
export type AnyRouteRequest = Parameters<HttpAuthService['credentials']>[0];

/** The answers of the audited writes: a record, `{ change, created }` or `{ results }` of alerts. */
export type AuditedResult =
  | WrittenRecord
  | { change: WrittenRecord; created: boolean }
  | {
      results: Array<{
        key: string;
        action: string;
        incidentId: string | null;
        number: string | null;
      }>;
    };

/** What an audit event names of a written record. */
export interface WrittenRecord {
  id: string;
  version: number;
  number?: string;
  state?: string;
  priority?: string;
}

/** Runs a write inside an audit event (see audit.ts). */
export type Audit = <T extends AuditedResult>(
  req: AnyRouteRequest,
  eventId: string,
  meta: JsonObject,
  write: () => Promise<T>,
) => Promise<T>;

/** Who may call a route: people, service principals (the default is both). */
export type Callers = Array<'user' | 'service'>;

/** What every file of routes gets: the application, the caller's context and the audit. */
export interface RouteContext {
  app: ItsmApplication;
  /** The caller and the request time; 401/403 when the caller is not one of `allow`. */
  actionContext(req: AnyRouteRequest, allow?: Callers): Promise<ActionContext>;
  /**
   * A write as the caller inside an audit event: the caller's context (401/403 first), then
   * `call` audited as `eventId` with `meta`.
   */
  write<T extends AuditedResult>(
    req: AnyRouteRequest,
    eventId: string,
    meta: JsonObject,
    call: (ctx: ActionContext) => Promise<T>,
    allow?: Callers,
  ): Promise<T>;
}
