import { statSync } from 'node:fs';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { startService, type RunningService } from '../helpers/service';

/** The in-memory model cache is bounded by LF_MODEL_CACHE_MB; evicted models reload from disk unchanged. */
const LIMIT_MB = 0.25;
const LIMIT_BYTES = Math.round(LIMIT_MB * 1024 * 1024);
const probe = toRows(gaussianMatrix(50, 4, 99));

let svc: RunningService;
beforeAll(async () => {
  svc = await startService({ env: { LF_MODEL_CACHE_MB: String(LIMIT_MB) } });
});
afterAll(async () => {
  await svc.stop();
});

describe('bounded model cache', () => {
  it('keeps cache_bytes within the limit while fitting several models, and every model still scores identically', async () => {
    const names = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const first: Record<string, unknown> = {};
    let fileBytes = 0;
    for (const [i, name] of names.entries()) {
      // ECOD keeps its training columns: ≈ 3000 × 4 × 8 bytes ≈ 96 KB per file, so only two fit.
      const fit = await svc.post('/v1/anomaly/fit', {
        model: name,
        backend: 'ecod',
        data: toRows(gaussianMatrix(3000, 4, 10 + i)),
      });
      expect(fit.status).toBe(200);
      fileBytes = statSync(path.join(svc.dataDir, fit.body.saved_path)).size;
      first[name] = (await svc.post('/v1/anomaly/score', { model: name, data: probe })).body;
      const { models } = (await svc.get('/health')).body;
      expect(models.cache_limit_bytes).toBe(LIMIT_BYTES);
      expect(models.cache_bytes).toBeLessThanOrEqual(LIMIT_BYTES);
      expect(models.cache_bytes).toBeGreaterThan(0);
    }
    expect(fileBytes * 3).toBeGreaterThan(LIMIT_BYTES); // the test really exceeds the limit

    const afterFits = (await svc.get('/health')).body.models;
    expect(afterFits.on_disk).toBe(names.length);
    expect(afterFits.in_memory).toBeLessThan(names.length);
    expect(afterFits.evictions).toBeGreaterThan(0);
    expect(afterFits.in_memory * fileBytes).toBeLessThanOrEqual(LIMIT_BYTES);

    // Every model, evicted or not, scores exactly as right after its fit (evicted ones reload from disk).
    for (const name of [...names, ...names.slice().reverse()]) {
      const again = await svc.post('/v1/anomaly/score', { model: name, data: probe });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first[name]);
      expect((await svc.get('/health')).body.models.cache_bytes).toBeLessThanOrEqual(LIMIT_BYTES);
    }
    expect(svc.logs()).toContain('model loaded from disk');
  });

  it('a model larger than the whole cache is not kept in memory but still scores', async () => {
    const fit = await svc.post('/v1/anomaly/fit', {
      model: 'huge',
      backend: 'ecod',
      data: toRows(gaussianMatrix(12000, 4, 3)), // ≈ 384 KB > 256 KB
    });
    expect(fit.status).toBe(200);
    const a = await svc.post('/v1/anomaly/score', { model: 'huge', data: probe });
    const b = await svc.post('/v1/anomaly/score', { model: 'huge', data: probe });
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect((await svc.get('/health')).body.models.cache_bytes).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
