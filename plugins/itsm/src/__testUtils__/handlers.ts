import { rest, RequestHandler } from 'msw';
import { setupServer, SetupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { RiskConfig } from '@backstage-itsm/plugin-itsm-common';
import {
  availability,
  BASE_URL,
  errorBody,
  incidentP1,
  incidentP4,
  incidentResolved,
  kpis,
  page,
  problem,
  recentChange,
  riskModel,
  service,
  sla,
  summary,
  upcomingChange,
} from './fixtures';

/** Answers `GET /changes/risk-model` (the change form's preview) with `model`. */
export function riskModelHandler(model: RiskConfig = riskModel) {
  return rest.get(`${BASE_URL}/changes/risk-model`, (_req, res, ctx) =>
    res(ctx.json(model)),
  );
}

/**
 * Default msw handlers answering every read of the ITSM API with fixtures. Tests put their
 * own handlers in front with `server.use(...)`.
 */
export function defaultHandlers() {
  return [
    rest.get(
      `${BASE_URL}/entities/:kind/:namespace/:name/summary`,
      (_req, res, ctx) => res(ctx.json(summary)),
    ),
    rest.get(`${BASE_URL}/services`, (_req, res, ctx) =>
      res(ctx.json(page([service]))),
    ),
    rest.get(`${BASE_URL}/services/:id/availability`, (req, res, ctx) =>
      res(
        ctx.json({
          ...availability,
          month: req.url.searchParams.get('month') ?? availability.month,
        }),
      ),
    ),
    rest.get(`${BASE_URL}/slas`, (_req, res, ctx) =>
      res(ctx.json(page([sla]))),
    ),
    rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
      res(ctx.json(page([incidentP1, incidentP4, incidentResolved]))),
    ),
    rest.get(`${BASE_URL}/problems`, (_req, res, ctx) =>
      res(ctx.json(page([problem]))),
    ),
    riskModelHandler(),
    rest.get(`${BASE_URL}/changes/calendar`, (_req, res, ctx) =>
      res(
        ctx.json({ items: [upcomingChange, recentChange], freezeWindows: [] }),
      ),
    ),
    rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
      res(ctx.json(page([upcomingChange]))),
    ),
    rest.get(`${BASE_URL}/kpis`, (_req, res, ctx) => res(ctx.json(kpis))),
  ];
}

/**
 * The msw server of one test file, answering with `handlers` first; Backstage's hooks start
 * it, reset it to these handlers after each test and close it. Call it inside `describe`.
 */
export function setupItsmServer(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  registerMswTestHooks(server);
  return server;
}

/** The HTTP methods the ITSM API writes with. */
type WriteMethod = 'post' | 'patch' | 'put' | 'delete';

/**
 * Puts in front a handler for `method BASE_URL + path` that answers `status` with `answer`
 * and returns the JSON bodies it was sent, in order, for the test to check.
 */
export function recordWrites<TBody>(
  server: SetupServer,
  method: WriteMethod,
  path: string,
  answer: object,
  status = 201,
): TBody[] {
  const bodies: TBody[] = [];
  server.use(
    rest[method](`${BASE_URL}${path}`, async (req, res, ctx) => {
      bodies.push(await req.json());
      return res(ctx.status(status), ctx.json(answer));
    }),
  );
  return bodies;
}

/**
 * Puts in front a handler for `method BASE_URL + path` that fails with the API's error body
 * (arguments as for `errorBody`), as the backend's error handler writes it.
 */
export function answerError(
  server: SetupServer,
  method: WriteMethod | 'get',
  path: string,
  name: string,
  message: string,
  status: number,
) {
  server.use(
    rest[method](`${BASE_URL}${path}`, (_req, res, ctx) =>
      res(ctx.status(status), ctx.json(errorBody(name, message, status))),
    ),
  );
}
