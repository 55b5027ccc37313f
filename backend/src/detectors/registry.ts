import { z } from 'zod';
import { RANGE_GUARD_PARAM, type BackendInfo, type DetectorFactory } from './detector';
import { autoencoderFactory } from './autoencoder/autoencoder';
import { cblofFactory } from './cblof/cblof';
import { copodFactory } from './copod';
import { ecodFactory } from './ecod';
import { hbosFactory } from './hbos';
import { isolationForestFactory } from './isolationForest';
import { knnFactory } from './knn';
import { localOutlierFactorFactory } from './localOutlierFactor/localOutlierFactor';
import { lodaFactory } from './loda';
import { mcdFactory } from './mcd/mcd';
import { oneClassSvmFactory } from './oneClassSvm/oneClassSvm';
import { suodFactory } from './suod';

/** The one place detectors are registered; `GET /v1/anomaly/backends` is read from here. */
const FACTORIES: readonly DetectorFactory[] = [
  isolationForestFactory,
  autoencoderFactory,
  ecodFactory,
  copodFactory,
  hbosFactory,
  knnFactory,
  oneClassSvmFactory,
  localOutlierFactorFactory,
  mcdFactory,
  cblofFactory,
  lodaFactory,
  suodFactory,
];

/**
 * `params.range_guard` (default true) is the training pipeline's, offered by every backend: its
 * schema and listing gain it, and it is taken out before the detector itself sees the params. The
 * listing also names `contamination`, which every backend honours.
 */
function withRangeGuard(factory: DetectorFactory): DetectorFactory {
  const own = factory.params as z.ZodObject;
  return {
    ...factory,
    info: {
      ...factory.info,
      parameters: {
        contamination:
          'top-level request field: share of training rows expected to be anomalous, (0, 0.5]; sets the learned threshold (default 0.1)',
        ...factory.info.parameters,
        [RANGE_GUARD_PARAM]:
          'true (default): a row beyond the training range on some feature (by more than 3 IQRs) scores just above the most anomalous training row (at least); false: the plain detector',
      },
    },
    params: own.extend({
      [RANGE_GUARD_PARAM]: z.boolean().default(true),
    }) as unknown as DetectorFactory['params'],
    fit(x, context) {
      const { [RANGE_GUARD_PARAM]: _guard, ...params } = context.params;
      return factory.fit(x, { ...context, params });
    },
  };
}

/** The backend a fit uses when none is named (LlamaFarm's default). */
export const DEFAULT_BACKEND = 'isolation_forest';

const GUARDED = FACTORIES.map(withRangeGuard);

const BY_NAME = new Map(GUARDED.map((f) => [f.info.backend, f]));

export const BACKEND_NAMES: readonly string[] = GUARDED.map((f) => f.info.backend);

export function detectorFactory(name: string): DetectorFactory | undefined {
  return BY_NAME.get(name);
}

export function backendInfos(): BackendInfo[] {
  return GUARDED.map((f) => f.info);
}
