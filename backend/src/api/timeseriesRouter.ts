import { Router, type Request, type Response } from 'express';
import { detectRequest, scoreRequest } from '../tsdetect/schemas';
import type { RequestContext, TimeseriesService } from '../tsdetect/timeseriesService';
import { validateBody } from './validate';

/** The Grafana data source's route injects the Prometheus URL from its settings as this header. */
export const PROMETHEUS_URL_HEADER = 'x-prometheus-url';

type Handler = (req: Request) => Promise<unknown> | unknown;

const send =
  (handler: Handler) =>
  async (req: Request, res: Response): Promise<void> => {
    res.json(await handler(req));
  };

const context = (req: Request): RequestContext => ({
  prometheusUrl: req.get(PROMETHEUS_URL_HEADER) || undefined,
});

/** Mounted at /v1/timeseries. */
export function timeseriesRouter(service: TimeseriesService): Router {
  const router = Router();
  router.get(
    '/methods',
    send(() => service.methods()),
  );
  router.get(
    '/info',
    send((req) => service.info(context(req))),
  );
  router.post(
    '/detect',
    send((req) => service.detect(validateBody(detectRequest, req.body), context(req))),
  );
  router.post(
    '/score',
    send((req) => service.score(validateBody(scoreRequest, req.body))),
  );
  return router;
}
