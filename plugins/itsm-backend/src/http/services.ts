import { parseListQuery, parseText } from './request/parseQuery';
import { parseServiceFields, withVersion } from './request/parseBody';
import { readById, readHistory } from './readRoutes';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** /services: the service register, with history and monthly availability. */
export function registerServiceRoutes(
  router: ItsmApiRouter,
  routes: RouteContext,
) {
  const { app, actionContext, write } = routes;
  router.get('/services', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    const filter = {
      ...parseListQuery(q),
      category: parseText(q.category),
      lifecycle: parseText(q.lifecycle),
      slaId: parseText(q.slaId),
      sort: parseText(q.sort),
    };
    res.json(await app.listServices(filter, ctx));
  });
  router.post('/services', async (req, res) => {
    const service = await write(
      req,
      'service-create',
      { recordType: 'service' },
      ctx => app.createService(parseServiceFields(req.body), ctx),
    );
    res.status(201).json(service);
  });
  router.get(
    '/services/:id',
    readById(routes, (id, ctx) => app.getService(id, ctx)),
  );
  router.patch('/services/:id', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'service', id };
    res.json(
      await write(req, 'service-update', meta, ctx =>
        app.updateService(id, parseServiceFields(withVersion(req)), ctx),
      ),
    );
  });
  router.get('/services/:id/history', readHistory(routes, 'service'));
  router.get('/services/:id/availability', async (req, res) => {
    const ctx = await actionContext(req);
    res.json(
      await app.availability(req.params.id, parseText(req.query.month), ctx),
    );
  });
}
