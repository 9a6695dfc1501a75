import { InputError } from '@backstage/errors';
import { isOpenIncidentState } from '../domain/incidents/stateMachine';
import {
  AlertLabelConfig,
  DEFAULT_ALERT_LABELS,
  NormalizedAlert,
  notificationFingerprint,
  parseAlerts,
} from '../domain/alerts/mapping';
import { StoredIncident } from '../store/rows';
import { ItsmStore } from '../store/ItsmStore';
import { ActionContext } from './context';
import { DeferredEvents } from './events';
import { IncidentManager } from './IncidentManager';
import { ItsmApplication } from './ItsmApplication';

export type AlertAction =
  | 'created'
  | 'updated'
  | 'reopened'
  | 'resolved'
  | 'unchanged'
  | 'ignored';

export interface AlertResult {
  key: string;
  status: 'firing' | 'resolved';
  action: AlertAction;
  incidentId: string | null;
  number: string | null;
}

/** Answers remembered per alert key: the latest notifications, whose retries may still come. */
const ANSWERS_KEPT = 20;

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);

/** An alert with the service its new incident goes to (decided before anything is written). */
type IntakeAlert = NormalizedAlert & { serviceId?: string | null };

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
 * Exactly once, with a stable answer: all deliveries of an alert key, on any replica, queue on
 * the key's row in itsm_alert_intake (a row lock), so one delivery does each step and the
 * others see it done. Each answer is kept by notification fingerprint; a retry is given the
 * answer of the first delivery, as long as nobody else has written the incident since (its
 * version is the one the intake left). A notification not seen before is acted on afresh.
 *
 * Service principals only (the route says so); writes go to the managers directly, as an
 * internal caller that may backdate.
 */
export class AlertIntake {
  constructor(
    private readonly app: ItsmApplication,
    private readonly labels: AlertLabelConfig = DEFAULT_ALERT_LABELS,
  ) {}

