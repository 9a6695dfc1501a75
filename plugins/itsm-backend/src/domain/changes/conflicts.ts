/*
 * Conflict detection for a change's planned window. Computed when a change is created,
 * rescheduled or reviewed.
 *
 * Pure module: no I/O, no clock. The caller loads the other changes, the catalog relations,
 * the freeze windows (config) and the services' maintenance windows.
 *
 * Kinds:
 * - `overlap`: another change on one of the same entities with an overlapping window (one
 *   conflict per other change and shared entity).
 * - `dependency_overlap`: another change with an overlapping window on an entity one hop
 *   away in the catalog (`dependsOn` / `dependencyOf`, either direction, looked up on both
 *   sides); one conflict per other change and dependent entity. Entities already reported
 *   as `overlap` for that change are not reported again.
 * - `freeze`: the window overlaps a freeze (blackout) period. A freeze with `entityRefs`
 *   only applies to changes on one of those entities. Blocking for normal and standard
 *   changes, a warning (not blocking) for emergency changes.
 * - `maintenance_window`: an entity has a maintenance window and the whole planned window
 *   does not lie within one contiguous maintenance interval (adjacent intervals, e.g.
 *   sat 22:00–24:00 and sun 00:00–04:00, join up). Evaluated with Luxon in the window's
 *   timezone, so DST is handled. An interval whose end is before its start runs past
 *   midnight. A warning (not blocking).
 *
 * Decisions:
 * - Windows are half-open: a change ending at 10:00 does not overlap one starting at 10:00.
 * - A change without a complete, valid planned window (missing, unparsable, end <= start)
 *   has no conflicts; other changes without one are ignored, as are closed and canceled
 *   ones and the change itself (same id).
 * - Instants without an offset are read as UTC.
 * - Entity refs are compared case-insensitively; messages use the refs as given.
 */
import { DateTime, IANAZone } from 'luxon';
import {
  WEEKDAYS,
  type ChangeConflict,
  type ChangeState,
  type ChangeType,
  type MaintenanceWindow,
} from '@backstage-itsm/plugin-itsm-common';

/** Catalog relations of entities, keyed by entity ref (`kind:namespace/name`). @public */
export type EntityRelationsMap = Record<
  string,
  { dependsOn: string[]; dependencyOf: string[] }
>;

/** @public */
export interface FreezeWindow {
  name: string;
  /** ISO instant. */
  start: string;
  /** ISO instant. */
  end: string;
  /** When set, the freeze only applies to changes on these entities. */
  entityRefs?: string[];
}

/** @public */
export interface ConflictSubject {
  id?: string;
  type: ChangeType;
  entityRefs: string[];
  plannedStart: string | null;
  plannedEnd: string | null;
}

/** @public */
export interface OtherChange {
  id: string;
  number: string;
  title: string;
  entityRefs: string[];
  plannedStart: string | null;
  plannedEnd: string | null;
  state: ChangeState;
}

/** @public */
export interface DetectConflictsInput {
  change: ConflictSubject;
  otherChanges: OtherChange[];
  relations: EntityRelationsMap;
  freezeWindows: FreezeWindow[];
  maintenanceWindows: Record<string, MaintenanceWindow | null | undefined>;
}

/** A catalog entity as far as relations go. @public */
export interface EntityWithRelations {
  kind: string;
  metadata: { name: string; namespace?: string };
  relations?: Array<{ type: string; targetRef: string }>;
}

const INACTIVE: readonly ChangeState[] = ['closed', 'canceled'];
const MAX_DAYS = 400;

type Span = { start: number; end: number };

const norm = (ref: string) => ref.trim().toLocaleLowerCase('en-US');

function parseInstant(value: string | null | undefined): number | null {
  if (!value) return null;
  const dt = DateTime.fromISO(value, { zone: 'utc' });
  return dt.isValid ? dt.toMillis() : null;
}

function parseSpan(
  start: string | null | undefined,
  end: string | null | undefined,
): Span | null {
  const s = parseInstant(start);
  const e = parseInstant(end);
  if (s === null || e === null || e <= s) return null;
  return { start: s, end: e };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function fmtUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' })
    .setLocale('en-US')
    .toFormat('yyyy-LL-dd HH:mm');
}

function fmtSpanUtc(span: Span): string {
  return `${fmtUtc(span.start)} – ${fmtUtc(span.end)} UTC`;
}

/** `kind:namespace/name`, lower-cased; the namespace defaults to `default`. @public */
export function entityRefOf(entity: EntityWithRelations): string {
  return norm(
    `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`,
  );
}

/**
 * Builds the relations map from catalog entities (`dependsOn` and `dependencyOf` relations).
 * Keys and targets are lower-cased entity refs.
 * @public
 */
