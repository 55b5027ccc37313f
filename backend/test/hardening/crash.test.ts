import { readdirSync } from 'node:fs';
import path from 'node:path';
import { newDataDir, startService, type RunningService } from '../helpers/service';

/**
 * kill -9 at a random moment of a refit (during the fit, the save, or after) leaves either the old
 * model or the new one on disk: after a restart the fixed rows score exactly as one of the two
 * (encoder and statistics included), never a mix, never an error.
 */
const schema = { load: 'numeric', latency: 'numeric', method: 'label', region: 'frequency' } as const;

function rows(n: number, seed: number, methods: string[], regions: string[]) {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Array.from({ length: n }, () => ({
    load: rand() * 10 + seed,
    latency: rand() * 100 * (rand() < 0.02 ? 20 : 1),
    method: methods[Math.floor(rand() * methods.length)],
    region: regions[Math.floor(rand() * rand() * regions.length)],
  }));
}

// Two training sets whose encoders differ (categories, frequencies) as well as their statistics.
const sets = [
  rows(30000, 1, ['GET', 'POST', 'PUT'], ['eu', 'us', 'ap']),
  rows(30000, 2, ['DELETE', 'GET', 'PATCH', 'POST'], ['us', 'sa', 'eu', 'af', 'me']),
];
const probe = [
  ...rows(10, 3, ['GET', 'POST', 'DELETE', 'PATCH'], ['eu', 'us', 'sa', 'af']),
  { load: 50, latency: 5000, method: 'HEAD', region: 'mars' },
];
const fitBody = (set: number) => ({ model: 'crashy', schema, data: sets[set], params: { random_state: 5 } });

const killed = (svc: RunningService): Promise<void> =>
  new Promise((resolve) => {
    if (svc.process.exitCode !== null || svc.process.signalCode !== null) return resolve();
    svc.process.once('exit', () => resolve());
    svc.process.kill('SIGKILL');
  });

describe('crash consistency of refits', () => {
  it('20 refits killed with SIGKILL at random moments leave the old or the new model, never a mix', async () => {
    // The reference scores of each training set, from an undisturbed service.
    const reference: unknown[] = [];
    let fitMs = 0;
    const ref = await startService();
    try {
      for (const set of [0, 1]) {
        const started = Date.now();
        expect((await ref.post('/v1/anomaly/fit', fitBody(set))).status).toBe(200);
        fitMs = Math.max(fitMs, Date.now() - started);
        const scored = await ref.post('/v1/anomaly/score', { model: 'crashy', data: probe });
        expect(scored.status).toBe(200);
        reference.push(scored.body.data);
      }
    } finally {
      await ref.stop();
    }
    expect(reference[0]).not.toEqual(reference[1]);

    const dataDir = newDataDir();
    let svc = await startService({ dataDir });
    expect((await svc.post('/v1/anomaly/fit', fitBody(0))).status).toBe(200);
    let current = 0;
    const seen = { old: 0, new: 0 };
    for (let round = 0; round < 20; round++) {
      const target = 1 - current;
      const delay = Math.random() * fitMs * 1.3;
      const request = svc.post('/v1/anomaly/fit', fitBody(target)).catch(() => null);
      await new Promise((r) => setTimeout(r, delay));
      await killed(svc);
      await request;

      svc = await startService({ dataDir });
      const scored = await svc.post('/v1/anomaly/score', { model: 'crashy', data: probe });
      expect({ round, status: scored.status }).toEqual({ round, status: 200 });
      const match = [0, 1].filter(
        (set) => JSON.stringify(scored.body.data) === JSON.stringify(reference[set]),
      );
      expect({ round, match }).toEqual({ round, match: match.length === 1 ? match : ['neither'] });
      expect([current, target]).toContain(match[0]);
      seen[match[0] === current ? 'old' : 'new']++;
      current = match[0];
      expect(readdirSync(path.join(dataDir, 'models', 'anomaly'))).toEqual(['crashy_isolation_forest.alm']);
    }
    await svc.stop();
    expect(seen.old + seen.new).toBe(20);
    // Both outcomes happen over 20 random kills (the delays span the whole fit and save).
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
    process.stdout.write(`crash test: old model kept ${seen.old}×, new model ${seen.new}×\n`);
  }, 240_000);
});
