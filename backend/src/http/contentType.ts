import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError } from './httpError';

/** Whether the request carries a body at all (an empty POST does not). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) !== 0;
}

/** `application/json`, optionally with `charset=utf-8`: the one body type the API reads. */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => {
    const [key, value = ''] = param.split('=').map((s) => s.trim());
    return key !== 'charset' || ['utf-8', 'utf8'].includes(value.replace(/^"|"$/g, ''));
  });
}

/**
 * Bodies must be declared as JSON. A browser may send `text/plain` (or a form) to any site
 * without asking first; requiring `application/json` means a cross-site page would need a CORS
 * preflight, which this service never grants.
 */
export function requireJsonContentType(): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req) || isJson(req.headers['content-type'])) return next();
    const given = req.headers['content-type'];
    next(
      new HttpError(
        415,
        `request bodies must be JSON with Content-Type: application/json (got ${
          given ? `'${given.slice(0, 100)}'` : 'no Content-Type'
        }); with curl add -H 'content-type: application/json'`,
      ),
    );
  };
}
