import { NotFoundError, InputError } from '@backstage/errors';
import {
  AvailabilityReport,
  IncidentSla,
  IncidentState,
  KpiReport,
  Priority,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import {
  computeAvailability,
  computeIncidentClocks,
  computeKpis,
  IncidentTimeline,
  KpiChange,
  KpiIncident,
  mergeStoredBreach,
} from '../domain/sla';
import { ItsmStore, TimelineEntry } from '../store/ItsmStore';
import { RecordCondition } from '../store/ItsmStore';
import { StoredIncident } from '../store/rows';

export interface KpiScope {
  entityRef?: string;
  owner?: string;
  serviceId?: string;
  from?: string;
  to?: string;
}

const DEFAULT_KPI_DAYS = 30;

export function toTimeline(
  incident: StoredIncident,
  entries: TimelineEntry[],
): IncidentTimeline {
  return {
    openedAt: incident.openedAt,
    priorityChanges: entries
      .filter(e => e.kind === 'priority')
      .map(e => ({ at: e.at, priority: e.to as Priority })),
    stateChanges: entries
      .filter(e => e.kind === 'state' && e.from !== null)
      .map(e => ({
        at: e.at,
        from: e.from as IncidentState,
        to: e.to as IncidentState,
      })),
  };
}

/**
 * Applies the pure SLA engine to stored records: incident clocks, service availability and
 * KPIs. Reads only; the scheduled check records warnings and breaches.
 */
export class SlaEvaluator {
  constructor(private readonly store: ItsmStore) {}

  /** SLA of the incident's service, if any. */
  private async slaFor(serviceId: string | null): Promise<Sla | undefined> {
    if (!serviceId) return undefined;
    const service = await this.store.getService(serviceId);
    if (!service?.slaId) return undefined;
    return this.store.getSla(service.slaId);
  }

  clocksFor(
    incident: StoredIncident,
    timeline: TimelineEntry[],
    sla: Sla,
    now: string,
  ): IncidentSla {
    const clocks = computeIncidentClocks(
      toTimeline(incident, timeline),
      sla.calendar,
      sla.targets,
      now,
    );
    return {
      slaId: sla.id,
      slaName: sla.name,
      response: mergeStoredBreach(
        clocks.response,
        incident.slaMarks.responseBreachedAt,
      ),
      resolution: mergeStoredBreach(
        clocks.resolution,
        incident.slaMarks.resolutionBreachedAt,
      ),
    };
  }

  async incidentSla(
    incident: StoredIncident,
    now: string,
  ): Promise<IncidentSla | null> {
    const sla = await this.slaFor(incident.serviceId);
    if (!sla) return null;
    const timelines = await this.store.getTimelines([incident.id]);
    return this.clocksFor(incident, timelines.get(incident.id) ?? [], sla, now);
  }

  /** Clocks of many incidents with one query per table. */
  async incidentSlas(
    incidents: StoredIncident[],
    now: string,
  ): Promise<Map<string, IncidentSla>> {
    const result = new Map<string, IncidentSla>();
    const serviceIds = [
      ...new Set(incidents.map(i => i.serviceId).filter(Boolean) as string[]),
    ];
    const services = await this.store.getServices(serviceIds);
    const slaIds = [
      ...new Set(services.map(s => s.slaId).filter(Boolean) as string[]),
    ];
    const slas = new Map(
      (await this.store.getSlas(slaIds)).map(s => [s.id, s]),
    );
    const slaByService = new Map(
      services
        .filter(s => s.slaId)
        .map(s => [s.id, slas.get(s.slaId!)] as const),
    );
    const withSla = incidents.filter(
      i => i.serviceId && slaByService.get(i.serviceId),
    );
    const timelines = await this.store.getTimelines(withSla.map(i => i.id));
    for (const incident of withSla) {
      const sla = slaByService.get(incident.serviceId!)!;
      result.set(
        incident.id,
        this.clocksFor(incident, timelines.get(incident.id) ?? [], sla, now),
      );
    }
    return result;
  }

  /** `condition`: the caller's read decision; outages and maintenance of other records do not count. */
  async availability(
    service: Service,
    month: string | undefined,
    now: string,
    condition?: RecordCondition,
  ): Promise<AvailabilityReport> {
    if (!service.slaId) {
      throw new NotFoundError(
        `Service ${service.name} has no SLA, so it has no availability target`,
      );
    }
    const sla = await this.store.getSla(service.slaId);
    if (!sla)
      throw new NotFoundError(
        `SLA ${service.slaId} of service ${service.name} no longer exists`,
      );
    const zone = sla.calendar === '24x7' ? 'utc' : sla.calendar.timezone;
    const monthKey =
      month ?? DateTime.fromISO(now, { zone }).toFormat('yyyy-MM');
    const start = DateTime.fromFormat(monthKey, 'yyyy-MM', { zone });
    if (!start.isValid)
      throw new InputError(`month: '${monthKey}' is not YYYY-MM`);
    const from = start.toUTC().toISO()!;
    const to = start.plus({ months: 1 }).toUTC().toISO()!;

    // Outages that overlap the month: opened before its end; the engine clips them.
    const incidents = await this.store.findIncidents({
      serviceId: service.id,
      to,
      condition,
    });
    const outages = incidents
      .filter(
        i =>
          i.outage &&
          i.state !== 'canceled' &&
          (!i.outage.end || i.outage.end > from),
      )
      .map(i => i.outage!);
    const changes = await this.store.findChanges({
      entityRefs: service.entityRefs,
      windowFrom: from,
      windowTo: to,
      condition,
    });
    const maintenance = changes
      .filter(
        c =>
          c.plannedOutage &&
          c.plannedStart &&
          c.plannedEnd &&
          ['implement', 'review', 'closed'].includes(c.state),
      )
      .map(c => ({ start: c.plannedStart!, end: c.plannedEnd! }));
    return computeAvailability({
      serviceId: service.id,
      month: monthKey,
      calendar: sla.calendar,
      target: sla.availabilityTarget,
      outages,
      maintenance,
      now,
    });
  }

  /** `condition`: the caller's read decision; only the records it matches are counted. */
  async kpis(
    scope: KpiScope,
    now: string,
    condition?: RecordCondition,
  ): Promise<KpiReport> {
    const to = scope.to ?? now;
    const from =
      scope.from ??
      DateTime.fromISO(to).minus({ days: DEFAULT_KPI_DAYS }).toUTC().toISO()!;
    if (to <= from) throw new InputError('to: must be after from');

    let serviceIds: string[] | undefined;
    if (scope.owner) {
      const services = await this.store.listServices({
        owner: scope.owner,
        limit: 500,
      });
      serviceIds = services.items.map(s => s.id);
    }
    if (scope.serviceId)
      serviceIds = serviceIds
        ? serviceIds.filter(id => id === scope.serviceId)
        : [scope.serviceId];

    const incidents = await this.store.findIncidents({
      entityRef: scope.entityRef,
      serviceIds,
      from,
      to,
      condition,
    });
    const slas = await this.incidentSlas(incidents, now);
    const kpiIncidents: KpiIncident[] = incidents.map(i => {
      const sla = slas.get(i.id);
      return {
        id: i.id,
        priority: i.priority,
        state: i.state,
        source: i.source,
        openedAt: i.openedAt,
        acknowledgedAt: i.acknowledgedAt,
        resolvedAt: i.resolvedAt,
        supportLevel: i.supportLevel,
        escalated: i.escalated,
        problemId: i.problemId,
        responseBreached: sla ? decided(sla.response.state) : null,
        resolutionBreached: sla ? decided(sla.resolution.state) : null,
      };
    });

    let entityRefs: string[] | undefined;
    if (scope.entityRef) entityRefs = [scope.entityRef];
    else if (serviceIds) {
      const services = await this.store.getServices(serviceIds);
      entityRefs = [...new Set(services.flatMap(s => s.entityRefs))];
    }
    const changes =
      entityRefs && entityRefs.length === 0
        ? []
        : await this.store.findChanges({ entityRefs, from, to, condition });
    const caused = await this.store.incidentIdsByCause(changes.map(c => c.id));
    const kpiChanges: KpiChange[] = changes.map(c => ({
      id: c.id,
      state: c.state,
      outcome: c.outcome,
      causedIncidentCount: caused.get(c.id)?.length ?? 0,
      closedAt: c.closedAt,
    }));
    const problemIds = [
      ...new Set(incidents.map(i => i.problemId).filter(Boolean) as string[]),
    ];
    const problems = condition
      ? (
          await this.store.listProblems({
            ids: problemIds,
            condition,
            limit: 500,
          })
        ).items
      : await this.store.getProblems(problemIds);
    return computeKpis({
      from,
      to,
      now,
      incidents: kpiIncidents,
      changes: kpiChanges,
      problems: problems.map(p => ({
        id: p.id,
        number: p.number,
        title: p.title,
      })),
    });
  }
}

/** true = breached, false = met, null = still running (not counted in fulfilment yet). */
function decided(state: string): boolean | null {
  if (state === 'breached') return true;
  if (state === 'met') return false;
  return null;
}
