import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

// Entity refs are normalized where the catalog is known (catalog/); the API validates them too.
export { MAX_REF_LENGTH, normalizeEntityRef } from '../catalog/entityRefs';

/** The largest value of an `integer` column on every supported database (32-bit signed). */
export const MAX_INT32 = 2147483647;

/**
 * No database column takes NUL (PostgreSQL refuses it in text) and no field has a use for the
 * other C0 controls or DEL: refs, ids, keys and query parameters may hold none of them, free
 * text keeps tab, line feed and carriage return.
 */
// eslint-disable-next-line no-control-regex
export const ANY_CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
export const CONTROL_CHARACTER_IN_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Record ids are `crypto.randomUUID()` strings (36 characters, the width of the id columns). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Instants are stored as fixed-width ISO text (`2026-11-23T10:00:00.000Z`, 24 characters). */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
    throw new InputError(
      `${field}: '${value}' is out of range (years 0001 to 9999 in UTC)`,
    );
  }
  return utc;
}

/** Field-level differences as the history records them. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Field-level differences for the history; only fields present in `after` are compared. */
export function diffFields(before: object, after: object): FieldChanges {
  const old = new Map<string, unknown>(Object.entries(before));
  const changes: FieldChanges = {};
  for (const [key, b] of Object.entries(after)) {
    if (b === undefined) continue;
    const a = old.get(key);
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      changes[key] = { from: a ?? null, to: b ?? null };
    }
  }
  return changes;
}

/** Removes undefined entries so partial updates only touch what was sent. */
export function defined<T extends object>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(obj) as Array<keyof T>) {
    if (obj[key] !== undefined) out[key] = obj[key];
  }
  return out;
}

/**
 * The `version` an update is based on (optimistic concurrency): from the body or, via the
 * router, the If-Match header. Without it the update is refused.
 */
export function requireVersion(version: number | undefined): number {
  if (version === undefined) {
    throw new InputError(
      'version: required, the version of the record your change is based on (or an If-Match header)',
    );
  }
  if (!Number.isInteger(version) || version < 1 || version > MAX_INT32) {
    throw new InputError(`version: must be an integer from 1 to ${MAX_INT32}`);
  }
  return version;
}
