import { InputError } from '@backstage/errors';
import { normalizeEntityRef, normalizeInstant } from '../../app/validation';

/*
 * Query parameters as the application layer takes them. The OpenAPI validator has already
 * checked each value against src/schema/openapi.yaml (types, bounds, enums); what is left here
 * is what a schema cannot say: an empty value means "not given", refs get their default kind
 * and namespace, instants become ISO UTC.
 */

/** A text parameter; empty (`?q=`) counts as not given. */
export function parseText<T extends string>(
  value: T | undefined,
): T | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An integer parameter (the validator coerces it; anything else is 400 naming the field). */
export function parseInteger(
  value: number | string | undefined,
  field: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new InputError(`${field}: must be an integer`);
  return n;
}

/** A repeatable parameter (`?state=new&state=closed`): one value or several, as a list. */
export function parseList<T extends string>(
  value: T | T[] | undefined,
): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** An entity ref parameter in its full form; `kind` is the default kind of a short ref. */
export function parseEntityRef(
  value: string | undefined,
  field: string,
  kind?: string,
): string | undefined {
  return value ? normalizeEntityRef(value, field, kind) : undefined;
}

/** An instant parameter as ISO UTC. */
export function parseInstant(
  value: string | undefined,
  field: string,
): string | undefined {
  return value ? normalizeInstant(value, field) : undefined;
}

/** The query every record list takes (GET /services, /incidents, /problems, /changes). */
export interface ListQuery {
  q?: string;
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
  entityRef?: string;
  owner?: string;
  from?: string;
  to?: string;
}

/** Paging, free text, order, and the entity, owner and time scope of a record list. */
export function parseListQuery(query: ListQuery) {
  return {
    q: parseText(query.q),
    limit: parseInteger(query.limit, 'limit'),
    cursor: parseText(query.cursor),
    order: parseText(query.order),
    entityRef: parseEntityRef(query.entityRef, 'entityRef'),
    owner: parseEntityRef(query.owner, 'owner', 'group'),
    from: parseInstant(query.from, 'from'),
    to: parseInstant(query.to, 'to'),
  };
}
