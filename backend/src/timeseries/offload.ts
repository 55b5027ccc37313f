import type { Detection, MethodList, TimeseriesInfo } from '../contract/timeseries';
import { jsonBytes, parseJsonBytes } from '../core/jsonText';
import { validateBody } from '../core/validate';
import { detectRequest, scorePointsRequest } from './schemas';
import type { RequestContext, TimeseriesService } from './service';

export type TimeseriesRoute = 'methods' | 'info' | 'detect' | 'score';

/**
 * Where the time-series API runs. Its model cache is state, so in the service every request goes to
 * one dedicated worker thread (the composition root builds it); the event loop only relays bytes.
 */
export interface TimeseriesGateway {
  /** The response as UTF-8 JSON bytes (`jsonBytes`) for a raw request body. */
  run(route: TimeseriesRoute, body: Uint8Array, ctx: RequestContext): Promise<Uint8Array>;
}

/** One request from its parsed body to the response; the same in the worker and inline. */
export async function handleTimeseries(
  service: TimeseriesService,
  route: TimeseriesRoute,
  body: unknown,
  ctx: RequestContext,
): Promise<Detection | MethodList | TimeseriesInfo> {
  switch (route) {
    case 'methods':
      return service.methods();
    case 'info':
      return service.info(ctx);
    case 'detect':
      return service.detect(validateBody(detectRequest, body), ctx);
    case 'score':
      return service.score(validateBody(scorePointsRequest, body));
  }
}

/** Runs on the calling thread: for in-process use (tests, tools) without workers. */
export function inlineGateway(service: TimeseriesService): TimeseriesGateway {
  return {
    run: async (route, body, ctx) =>
      jsonBytes(await handleTimeseries(service, route, parseJsonBytes(body), ctx)),
  };
}
