import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { actorOf, ActionContext } from '../app/context';
import { AlertIntake } from '../app/AlertIntake';
import { ItsmApplication } from '../app/ItsmApplication';
import { MAX_INT32, normalizeEntityRef, normalizeInstant } from '../app/validation';
import { jsonBodyParser, rejectControlCharacters, requireRecordIdParam } from './requestChecks';

export interface RouterOptions {
  app: ItsmApplication;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** Every mutation is recorded as an audit event (initiated, then succeeded or failed). */
  auditor?: AuditorService;
  /** Injected clock for tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Alerts in (POST /events/alerts); defaults to the default label names. */
  alerts?: AlertIntake;
}

function list<T extends string>(value: unknown): T[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]) as T[];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function int(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InputError(`${field}: must be an integer`);
  return n;
}

/** `If-Match: "3"` or `If-Match: 3` as an alternative to `version` in the body. */
function versionFrom(req: express.Request): number | undefined {
  const body = req.body as { version?: number } | undefined;
  if (body?.version !== undefined) return body.version;
  const header = req.header('if-match');
  if (!header) return undefined;
  const n = Number(header.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > MAX_INT32) throw new InputError('If-Match: must be a record version number');
  return n;
}

/** What identifies the written record in an audit event: id, number, version, state, priority. */
function auditRecordMeta(result: unknown): JsonObject {
  const value = result as any;
  // POST /events/deployments answers { change, created }.
  const record = value && typeof value === 'object' && 'created' in value && value.change ? value.change : value;
  const meta: JsonObject = {};
  for (const key of ['id', 'number', 'version', 'state', 'priority']) {
    const v = record?.[key];
    if (typeof v === 'string' || typeof v === 'number') meta[key] = v;
  }
  if (typeof value?.created === 'boolean') meta.created = value.created;
  // POST /events/alerts answers { results: [{ key, action, incidentId, number, … }] }.
  if (Array.isArray(value?.results)) {
    meta.results = value.results.map((r: any) => ({
      key: r?.key ?? null,
      action: r?.action ?? null,
      incidentId: r?.incidentId ?? null,
      number: r?.number ?? null,
    }));
  }
  return meta;
}

