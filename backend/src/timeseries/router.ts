import { Router, type Request, type Response } from 'express';
import { bodyBytes } from '../http/jsonBody';
import { sendJsonBytes } from '../http/send';
import type { TimeseriesGateway, TimeseriesRoute } from './offload';
import type { RequestContext } from './service';

/** The Grafana data source's route injects the Prometheus URL from its settings as this header. */
export const PROMETHEUS_URL_HEADER = 'x-prometheus-url';

const context = (req: Request): RequestContext => ({
  prometheusUrl: req.get(PROMETHEUS_URL_HEADER) || undefined,
});

/** Mounted at /v1/timeseries; every request is relayed, as bytes, to the gateway. */
export function timeseriesRouter(gateway: TimeseriesGateway): Router {
  const router = Router();
  const relay = (route: TimeseriesRoute) => async (req: Request, res: Response) => {
    sendJsonBytes(res, await gateway.run(route, bodyBytes(req), context(req)));
  };
  router.get('/methods', relay('methods'));
  router.get('/info', relay('info'));
  router.post('/detect', relay('detect'));
  router.post('/score', relay('score'));
  return router;
}
