import type { BackendInfo, DetectorFactory } from './detector';
import { autoencoderFactory } from './autoencoder/autoencoder';
import { copodFactory } from './copod';
import { ecodFactory } from './ecod';
import { hbosFactory } from './hbos';
import { isolationForestFactory } from './isolationForest';
import { knnFactory } from './knn';
import { localOutlierFactorFactory } from './localOutlierFactor/localOutlierFactor';
import { oneClassSvmFactory } from './oneClassSvm/oneClassSvm';

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
];

const BY_NAME = new Map(FACTORIES.map((f) => [f.info.name, f]));

/** The backend a fit uses when none is named (LlamaFarm's default). */
export const DEFAULT_BACKEND = 'isolation_forest';

export const BACKEND_NAMES: readonly string[] = FACTORIES.map((f) => f.info.name);

export function detectorFactory(name: string): DetectorFactory | undefined {
  return BY_NAME.get(name);
}

export function backendInfos(): BackendInfo[] {
  return FACTORIES.map((f) => f.info);
}
