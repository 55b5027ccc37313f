import { Router, type Request, type Response } from 'express';
import type { WithWarnings } from '../contract/anomaly';
import { bodyBytes, LargeBody, smallJson } from '../http/jsonBody';
import { send, sendJsonBytes } from '../http/send';
import { scoreBody, type AnomalyOffload, type ScoreRoute } from './offload';
import { parseRequest, withWarnings, type Parsed } from './requests';
import { fitRequest, modelRef } from './schemas';
import type { AnomalyService } from './service';

/** Runs the service on a parsed request and answers with its warnings attached. */
const answer = async <R, T extends WithWarnings>(parsed: Parsed<R>, work: (request: R) => Promise<T>) =>
  withWarnings(await work(parsed.request), parsed.warnings);

/**
 * The anomaly API; `versioned` selects the `/v1/ml/anomaly` behaviour (overwrite:false by default).
 * Large bodies and slow detectors are handed to `offload` (worker threads), the rest runs here.
 */
export function anomalyRouter(service: AnomalyService, offload: AnomalyOffload, versioned: boolean): Router {
  const router = Router();
  router.post('/fit', async (req, res) => {
    if (req.body instanceof LargeBody) {
      const { request, warnings, x, encoder } = await offload.prepareFit(bodyBytes(req));
      const result = withWarnings(await service.fit(request, versioned, { x, encoder }), warnings);
      res.status(request.async ? 202 : 200).json(result);
      return;
    }
    const parsed = parseRequest(fitRequest, req.body);
    const result = await answer(parsed, (body) => service.fit(body, versioned));
    res.status(parsed.request.async ? 202 : 200).json(result);
  });
  router.get(
    '/jobs/:id',
    send((req) => service.job(String(req.params.id))),
  );
  const score = (route: ScoreRoute) => async (req: Request, res: Response) => {
    if (!(req.body instanceof LargeBody) && (await service.scoresInline(req.body, route === 'explain'))) {
      res.json(await scoreBody(service, req.body, route));
    } else {
      sendJsonBytes(res, await offload.score(bodyBytes(req), route));
    }
  };
  router.post('/score', score('score'));
  router.post('/detect', score('detect'));
  router.post('/explain', score('explain'));
  router.post(
    '/save',
    send((req) => answer(parseRequest(modelRef, smallJson(req)), (body) => service.save(body))),
  );
  router.post(
    '/load',
    send((req) => answer(parseRequest(modelRef, smallJson(req)), (body) => service.load(body))),
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
