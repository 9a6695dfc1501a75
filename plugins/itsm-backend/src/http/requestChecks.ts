import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';
import {
  ANY_CONTROL_CHARACTER as ANY_CONTROL,
  CONTROL_CHARACTER_IN_TEXT,
  isRecordId,
} from '../app/validation';

/*
 * Checks every request passes before a handler sees it (HTTP only, no rules of the domain):
 * control characters anywhere in the request (400 naming the field), and record ids in the
 * path (404 without a database round trip for a malformed one). The JSON body limit (413) is
 * in request/parseJsonBody.ts.
 */

function fieldName(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The first string (or object key) under `value` that matches `pattern`, as a field path. */
export function findControlCharacter(
  value: unknown,
  pattern: RegExp,
  path = '',
): string | undefined {
  if (typeof value === 'string')
    return pattern.test(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], pattern, fieldName(path, i));
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const field = fieldName(path, key);
      if (ANY_CONTROL.test(key)) return field;
      const found = findControlCharacter(inner, pattern, field);
      if (found) return found;
    }
  }
  return undefined;
}

/** The names of path parameters by position, for messages: /incidents/{id}/…, /entities/{kind}/{namespace}/{name}/summary. */
function pathParameter(segments: string[], index: number): string {
  if (segments[0] === 'entities')
    return ['path', 'kind', 'namespace', 'name'][index] ?? 'path';
  return index === 1 ? 'id' : 'path';
}

/**
 * 400 naming the field for a control character in the path, a query parameter, the If-Match
 * header or the JSON body (where tab, line feed and carriage return may stand in free text; the
 * schema forbids them in refs, ids and keys).
 */
export const rejectControlCharacters: express.RequestHandler = (
  req,
  _res,
  next,
) => {
  const segments = req.path.split('/').filter(Boolean);
  segments.forEach((segment, i) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new InputError(
        `${pathParameter(segments, i)}: malformed percent-encoding`,
      );
    }
    if (ANY_CONTROL.test(decoded)) {
      throw new InputError(
        `${pathParameter(segments, i)}: must not contain control characters`,
      );
    }
  });
  const inQuery = findControlCharacter(req.query, ANY_CONTROL);
  if (inQuery)
    throw new InputError(`${inQuery}: must not contain control characters`);
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined && ANY_CONTROL.test(ifMatch)) {
    throw new InputError('If-Match: must not contain control characters');
  }
  const inBody = findControlCharacter(req.body, CONTROL_CHARACTER_IN_TEXT);
  if (inBody)
    throw new InputError(
      `${inBody}: must not contain NUL or control characters other than tab and line breaks`,
    );
  next();
};

const RECORD_TYPES: Record<string, string> = {
  services: 'service',
  slas: 'SLA',
  incidents: 'incident',
  problems: 'problem',
  changes: 'change',
};

/**
 * `router.param('id', …)`: ids are UUIDs, so any other id names no record (404) and never
 * reaches a query, whatever the database makes of it.
 */
export const requireRecordIdParam = (
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
  id: string,
) => {
  if (isRecordId(id)) {
    next();
    return;
  }
  const type = RECORD_TYPES[req.path.split('/').filter(Boolean)[0]] ?? 'record';
  next(new NotFoundError(`No ${type} with id ${id}`));
};
