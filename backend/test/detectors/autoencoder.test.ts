import path from 'node:path';
import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { autoencoderFactory } from '../../src/detectors/autoencoder/autoencoder';
import {
  autoencoderSizes,
  initialStack,
  reconstructionError,
  type DenseStack,
} from '../../src/detectors/autoencoder/denseStack';
import { buildLayersModel } from '../../src/detectors/autoencoder/layersModel';
import {
  columnMoments,
  foldStandardization,
  standardize,
} from '../../src/detectors/autoencoder/standardization';
import { tensorflow } from '../../src/detectors/autoencoder/tfRuntime';
import type { FitProgress } from '../../src/detectors/detector';
import { gaussianMatrix } from '../helpers/data';
import { runTsWorker } from '../helpers/tsProcess';

/** Rows on a 2-D plane in 4-D (x2 = x0 + x1, x3 = x0 − x1) plus a little noise. */
function planeRows(rows: number, seed: number): Matrix {
  const base = gaussianMatrix(rows, 2, seed);
  const noise = gaussianMatrix(rows, 4, seed + 1000);
  const data = new Float64Array(rows * 4);
  for (let i = 0; i < rows; i++) {
    const [a, b] = [base.data[2 * i], base.data[2 * i + 1]];
    [a, b, a + b, a - b].forEach((v, j) => (data[4 * i + j] = v + 0.05 * noise.data[4 * i + j]));
  }
  return { data, rows, cols: 4 };
}

/** Plain forward pass of a stack (ReLU hidden layers, linear output), written out for the tests. */
function forward(stack: DenseStack, input: number[]): number[] {
  let a = input;
  stack.kernels.forEach((kernel, l) => {
    const nOut = stack.sizes[l + 1];
    const out = Array.from(stack.biases[l]);
    a.forEach((v, i) => {
      for (let o = 0; o < nOut; o++) out[o] += v * kernel[i * nOut + o];
    });
    a = l < stack.kernels.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  });
  return a;
}

const train = planeRows(400, 1);
const probe = planeRows(30, 2);
const ctx = (params: Record<string, unknown> = {}, onProgress?: (p: FitProgress) => void) => ({
  contamination: 0.1,
  params,
  epochs: 8,
  batchSize: 32,
  onProgress,
});
const stackOf = (state: ReturnType<ReturnType<typeof autoencoderFactory.restore>['state']>): DenseStack => {
  const sizes = state.params.sizes as number[];
  return {
    sizes,
    kernels: sizes.slice(1).map((_, l) => state.arrays[`kernel${l}`] as Float32Array),
    biases: sizes.slice(1).map((_, l) => state.arrays[`bias${l}`] as Float32Array),
  };
};

