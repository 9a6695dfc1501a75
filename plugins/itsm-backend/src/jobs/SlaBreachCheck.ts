import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { publicIncident } from '../store/rows';
import { OPEN_INCIDENT_STATES } from '../domain/incidents/stateMachine';
import { IncidentSlaMark, ItsmStore } from '../store/ItsmStore';
import { ItsmEvents } from '../app/events';
import { SlaEvaluator } from '../app/SlaEvaluator';
import type { ItsmConfig } from '../config';

/** How far back stopped incidents are re-checked for a breach the check did not see live. */
const RECHECK_STOPPED_DAYS = 7;

/**
 * The scheduled SLA check: records warnings (75 %) and breaches (100 %) of incident clocks so
 * they are visible without anyone opening a page, and announces each exactly once.
 *
 * Exactly once across replicas: each mark is written with `UPDATE … WHERE mark IS NULL`, and only
 * the replica whose update hit the row emits the event. Breach marks are never cleared, so a
 * later priority change or resolution does not un-breach an incident.
 */
export class SlaBreachCheck {
  constructor(
    private readonly store: ItsmStore,
    private readonly evaluator: SlaEvaluator,
    private readonly events: ItsmEvents,
  ) {}

  async run(
    now: string,
  ): Promise<{ checked: number; warnings: number; breaches: number }> {
    const open = await this.store.findIncidents({
      states: OPEN_INCIDENT_STATES,
    });
    const since = DateTime.fromISO(now)
      .minus({ days: RECHECK_STOPPED_DAYS })
      .toUTC()
      .toISO()!;
    const recentlyStopped = (
      await this.store.findIncidents({
        states: ['resolved', 'closed'],
        from: since,
      })
    ).filter(
      i => !i.slaMarks.responseBreachedAt || !i.slaMarks.resolutionBreachedAt,
    );
    const incidents = [...open, ...recentlyStopped];
    const clocks = await this.evaluator.incidentSlas(incidents, now);

    let warnings = 0;
    let breaches = 0;
    for (const incident of incidents) {
      const sla = clocks.get(incident.id);
      if (!sla) continue;
      for (const name of ['response', 'resolution'] as const) {
        const clock = sla[name];
        // [column, kind, when, what is stored already]
        const marks: Array<
          [IncidentSlaMark, 'warning' | 'breach', string | null, string | null]
        > = [];
        if (clock.warning) {
          marks.push([
            `${name}_warned_at`,
            'warning',
            now,
            incident.slaMarks[`${name}WarnedAt`],
          ]);
        }
        if (clock.breachedAt) {
          marks.push([
            `${name}_breached_at`,
            'breach',
            clock.breachedAt,
            incident.slaMarks[`${name}BreachedAt`],
          ]);
        }
        for (const [column, kind, at, stored] of marks) {
          if (stored || !at) continue;
          if (await this.store.markIncidentSla(incident.id, column, at)) {
            if (kind === 'warning') warnings++;
            else breaches++;
            // Only clocks still running are announced; old history is recorded silently.
            if (!clock.stoppedAt || kind === 'breach') {
              await this.store.appendHistory([
                {
                  recordType: 'incident',
                  recordId: incident.id,
                  at,
                  actor: 'system:itsm-sla-check',
                  action: kind === 'breach' ? 'sla_breach' : 'sla_warning',
                  changes: { [`${name}Clock`]: { from: null, to: kind } },
                },
              ]);
            }
            // A clock first seen already breached is announced as a breach only (its warning is
            // still recorded above, but a "75 % used" notice next to the breach is noise).
            if (!clock.stoppedAt && !(kind === 'warning' && clock.breachedAt)) {
              await this.events.emit({
                type: 'incident.sla',
                incident: publicIncident(incident),
                clock: name,
                kind,
                at,
              });
            }
          }
        }
      }
    }
    return { checked: incidents.length, warnings, breaches };
  }
}

/**
 * Schedules the check as the cluster-wide task `itsm-sla-breach-check` (one replica runs it at
 * a time; the marks make it exactly-once anyway) every `itsm.slaCheck.frequencySeconds`.
 */
export async function scheduleSlaBreachCheck(options: {
  settings: ItsmConfig['slaCheck'];
  scheduler: SchedulerService;
  logger: LoggerService;
  check: SlaBreachCheck;
}) {
  const { settings, scheduler, logger, check } = options;
  await scheduler.scheduleTask({
    id: 'itsm-sla-breach-check',
    frequency: { seconds: settings.frequencySeconds },
    timeout: { seconds: 50 },
    initialDelay: { seconds: 5 },
    fn: async () => {
      const result = await check.run(new Date().toISOString());
      if (result.warnings || result.breaches) {
        logger.info(
          `ITSM SLA check: ${result.warnings} new warnings, ${result.breaches} new breaches`,
        );
      }
    },
  });
}
