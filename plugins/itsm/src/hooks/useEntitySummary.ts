import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ResponseError } from '@backstage/errors';
import type { EntitySummary } from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../api';

/** The ITSM summary of an entity; `null` when the backend does not know the entity (404). */
export function useEntitySummary(entityRef: string) {
  const api = useApi(itsmApiRef);
  return useAsyncRetry(async (): Promise<EntitySummary | null> => {
    try {
      return await api.getEntitySummary(entityRef);
    } catch (e) {
      if (ResponseError.is(e) && e.statusCode === 404) return null;
      throw e;
    }
  }, [api, entityRef]);
}
