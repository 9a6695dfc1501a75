import { rest, RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { RiskConfig } from '@backstage-itsm/plugin-itsm-common';
import {
  availability,
  BASE_URL,
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
    rest.get(`${BASE_URL}/entities/:kind/:namespace/:name/summary`, (_req, res, ctx) =>
      res(ctx.json(summary)),
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
    rest.get(`${BASE_URL}/slas`, (_req, res, ctx) => res(ctx.json(page([sla])))),
    rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
      res(ctx.json(page([incidentP1, incidentP4, incidentResolved]))),
    ),
    rest.get(`${BASE_URL}/problems`, (_req, res, ctx) =>
      res(ctx.json(page([problem]))),
    ),
    riskModelHandler(),
    rest.get(`${BASE_URL}/changes/calendar`, (_req, res, ctx) =>
      res(ctx.json({ items: [upcomingChange, recentChange], freezeWindows: [] })),
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