export function relationsFromEntities(
  entities: EntityWithRelations[],
): EntityRelationsMap {
  const map: EntityRelationsMap = {};
  for (const entity of entities) {
    const key = entityRefOf(entity);
    const entry = (map[key] ??= { dependsOn: [], dependencyOf: [] });
    for (const rel of entity.relations ?? []) {
      if (rel.type !== 'dependsOn' && rel.type !== 'dependencyOf') continue;
      const target = norm(rel.targetRef);
      if (!entry[rel.type].includes(target)) entry[rel.type].push(target);
    }
  }
  return map;
}

/** Unions several relations maps (keys and targets lower-cased, deduplicated). @public */
export function mergeRelations(
  ...maps: EntityRelationsMap[]
): EntityRelationsMap {
  const out: EntityRelationsMap = {};
  for (const map of maps) {
    for (const [ref, rel] of Object.entries(map)) {
      const entry = (out[norm(ref)] ??= { dependsOn: [], dependencyOf: [] });
      for (const type of ['dependsOn', 'dependencyOf'] as const) {
        for (const target of rel[type] ?? []) {
          const t = norm(target);
          if (!entry[type].includes(t)) entry[type].push(t);
        }
      }
    }
  }
  return out;
}

/** How `a` and `b` are related, one hop, looked up on both sides. */
function relationBetween(
  relations: Map<string, { dependsOn: Set<string>; dependencyOf: Set<string> }>,
  a: string,
  b: string,
): 'a_depends_on_b' | 'b_depends_on_a' | null {
  const ra = relations.get(a);
  const rb = relations.get(b);
  if (ra?.dependsOn.has(b) || rb?.dependencyOf.has(a)) return 'a_depends_on_b';
  if (ra?.dependencyOf.has(b) || rb?.dependsOn.has(a)) return 'b_depends_on_a';
  return null;
}

function parseWallClock(
  value: string,
): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value ?? '');
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) return null;
  return { hour, minute };
}

/**
 * The maintenance intervals (absolute, merged when contiguous) around a span, or null when
 * the timezone is invalid.
 */
