import { useCallback, useRef } from 'react';
import type { Page } from '@backstage-itsm/plugin-itsm-common';
import { serverMessage } from '../utils/errors';

/** What material-table (core-components `Table`) passes to a remote `data` function. */
export interface RemoteQuery {
  page: number;
  pageSize: number;
}

/**
 * Adapts the API's cursor pagination (`limit`, `cursor` → `nextCursor`, `totalCount`) to the
 * page numbers of core-components' `Table`. Cursors of visited pages are remembered, so
 * next / previous work; the table should hide first / last page buttons.
 */
export function useCursorPagedData<T extends object>(
  fetchPage: (args: { limit: number; cursor?: string }) => Promise<Page<T>>,
) {
  const cursors = useRef<{ pageSize: number; byPage: (string | undefined)[] }>({
    pageSize: 0,
    byPage: [undefined],
  });
  return useCallback(
    async (query: RemoteQuery) => {
      const state = cursors.current;
      if (state.pageSize !== query.pageSize) {
        state.pageSize = query.pageSize;
        state.byPage = [undefined];
      }
      let page = query.page;
      if (page >= state.byPage.length) page = 0;
      let result: Page<T>;
      try {
        result = await fetchPage({
          limit: query.pageSize,
          cursor: state.byPage[page],
        });
      } catch (e) {
        // The table shows `error.message`: make it the server's message.
        throw new Error(serverMessage(e));
      }
      state.byPage = state.byPage.slice(0, page + 1);
      if (result.nextCursor) state.byPage[page + 1] = result.nextCursor;
      return { data: result.items, page, totalCount: result.totalCount };
    },
    [fetchPage],
  );
}
