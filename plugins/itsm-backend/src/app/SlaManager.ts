import { InputError, NotFoundError } from '@backstage/errors';
import {
  CreateSlaRequest,
  ListParams,
  Page,
  Sla,
  UpdateSlaRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { validateCalendar } from '../domain/sla/calendar';
import { DatabaseItsmStore } from '../store/DatabaseItsmStore';
import { ActionContext } from './context';
import { defined, diffFields, requireVersion } from './validation';

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
  constructor(private readonly store: DatabaseItsmStore) {}

  async create(body: CreateSlaRequest, ctx: ActionContext): Promise<Sla> {
    checkCalendar(body.calendar);
    checkTargets(body.targets);
    const sla: Sla = {
      id: randomUUID(),
      version: 1,
      createdAt: ctx.now,
      createdBy: ctx.actor,
      updatedAt: ctx.now,
      updatedBy: ctx.actor,
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

  async update(id: string, body: UpdateSlaRequest, ctx: ActionContext): Promise<Sla> {
    const { version, ...rest } = body;
    requireVersion(version);
    const patch = defined(rest) as Partial<Sla>;
    if (patch.calendar !== undefined) checkCalendar(patch.calendar);
    return this.store.transaction(async tx => {
      const current = await tx.getSla(id);
      if (!current) throw new NotFoundError(`No SLA with id ${id}`);
      if (patch.targets) checkTargets(patch.targets);
      const changes = diffFields(current, patch);
      await tx.updateSla(id, version, patch, { actor: ctx.actor, at: ctx.now });
      if (Object.keys(changes).length) {
        await tx.appendHistory([
          { recordType: 'sla', recordId: id, at: ctx.now, actor: ctx.actor, action: 'updated', changes },
        ]);
      }
      return (await tx.getSla(id))!;
    });
  }

  async get(id: string): Promise<Sla> {
    const sla = await this.store.getSla(id);
    if (!sla) throw new NotFoundError(`No SLA with id ${id}`);
    return sla;
  }

  list(params: ListParams): Promise<Page<Sla>> {
    return this.store.listSlas(params);
  }
}
