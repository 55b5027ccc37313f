import { gaussianMatrix, toRows } from '../helpers/data';
import { startService, type RunningService } from '../helpers/service';

/** Scoring workers keep their own model cache: a refit or delete by the main thread is seen at once. */
describe('models cached in scoring workers', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { LF_WORKERS: '1' } });
  });
  afterAll(async () => {
    await svc.stop();
  });

  it('score with the newest version after a refit, and 404 after a delete', async () => {
    const probe = toRows(gaussianMatrix(5, 3, 9));
    const fitWith = async (seed: number) => {
      const res = await svc.post('/v1/anomaly/fit', {
        model: 'w',
        backend: 'knn',
        data: toRows(gaussianMatrix(400, 3, seed)),
      });
      expect(res.status).toBe(200);
    };
    const scores = async () => {
      const res = await svc.post('/v1/anomaly/score', { model: 'w', backend: 'knn', data: probe });
      return {
        status: res.status,
        raw: (res.body.data ?? []).map((r: { raw_score: number }) => r.raw_score) as number[],
      };
    };
    await fitWith(1);
    const first = await scores(); // kNN always scores in a worker, which now caches the model
    await fitWith(2);
    const second = await scores();
    expect(second.status).toBe(200);
    expect(second.raw).not.toEqual(first.raw);
    await fitWith(1);
    expect((await scores()).raw).toEqual(first.raw);
    expect((await svc.del('/v1/anomaly/models/w_knn.alm')).status).toBe(200);
    const gone = await svc.post('/v1/anomaly/score', { model: 'w', backend: 'knn', data: probe });
    expect(gone.status).toBe(404);
  }, 60_000);
});
