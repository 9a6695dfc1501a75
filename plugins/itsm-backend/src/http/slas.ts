import { parseInteger, parseText } from './request/parseQuery';
import { parseNewSla, parseSlaFields, withVersion } from './request/parseBody';
import { readById } from './readRoutes';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** /slas: the SLA tiers services refer to. */
export function registerSlaRoutes(router: ItsmApiRouter, routes: RouteContext) {
  const { app, actionContext, write } = routes;
  router.get('/slas', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    res.json(
      await app.listSlas(
        {
          q: parseText(q.q),
          limit: parseInteger(q.limit, 'limit'),
          cursor: parseText(q.cursor),
        },
        ctx,
      ),
    );
  });
  router.post('/slas', async (req, res) => {
    res
      .status(201)
      .json(
        await write(req, 'sla-create', { recordType: 'sla' }, ctx =>
          app.createSla(parseNewSla(req.body), ctx),
        ),
      );
  });
  router.get(
    '/slas/:id',
    readById(routes, (id, ctx) => app.getSla(id, ctx)),
  );
  router.patch('/slas/:id', async (req, res) => {
    const { id } = req.params;
    res.json(
      await write(req, 'sla-update', { recordType: 'sla', id }, ctx =>
        app.updateSla(id, parseSlaFields(withVersion(req)), ctx),
      ),
    );
  });
}
