import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import pino from 'pino';
import type { Matrix } from '../src/core/matrix';
import { applyRobustScaler, fitRobustScaler } from '../src/core/robustScaler';
import { isolationForestFactory } from '../src/detectors/isolationForest';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';
import { rawScores, train } from '../src/training/pipeline';
import { bestMs, hasSklearn, ratio, runReference, seconds } from './timing';
import { gaussianMatrix } from './gaussian';

const asRows = (x: Matrix): number[][] =>
  Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));

interface SklearnTimes {
  sklearn: string;
  fit_s: number;
  fit_plus_score_train_s: number;
  score_s: number;
}

/**
 * Isolation Forest at rows×cols: in-process fit and score, optionally HTTP score throughput, and
 * scikit-learn beside it in the same run.
 */
export async function benchIsolationForest(
  rows = 100_000,
  cols = 16,
  options: { http?: boolean } = {},
): Promise<void> {
  const repeats = 3;
  const trainX = gaussianMatrix(rows, cols, 1);
  const testX = gaussianMatrix(rows, cols, 2);
  const ctx = { contamination: 0.1, params: {}, epochs: 1, batchSize: 1 };

  const scaled = applyRobustScaler(fitRobustScaler(trainX), trainX);
  const forestFitMs = await bestMs(repeats, () => isolationForestFactory.fit(scaled, ctx));
  let model = await train(isolationForestFactory, trainX, ctx);
  const wholeFitMs = await bestMs(repeats, async () => {
    model = await train(isolationForestFactory, trainX, ctx);
  });
  const scoreMs = await bestMs(repeats, () => rawScores(model, testX));

  const http = options.http ? await httpThroughput(trainX, testX) : null;

  console.log(
    `\n## Isolation Forest, ${rows.toLocaleString()}×${cols} standard-normal rows (best of ${repeats})`,
  );
  console.log(`ours   forest fit only                           ${seconds(forestFitMs)}`);
  console.log(`ours   whole fit (scaler + forest + train pass)  ${seconds(wholeFitMs)}`);
  console.log(`ours   score ${rows.toLocaleString()} rows                         ${seconds(scoreMs)}`);
  if (http) {
    console.log(
      `ours   HTTP /v1/anomaly/score, 10k-row batches     ${Math.round(http.rowsPerSecond).toLocaleString()} rows/s (${http.msPerBatch.toFixed(1)} ms per batch)`,
    );
  }
  if (!hasSklearn()) {
    console.log(
      'scikit-learn: not found on /usr/bin/python3 (apt-get install python3-sklearn) — no side-by-side figures',
    );
    return;
  }
  const sk = runReference<SklearnTimes>('sklearn_isolation_forest.py', [
    String(rows),
    String(cols),
    String(repeats),
  ]);
  console.log(`sklearn ${sk.sklearn} fit                                ${seconds(sk.fit_s * 1000)}`);
  console.log(
    `sklearn fit + score_samples(train)               ${seconds(sk.fit_plus_score_train_s * 1000)}`,
  );
  console.log(
    `sklearn score_samples ${rows.toLocaleString()} rows               ${seconds(sk.score_s * 1000)}`,
  );
  console.log(
    `ratio  scoring: ours is ${ratio(sk.score_s * 1000, scoreMs)} faster (target ≥ 5×); whole fit vs sklearn fit+score_samples: ${ratio(sk.fit_plus_score_train_s * 1000, wholeFitMs)} (target ≥ 1×)`,
  );
}

async function httpThroughput(
  trainX: Matrix,
  testX: Matrix,
): Promise<{ rowsPerSecond: number; msPerBatch: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-bench-'));
  const config = { ...loadConfig({ LF_DATA_DIR: dataDir }), port: 0 };
  const server = await startServer(config, pino({ level: 'warn' }));
  try {
    const post = async (route: string, body: unknown): Promise<void> => {
      const res = await fetch(server.url + route, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    await post('/v1/anomaly/fit', { model: 'bench', data: asRows(trainX) });
    const batch = 10_000;
    const batches = Array.from({ length: testX.rows / batch }, (_, b) =>
      JSON.stringify({
        model: 'bench',
        data: asRows({
          ...testX,
          data: testX.data.subarray(b * batch * testX.cols, (b + 1) * batch * testX.cols),
          rows: batch,
        }),
      }),
    );
    const send = async (body: string): Promise<void> => {
      const res = await fetch(server.url + '/v1/anomaly/score', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
    };
    await send(batches[0]); // warm-up
    const started = performance.now();
    for (const body of batches) await send(body);
    const ms = performance.now() - started;
    return { rowsPerSecond: (testX.rows / ms) * 1000, msPerBatch: ms / batches.length };
  } finally {
    await server.close();
  }
}
