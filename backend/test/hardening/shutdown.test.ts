import { existsSync } from 'node:fs';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { newDataDir, startService, type RunningService } from '../helpers/service';

/**
 * SIGTERM: new requests are refused (503 or connection refused), in-flight ones finish within
 * LF_SHUTDOWN_GRACE_MS, those still running at the deadline get 503 + Retry-After, and the process
 * exits 0. Async jobs survive the restart: finished ones keep their result, unfinished ones are
 * `failed` with error `interrupted`.
 */
const data = toRows(gaussianMatrix(3000, 8, 4));
/** Several seconds of training (the autoencoder, many epochs). */
const longFit = (model: string, epochs: number) => ({ model, backend: 'autoencoder', epochs, data });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sigterm(svc: RunningService): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    svc.process.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    svc.process.kill('SIGTERM');
  });
}

/** Waits until the service logs that a fit is training (the request is in flight). */
async function untilTraining(svc: RunningService): Promise<void> {
  for (let i = 0; i < 400 && !/"msg":"(fit progress|fit started)"|"phase"/.test(svc.logs()); i++)
    await sleep(25);
}

describe('graceful shutdown', () => {
  it('lets an in-flight fit finish within the grace period, refuses new work, exits 0', async () => {
    const svc = await startService({ env: { LF_SHUTDOWN_GRACE_MS: '60000', LOG_LEVEL: 'debug' } });
    const fit = svc.post('/v1/anomaly/fit', longFit('finishes', 15));
    await untilTraining(svc);
    const exit = sigterm(svc);
    await sleep(100);
    const late = await svc.get('/health').catch(() => ({ status: 'refused' }));
    expect([503, 'refused']).toContain(late.status);
    const answered = await fit;
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('fitted');
    expect((await exit).code).toBe(0);
    expect(existsSync(path.join(svc.dataDir, answered.body.saved_path))).toBe(true);
  }, 120_000);

  it('answers a fit still running at the deadline with 503 and Retry-After, then exits 0', async () => {
    const svc = await startService({ env: { LF_SHUTDOWN_GRACE_MS: '500', LOG_LEVEL: 'debug' } });
    const fit = fetch(`${svc.url}/v1/anomaly/fit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(longFit('cut', 2000)),
    });
    await untilTraining(svc);
    const exit = sigterm(svc);
    const res = await fit;
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/shutting down.*500 ms grace period/);
    const { code, ms } = await exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(svc.logs()).toContain('grace period over');
  }, 60_000);

  it('keeps async jobs across a restart: finished ones with their result, unfinished ones interrupted', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir, env: { LF_SHUTDOWN_GRACE_MS: '500' } });
    const quick = await first.post('/v1/anomaly/fit', {
      model: 'quick',
      data: data.slice(0, 300),
      async: true,
    });
    expect(quick.status).toBe(202);
    let done = await first.get(`/v1/anomaly/jobs/${quick.body.id}`);
    for (let i = 0; i < 200 && done.body.status !== 'succeeded'; i++) {
      await sleep(25);
      done = await first.get(`/v1/anomaly/jobs/${quick.body.id}`);
    }
    expect(done.body.status).toBe('succeeded');
    const slow = await first.post('/v1/anomaly/fit', { ...longFit('slow', 2000), async: true });
    expect(slow.status).toBe(202);
    for (let i = 0; i < 200; i++) {
      if ((await first.get(`/v1/anomaly/jobs/${slow.body.id}`)).body.status === 'running') break;
      await sleep(25);
    }
    expect((await sigterm(first)).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'jobs', `${slow.body.id}.json`))).toBe(true);

    const second = await startService({ dataDir });
    try {
      const kept = await second.get(`/v1/anomaly/jobs/${quick.body.id}`);
      expect(kept.status).toBe(200);
      expect(kept.body).toEqual(done.body);
      const interrupted = await second.get(`/v1/anomaly/jobs/${slow.body.id}`);
      expect(interrupted.status).toBe(200);
      expect(interrupted.body).toMatchObject({
        id: slow.body.id,
        model: 'slow',
        status: 'failed',
        error: { code: 'interrupted' },
      });
      expect(interrupted.body.finished).not.toBeNull();
      // The quick job's model is there; the interrupted one left no model behind.
      expect(
        (await second.post('/v1/anomaly/score', { model: 'quick', data: data.slice(0, 3) })).status,
      ).toBe(200);
      expect((await second.post('/v1/anomaly/score', { model: 'slow', data: data.slice(0, 3) })).status).toBe(
        404,
      );
      expect((await second.get('/v1/anomaly/jobs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
