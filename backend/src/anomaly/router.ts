import { Router } from 'express';
import { validateBody } from '../core/validate';
import { send } from '../http/send';
import { fitRequest, modelRef, scoreRowsRequest } from './schemas';
import type { AnomalyService } from './service';

/** The anomaly API; `versioned` selects the `/v1/ml/anomaly` behaviour (overwrite:false by default). */
export function anomalyRouter(service: AnomalyService, versioned: boolean): Router {
  const router = Router();
  router.post('/fit', async (req, res) => {
    const body = validateBody(fitRequest, req.body);
    res.status(body.async ? 202 : 200).json(await service.fit(body, versioned));
  });
  router.get(
    '/jobs/:id',
    send((req) => service.job(String(req.params.id))),
  );
  router.post(
    '/score',
    send((req) => service.score(validateBody(scoreRowsRequest, req.body))),
  );
  router.post(
    '/detect',
    send((req) => service.detect(validateBody(scoreRowsRequest, req.body))),
  );
  router.post(
    '/save',
    send((req) => service.save(validateBody(modelRef, req.body))),
  );
  router.post(
    '/load',
    send((req) => service.load(validateBody(modelRef, req.body))),
  );
  router.get(
    '/models',
    send(() => service.list()),
  );
  router.delete(
    '/models/:filename',
    send((req) => service.delete(String(req.params.filename))),
  );
  router.get(
    '/backends',
    send(() => service.backends()),
  );
  return router;
}
