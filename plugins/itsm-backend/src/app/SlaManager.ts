import { InputError } from '@backstage/errors';
import {
  CreateSlaRequest,
  ListParams,
  Page,
  Sla,
  UpdateSlaRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { validateCalendar } from '../domain/sla/calendar';
import { ItsmStore } from '../store/ItsmStore';
import { ActionContext } from './context';
import {
  applyUpdate,
  newRecordMeta,
  requireRecord,
  SLA_RECORDS,
} from './recordWrites';
import { defined, requireVersion } from './validation';

function checkCalendar(calendar: unknown) {
  const problems = validateCalendar(calendar, 'calendar');
  if (problems.length) throw new InputError(problems.join('; '));
}

function checkTargets(targets: Sla['targets']) {
  for (const p of ['P1', 'P2', 'P3', 'P4'] as const) {
    const t = targets[p];
    if (t.resolutionMinutes < t.responseMinutes) {
      throw new InputError(
        `targets.${p}.resolutionMinutes: must not be shorter than responseMinutes (${t.responseMinutes})`,
      );
    }
  }
}

/** SLAs: availability target, calendar and per-priority response/resolution targets. */
export class SlaManager {
  constructor(private readonly store: ItsmStore) {}

  async create(body: CreateSlaRequest, ctx: ActionContext): Promise<Sla> {
    checkCalendar(body.calendar);
    checkTargets(body.targets);
    const sla: Sla = {
      ...newRecordMeta(ctx),
      name: body.name,
      description: body.description ?? null,
      availabilityTarget: body.availabilityTarget,
      calendar: body.calendar,
      targets: body.targets,
    };
    await this.store.transaction(async tx => {
      await tx.insertSla(sla);
      await tx.appendHistory([
        {
          recordType: 'sla',
          recordId: sla.id,
          at: ctx.now,
          actor: ctx.actor,
          action: 'created',
          changes: {},
        },
      ]);
    });
    return sla;
  }

  async update(
    id: string,
    body: UpdateSlaRequest,
    ctx: ActionContext,
  ): Promise<Sla> {
    const { version, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<Sla>;
    if (patch.calendar !== undefined) checkCalendar(patch.calendar);
    return this.store.transaction(async tx => {
      const current = await requireRecord(tx, SLA_RECORDS, id);
      if (patch.targets) checkTargets(patch.targets);
      return applyUpdate(
        tx,
        SLA_RECORDS,
        current,
        { version, patch, action: 'updated' },
        ctx,
      );
    });
  }

  get(id: string): Promise<Sla> {
    return requireRecord(this.store, SLA_RECORDS, id);
  }

  list(params: ListParams): Promise<Page<Sla>> {
    return this.store.listSlas(params);
  }
}
