import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

/**
 * Normalizes an entity ref to the full lower-case form `kind:namespace/name`, which is how refs
 * are stored and compared. A bare name means a component in the default namespace.
 */
export function normalizeEntityRef(
  ref: string,
  field: string,
  defaultKind = 'component',
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(`${field}: '${ref}' is not a valid entity ref (${(e as Error).message})`);
  }
}

/** Canonical ISO UTC text (fixed width, sortable) of an instant given by a client. */
export function normalizeInstant(value: string, field: string): string {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) {
    throw new InputError(`${field}: '${value}' is not an ISO-8601 date-time`);
  }
  return dt.toUTC().toISO()!;
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
  return version;
}
