import { Router } from 'express';
import { TooLargeError } from '../core/errors';
import { parseJsonBytes } from '../core/jsonText';
import { LargeBody } from '../http/jsonBody';
import { send } from '../http/send';
import type { IngestService } from './ingest';
import type { MonitorService } from './service';

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

/** `/v1/monitors`: list, create (PromQL), check, health, get, patch, delete, replay. */
export function monitorsRouter(service: MonitorService): Router {
  const router = Router();
  router.get(
    '/',
    send((req) => service.listMonitors(req.query)),
  );
  router.post(
    '/',
    send((req) => service.createMonitor(req.body), 201),
  );
  router.post(
    '/check',
    send((req) => service.checkRequest(req.body)),
  );
  router.get(
    '/health',
    send(() => service.health()),
  );
  router.get(
    '/:id',
    send((req) => service.getMonitor(String(req.params.id))),
  );
  router.get(
    '/:id/series',
    send((req) => service.series(String(req.params.id), req.query)),
  );
  router.patch(
    '/:id',
    send((req) => service.patchMonitor(String(req.params.id), req.body)),
  );
  router.delete('/:id', async (req, res) => {
    await service.deleteMonitor(String(req.params.id));
    res.status(204).end();
  });
  router.post(
    '/:id/replay',
    send((req) => service.replay(String(req.params.id), req.body)),
  );
  return router;
}

/** `/v1/anomalies`: the feed, one anomaly, dismiss and accept. */
export function anomaliesRouter(service: MonitorService): Router {
  const router = Router();
  router.get(
    '/',
    send((req) => service.listAnomalies(req.query)),
  );
  router.get(
    '/:id',
    send((req) => service.getAnomaly(String(req.params.id))),
  );
  router.post(
    '/:id/dismiss',
    send((req) => service.feedback(String(req.params.id), 'dismiss', req.body)),
  );
  router.post(
    '/:id/accept',
    send((req) => service.feedback(String(req.params.id), 'accept', req.body)),
  );
  return router;
}

/** `/v1/notifications`: delivery counts, dead letters, redrive. */
export function notificationsRouter(service: MonitorService): Router {
  const router = Router();
  router.get(
    '/',
    send(() => service.notifications()),
  );
  router.post(
    '/redrive',
    send((req) => service.redrive(req.body)),
  );
  return router;
}
