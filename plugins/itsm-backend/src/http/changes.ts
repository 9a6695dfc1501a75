import { normalizeInstant } from '../app/validation';
import {
  parseEntityRef,
  parseList,
  parseListQuery,
  parseText,
} from './request/parseQuery';
import { parseImpactFields, withVersion } from './request/parseBody';
import { readById, readHistory } from './readRoutes';
import { ItsmApiRouter, RiskModel, RouteContext } from './routeContext';

/**
 * /changes: changes, their transitions and CAB votes, the change calendar and the configured
 * risk model. The fixed paths (calendar, risk-model) come before `/changes/:id`, whose id
 * check would answer them 404.
 */
export function registerChangeRoutes(
  router: ItsmApiRouter,
  routes: RouteContext,
  riskModel: RiskModel,
) {
  const { app, actionContext, write } = routes;
  router.get('/changes/calendar', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    const window = {
      from: normalizeInstant(q.from, 'from'),
      to: normalizeInstant(q.to, 'to'),
      entityRef: parseEntityRef(q.entityRef, 'entityRef'),
    };
    res.json(await app.changeCalendar(window, ctx));
  });
  // Configuration, not records: every caller may read it (the signed-in check still applies).
  router.get('/changes/risk-model', async (req, res) => {
    await actionContext(req);
    res.json(riskModel);
  });
  router.get('/changes', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    const filter = {
      ...parseListQuery(q),
      states: parseList(q.state),
      types: parseList(q.type),
      sort: parseText(q.sort),
    };
    res.json(await app.listChanges(filter, ctx));
  });
  router.post('/changes', async (req, res) => {
    const meta = { recordType: 'change' };
    res
      .status(201)
      .json(
        await write(req, 'change-create', meta, ctx =>
          app.createChange(parseImpactFields(req.body), ctx),
        ),
      );
  });
  router.get(
    '/changes/:id',
    readById(routes, (id, ctx) => app.getChange(id, ctx)),
  );
  router.patch('/changes/:id', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'change', id };
    res.json(
      await write(req, 'change-update', meta, ctx =>
        app.updateChange(id, parseImpactFields(withVersion(req)), ctx),
      ),
    );
  });
  router.post('/changes/:id/transitions', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'change', id, to: req.body.to };
    res.json(
      await write(req, 'change-transition', meta, ctx =>
        app.transitionChange(id, withVersion(req), ctx),
      ),
    );
  });
  router.post('/changes/:id/approvals', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'change', id, decision: req.body.decision };
    res.json(
      await write(req, 'change-approval', meta, ctx =>
        app.voteOnChange(id, req.body, ctx),
      ),
    );
  });
  router.get('/changes/:id/history', readHistory(routes, 'change'));
}
