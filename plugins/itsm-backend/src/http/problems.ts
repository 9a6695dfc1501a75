import { parseList, parseListQuery, parseText } from './request/parseQuery';
import { withVersion } from './request/parseBody';
import { readById, readHistory } from './readRoutes';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** /problems: problems (causes of incidents), their transitions and history. */
export function registerProblemRoutes(
  router: ItsmApiRouter,
  routes: RouteContext,
) {
  const { app, actionContext, write } = routes;
  router.get('/problems', async (req, res) => {
    const ctx = await actionContext(req);
    const q = req.query;
    res.json(
      await app.listProblems(
        {
          ...parseListQuery(q),
          states: parseList(q.state),
          sort: parseText(q.sort),
        },
        ctx,
      ),
    );
  });
  router.post('/problems', async (req, res) => {
    const meta = { recordType: 'problem' };
    res
      .status(201)
      .json(
        await write(req, 'problem-create', meta, ctx =>
          app.createProblem(req.body, ctx),
        ),
      );
  });
  router.get(
    '/problems/:id',
    readById(routes, (id, ctx) => app.getProblem(id, ctx)),
  );
  router.patch('/problems/:id', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'problem', id };
    res.json(
      await write(req, 'problem-update', meta, ctx =>
        app.updateProblem(id, withVersion(req), ctx),
      ),
    );
  });
  router.post('/problems/:id/transitions', async (req, res) => {
    const { id } = req.params;
    const meta = { recordType: 'problem', id, to: req.body.to };
    res.json(
      await write(req, 'problem-transition', meta, ctx =>
        app.transitionProblem(id, withVersion(req), ctx),
      ),
    );
  });
  router.get('/problems/:id/history', readHistory(routes, 'problem'));
}
