import { gaussianMatrix, toRows } from '../helpers/data';
import { newDataDir, startService } from '../helpers/service';

describe('restarts', () => {
  it('scores identically in a new process without /load, and shuts down cleanly', async () => {
    const dataDir = newDataDir();
    const train = toRows(gaussianMatrix(3000, 8, 5)); // 24k cells: fitted in a worker thread
    const probe = toRows(gaussianMatrix(200, 8, 6));

    const first = await startService({ dataDir });
    const fit = await first.post('/v1/anomaly/fit', {
      model: 'persisted',
      data: train,
      normalization: 'zscore',
    });
    expect(fit.status).toBe(200);
    const before = await first.post('/v1/anomaly/score', { model: 'persisted', data: probe });
    const fitted = await first.post('/v1/ml/anomaly/fit', { model: 'versioned', data: train.slice(0, 500) });
    expect(await first.stop()).toBe(0);
    expect(first.logs()).toContain('shutting down');

    const second = await startService({ dataDir });
    try {
      const health = await second.get('/health');
      expect(health.body.models).toMatchObject({ in_memory: 0, on_disk: 2, cache_bytes: 0, evictions: 0 });
      const after = await second.post('/v1/anomaly/score', { model: 'persisted', data: probe });
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before.body);
      const latest = await second.post('/v1/ml/anomaly/score', {
        model: 'versioned-latest',
        data: probe.slice(0, 3),
      });
      expect(latest.body.model).toBe(fitted.body.versioned_name);
      expect((await second.get('/health')).body.models.in_memory).toBe(2);
    } finally {
      await second.stop();
    }
  });
});
