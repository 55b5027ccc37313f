import type { AddressInfo } from 'node:net';
import express from 'express';
import { jsonBytes } from '../../src/core/jsonText';
import { sendJsonBytes } from '../../src/http/send';
import { gaussianMatrix, toRows } from '../helpers/data';
import { startService, type RunningService } from '../helpers/service';

/** Status, the headers that describe the body, and the body's bytes. */
async function raw(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    length: res.headers.get('content-length'),
    encoding: res.headers.get('transfer-encoding'),
    body,
  };
}

const postJson = (url: string, body: unknown) =>
  raw(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * Worker threads answer JSON as UTF-8 bytes handed to the main thread, which writes them as they
 * are: the client sees what `res.json` would have sent, and domain errors keep their 4xx.
 */
describe('JSON answers encoded in a worker', () => {
  it('sendJsonBytes answers the same headers and bytes as res.json', async () => {
    const value = {
      name: 'température ☃ 𝔸',
      values: [1, -0.5, 1e-7, null],
      nested: { ok: true, text: 'a"b\\c\n' },
    };
    const app = express();
    app.set('etag', false);
    app.get('/json', (_req, res) => void res.json(value));
    app.get('/bytes', (_req, res) => sendJsonBytes(res, jsonBytes(value)));
    app.get('/created', (_req, res) => sendJsonBytes(res, jsonBytes(value), 201));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const viaJson = await raw(url + '/json');
      const viaBytes = await raw(url + '/bytes');
      expect(viaBytes).toEqual(viaJson);
      expect(viaBytes.type).toBe('application/json; charset=utf-8');
      expect(Number(viaBytes.length)).toBe(viaBytes.body.byteLength);
      expect(JSON.parse(viaBytes.body.toString('utf8'))).toEqual(value);
      expect((await raw(url + '/created')).status).toBe(201);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  describe('through the service and its worker threads', () => {
    let svc: RunningService;
    beforeAll(async () => {
      svc = await startService({ env: { LF_WORKERS: '1' } });
    });
    afterAll(async () => {
      await svc.stop();
    });

    it('a time-series answer arrives whole, with res.json headers and UTF-8 names intact', async () => {
      const name = 'cpu température ☃';
      const t0 = Date.UTC(2026, 0, 1);
      const timestamps = Array.from({ length: 300 }, (_, i) => t0 + i * 60_000);
      const res = await postJson(svc.url + '/v1/timeseries/detect', {
        source: 'utf8',
        series: [
          { name, timestamps, values: timestamps.map((_, i) => Math.sin(i / 7) + (i === 250 ? 6 : 0)) },
        ],
        training: { from: t0, to: timestamps[150] },
        range: { from: timestamps[150], to: timestamps[299] + 1 },
      });
      const health = await raw(svc.url + '/health');
      expect(res.status).toBe(200);
      expect(res.type).toBe(health.type);
      expect(res.encoding).toBeNull();
      expect(Number(res.length)).toBe(res.body.byteLength);
      const detection = JSON.parse(res.body.toString('utf8')) as { series: { name: string }[] };
      expect(detection.series.map((s) => s.name)).toEqual([name]);
    });

    it('domain errors thrown in the workers keep their status and text', async () => {
      const invalid = await postJson(svc.url + '/v1/timeseries/detect', { source: 'x' });
      expect(invalid.status).toBe(422);
      expect(invalid.type).toBe('application/json; charset=utf-8');

      const unknownKey = await postJson(svc.url + '/v1/timeseries/score', {
        model_key: 'nope',
        series: [{ name: 'a', timestamps: [1], values: [1] }],
      });
      expect(unknownKey.status).toBe(404);
      expect(JSON.parse(unknownKey.body.toString('utf8'))).toEqual({
        detail: "model key 'nope' is not cached (expired or the backend restarted): call detect",
      });

      // Over LF_INLINE_JSON_KB, so parsed and scored in a scoring worker.
      const large = await postJson(svc.url + '/v1/anomaly/score', {
        model: 'nope',
        data: toRows(gaussianMatrix(40_000, 4, 1)),
      });
      expect(large.status).toBe(404);
      expect(JSON.parse(large.body.toString('utf8')).detail).toMatch(/^Model 'nope' .* not found/);
    });
  });
});
