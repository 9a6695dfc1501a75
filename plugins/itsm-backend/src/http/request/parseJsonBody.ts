import express from 'express';

/** The largest JSON body accepted: the biggest valid request (a change with all its texts) fits well. */
export const JSON_BODY_LIMIT = '1mb';

/**
 * The body parser for the OpenAPI router (its `middleware` option). The router turns every
 * error before its validator into a 400, so a body over the limit is answered here, in
 * Backstage's error shape, with 413; other parse errors (malformed JSON) go on as before.
 */
export function jsonBodyParser(): express.RequestHandler[] {
  const parse = express.json({ limit: JSON_BODY_LIMIT });
  const parseJsonBody: express.RequestHandler = (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (!isTooLarge(error)) {
        next(error);
        return;
      }
      res.status(413).json({
        error: {
          name: 'PayloadTooLargeError',
          message: `body: larger than the limit of ${JSON_BODY_LIMIT}`,
        },
        request: { method: req.method, url: req.url },
        response: { statusCode: 413 },
      });
    });
  };
  return [parseJsonBody];
}

/** body-parser marks a body over the limit with `type: 'entity.too.large'`. */
function isTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    error.type === 'entity.too.large'
  );
}
