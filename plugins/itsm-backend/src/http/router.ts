import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { actorOf } from '../app/context';
import { AlertIntake } from '../app/AlertIntake';
import { ItsmApplication } from '../app/ItsmApplication';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { createAudit } from './audit';
import { registerChangeRoutes } from './changes';
import { registerEntityRoutes } from './entities';
import { registerEventRoutes } from './events';
import { registerIncidentRoutes } from './incidents';
import { registerProblemRoutes } from './problems';
import { jsonBodyParser } from './request/parseJsonBody';
import { rejectControlCharacters, requireRecordIdParam } from './requestChecks';
import { RiskModel, RouteContext } from './routeContext';
import { registerServiceRoutes } from './services';
import { registerSlaRoutes } from './slas';

export interface RouterOptions {
  app: ItsmApplication;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** The configured change risk model (`itsm.changes.risk`), answered by GET /changes/risk-model. */
  riskModel: RiskModel;
  /** Every mutation is recorded as an audit event (initiated, then succeeded or failed). */
  auditor?: AuditorService;
  /** Injected clock for tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Alerts in (POST /events/alerts); defaults to the default label names. */
  alerts?: AlertIntake;
}

/**
 * Translates HTTP to calls of the application layer and back. The OpenAPI router validates
 * every request against src/schema/openapi.yaml (400 naming the field) and types each handler's
 * params, query, body and answer from it; everything else lives in the application layer. One
 * file of routes per record type composes the API.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { app, httpAuth } = options;
  const clock = options.clock ?? (() => new Date());
  const audit = createAudit(options.auditor);

  const router = await createOpenApiRouter({ middleware: jsonBodyParser() });
  router.use(rejectControlCharacters);
  router.param('id', requireRecordIdParam);

  // Every read authorizes in the application layer (ItsmApplication): lists and aggregates are
  // filtered by the read decision (DENY = an empty page), reads by id answer 404 when denied.
  const actionContext: RouteContext['actionContext'] = async (
    req,
    allow = ['user', 'service'],
  ) => {
    const credentials = await httpAuth.credentials(req, { allow });
    return {
      actor: actorOf(credentials),
      credentials,
      now: clock().toISOString(),
    };
  };
  const routes: RouteContext = {
    app,
    actionContext,
    write: async (req, eventId, meta, call, allow) => {
      const ctx = await actionContext(req, allow);
      return audit(req, eventId, meta, () => call(ctx));
    },
  };

  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  registerServiceRoutes(router, routes);
  registerSlaRoutes(router, routes);
  registerIncidentRoutes(router, routes);
  registerProblemRoutes(router, routes);
  registerChangeRoutes(router, routes, options.riskModel);
  registerEventRoutes(router, routes, options.alerts ?? new AlertIntake(app));
  registerEntityRoutes(router, routes);

  // Thrown errors reach the root HTTP router's error middleware, which answers in Backstage's
  // JSON error shape: InputError → 400, NotFoundError → 404, ConflictError → 409, …
  return router;
}
