import { Router } from 'express';
import { smallJson } from '../http/jsonBody';
import { send } from '../http/send';
import type { StreamService } from './service';

/** LlamaFarm's streaming detection routes (mounted under /v1/anomaly and /v1/ml/anomaly). */
export function streamRouter(service: StreamService): Router {
  const router = Router();
  router.post(
    '/stream',
    send((req) => service.process(smallJson(req))),
  );
  router.get(
    '/stream/detectors',
    send(() => service.list()),
  );
  router.get(
    '/stream/:id',
    send((req) => service.get(String(req.params.id))),
  );
  router.delete(
    '/stream/:id',
    send((req) => service.delete(String(req.params.id))),
  );
  router.post(
    '/stream/:id/reset',
    send((req) => service.reset(String(req.params.id))),
  );
  return router;
}
