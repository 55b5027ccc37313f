import { column, type Matrix } from './matrix';
import { fitRobustScaler, type RobustScaler } from './robustScaler';
import { mean, populationStd } from './stats';

/** LlamaFarm's `scaler_type`: how features are scaled before a detector sees them. */
export const SCALER_TYPES = ['robust', 'standard'] as const;
export type ScalerType = (typeof SCALER_TYPES)[number];

/** The scaler models were fitted with before `scaler_type` existed, and the default. */
export const DEFAULT_SCALER_TYPE: ScalerType = 'robust';

/**
 * Per feature (x − center) / scale, fitted on the training rows: `robust` is scikit-learn's
 * RobustScaler (median, IQR), `standard` its StandardScaler (mean, population std, a zero std
 * replaced by 1). Both apply with applyRobustScaler.
 */
export function fitScaler(type: ScalerType, x: Matrix): RobustScaler {
  return type === 'standard' ? fitStandardScaler(x) : fitRobustScaler(x);
}

function fitStandardScaler(x: Matrix): RobustScaler {
  const center = new Float64Array(x.cols);
  const scale = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    const values = column(x, j);
    center[j] = mean(values);
    const std = populationStd(values, center[j]);
    scale[j] = std === 0 ? 1 : std;
  }
  return { center, scale };
}
