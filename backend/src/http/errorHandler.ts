import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { BusyError, DomainError, type DomainErrorCode } from '../core/errors';
import { tooLarge } from './bodyLimit';
import { HttpError } from './httpError';

/** The one place domain errors become HTTP statuses. */
const STATUS: Record<DomainErrorCode, number> = {
  invalid_fields: 422,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  integrity: 409,
  not_allowed: 403,
  upstream: 502,
  too_large: 413,
  busy: 503,
};

/** Maps every error to `{"detail": ...}`; only our own bugs become a 500, and they are logged. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    // A request already answered (e.g. with 503 at the shutdown deadline) cannot be answered again.
    if (res.headersSent) {
      log.debug(
        { err: error, method: req.method, url: req.originalUrl },
        'error after the response was sent',
      );
      return;
    }
    if (error instanceof DomainError) {
      if (error instanceof BusyError) res.set('Retry-After', String(error.retryAfterSeconds));
      res.status(STATUS[error.code]).json({ detail: error.detail });
      return;
    }
    if (error instanceof HttpError) {
      res.status(error.status).json({ detail: error.detail });
      return;
    }
    // Errors raised by express's own middleware (body parser) carry a status.
    const status = (error as { status?: number }).status;
    if (status === 413) {
      const limit = (error as { limit?: unknown }).limit;
      res.status(413).json({
        detail:
          typeof limit === 'number'
            ? tooLarge(limit)
            : 'request body too large: send fewer rows per request or raise LF_BODY_LIMIT_MB',
      });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ detail: (error as Error).message });
      return;
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json({ detail: 'internal error: see the service log' });
  };
}
