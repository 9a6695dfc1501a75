import { useCallback } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * Posts a short-lived success message (a record created, saved or moved on): every form and
 * action confirms the same way.
 */
export function useSuccessAlert(): (message: string) => void {
  const alertApi = useApi(alertApiRef);
  return useCallback(
    (message: string) =>
      alertApi.post({ message, severity: 'success', display: 'transient' }),
    [alertApi],
  );
}
