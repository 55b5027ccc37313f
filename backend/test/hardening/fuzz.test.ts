import { readFileSync } from 'node:fs';
import { startService, type RunningService } from '../helpers/service';

/**
 * ≥ 500 malformed requests over every endpoint, generated from a fixed seed: no response is a
 * 5xx, the process stays up, and its memory stays bounded.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES: [string, string][] = [
  ...['/v1/anomaly', '/v1/ml/anomaly'].flatMap((p): [string, string][] => [
    ['POST', `${p}/fit`],
    ['POST', `${p}/score`],
    ['POST', `${p}/detect`],
    ['POST', `${p}/save`],
    ['POST', `${p}/load`],
    ['GET', `${p}/models`],
    ['DELETE', `${p}/models/x.alm`],
    ['GET', `${p}/backends`],
    ['GET', `${p}/jobs/nope`],
  ]),
  ['POST', '/v1/timeseries/detect'],
  ['POST', '/v1/timeseries/score'],
  ['GET', '/v1/timeseries/methods'],
  ['GET', '/v1/timeseries/info'],
  ['GET', '/health'],
  ['POST', '/v1/nowhere'],
];

const FIELDS = [
  'model',
  'backend',
  'data',
  'schema',
  'contamination',
  'normalization',
  'epochs',
  'batch_size',
  'params',
  'threshold',
  'overwrite',
  'async',
  'description',
  'series',
  'training',
  'range',
  'features',
  'detector',
  'source',
  'prometheus',
  'model_key',
  'score_from',
  'mode',
  'model_name',
];

function value(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 2 ? 9 : 13));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -1, 1e308, -1e308, 9e15, 0.5, 2 ** 53, -0][Math.floor(r() * 8)];
    case 3:
      return ['', 'x', '../../etc/passwd', 'a'.repeat(300), '\u0000', '💥', 'NaN', 'isolation_forest'][
        Math.floor(r() * 8)
      ];
    case 4:
      return Math.floor(r() * 1e6) - 5e5;
    case 5:
      return 'zscore';
    case 6:
      return [[1, 2], [3]];
    case 7:
      return [{ a: 1 }, [1]];
    case 8:
      return {};
    case 9:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    case 10:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 4) }, () => [
          FIELDS[Math.floor(r() * FIELDS.length)],
          value(r, depth + 1),
        ]),
      );
    case 11:
      return { timestamps: [1, 0, 1e308], values: [null, 'x'] };
    default:
      return [
        [Number.MAX_VALUE, -Number.MAX_VALUE],
        [1e-308, 5],
      ];
  }
}

function body(r: () => number): { text: string; type: string } {
  const kind = Math.floor(r() * 10);
  if (kind === 0) return { text: '{"data": [[1,2],[3', type: 'application/json' };
  if (kind === 1) return { text: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' };
  if (kind === 2) return { text: JSON.stringify({ model: 'x', data: [[1]] }), type: 'text/plain' };
  if (kind === 3) return { text: '\u00ff\u00fe garbage \u0000', type: 'application/json' };
  if (kind === 4) return { text: '{"data": [[NaN, Infinity], [-Infinity, 1]]}', type: 'application/json' };
  const obj = Object.fromEntries(
    Array.from({ length: 1 + Math.floor(r() * 6) }, () => [
      FIELDS[Math.floor(r() * FIELDS.length)],
      value(r),
    ]),
  );
  return { text: JSON.stringify(obj), type: 'application/json' };
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe('fuzzing every endpoint', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
    await svc.post('/v1/anomaly/fit', {
      model: 'x',
      data: [
        [1, 2],
        [2, 3],
        [3, 5],
        [4, 4],
      ],
    });
  });
  afterAll(async () => {
    await svc.stop();
  });

  it('answers 600 malformed requests without a 5xx, stays up, memory bounded', async () => {
    const r = rng(20261130);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const rssBefore = rssKb(svc.process.pid!);
    for (let i = 0; i < 600; i++) {
      const [method, route] = ROUTES[Math.floor(r() * ROUTES.length)];
      const b = body(r);
      const res = await fetch(svc.url + route, {
        method,
        headers: { 'content-type': b.type },
        body: method === 'GET' ? undefined : b.text,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        failures.push(`${method} ${route} ${b.text.slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect((await svc.get('/health')).status).toBe(200);
    const rssAfter = rssKb(svc.process.pid!);
    expect(rssAfter).toBeLessThan(1_500_000);
    expect(rssAfter - rssBefore).toBeLessThan(400_000);
    expect(svc.process.exitCode).toBeNull();
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 180_000);
});
