import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { RiskConfig } from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../api';

/**
 * The risk weights and thresholds the backend is configured with, for a local preview of a
 * change's risk. Read only while `enabled` (an open form); `undefined` until it arrives or
 * when it cannot be read (the server's assessment is what counts anyway).
 */
export function useRiskModel(enabled = true): RiskConfig | undefined {
  const api = useApi(itsmApiRef);
  const { value } = useAsync(
    async () => (enabled ? api.getRiskModel() : undefined),
    [api, enabled],
  );
  return value;
}
