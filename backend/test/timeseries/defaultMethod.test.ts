import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from './testServer';

/** The default method is one fact: what detect runs, what /methods marks, what the README says. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('the default time-series method', () => {
  it('is marked once in /methods, run by detect without a detector, and named in the README', async () => {
    const methods = await server.get('/v1/timeseries/methods');
    const defaults = (methods.body.data as { name: string; default: boolean }[]).filter((m) => m.default);
    expect(defaults).toHaveLength(1);
    const name = defaults[0].name;
    expect(name).toBe('ensemble');

    const t0 = Date.UTC(2026, 0, 1);
    const timestamps = Array.from({ length: 600 }, (_, i) => t0 + i * 60_000);
    const values = timestamps.map((_, i) => 10 + Math.sin(i / 9) + (i === 550 ? 30 : 0));
    const res = await server.post('/v1/timeseries/detect', {
      source: 'default-method',
      series: [{ name: 'cpu', timestamps, values }],
      training: { from: t0, to: timestamps[400] },
      range: { from: timestamps[400], to: timestamps[599] + 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body.meta?.method).toBe(name);
    expect(res.body.regions?.some((r) => r.start <= timestamps[550] && r.end >= timestamps[550])).toBe(true);

    // 400 one-minute points of history: less than a day, so the panel is told not to trust it fully.
    expect(res.body.meta?.notices.map((n) => n.text)).toEqual([
      expect.stringContaining('the detector learned from only 6.7 h of history before the range'),
    ]);

    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(`\`${name}\` (default)`);
    expect(readme).toContain(`runs \`${name}\``);
  });
});

describe('streaming warm-up in the panel path', () => {
  it('raises no alarm while the detector warms up, even when the range starts with the training window', async () => {
    const t0 = Date.UTC(2026, 0, 2);
    const timestamps = Array.from({ length: 600 }, (_, i) => t0 + i * 60_000);
    const values = timestamps.map((_, i) => 10 + Math.sin(i / 9) + (i === 30 ? 30 : i === 550 ? 60 : 0));
    const res = await server.post('/v1/timeseries/detect', {
      source: 'warmup',
      series: [{ name: 'cpu', timestamps, values }],
      training: { from: t0, to: timestamps[400] },
      range: { from: t0, to: timestamps[599] + 1 },
    });
    expect(res.status).toBe(200);
    const series = res.body.series![0];
    // The early spike scores above the threshold too, but only the late (larger: the range member
    // remembers the first) one is an alarm.
    expect(series.score[30]).toBeGreaterThan(series.threshold);
    expect(series.is_anomaly[30]).toBe(false);
    expect(series.is_anomaly.slice(0, 60).some(Boolean)).toBe(false);
    expect(series.is_anomaly[550]).toBe(true);
  });
});
