import { AlertIntake } from '../app/AlertIntake';
import { ItsmApiRouter, RouteContext } from './routeContext';

/** /events: what monitoring (alerts) and CI/CD (deployments) report; service principals only. */
export function registerEventRoutes(
  router: ItsmApiRouter,
  { app, write }: RouteContext,
  alerts: AlertIntake,
) {
  // Monitoring systems only: service principals (users get 403).
  router.post('/events/alerts', async (req, res) => {
    const meta = { recordType: 'incident' };
    res.json(
      await write(
        req,
        'alert-intake',
        meta,
        ctx => alerts.receive(req.body, ctx),
        ['service'],
      ),
    );
  });
  // CI/CD systems report deployments with an external access token (a service principal).
  router.post('/events/deployments', async (req, res) => {
    const { deploymentId, entityRef } = req.body;
    const meta = { recordType: 'change', deploymentId, entityRef };
    const recorded = await write(
      req,
      'deployment-record',
      meta,
      ctx => app.recordDeployment(req.body, ctx),
      ['service'],
    );
    res.status(recorded.created ? 201 : 200).json(recorded.change);
  });
}