  async receive(
    body: unknown,
    ctx: ActionContext,
  ): Promise<{ results: AlertResult[] }> {
    await this.app.authorizeAlertIntake(ctx);
    const alerts: IntakeAlert[] = parseAlerts(body, this.labels);
    for (const alert of alerts) {
      const entity = await this.app.catalog.getEntity(
        alert.entityRef,
        ctx.credentials,
      );
      if (!entity) {
        throw new InputError(
          `${alert.entityField}: no entity '${alert.entityRef}' in the catalog`,
        );
      }
      // The service of a new incident: named by the service label, else the entity's only one;
      // ambiguity is a malformed alert (400 naming the label), found before anything is written.
      // Alerts that will not open an incident (retries, resolutions) are not held to it.
      const existing =
        alert.status === 'firing'
          ? await this.find(this.app.store, alert, { lock: false })
          : undefined;
      if (
        alert.status === 'firing' &&
        (!existing ||
          existing.state === 'closed' ||
          existing.state === 'canceled')
      ) {
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

  /**
   * The alert's incident; with `lock`, locked by its id (a person may be working on it at the
   * same moment), which reads it once more. Not locked by external key: on MySQL, locking a key
   * that does not exist locks the gap in the index, and two new alerts in one gap would
   * deadlock on their inserts.
   */
  private async find(
    store: ItsmStore,
    alert: NormalizedAlert,
    options: { lock: boolean },
  ) {
    const found =
      (alert.startsAt
        ? await store.getIncidentByExternalKey(`${alert.key}#${alert.startsAt}`)
        : undefined) ?? (await store.getIncidentByExternalKey(alert.key));
    return found && options.lock
      ? store.getIncident(found.id, { lock: true })
      : found;
  }

  private async one(
    alert: IntakeAlert,
    ctx: ActionContext,
  ): Promise<AlertResult> {
    const store = this.app.store;
    const fingerprint = notificationFingerprint(alert);
    await store.ensureAlertIntake(alert.key, ctx.now);
    const events = new DeferredEvents();
    const answer = await store.transaction(async tx => {
      const intake = await tx.lockAlertIntake(alert.key);
      const existing = await this.find(tx, alert, { lock: true });
      const current =
        intake.incidentId === (existing?.id ?? null) &&
        intake.incidentVersion === (existing?.version ?? null);
      const given = current
        ? (intake.answers[fingerprint] as AlertResult | undefined)
        : undefined;
      if (given) return given;
      const result = await this.act(
        alert,
        existing,
        tx,
        new IncidentManager(tx, this.app.catalog, events),
        ctx,
      );
      const after = result.incidentId
        ? await tx.getIncident(result.incidentId)
        : existing;
      const kept = current
        ? Object.entries(intake.answers)
            .filter(([f]) => f !== fingerprint)
            .slice(-(ANSWERS_KEPT - 1))
        : [];
      await tx.saveAlertIntake(
        {
          alertKey: alert.key,
          incidentId: after?.id ?? null,
          incidentVersion: after?.version ?? null,
          answers: Object.fromEntries([...kept, [fingerprint, result]]),
        },
        ctx.now,
      );
      return result;
    });
    // Announced once committed, by the delivery that did the work.
    await events.flush(this.app.events);
    return answer;
  }

  /** The step the notification asks for, on the locked incident, in the caller's transaction. */
  private async act(
    alert: IntakeAlert,
    existing: StoredIncident | undefined,
    store: ItsmStore,
    incidents: IncidentManager,
    ctx: ActionContext,
  ): Promise<AlertResult> {
    const result = (
      action: AlertAction,
      incident?: { id: string; number: string },
    ): AlertResult => ({
      key: alert.key,
      status: alert.status,
      action,
      incidentId: incident?.id ?? null,
      number: incident?.number ?? null,
    });

    if (alert.status === 'resolved') {
      if (!existing || !isOpenIncidentState(existing.state))
        return result(existing ? 'unchanged' : 'ignored', existing);
      const timeline =
        (await store.getTimelines([existing.id])).get(existing.id) ?? [];
      const last = timeline[timeline.length - 1]?.at ?? existing.openedAt;
      const at = min(max(alert.endsAt ?? ctx.now, last), ctx.now);
      const resolved = await incidents.transition(
        existing.id,
        {
          to: 'resolved',
          at,
          comment: 'Resolved by monitoring: the alert is resolved.',
        },
        ctx,
        { allowBackdating: true },
      );
      return result('resolved', resolved);
    }

    if (
      !existing ||
      existing.state === 'closed' ||
      existing.state === 'canceled'
    ) {
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
        },
        ctx,
        {
          allowBackdating: true,
          externalKey: existing
            ? `${alert.key}#${alert.startsAt ?? ctx.now}`
            : alert.key,
        },
      );
      return result('created', created);
    }

    if (existing.state === 'resolved') {
      // A retry of the firing notification that was already resolved changes nothing; a
      // firing that started after the resolution reopens the incident.
      if (
        !alert.startsAt ||
        !existing.resolvedAt ||
        alert.startsAt <= existing.resolvedAt
      ) {
        return result('unchanged', existing);
      }
      const reopened = await incidents.transition(
        existing.id,
        {
          to: 'in_progress',
          at: min(alert.startsAt, ctx.now),
          comment: 'Reopened by monitoring: the alert fired again.',
        },
        ctx,
        { allowBackdating: true },
      );
      return result('reopened', reopened);
    }

    if (
      existing.impact !== alert.impact ||
      existing.urgency !== alert.urgency
    ) {
      const updated = await incidents.update(
        existing.id,
        {
          version: existing.version,
          impact: alert.impact,
          urgency: alert.urgency,
          comment: `Severity changed by monitoring: ${alert.severity}.`,
        },
        ctx,
      );
      return result('updated', updated);
    }
    return result('unchanged', existing);
  }
}
