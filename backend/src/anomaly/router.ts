import { Router } from 'express';
import type { WithWarnings } from '../contract/anomaly';
import { send } from '../http/send';
import { parseRequest, withWarnings, type Parsed } from './requests';
import { fitRequest, modelRef, scoreRowsRequest } from './schemas';
import type { AnomalyService } from './service';

/** Runs the service on a parsed request and answers with its warnings attached. */
const answer = async <R, T extends WithWarnings>(parsed: Parsed<R>, work: (request: R) => Promise<T>) =>
  withWarnings(await work(parsed.request), parsed.warnings);

/** The anomaly API; `versioned` selects the `/v1/ml/anomaly` behaviour (overwrite:false by default). */
export function anomalyRouter(service: AnomalyService, versioned: boolean): Router {
  const router = Router();
  router.post('/fit', async (req, res) => {
    const parsed = parseRequest(fitRequest, req.body);
    const result = await answer(parsed, (body) => service.fit(body, versioned));
    res.status(parsed.request.async ? 202 : 200).json(result);
  });
  router.get(
    '/jobs/:id',
    send((req) => service.job(String(req.params.id))),
  );
  router.post(
    '/score',
    send((req) => answer(parseRequest(scoreRowsRequest, req.body), (body) => service.score(body))),
  );
  router.post(
    '/detect',
    send((req) => answer(parseRequest(scoreRowsRequest, req.body), (body) => service.detect(body))),
  );
  router.post(
    '/save',
    send((req) => answer(parseRequest(modelRef, req.body), (body) => service.save(body))),
  );
  router.post(
    '/load',
    send((req) => answer(parseRequest(modelRef, req.body), (body) => service.load(body))),
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
