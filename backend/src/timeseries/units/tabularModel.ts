import { invalidField } from '../../core/errors';
import type { Matrix } from '../../core/matrix';
import { normalize, type Normalization } from '../../core/normalization';
import { parseAt } from '../../core/validate';
import { detectorFactory } from '../../detectors/registry';
import type { FitRunner } from '../../training/fitRunner';
import { rawScores, type Trained } from '../../training/pipeline';
import type { DetectorConfig } from '../schemas';

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
      throw invalidField(['body', 'detector', 'params', key], 'must be a positive integer');
    }
    return v;
  };
  return { rest, epochs: int(epochs, 100, 'epochs'), batchSize: int(batchSize, 32, 'batch_size') };
}

export async function fitTabular(
  runner: FitRunner,
  config: DetectorConfig,
  x: Matrix,
  featureNames: readonly string[],
): Promise<TabularModel> {
  const factory = detectorFactory(config.method);
  if (!factory) throw invalidField(['body', 'detector', 'method'], `unknown method '${config.method}'`);
  const { rest, epochs, batchSize } = splitParams(config.params);
  const params = parseAt(factory.params, rest, ['body', 'detector', 'params']);
  const job = {
    backend: config.method,
    x,
    contamination: config.contamination,
    params,
    epochs,
    batchSize,
  };
  const trained = await runner.fit(job);
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
