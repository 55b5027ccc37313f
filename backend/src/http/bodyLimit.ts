import type { RequestHandler } from 'express';
import { HttpError } from './httpError';

/** The body limit as people configure it (LF_BODY_LIMIT_MB). */
export function describeLimit(limitBytes: number): string {
  const mb = limitBytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${limitBytes} bytes`;
}

export const tooLarge = (limitBytes: number, announced?: number): string =>
  `request body too large: ${announced === undefined ? 'it is' : `${announced} bytes is`} above the limit of ${describeLimit(limitBytes)} (LF_BODY_LIMIT_MB): send fewer rows per request or raise LF_BODY_LIMIT_MB`;

/**
 * A request announcing a Content-Length above the limit is answered 413 at once, before a byte of
 * its body is read, and the connection is closed rather than drained. (Bodies without a length,
 * chunked, are cut off by the body parser when they cross the limit.)
 */
export function rejectOversizedBody(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > limitBytes) {
      res.setHeader('connection', 'close');
      return next(new HttpError(413, tooLarge(limitBytes, announced)));
    }
    next();
  };
}
