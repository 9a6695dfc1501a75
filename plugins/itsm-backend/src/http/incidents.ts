import {
  parseEntityRef,
  parseList,
  parseListQuery,
  parseText,
} from './request/parseQuery';
import {
  parseImpactFields,
  parseNewIncident,
  withVersion,
} from './request/parseBody';
import { readById, readHistory } from './readRoutes';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** /incidents: incidents, their transitions and history. */
export function registerIncidentRoutes(
  router: ItsmApiRouter,
  routes: RouteContext,
) {
  const { app, actionContext, write } = routes;
  router.get('/incidents', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    const filter = {
      ...parseListQuery(q),
      states: parseList(q.state),
      priorities: parseList(q.priority),
      serviceId: parseText(q.serviceId),
      assigneeRef: parseEntityRef(q.assigneeRef, 'assigneeRef', 'user'),
      problemId: parseText(q.problemId),
      sort: parseText(q.sort),
    };
    res.json(await app.listIncidents(filter, ctx));
  });
  router.post('/incidents', async (req, res) => {
    const meta = { recordType: 'incident' };
    res
      .status(201)
      .json(
        await write(req, 'incident-create', meta, ctx =>
          app.createIncident(parseNewIncident(req.body), ctx),
        ),
      );
  });
  router.get(
    '/incidents/:id',
    readById(routes, (id, ctx) => app.getIncident(id, ctx)),
  );
  router.patch('/incidents/:id', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'incident', id };
    res.json(
      await write(req, 'incident-update', meta, ctx =>
        app.updateIncident(id, parseImpactFields(withVersion(req)), ctx),
      ),
    );
  });
  router.post('/incidents/:id/transitions', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'incident', id, to: req.body.to };
    res.json(
      await write(req, 'incident-transition', meta, ctx =>
        app.transitionIncident(id, withVersion(req), ctx),
      ),
    );
  });
  router.get('/incidents/:id/history', readHistory(routes, 'incident'));
}
