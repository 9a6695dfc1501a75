import { InputError } from '@backstage/errors';
import { Knex } from 'knex';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface PageRequest {
  limit?: number;
  cursor?: string;
  /** A column (or a safe SQL expression from a fixed allow-list) to order by. */
  sortColumn: string;
  order: 'asc' | 'desc';
}

interface CursorPayload {
  v: string | number | null;
  id: string;
}

export function encodeCursor(
  value: string | number | null,
  id: string,
): string {
  return Buffer.from(
    JSON.stringify({ v: value, id } as CursorPayload),
  ).toString('base64url');
}

/** Integer sort columns (the human readable number and the criticality); all others are text. */
const INTEGER_SORT_COLUMN = /\.(seq|criticality)$/;
const MAX_INT32 = 2147483647;
// Names and titles may hold tabs and line breaks, which therefore may be in a cursor.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function sortColumnType(sortColumn: string): 'integer' | 'text' {
  return INTEGER_SORT_COLUMN.test(sortColumn) ? 'integer' : 'text';
}

/** The cursor's sort value if it has the column's type and fits it; undefined otherwise. */
function cursorValue(
  v: unknown,
  sortType: 'integer' | 'text',
): CursorPayload['v'] | undefined {
  if (v === null) return null;
  if (sortType === 'integer') {
    return typeof v === 'number' &&
      Number.isInteger(v) &&
      Math.abs(v) <= MAX_INT32
      ? v
      : undefined;
  }
  return typeof v === 'string' && v.length <= 300 && !CONTROL.test(v)
    ? v
    : undefined;
}

/**
 * The cursor is client input: its value is compared with the sort column in SQL, so it has to
 * have the column's type and fit it (an integer within 32 bits, text of at most 300 characters
 * without NUL or other control characters), and its id has to fit the id columns (36
 * characters). Anything else is 400, never a database error.
 */
export function decodeCursor(
  cursor: string,
  sortType: 'integer' | 'text' = 'text',
): CursorPayload {
  let parsed: { v?: unknown; id?: unknown } | undefined;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    parsed = typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    parsed = undefined;
  }
  const v = cursorValue(parsed?.v, sortType);
  const id = parsed?.id;
  const validId =
    typeof id === 'string' && id.length <= 36 && !CONTROL.test(id);
  if (!parsed || v === undefined || !validId) {
    throw new InputError('cursor: invalid, not a cursor returned by this API');
  }
  return { v, id };
}

/**
 * Keyset pagination on (sortColumn, id): stable under concurrent inserts, no OFFSET scans.
 * The sort column must never be NULL (callers wrap nullable columns in COALESCE).
 */
export async function paginate<R extends { id: string }>(
  knex: Knex | Knex.Transaction,
  base: Knex.QueryBuilder,
  request: PageRequest,
  idColumn: string,
): Promise<{ rows: R[]; totalCount: number; nextCursor: string | null }> {
  const limit = Math.min(
    Math.max(request.limit ?? DEFAULT_LIMIT, 1),
    MAX_LIMIT,
  );

  const countRow: { count?: number | string } | undefined = await base
    .clone()
    .clearSelect()
    .clearOrder()
    .count({ count: '*' })
    .first();
  const totalCount = Number(countRow?.count ?? 0);

  // The sort column may be an expression (coalesce …) from the fixed allow-list, hence raw.
  const query = base
    .clone()
    .select(knex.raw(`${request.sortColumn} as sort_key`))
    .orderByRaw(
      `${request.sortColumn} ${request.order === 'asc' ? 'asc' : 'desc'}`,
    )
    .orderBy(idColumn, request.order)
    .limit(limit + 1);

  if (request.cursor) {
    const { v, id } = decodeCursor(
      request.cursor,
      sortColumnType(request.sortColumn),
    );
    const op = request.order === 'asc' ? '>' : '<';
    query.where(builder =>
      builder
        .whereRaw(`${request.sortColumn} ${op} ?`, [v])
        .orWhere(inner =>
          inner
            .whereRaw(`${request.sortColumn} = ?`, [v])
            .andWhere(idColumn, op, id),
        ),
    );
  }

  const rows: Array<R & { sort_key: string | number | null }> = await query;
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    totalCount,
    nextCursor: hasMore && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}
