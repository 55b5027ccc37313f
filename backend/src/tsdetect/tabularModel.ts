import { unprocessable } from '../api/errors';
import type { Matrix } from '../core/matrix';
import { normalize, type Normalization } from '../core/normalization';
import type { DetectorFactory } from '../detectors/detector';
import { detectorFactory } from '../detectors/registry';
import type { FitRunner } from '../training/fitRunner';
import { rawScores, train, type Trained } from '../training/pipeline';
import type { DetectorConfig } from './schemas';

/** A tabular detector fitted on feature rows through the shared training pipeline. */
export interface TabularModel {
  readonly kind: 'tabular';
  readonly trained: Trained;
  readonly featureNames: readonly string[];
  readonly samples: number;
}

/** `epochs` and `batch_size` ride along in `params` for the time-series endpoint. */
function splitParams(params: Record<string, unknown>) {
  const { epochs, batch_size: batchSize, ...rest } = params;
  const int = (v: unknown, fallback: number, key: string): number => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw unprocessable(['body', 'detector', 'params', key], 'must be a positive integer');
    }
    return v;
  };
  return { rest, epochs: int(epochs, 100, 'epochs'), batchSize: int(batchSize, 32, 'batch_size') };
}

/**
 * A fresh worker thread starts with cold JIT and loads every detector (TensorFlow.js included):
 * ~0.6 s before a 10k-row Isolation Forest fit even begins, ten times the fit itself. Fast
 * detectors on dashboard-sized data therefore fit on the request's thread; the rest go to workers.
 */
const INLINE_MAX_CELLS = 500_000;

function runsInline(factory: DetectorFactory, x: Matrix): boolean {
  const fast = factory.info.speed === 'very fast' || factory.info.speed === 'fast';
  return fast && x.rows * x.cols <= INLINE_MAX_CELLS;
}

export async function fitTabular(
  runner: FitRunner,
  config: DetectorConfig,
  x: Matrix,
  featureNames: readonly string[],
): Promise<TabularModel> {
  const factory = detectorFactory(config.method);
  if (!factory) throw unprocessable(['body', 'detector', 'method'], `unknown method '${config.method}'`);
  const { rest, epochs, batchSize } = splitParams(config.params);
  const parsed = factory.params.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unprocessable(
      ['body', 'detector', 'params', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      issue.message,
    );
  }
  const job = {
    backend: config.method,
    x,
    contamination: config.contamination,
    params: parsed.data,
    epochs,
    batchSize,
  };
  const trained = runsInline(factory, x)
    ? await train(factory, x, { contamination: job.contamination, params: job.params, epochs, batchSize })
    : await runner.fit(job);
  return { kind: 'tabular', trained, featureNames, samples: x.rows };
}

export function scoreTabular(model: TabularModel, x: Matrix, normalization: Normalization): Float64Array {
  return normalize(rawScores(model.trained, x), normalization, model.trained.stats);
}

/** The feature of one row farthest from its training median, in training IQRs (the scaler's units). */
export function mostUnusualFeature(
  model: TabularModel,
  row: Float64Array,
): { index: number; name: string; value: number; iqrs: number } {
  const { center, scale } = model.trained.scaler;
  let best = 0;
  let bestZ = -1;
  for (let j = 0; j < row.length; j++) {
    const z = Math.abs((row[j] - center[j]) / scale[j]);
    if (z > bestZ) {
      bestZ = z;
      best = j;
    }
  }
  return {
    index: best,
    name: model.featureNames[best],
    value: row[best],
    iqrs: (row[best] - center[best]) / scale[best],
  };
}
