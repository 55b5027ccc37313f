import { Router, type RequestHandler } from 'express';
import type { MetricsExposition } from './exposition';

/** `GET /metrics`: the Prometheus text exposition, behind the metrics access rule. */
export function metricsRouter(exposition: MetricsExposition, access: RequestHandler): Router {
  const router = Router();
  router.get('/', access, async (_req, res) => {
    const { contentType, text } = await exposition.render();
    res.type(contentType).send(text);
  });
  return router;
}
