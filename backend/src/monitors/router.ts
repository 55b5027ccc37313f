import { Router } from 'express';
import { TooLargeError } from '../core/errors';
import { parseJsonBytes } from '../core/jsonText';
import { LargeBody } from '../http/jsonBody';
import { send } from '../http/send';
import type { IngestService } from './ingest';

/**
 * Bodies above LF_INLINE_JSON_KB are parsed here too, up to this size (10,000 events of ≈1.6 kB):
 * a 16 MB parse is ~100 ms, far below the store's cost for that many events.
 */
export const MAX_EVENTS_BODY_BYTES = 16 * 1024 * 1024;

/** `POST /v1/events`. */
export function eventsRouter(ingest: IngestService): Router {
  const router = Router();
  router.post(
    '/',
    send(async (req) => {
      let body: unknown = req.body;
      if (body instanceof LargeBody) {
        if (body.bytes.byteLength > MAX_EVENTS_BODY_BYTES)
          throw new TooLargeError(
            `events bodies are limited to ${MAX_EVENTS_BODY_BYTES / 1024 / 1024} MB (at most 10,000 events per call)`,
          );
        body = parseJsonBytes(body.bytes);
      }
      return ingest.ingest(body);
    }),
  );
  return router;
}
