import { InputError } from '@backstage/errors';
import { MAX_INT32 } from '../../app/validation';

/**
 * The version an update is based on: `version` in the body, else an `If-Match: "3"` (or `3`,
 * or `W/"3"`) header. Undefined when neither is given: the application layer answers that
 * with 400 after it has checked that the record exists and may be written (404 and 403 first).
 */
export function parseVersion(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  if (!ifMatch) return undefined;
  const n = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > MAX_INT32)
    throw new InputError('If-Match: must be a record version number');
  return n;
}
