import type { StreamDetectorInfo, StreamResponse } from '../../src/contract/stream';
import type { RunningService } from '../helpers/service';

/** POST …/stream on a running service, expecting a 200. */
export async function postStream(
  svc: RunningService,
  body: Record<string, unknown>,
  prefix = '/v1/anomaly',
): Promise<StreamResponse> {
  const res = await svc.post(`${prefix}/stream`, body);
  expect(res.status).toBe(200);
  return res.body as StreamResponse;
}

/** GET /v1/anomaly/stream/{id}, expecting a 200. */
export async function getDetector(svc: RunningService, id: string): Promise<StreamDetectorInfo> {
  const res = await svc.get(`/v1/anomaly/stream/${encodeURIComponent(id)}`);
  expect(res.status).toBe(200);
  return res.body as StreamDetectorInfo;
}
