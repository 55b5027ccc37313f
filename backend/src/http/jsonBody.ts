import express, { type Request, type RequestHandler } from 'express';
import { TooLargeError } from '../core/errors';
import { parseJsonBytes } from '../core/jsonText';
import { rejectOversizedBody } from './bodyLimit';
import { requireJsonContentType } from './contentType';

/** A body too large to parse on the event loop: its bytes go to a worker, unparsed. */
export class LargeBody {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * Size check (announced length), Content-Type check, then the body read as bytes (up to `limitBytes`). Bodies up to `inlineBytes` are parsed here (a
 * millisecond or less); larger ones stay bytes (`LargeBody`) so only the routes that can hand them
 * to a worker accept them — JSON.parse of 70 MB would freeze the event loop for half a second.
 */
export function jsonBody(limitBytes: number, inlineBytes: number): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: limitBytes });
  const parse: RequestHandler = (req, _res, next) => {
    const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    (req as BodyRequest).bodyBytes = bytes;
    try {
      req.body = bytes.byteLength > inlineBytes ? new LargeBody(bytes) : parseJsonBytes(bytes);
      next();
    } catch (error) {
      next(error);
    }
  };
  return [rejectOversizedBody(limitBytes), requireJsonContentType(), raw, parse];
}

interface BodyRequest extends Request {
  bodyBytes?: Uint8Array;
}

/** The raw bytes of a request's body (empty when it had none). */
export function bodyBytes(req: Request): Uint8Array {
  return (req as BodyRequest).bodyBytes ?? new Uint8Array(0);
}

/** The parsed body of a route that never hands work to a worker (small bodies only). */
export function smallJson(req: Request): unknown {
  if (req.body instanceof LargeBody) {
    throw new TooLargeError(
      `this endpoint takes small JSON bodies (up to LF_INLINE_JSON_KB); got ${req.body.bytes.byteLength} bytes`,
    );
  }
  return req.body;
}
