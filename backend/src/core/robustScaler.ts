import { column, type Matrix } from './matrix';
import { percentileSorted } from './stats';

/**
 * scikit-learn's RobustScaler: per feature (x - median) / (P75 - P25), linear-interpolated
 * percentiles, and a zero IQR replaced by 1 so constant features pass through centred.
 */
export interface RobustScaler {
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

export function fitRobustScaler(x: Matrix): RobustScaler {
  const center = new Float64Array(x.cols);
  const scale = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    const sorted = column(x, j).sort();
    center[j] = percentileSorted(sorted, 50);
    const iqr = percentileSorted(sorted, 75) - percentileSorted(sorted, 25);
    scale[j] = iqr === 0 ? 1 : iqr;
  }
  return { center, scale };
}

export function applyRobustScaler(scaler: RobustScaler, x: Matrix): Matrix {
  const { cols } = x;
  const out = new Float64Array(x.data.length);
  for (let k = 0, j = 0; k < out.length; k++) {
    out[k] = (x.data[k] - scaler.center[j]) / scaler.scale[j];
    if (++j === cols) j = 0;
  }
  return { data: out, rows: x.rows, cols };
}
