import { ResponseError } from '@backstage/errors';

/** An API failure split into what the user should see and where. */
export interface ApiErrorInfo {
  /** The server's message (or the error's own message). */
  message: string;
  /** HTTP status when the error came from the API. */
  status?: number;
  /** Messages keyed by the form field they name. */
  fieldErrors: Record<string, string>;
}

/** The message the ITSM backend sent, e.g. `impact must be <= 3`. */
export function serverMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.body?.error?.message ?? error.cause?.message ?? error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the form field a 400 message talks about. Messages start with or contain the field
 * name: `/body/impact must be <= 3`, `impact: must be <= 3`, `riskAssessment.peakHours must
 * be a boolean`, `The field title is required`.
 */
export function fieldOfMessage(
  message: string,
  fields: readonly string[],
): string | undefined {
  // "/body/impact ..." or "/body/riskAssessment/peakHours ..."
  const pointer = /^\/body\/([A-Za-z0-9_/.]+)/.exec(message);
  const candidates: string[] = [];
  if (pointer) {
    const parts = pointer[1].split(/[/.]/);
    candidates.push(parts.join('.'), parts[parts.length - 1], parts[0]);
  }
  // "impact: ..." or "riskAssessment.peakHours must ..."
  const leading = /^([A-Za-z][A-Za-z0-9_.]*)\b/.exec(message);
  if (leading) {
    const parts = leading[1].split('.');
    candidates.push(leading[1], parts[parts.length - 1], parts[0]);
  }
  for (const candidate of candidates) {
    if (fields.includes(candidate)) return candidate;
  }
  // Anywhere in the message: the first mentioned field wins (longer names first on ties,
  // so `plannedEnd` wins over `end`).
  let best: { field: string; index: number } | undefined;
  for (const field of fields) {
    const match = new RegExp(
      `(^|[^A-Za-z0-9_])${escapeRegExp(field)}([^A-Za-z0-9_]|$)`,
    ).exec(message);
    if (!match) continue;
    const index = match.index + match[1].length;
    if (
      !best ||
      index < best.index ||
      (index === best.index && field.length > best.field.length)
    ) {
      best = { field, index };
    }
  }
  return best?.field;
}

/** Splits an API error into a general message and per-field messages (for 400s). */
export function parseApiError(
  error: unknown,
  fields: readonly string[] = [],
): ApiErrorInfo {
  const message = serverMessage(error);
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  const fieldErrors: Record<string, string> = {};
  if (status === 400 || status === undefined) {
    // Several problems may come joined with "; " or newlines.
    for (const part of message.split(/;\s+|\n/)) {
      const field = fieldOfMessage(part.trim(), fields);
      if (field && !fieldErrors[field]) {
        fieldErrors[field] = part.trim().replace(/^\/body\//, '');
      }
    }
  }
  return { message, status, fieldErrors };
}
