import { normalizeEntityRef } from '../app/validation';
import { parseEntityRef, parseInstant, parseText } from './request/parseQuery';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** The ITSM view of catalog entities: an entity's summary, and KPIs over a scope. */
export function registerEntityRoutes(
  router: ItsmApiRouter,
  { app, actionContext }: RouteContext,
) {
  router.get('/entities/:kind/:namespace/:name/summary', async (req, res) => {
    const ctx = await actionContext(req);
    const { kind, namespace, name } = req.params;
    res.json(
      await app.entitySummary(
        normalizeEntityRef(`${kind}:${namespace}/${name}`, 'entity'),
        ctx,
      ),
    );
  });
  router.get('/kpis', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    const scope = {
      entityRef: parseEntityRef(q.entityRef, 'entityRef'),
      owner: parseEntityRef(q.owner, 'owner', 'group'),
      serviceId: parseText(q.serviceId),
      from: parseInstant(q.from, 'from'),
      to: parseInstant(q.to, 'to'),
    };
    res.json(await app.kpis(scope, ctx));
  });
}
