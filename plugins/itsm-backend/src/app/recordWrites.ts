import { NotFoundError } from '@backstage/errors';
import {
  ItsmRecordType,
  Problem,
  RecordMeta,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { ItsmStore, MetaInput, ReadOptions } from '../store/ItsmStore';
import {
  publicChange,
  publicIncident,
  StoredChange,
  StoredIncident,
} from '../store/rows';
import { ActionContext } from './context';
import { diffFields, FieldChanges } from './validation';

/*
 * The write sequence every manager repeats — read the record (404), diff the patch against
 * it, versioned update, history entry, reload — written once. The record types differ only in
 * their store methods, named here.
 */

/** How the write helpers read and update one record type. */
export interface RecordAccess<S extends { id: string }> {
  recordType: ItsmRecordType;
  /** The noun of the 404 message: "No incident with id …". */
  noun: string;
  get(
    store: ItsmStore,
    id: string,
    options?: ReadOptions,
  ): Promise<S | undefined>;
  update(
    store: ItsmStore,
    id: string,
    version: number,
    patch: Partial<S>,
    meta: MetaInput,
  ): Promise<void>;
  /** The fields the history compares: the public record, without store-only fields. */
  shown(record: S): object;
}

export const SLA_RECORDS: RecordAccess<Sla> = {
  recordType: 'sla',
  noun: 'SLA',
  get: (store, id) => store.getSla(id),
  update: (store, ...args) => store.updateSla(...args),
  shown: sla => sla,
};

export const SERVICE_RECORDS: RecordAccess<Service> = {
  recordType: 'service',
  noun: 'service',
  get: (store, id) => store.getService(id),
  update: (store, ...args) => store.updateService(...args),
  shown: service => service,
};

export const INCIDENT_RECORDS: RecordAccess<StoredIncident> = {
  recordType: 'incident',
  noun: 'incident',
  get: (store, id, options) => store.getIncident(id, options),
  update: (store, ...args) => store.updateIncident(...args),
  shown: publicIncident,
};

export const PROBLEM_RECORDS: RecordAccess<Problem> = {
  recordType: 'problem',
  noun: 'problem',
  get: (store, id) => store.getProblem(id),
  update: (store, ...args) => store.updateProblem(...args),
  shown: problem => problem,
};

export const CHANGE_RECORDS: RecordAccess<StoredChange> = {
  recordType: 'change',
  noun: 'change',
  get: (store, id, options) => store.getChange(id, options),
  update: (store, ...args) => store.updateChange(...args),
  shown: publicChange,
};

/** The record, or the API's 404 (`No incident with id …`). */
export async function requireRecord<S extends { id: string }>(
  store: ItsmStore,
  access: RecordAccess<S>,
  id: string,
  options?: ReadOptions,
): Promise<S> {
  const record = await access.get(store, id, options);
  if (!record) throw new NotFoundError(`No ${access.noun} with id ${id}`);
  return record;
}

/** The meta fields of a record created now by the actor (the store numbers it on insert). */
export function newRecordMeta(ctx: ActionContext): RecordMeta {
  return {
    id: randomUUID(),
    version: 1,
    createdAt: ctx.now,
    createdBy: ctx.actor,
    updatedAt: ctx.now,
    updatedBy: ctx.actor,
  };
}

export interface RecordUpdate<S> {
  /** The version the caller read (optimistic concurrency: a stale one is a 409). */
  version: number;
  patch: Partial<S>;
  /** The history action: `updated`, `transition`, `approval`, … */
  action: string;
  /** When the history says it happened; the request time by default (imports backdate). */
  at?: string;
  comment?: string | null;
  /** Patched fields the history leaves out (derived ones, such as conflicts). */
  unrecorded?: string[];
  /** History changes recorded besides the field diff (e.g. the vote cast). */
  extraChanges?: FieldChanges;
  /** The history changes instead of the field diff. */
  changes?: FieldChanges;
  /** A history entry even when no field changed (transitions and votes always say so). */
  alwaysRecord?: boolean;
  /** Leave the row (and its version) alone when the patch is empty. */
  skipEmptyPatch?: boolean;
}

/**
 * Diff → versioned update → history → reload, in the caller's transaction, on the record as
 * read in it. History is written when a field changed, a comment was given, or `alwaysRecord`.
 */
export async function applyUpdate<S extends { id: string }>(
  tx: ItsmStore,
  access: RecordAccess<S>,
  current: S,
  update: RecordUpdate<S>,
  ctx: ActionContext,
): Promise<S> {
  const diff =
    update.changes ?? diffFields(access.shown(current), update.patch);
  for (const field of update.unrecorded ?? []) delete diff[field];
  const changes = { ...update.extraChanges, ...diff };
  if (!update.skipEmptyPatch || Object.keys(update.patch).length) {
    await access.update(tx, current.id, update.version, update.patch, {
      actor: ctx.actor,
      at: ctx.now,
    });
  }
  if (update.alwaysRecord || Object.keys(changes).length || update.comment) {
    await tx.appendHistory([
      {
        recordType: access.recordType,
        recordId: current.id,
        at: update.at ?? ctx.now,
        actor: ctx.actor,
        action: update.action,
        changes,
        comment: update.comment ?? null,
      },
    ]);
  }
  return requireRecord(tx, access, current.id);
}
