import { request } from 'node:http';
import pino from 'pino';
import { jsonBytes, parseJsonBytes } from '../src/core/jsonText';
import { validateBody } from '../src/core/validate';
import { detectRequest } from '../src/timeseries/schemas';
import { TimeseriesService } from '../src/timeseries/service';
import { FitRunner } from '../src/training/fitRunner';
import { startServiceProcess } from './serviceProcess';
import { latencySummary, seconds } from './timing';

const SERIES = 1_000;
const POINTS = 2_016;
const STEP_MS = 300_000;
const T0 = Date.UTC(2026, 0, 1);

/** What the Grafana panel sends for 1,000 series × a week of 5-minute points, default method. */
function requestBody(): string {
  const timestamps = Array.from({ length: POINTS }, (_, i) => T0 + i * STEP_MS);
  return JSON.stringify({
    source: 'many',
    series: Array.from({ length: SERIES }, (_, k) => ({
      name: `s${k}`,
      timestamps,
      values: timestamps.map((_, i) => 10 + Math.sin((i + k) / 12) + (i % 997 === k % 997 ? 5 : 0)),
    })),
    training: { from: T0, to: timestamps[576] },
    range: { from: timestamps[576], to: timestamps[POINTS - 1] + 1 },
  });
}

interface Stages {
  parse: number;
  validate: number;
  detect: number;
  serialise: number;
  total: number;
  bytes: number;
}

/** One request in this process, the way the time-series worker runs it, stage by stage. */
async function inProcess(service: TimeseriesService, body: Uint8Array): Promise<Stages> {
  const t0 = performance.now();
  const parsed = parseJsonBytes(body);
  const t1 = performance.now();
  const request = validateBody(detectRequest, parsed);
  const t2 = performance.now();
  const detection = await service.detect(request, {});
  const t3 = performance.now();
  const bytes = jsonBytes(detection);
  const t4 = performance.now();
  return {
    parse: t1 - t0,
    validate: t2 - t1,
    detect: t3 - t2,
    serialise: t4 - t3,
    total: t4 - t0,
    bytes: bytes.byteLength,
  };
}

/** POSTs a JSON body and reads the answer chunk by chunk without keeping it; resolves with its size. */
function postDiscarding(url: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => (size += chunk.length));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(size) : reject(new Error(`detect: HTTP ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POST /v1/timeseries/detect with 1,000 series × 2,016 points and the default method (`ensemble`):
 * through HTTP to the compiled service in its own process, and in-process stage by stage (JSON
 * parse, schema validation, detect, JSON text as UTF-8 bytes). Best of `repeats` each. Then /health
 * polled while one more such request runs and its answer is sent (read here without keeping it,
 * so this process's own event loop stays free to time /health).
 */
export async function benchTimeseriesMany(repeats = 2): Promise<void> {
  console.log(
    `\n## Time-series detect, ${SERIES.toLocaleString()} series × ${POINTS.toLocaleString()} points, default method (best of ${repeats})`,
  );
  const text = requestBody();
  const body = new Uint8Array(Buffer.from(text));
  const service = new TimeseriesService({ runner: new FitRunner(1), log: pino({ level: 'silent' }) });
  let best: Stages | undefined;
  for (let r = 0; r < repeats; r++) {
    const stages = await inProcess(service, body);
    if (!best || stages.total < best.total) best = stages;
  }
  const s = best as Stages;
  console.log(
    `in-process ${seconds(s.total)}: JSON parse ${seconds(s.parse)}, validation ${seconds(s.validate)}, ` +
      `detect ${seconds(s.detect)}, JSON bytes ${seconds(s.serialise)} (request ${(body.byteLength / 1e6).toFixed(1)} MB, answer ${(s.bytes / 1e6).toFixed(1)} MB)`,
  );

  const { url, stop } = await startServiceProcess();
  try {
    let httpBest = Infinity;
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const res = await fetch(url + '/v1/timeseries/detect', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`detect: HTTP ${res.status}`);
      httpBest = Math.min(httpBest, performance.now() - started);
    }
    console.log(`over HTTP (service in its own process, answer read in full) ${seconds(httpBest)}`);
    let running = true;
    const answer = postDiscarding(url + '/v1/timeseries/detect', body).finally(() => (running = false));
    const health: number[] = [];
    while (running) {
      const started = performance.now();
      const res = await fetch(url + '/health');
      await res.arrayBuffer();
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    console.log(
      `GET /health while one more is computed and its ${((await answer) / 1e6).toFixed(1)} MB sent: ${latencySummary(health)}`,
    );
  } finally {
    await stop();
  }
}
