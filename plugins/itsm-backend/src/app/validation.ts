import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

/** Width of the entity ref columns (`*_ref`, `entity_ref`, `created_by`, …) in the migrations. */
export const MAX_REF_LENGTH = 300;

/** The largest value of an `integer` column on every supported database (32-bit signed). */
export const MAX_INT32 = 2147483647;

/**
 * No database column takes NUL (PostgreSQL refuses it in text) and no field has a use for the
 * other C0 controls or DEL: refs, ids, keys and query parameters may hold none of them, free
 * text keeps tab, line feed and carriage return.
 */
// eslint-disable-next-line no-control-regex
export const ANY_CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Record ids are `crypto.randomUUID()` strings (36 characters, the width of the id columns). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Instants are stored as fixed-width ISO text (`2026-11-23T10:00:00.000Z`, 24 characters). */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Normalizes an entity ref to the full lower-case form `kind:namespace/name`, which is how refs
 * are stored and compared. A bare name means a component in the default namespace.
 */
export function normalizeEntityRef(
  ref: string,
  field: string,
  defaultKind = 'component',
): string {
  let normalized: string;
  try {
    normalized = stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(`${field}: '${ref}' is not a valid entity ref (${(e as Error).message})`);
  }
  // The schema bounds what the client sends; a short ref grows by its default kind and
  // namespace, and the stored form has to fit the ref columns.
  if (normalized.length > MAX_REF_LENGTH) {
    throw new InputError(
      `${field}: the entity ref '${normalized.slice(0, 40)}…' is longer than ${MAX_REF_LENGTH} characters in its full form kind:namespace/name`,
    );
  }
  return normalized;
}

/** Canonical ISO UTC text (fixed width, sortable) of an instant given by a client. */
export function normalizeInstant(value: string, field: string): string {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) {
    throw new InputError(`${field}: '${value}' is not an ISO-8601 date-time`);
  }
  const utc = dt.toUTC().toISO()!;
  // An offset can move 9999-12-31 into year 10000 (or 0000 before year 1), which has no
  // fixed-width form and would not fit the 24-character timestamp columns.
  if (!STORED_INSTANT.test(utc) || utc < '0001') {
    throw new InputError(`${field}: '${value}' is out of range (years 0001 to 9999 in UTC)`);
  }
  return utc;
}

export function optionalInstant(
  value: string | null | undefined,
  field: string,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  return normalizeInstant(value, field);
}

/** Field-level differences for the history; only fields present in `after` are compared. */
export function diffFields<T extends Record<string, any>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    if (b === undefined) continue;
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      changes[key] = { from: a ?? null, to: b ?? null };
    }
  }
  return changes;
}

/** Removes undefined entries so partial updates only touch what was sent. */
export function defined<T extends Record<string, any>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined) (out as any)[k] = v;
  }
  return out;
}

/**
 * The `version` an update is based on (optimistic concurrency): from the body or, via the
 * router, the If-Match header. Without it the update is refused.
 */
export function requireVersion(version: number | undefined): number {
  if (version === undefined) {
    throw new InputError('version: required, the version of the record your change is based on (or an If-Match header)');
  }
  if (!Number.isInteger(version) || version < 1 || version > MAX_INT32) {
    throw new InputError(`version: must be an integer from 1 to ${MAX_INT32}`);
  }
  return version;
}
