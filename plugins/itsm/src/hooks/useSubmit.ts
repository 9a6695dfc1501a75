import { useCallback, useState } from 'react';
import { parseApiError } from '../utils/errors';

/**
 * Busy / error state of a form submit. 400 messages that name a form field end up in
 * `fieldErrors[field]` (shown as that field's helperText); everything else in `formError`.
 */
export function useSubmit(fields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const info = error ? parseApiError(error, fields) : undefined;
  const fieldErrors = info?.fieldErrors ?? {};
  const formError =
    error && Object.keys(fieldErrors).length === 0 ? error : undefined;

  const run = useCallback(
    async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        return await fn();
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  /** `error` + `helperText` props for a TextField named `name`. */
  const fieldProps = (name: string, helperText?: string) => ({
    error: !!fieldErrors[name],
    helperText: fieldErrors[name] ?? helperText,
  });

  return {
    busy,
    error,
    fieldErrors,
    formError,
    run,
    fieldProps,
    clear: () => setError(undefined),
  };
}

/** What `useSubmit` returns: busy and error state, `run`, `fieldProps` and `clear`. */
export type SubmitState = ReturnType<typeof useSubmit>;
