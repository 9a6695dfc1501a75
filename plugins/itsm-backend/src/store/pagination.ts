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

export function encodeCursor(value: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify({ v: value, id } as CursorPayload)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPayload {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.id !== 'string') throw new Error('no id');
    return parsed as CursorPayload;
  } catch {
    throw new InputError('cursor: not a cursor returned by this API');
  }
}

/**
 * Keyset pagination on (sortColumn, id): stable under concurrent inserts, no OFFSET scans.
 * The sort column must never be NULL (callers wrap nullable columns in COALESCE).
 */
export async function paginate<R extends Record<string, any>>(
  knex: Knex | Knex.Transaction,
  base: Knex.QueryBuilder,
  request: PageRequest,
  idColumn: string,
): Promise<{ rows: R[]; totalCount: number; nextCursor: string | null }> {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const sortExpr = knex.raw(request.sortColumn);

  const countRow = await base
    .clone()
    .clearSelect()
    .clearOrder()
    .count({ count: '*' })
    .first();
  const totalCount = Number((countRow as any)?.count ?? 0);

  const query = base
    .clone()
    .select(knex.raw(`${request.sortColumn} as sort_key`))
    .orderBy([
      { column: sortExpr as any, order: request.order },
      { column: idColumn, order: request.order },
    ])
    .limit(limit + 1);

  if (request.cursor) {
    const { v, id } = decodeCursor(request.cursor);
    const op = request.order === 'asc' ? '>' : '<';
    query.where(builder =>
      builder
        .whereRaw(`${request.sortColumn} ${op} ?`, [v])
        .orWhere(inner =>
          inner.whereRaw(`${request.sortColumn} = ?`, [v]).andWhere(idColumn, op, id),
        ),
    );
  }

  const rows = (await query) as R[];
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    totalCount,
    nextCursor: hasMore && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}
