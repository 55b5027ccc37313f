import { Router, type Request } from 'express';
import { validateBody } from '../core/validate';
import { send } from '../http/send';
import { detectRequest, scorePointsRequest } from './schemas';
import type { RequestContext, TimeseriesService } from './service';

/** The Grafana data source's route injects the Prometheus URL from its settings as this header. */
export const PROMETHEUS_URL_HEADER = 'x-prometheus-url';

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
    send((req) => service.score(validateBody(scorePointsRequest, req.body))),
  );
  return router;
}