/**
 * Translates HTTP to calls of the application layer and back. Validation of shapes happens in
 * the OpenAPI middleware (400 naming the field); everything else lives in the managers.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { app, httpAuth, auditor } = options;
  const clock = options.clock ?? (() => new Date());
  // The OpenAPI middleware validates every request against src/schema/openapi.yaml; handlers
  // are typed with the shared request/response types of plugin-itsm-common.
  const router = (await createOpenApiRouter({ middleware: jsonBodyParser() })) as unknown as express.Router;
  router.use(rejectControlCharacters);
  router.param('id', requireRecordIdParam);

  const context = async (
    req: express.Request,
    allow: Array<'user' | 'service'> = ['user', 'service'],
  ): Promise<ActionContext> => {
    const credentials = await httpAuth.credentials(req, { allow });
    return { actor: actorOf(credentials), credentials, now: clock().toISOString() };
  };

  /**
   * Runs a mutation inside an audit event (`coreServices.auditor`): `initiated` with `meta`,
   * then `succeeded` with the written record's id/number/state, or `failed` with the error,
   * which is re-thrown for the error middleware (so a 409 is audited as a failure).
   */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> => {
    if (!auditor) return fn();
    const event = await auditor.createEvent({ eventId, request: req, severityLevel: 'medium', meta });
    try {
      const result = await fn();
      await event.success({ meta: auditRecordMeta(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  // Every read authorizes in the application layer (ItsmApplication): lists and aggregates are
  // filtered by the read decision (DENY = an empty page), reads by id answer 404 when denied.

  const commonList = (q: any) => ({
    q: str(q.q),
    limit: int(q.limit, 'limit'),
    cursor: str(q.cursor),
    order: str(q.order) as 'asc' | 'desc' | undefined,
    entityRef: q.entityRef ? normalizeEntityRef(q.entityRef, 'entityRef') : undefined,
    owner: q.owner ? normalizeEntityRef(q.owner, 'owner', 'group') : undefined,
    from: q.from ? normalizeInstant(q.from, 'from') : undefined,
    to: q.to ? normalizeInstant(q.to, 'to') : undefined,
  });

  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok' });
  });

  // ------------------------------------------------------------------ services
  router.get('/services', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(
      await app.listServices(
        {
          ...commonList(q),
          category: str(q.category),
          lifecycle: str(q.lifecycle),
          slaId: str(q.slaId),
          sort: str(q.sort) as any,
        },
        ctx,
      ),
    );
  });
  router.post('/services', async (req, res) => {
    const ctx = await context(req);
    res
      .status(201)
      .json(await audited(req, 'service-create', { recordType: 'service' }, () => app.createService(req.body as any, ctx)));
  });
  router.get('/services/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.getService(req.params.id, ctx));
  });
  router.patch('/services/:id', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    res.json(await audited(req, 'service-update', { recordType: 'service', id }, () => app.updateService(id, { ...(req.body as any), version: versionFrom(req) }, ctx)));
  });
  router.get('/services/:id/history', async (req, res) => {
    const ctx = await context(req);
    res.json({ items: await app.history('service', req.params.id, ctx) });
  });
  router.get('/services/:id/availability', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.availability(req.params.id, str((req.query as any).month), ctx));
  });

  // ------------------------------------------------------------------ SLAs
  router.get('/slas', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(await app.listSlas({ q: str(q.q), limit: int(q.limit, 'limit'), cursor: str(q.cursor) }, ctx));
  });
  router.post('/slas', async (req, res) => {
    const ctx = await context(req);
    res.status(201).json(await audited(req, 'sla-create', { recordType: 'sla' }, () => app.createSla(req.body as any, ctx)));
  });
  router.get('/slas/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.getSla(req.params.id, ctx));
  });
  router.patch('/slas/:id', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    res.json(await audited(req, 'sla-update', { recordType: 'sla', id }, () => app.updateSla(id, { ...(req.body as any), version: versionFrom(req) }, ctx)));
  });

  // ------------------------------------------------------------------ incidents
  router.get('/incidents', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(
      await app.listIncidents(
        {
          ...commonList(q),
          states: list(q.state),
          priorities: list(q.priority),
          serviceId: str(q.serviceId),
          assigneeRef: q.assigneeRef ? normalizeEntityRef(q.assigneeRef, 'assigneeRef', 'user') : undefined,
          problemId: str(q.problemId),
          sort: str(q.sort) as any,
        },
        ctx,
      ),
    );
  });
  router.post('/incidents', async (req, res) => {
    const ctx = await context(req);
    res
      .status(201)
      .json(await audited(req, 'incident-create', { recordType: 'incident' }, () => app.createIncident(req.body as any, ctx)));
  });
  router.get('/incidents/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.getIncident(req.params.id, ctx));
  });
  router.patch('/incidents/:id', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    res.json(
      await audited(req, 'incident-update', { recordType: 'incident', id }, () =>
        app.updateIncident(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.post('/incidents/:id/transitions', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    const to = String((req.body as any)?.to);
    res.json(
      await audited(req, 'incident-transition', { recordType: 'incident', id, to }, () =>
        app.transitionIncident(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.get('/incidents/:id/history', async (req, res) => {
    const ctx = await context(req);
    res.json({ items: await app.history('incident', req.params.id, ctx) });
  });

  // ------------------------------------------------------------------ problems
  router.get('/problems', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(await app.listProblems({ ...commonList(q), states: list(q.state), sort: str(q.sort) as any }, ctx));
  });
  router.post('/problems', async (req, res) => {
    const ctx = await context(req);
    res
      .status(201)
      .json(await audited(req, 'problem-create', { recordType: 'problem' }, () => app.createProblem(req.body as any, ctx)));
  });
  router.get('/problems/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.getProblem(req.params.id, ctx));
  });
  router.patch('/problems/:id', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    res.json(
      await audited(req, 'problem-update', { recordType: 'problem', id }, () =>
        app.updateProblem(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.post('/problems/:id/transitions', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    const to = String((req.body as any)?.to);
    res.json(
      await audited(req, 'problem-transition', { recordType: 'problem', id, to }, () =>
        app.transitionProblem(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.get('/problems/:id/history', async (req, res) => {
    const ctx = await context(req);
    res.json({ items: await app.history('problem', req.params.id, ctx) });
  });

  // ------------------------------------------------------------------ changes
  router.get('/changes/calendar', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(
      await app.changeCalendar(
        {
          from: normalizeInstant(q.from, 'from'),
          to: normalizeInstant(q.to, 'to'),
          entityRef: q.entityRef ? normalizeEntityRef(q.entityRef, 'entityRef') : undefined,
        },
        ctx,
      ),
    );
  });
  router.get('/changes', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(
      await app.listChanges(
        { ...commonList(q), states: list(q.state), types: list(q.type), sort: str(q.sort) as any },
        ctx,
      ),
    );
  });
  router.post('/changes', async (req, res) => {
    const ctx = await context(req);
    res
      .status(201)
      .json(await audited(req, 'change-create', { recordType: 'change' }, () => app.createChange(req.body as any, ctx)));
  });
  router.get('/changes/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await app.getChange(req.params.id, ctx));
  });
  router.patch('/changes/:id', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    res.json(
      await audited(req, 'change-update', { recordType: 'change', id }, () =>
        app.updateChange(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.post('/changes/:id/transitions', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    const to = String((req.body as any)?.to);
    res.json(
      await audited(req, 'change-transition', { recordType: 'change', id, to }, () =>
        app.transitionChange(id, { ...(req.body as any), version: versionFrom(req) }, ctx),
      ),
    );
  });
  router.post('/changes/:id/approvals', async (req, res) => {
    const ctx = await context(req);
    const { id } = req.params;
    const decision = String((req.body as any)?.decision);
    res.json(
      await audited(req, 'change-approval', { recordType: 'change', id, decision }, () =>
        app.voteOnChange(id, req.body as any, ctx),
      ),
    );
  });
  router.get('/changes/:id/history', async (req, res) => {
    const ctx = await context(req);
    res.json({ items: await app.history('change', req.params.id, ctx) });
  });

  // ------------------------------------------------------------------ events
  router.post('/events/alerts', async (req, res) => {
    // Monitoring systems only: service principals (users get 403).
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const ctx: ActionContext = { actor: actorOf(credentials), credentials, now: clock().toISOString() };
    res.json(
      await audited(req, 'alert-intake', { recordType: 'incident' }, () =>
        (options.alerts ?? new AlertIntake(app)).receive(req.body, ctx),
      ),
    );
  });
  router.post('/events/deployments', async (req, res) => {
    // CI/CD systems report deployments with an external access token (a service principal).
    const ctx = await context(req, ['service']);
    const body = req.body as any;
    const { change, created } = await audited(
      req,
      'deployment-record',
      { recordType: 'change', deploymentId: String(body?.deploymentId), entityRef: String(body?.entityRef) },
      () => app.recordDeployment(body, ctx),
    );
    res.status(created ? 201 : 200).json(change);
  });

  // ------------------------------------------------------------------ summaries and KPIs
  router.get('/entities/:kind/:namespace/:name/summary', async (req, res) => {
    const ctx = await context(req);
    const { kind, namespace, name } = req.params;
    const ref = normalizeEntityRef(`${kind}:${namespace}/${name}`, 'entity');
    res.json(await app.entitySummary(ref, ctx));
  });
  router.get('/kpis', async (req, res) => {
    const ctx = await context(req);
    const q = req.query as any;
    res.json(
      await app.kpis(
        {
          entityRef: q.entityRef ? normalizeEntityRef(q.entityRef, 'entityRef') : undefined,
          owner: q.owner ? normalizeEntityRef(q.owner, 'owner', 'group') : undefined,
          serviceId: str(q.serviceId),
          from: q.from ? normalizeInstant(q.from, 'from') : undefined,
          to: q.to ? normalizeInstant(q.to, 'to') : undefined,
        },
        ctx,
      ),
    );
  });

  // Thrown errors reach the root HTTP router's error middleware, which answers in Backstage's
  // JSON error shape: InputError → 400, NotFoundError → 404, ConflictError → 409, …
  return router;
}