function maintenanceSpans(mw: MaintenanceWindow, around: Span): Span[] | null {
  if (!IANAZone.isValidZone(mw.timezone)) return null;
  const zone = mw.timezone;
  const first = DateTime.fromMillis(around.start, { zone })
    .startOf('day')
    .minus({ days: 1 });
  const last = DateTime.fromMillis(around.end, { zone })
    .startOf('day')
    .plus({ days: 1 });
  const spans: Span[] = [];
  let day = first;
  for (
    let i = 0;
    day <= last && i < MAX_DAYS;
    i++, day = day.plus({ days: 1 })
  ) {
    const weekday = WEEKDAYS[day.weekday - 1];
    for (const interval of mw.hours[weekday] ?? []) {
      const from = parseWallClock(interval?.[0]);
      const to = parseWallClock(interval?.[1]);
      if (!from || !to || from.hour === 24) continue;
      const start = day.set({ hour: from.hour, minute: from.minute });
      let end =
        to.hour === 24
          ? day.plus({ days: 1 })
          : day.set({ hour: to.hour, minute: to.minute });
      if (end.toMillis() === start.toMillis()) continue;
      if (end < start) end = end.plus({ days: 1 });
      spans.push({ start: start.toMillis(), end: end.toMillis() });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const prev = merged[merged.length - 1];
    if (prev && s.start <= prev.end) prev.end = Math.max(prev.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

function describeMaintenanceWindow(mw: MaintenanceWindow): string {
  const parts: string[] = [];
  for (const day of WEEKDAYS) {
    for (const [from, to] of mw.hours[day] ?? [])
      parts.push(`${day} ${from}–${to}`);
  }
  return `${parts.length ? parts.join(', ') : 'no hours'} ${mw.timezone}`;
}

/**
 * The conflicts of a change's planned window.
 * @public
 */
export function detectConflicts(input: DetectConflictsInput): ChangeConflict[] {
  const { change } = input;
  const window = parseSpan(change.plannedStart, change.plannedEnd);
  if (!window) return [];

  const conflicts: ChangeConflict[] = [];
  const mine = new Map<string, string>(); // normalized → as given
  for (const ref of change.entityRefs)
    if (!mine.has(norm(ref))) mine.set(norm(ref), ref);

  const relations = new Map<
    string,
    { dependsOn: Set<string>; dependencyOf: Set<string> }
  >();
  for (const [ref, rel] of Object.entries(input.relations ?? {})) {
    const key = norm(ref);
    const entry = relations.get(key) ?? {
      dependsOn: new Set(),
      dependencyOf: new Set(),
    };
    (rel?.dependsOn ?? []).forEach(t => entry.dependsOn.add(norm(t)));
    (rel?.dependencyOf ?? []).forEach(t => entry.dependencyOf.add(norm(t)));
    relations.set(key, entry);
  }

  // Other changes: overlap and dependency_overlap.
  const dependencyConflicts: ChangeConflict[] = [];
  for (const other of input.otherChanges) {
    if (change.id !== undefined && other.id === change.id) continue;
    if (INACTIVE.includes(other.state)) continue;
    const span = parseSpan(other.plannedStart, other.plannedEnd);
    if (!span || !overlaps(window, span)) continue;

    const label = `${other.number} "${other.title}"`;
    const when = fmtSpanUtc(span);
    const seen = new Set<string>();
    for (const ref of other.entityRefs) {
      const key = norm(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      if (mine.has(key)) {
        conflicts.push({
          kind: 'overlap',
          changeId: other.id,
          entityRef: mine.get(key)!,
          message: `${label} also changes ${mine.get(
            key,
          )} in an overlapping window (${when})`,
          blocking: false,
        });
        continue;
      }
      for (const [myKey, myRef] of mine) {
        const relation = relationBetween(relations, myKey, key);
        if (!relation) continue;
        const how =
          relation === 'a_depends_on_b'
            ? `which ${myRef} depends on`
            : `which depends on ${myRef}`;
        dependencyConflicts.push({
          kind: 'dependency_overlap',
          changeId: other.id,
          entityRef: ref,
          message: `${label} changes ${ref}, ${how}, in an overlapping window (${when})`,
          blocking: false,
        });
        break;
      }
    }
  }
  conflicts.push(...dependencyConflicts);

  // Freezes.
  const blockingFreeze = change.type !== 'emergency';
  for (const freeze of input.freezeWindows ?? []) {
    const span = parseSpan(freeze.start, freeze.end);
    if (!span || !overlaps(window, span)) continue;
    let affected: string[];
    if (freeze.entityRefs && freeze.entityRefs.length > 0) {
      const frozen = new Set(freeze.entityRefs.map(norm));
      affected = [...mine.entries()]
        .filter(([k]) => frozen.has(k))
        .map(([, v]) => v);
      if (affected.length === 0) continue;
    } else {
      affected = [...mine.values()];
    }
    const scope = affected.length ? ` on ${affected.join(', ')}` : '';
    const consequence = blockingFreeze
      ? `${change.type} changes are blocked during a freeze; reschedule it or make it an emergency change`
      : 'allowed for an emergency change, proceed with care';
    conflicts.push({
      kind: 'freeze',
      entityRef: affected[0] ?? '',
      message: `The planned window overlaps the freeze "${
        freeze.name
      }" (${fmtSpanUtc(span)})${scope}: ${consequence}`,
      blocking: blockingFreeze,
    });
  }

  // Maintenance windows.
  const windows = new Map<string, MaintenanceWindow>();
  for (const [ref, mw] of Object.entries(input.maintenanceWindows ?? {})) {
    if (mw) windows.set(norm(ref), mw);
  }
  for (const [key, ref] of mine) {
    const mw = windows.get(key);
    if (!mw) continue;
    const spans = maintenanceSpans(mw, window);
    if (spans === null) {
      conflicts.push({
        kind: 'maintenance_window',
        entityRef: ref,
        message: `The maintenance window of ${ref} has an invalid timezone "${mw.timezone}"; the planned window could not be checked against it`,
        blocking: false,
      });
      continue;
    }
    if (spans.some(s => s.start <= window.start && window.end <= s.end))
      continue;
    const zone = mw.timezone;
    const local = (ms: number) =>
      DateTime.fromMillis(ms, { zone })
        .setLocale('en-US')
        .toFormat('ccc yyyy-LL-dd HH:mm');
    conflicts.push({
      kind: 'maintenance_window',
      entityRef: ref,
      message: `The planned window (${local(window.start)} – ${local(
        window.end,
      )} ${zone}) is outside the maintenance window of ${ref} (${describeMaintenanceWindow(
        mw,
      )})`,
      blocking: false,
    });
  }

  return conflicts;
}

/** Whether any conflict blocks authorization. @public */
export function hasBlockingConflict(conflicts: ChangeConflict[]): boolean {
  return conflicts.some(c => c.blocking);
}

/**
 * The conflict without the other change's title, for a caller who may not read that change:
 * the message starts with the other change's label, `CHG-1001 "title"`, followed by
 * ` also changes <entityRef> ` (overlap) or ` changes <entityRef>, ` (dependency_overlap).
 * The title may hold anything (quotes, those very words), so the label ends at the last such
 * tail; a message of another shape is replaced by one naming the number only.
 */
export function conflictWithoutTitle(
  conflict: ChangeConflict,
  otherNumber: string,
): ChangeConflict {
  const { message, entityRef } = conflict;
  if (!message.startsWith(`${otherNumber} "`)) return conflict;
  for (const tail of [
    `" also changes ${entityRef} `,
    `" changes ${entityRef}, `,
  ]) {
    const at = message.lastIndexOf(tail);
    if (at >= otherNumber.length + 1)
      return { ...conflict, message: `${otherNumber}${message.slice(at + 1)}` };
  }
  return { ...conflict, message: `${otherNumber} overlaps this change` };
}