describe('autoencoder', () => {
  it('has the contract architecture d → max(d/2, 8) → max(hidden/2, 4) → hidden → d', () => {
    expect(autoencoderSizes(4)).toEqual([4, 8, 4, 8, 4]);
    expect(autoencoderSizes(21)).toEqual([21, 10, 5, 10, 21]);
    expect(autoencoderSizes(40)).toEqual([40, 20, 10, 20, 40]);
  });

  it('folds the standardization into the first and last layers', () => {
    // columns with very different means and spreads, as robust scaling can leave them
    const x: Matrix = { ...train, data: train.data.map((v, k) => v * (1 + 30 * (k % 4)) + 5 * (k % 4)) };
    const moments = columnMoments(x);
    const stack = initialStack(autoencoderSizes(4), new Rng(3));
    stack.biases.forEach((b) => b.forEach((_, o) => (b[o] = 0.1 * o - 0.2)));
    const folded = reconstructionError(foldStandardization(stack, moments), x);
    const z = standardize(x, moments);
    for (let i = 0; i < 50; i++) {
      const zHat = forward(stack, Array.from(z.data.subarray(4 * i, 4 * i + 4)));
      const expected =
        [0, 1, 2, 3].reduce((sum, c) => {
          const xHat = zHat[c] * moments.std[c] + moments.mean[c];
          return sum + (xHat - x.data[4 * i + c]) ** 2;
        }, 0) / 4;
      expect(Math.abs(folded[i] - expected) / expected).toBeLessThan(1e-4);
    }
  });

  it('is deterministic for a seed on wasm, changes with the seed, and reports progress', async () => {
    const progress: FitProgress[] = [];
    const a = await autoencoderFactory.fit(
      train,
      ctx({}, (p) => progress.push(p)),
    );
    const b = await autoencoderFactory.fit(train, ctx({ random_state: 42 }));
    const c = await autoencoderFactory.fit(train, ctx({ random_state: 7 }));
    expect(a.fitInfo).toMatchObject({ tf_backend: 'wasm', epochs_trained: 8 });
    expect(Array.from(a.scoreRaw(probe))).toEqual(Array.from(b.scoreRaw(probe)));
    expect(Array.from(a.scoreRaw(probe))).not.toEqual(Array.from(c.scoreRaw(probe)));
    expect(progress.map((p) => [p.phase, p.epoch, p.fraction])).toEqual(
      Array.from({ length: 8 }, (_, i) => ['train', i + 1, (i + 1) / 8]),
    );
    expect(progress[7].loss!).toBeLessThan(progress[0].loss!);
  });

  it('is deterministic on the cpu backend too', async () => {
    const tf = await tensorflow();
    const hint = jest.spyOn(console, 'warn').mockImplementation(() => {}); // tfjs' "install tfjs-node" hint
    await tf.setBackend('cpu');
    try {
      const a = await autoencoderFactory.fit(train, ctx());
      const b = await autoencoderFactory.fit(train, ctx());
      expect(a.fitInfo).toMatchObject({ tf_backend: 'cpu' });
      expect(Array.from(a.scoreRaw(probe))).toEqual(Array.from(b.scoreRaw(probe)));
    } finally {
      await tf.setBackend('wasm');
      hint.mockRestore();
    }
  });

  it('learns the structure: rows off the plane score far higher', async () => {
    const detector = await autoencoderFactory.fit(train, { ...ctx(), epochs: 40 });
    const off: Matrix = { data: Float64Array.of(1, 1, -2, 2, 0, 0, 0, 0), rows: 2, cols: 4 };
    const [offPlane, origin] = detector.scoreRaw(off);
    const typical = [...detector.scoreRaw(probe)].sort((x, y) => x - y)[15];
    expect(offPlane).toBeGreaterThan(10 * typical);
    expect(origin).toBeLessThan(offPlane / 10);
  });

  it('scores as TensorFlow.js predicts with the same weights, and leaks no tensors', async () => {
    const tf = await tensorflow();
    await autoencoderFactory.fit(train, ctx()); // first use may allocate backend-owned tensors
    const before = tf.memory().numTensors;
    // the plain mean squared error of TensorFlow.js's prediction: the robust-scaled error space
    const detector = await autoencoderFactory.fit(train, ctx({ error_space: 'scaled' }));
    const big = gaussianMatrix(20_000, 4, 5);
    const scores = detector.scoreRaw(big);
    expect(tf.memory().numTensors).toBe(before);

    const model = buildLayersModel(tf, stackOf(detector.state()));
    const errors = tf.tidy(() => {
      const input = tf.tensor2d(Float32Array.from(big.data), [big.rows, 4]);
      return tf.mean(tf.squaredDifference(input, model.predict(input) as typeof input), 1).dataSync();
    });
    model.dispose();
    for (let i = 0; i < big.rows; i += 997) expect(scores[i]).toBeCloseTo(errors[i], 4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores a row the same whatever else is in the request, and restores identically', async () => {
    const detector = await autoencoderFactory.fit(train, ctx({ error_space: 'scaled' }));
    const batch = detector.scoreRaw(probe);
    expect(detector.scoreRaw({ data: probe.data.slice(20, 24), rows: 1, cols: 4 })[0]).toBe(batch[5]);
    const state = detector.state();
    expect(Object.values(state.arrays).every((a) => a instanceof Float32Array)).toBe(true);
    expect(Array.from(autoencoderFactory.restore(state).scoreRaw(probe))).toEqual(Array.from(batch));
    expect(reconstructionError(stackOf(state), probe)).toEqual(batch);
  });

  it('trains in a worker thread (wasm initialised there) to the same weights as the main thread', async () => {
    const main = await autoencoderFactory.fit(train, ctx());
    const worker = await runTsWorker<{ scores: Float64Array; fitInfo: Record<string, unknown> }>(
      path.join(__dirname, '../helpers/autoencoderWorker.ts'),
      { train, probe },
    );
    expect(worker.fitInfo).toMatchObject({ tf_backend: 'wasm' });
    expect(Array.from(worker.scores)).toEqual(Array.from(main.scoreRaw(probe)));
  });

  it('stops early when the validation loss stalls, keeping the best epoch', async () => {
    // 40 rows of 16-D noise through a 4-unit bottleneck: the 36 training rows get memorised and
    // the loss on the 4 held-out rows soon stops falling
    const noise = gaussianMatrix(40, 16, 8);
    const detector = await autoencoderFactory.fit(noise, { ...ctx(), epochs: 2000 });
    const info = detector.fitInfo as { epochs_trained: number; best_epoch: number; early_stopped: boolean };
    expect(info.early_stopped).toBe(true);
    expect(info.epochs_trained).toBe(info.best_epoch + 10);
  });

  it("with error_space 'standardized' scores each column's error over its training variance", async () => {
    // column 3 blown up 1000×: it dominates the scaled error, not the standardized one
    const widen = (m: Matrix): Matrix => ({ ...m, data: m.data.map((v, k) => (k % 4 === 3 ? 1000 * v : v)) });
    const params = { error_space: 'standardized' };
    const plain = await autoencoderFactory.fit(train, ctx(params));
    const wide = await autoencoderFactory.fit(widen(train), ctx(params));
    const a = plain.scoreRaw(probe);
    const b = wide.scoreRaw(widen(probe));
    for (let i = 0; i < probe.rows; i++) expect(Math.abs(b[i] - a[i]) / a[i]).toBeLessThan(1e-3);
    const scaled = (await autoencoderFactory.fit(widen(train), ctx({ error_space: 'scaled' }))).scoreRaw(
      widen(probe),
    );
    const median = (v: Float64Array): number => [...v].sort((p, q) => p - q)[v.length >> 1];
    expect(median(scaled)).toBeGreaterThan(100 * median(b));

    const state = wide.state();
    expect(state.params).toMatchObject({ error_space: 'standardized' });
    const variance = 1 / (state.arrays.errorWeights as Float64Array)[3];
    expect(
      reconstructionError(stackOf(state), widen(probe), state.arrays.errorWeights as Float64Array),
    ).toEqual(b);
    expect(variance).toBeGreaterThan(1e5); // ≈ 1000² × the column's variance
    expect(Array.from(autoencoderFactory.restore(state).scoreRaw(widen(probe)))).toEqual(Array.from(b));
  });

  it('validates its parameters', () => {
    expect(autoencoderFactory.params.safeParse({ random_state: -1 }).success).toBe(false);
    expect(autoencoderFactory.params.safeParse({ hidden: 3 }).success).toBe(false);
    expect(autoencoderFactory.params.safeParse({ error_space: 'raw' }).success).toBe(false);
  });
});
