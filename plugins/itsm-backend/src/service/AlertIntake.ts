import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isOpenIncidentState } from '../domain/incidents/stateMachine';
import {
  AlertLabelConfig,
  DEFAULT_ALERT_LABELS,
  NormalizedAlert,
  parseAlerts,
} from '../domain/alerts/mapping';
import { ActionContext } from './context';
import { ItsmApplication } from './ItsmApplication';

export type AlertAction = 'created' | 'updated' | 'reopened' | 'resolved' | 'unchanged' | 'ignored';

export interface AlertResult {
  key: string;
  status: 'firing' | 'resolved';
  action: AlertAction;
  incidentId: string | null;
  number: string | null;
}

export function readAlertLabelConfig(config: Config): AlertLabelConfig {
  return {
    entityLabel: config.getOptionalString('itsm.alerts.entityLabel') ?? DEFAULT_ALERT_LABELS.entityLabel,
    componentLabel: config.getOptionalString('itsm.alerts.componentLabel') ?? DEFAULT_ALERT_LABELS.componentLabel,
    serviceLabel: config.getOptionalString('itsm.alerts.serviceLabel') ?? DEFAULT_ALERT_LABELS.serviceLabel,
  };
}

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);

/**
 * Turns monitoring alerts into incidents (source "monitoring"), deduplicated by the alert's key
 * (the incident's external key). Idempotent: a notification that does not change the state of
 * the alert (a retry, Alertmanager's repeat_interval) changes nothing.
 *
 * - firing, no incident → open one (openedAt = startsAt; critical → outage from startsAt);
 * - firing, open incident → impact/urgency follow the severity when it changed, else nothing;
 * - firing, resolved incident → reopened (in_progress) when the alert started after the
 *   resolution (a new firing), else nothing (a late retry of the old firing);
 * - firing, closed/canceled incident → a new incident (key `<key>#<startsAt>`);
 * - resolved, open incident → resolved at endsAt (new → resolved directly), ending the outage;
 * - resolved, no open incident → nothing.
 *
 * Service principals only (the route says so); writes go to the managers directly, as an
 * internal caller that may backdate.
 */
export class AlertIntake {
  constructor(
    private readonly app: ItsmApplication,
    private readonly labels: AlertLabelConfig = DEFAULT_ALERT_LABELS,
  ) {}

  async receive(body: unknown, ctx: ActionContext): Promise<{ results: AlertResult[] }> {
    await this.app.authorizeAlertIntake(ctx);
    const alerts: Array<NormalizedAlert & { serviceId?: string | null }> = parseAlerts(body, this.labels);
    for (const alert of alerts) {
      const entity = await this.app.catalog.getEntity(alert.entityRef, ctx.credentials);
      if (!entity) {
        throw new InputError(`${alert.entityField}: no entity '${alert.entityRef}' in the catalog`);
      }
      // The service of a new incident: named by the service label, else the entity's only one;
      // ambiguity is a malformed alert (400 naming the label), found before anything is written.
      // Alerts that will not open an incident (retries, resolutions) are not held to it.
      const existing = alert.status === 'firing' ? await this.find(alert) : undefined;
      if (alert.status === 'firing' && (!existing || existing.state === 'closed' || existing.state === 'canceled')) {
        const service = await this.app.incidents.serviceOf(alert.entityRef, {
          named: alert.service,
          field: alert.serviceField,
        });
        alert.serviceId = service?.id ?? null;
      }
    }
    const results: AlertResult[] = [];
    for (const alert of alerts) results.push(await this.one(alert, ctx));
    return { results };
  }

  private async find(alert: NormalizedAlert) {
    const store = this.app.store;
    if (alert.startsAt) {
      const again = await store.getIncidentByExternalKey(`${alert.key}#${alert.startsAt}`);
      if (again) return again;
    }
    return store.getIncidentByExternalKey(alert.key);
  }

  private async one(alert: NormalizedAlert & { serviceId?: string | null }, ctx: ActionContext): Promise<AlertResult> {
    const result = (action: AlertAction, incident?: { id: string; number: string }): AlertResult => ({
      key: alert.key,
      status: alert.status,
      action,
      incidentId: incident?.id ?? null,
      number: incident?.number ?? null,
    });
    const incidents = this.app.incidents;
    const existing = await this.find(alert);

    if (alert.status === 'resolved') {
      if (!existing || !isOpenIncidentState(existing.state)) return result(existing ? 'unchanged' : 'ignored', existing);
      const timeline = (await this.app.store.getTimelines([existing.id])).get(existing.id) ?? [];
      const last = timeline[timeline.length - 1]?.at ?? existing.openedAt;
      const at = min(max(alert.endsAt ?? ctx.now, last), ctx.now);
      const resolved = await incidents.transition(
        existing.id,
        { to: 'resolved', at, comment: 'Resolved by monitoring: the alert is resolved.' } as any,
        ctx,
        { allowBackdating: true },
      );
      return result('resolved', resolved);
    }

    if (!existing || existing.state === 'closed' || existing.state === 'canceled') {
      const openedAt = min(alert.startsAt ?? ctx.now, ctx.now);
      const created = await incidents.create(
        {
          title: alert.title,
          description: alert.description,
          entityRef: alert.entityRef,
          ...(alert.serviceId ? { serviceId: alert.serviceId } : {}),
          impact: alert.impact,
          urgency: alert.urgency,
          source: 'monitoring',
          openedAt,
          ...(alert.outage ? { outage: { start: openedAt } } : {}),
        } as any,
        ctx,
        {
          allowBackdating: true,
          externalKey: existing ? `${alert.key}#${alert.startsAt ?? ctx.now}` : alert.key,
        },
      );
      return result('created', created);
    }

    if (existing.state === 'resolved') {
      // A retry of the firing notification that was already resolved changes nothing; a
      // firing that started after the resolution reopens the incident.
      if (!alert.startsAt || !existing.resolvedAt || alert.startsAt <= existing.resolvedAt) {
        return result('unchanged', existing);
      }
      const reopened = await incidents.transition(
        existing.id,
        { to: 'in_progress', at: min(alert.startsAt, ctx.now), comment: 'Reopened by monitoring: the alert fired again.' } as any,
        ctx,
        { allowBackdating: true },
      );
      return result('reopened', reopened);
    }

    if (existing.impact !== alert.impact || existing.urgency !== alert.urgency) {
      const updated = await incidents.update(
        existing.id,
        {
          version: existing.version,
          impact: alert.impact,
          urgency: alert.urgency,
          comment: `Severity changed by monitoring: ${alert.severity}.`,
        } as any,
        ctx,
      );
      return result('updated', updated);
    }
    return result('unchanged', existing);
  }
}
