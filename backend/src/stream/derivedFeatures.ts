import type { StoredPoint } from './pointWindow';

/** Rolling statistics and lags computed from the window (LlamaFarm's optional stream features). */
export interface DerivedSpec {
  /** Sizes of the rolling windows (mean, std, min, max of each input feature); empty for none. */
  readonly rolling: readonly number[];
  /** Lag periods (the input feature `lag` points earlier); empty for none. */
  readonly lags: readonly number[];
}

/** LlamaFarm's lag periods when lags are asked for without `lag_periods`. */
export const DEFAULT_LAG_PERIODS = [1, 2, 3];

const STATS = ['mean', 'std', 'min', 'max'] as const;

/** Column names in model order: the inputs, then per input its rolling stats and lags. */
export function featureNames(columns: readonly string[], spec: DerivedSpec): string[] {
  const names = [...columns];
  for (const c of columns) {
    for (const w of spec.rolling) for (const s of STATS) names.push(`${c}_rolling_${s}_${w}`);
    for (const lag of spec.lags) names.push(`${c}_lag_${lag}`);
  }
  return names;
}

/** How many points before a point its derived features look at. */
export const lookback = (spec: DerivedSpec): number =>
  Math.max(0, ...spec.rolling.map((w) => w - 1), ...spec.lags);

/**
 * The model row of `points[i]`, seeing only `points[0..i]`. A statistic whose window reaches before
 * the first point, or a lag that does, is 0 (LlamaFarm fills those nulls with 0); std is the sample
 * standard deviation (n − 1), as Polars computes it.
 */
export function featureRow(points: readonly StoredPoint[], i: number, spec: DerivedSpec): Float64Array {
  const inputs = points[i].values;
  const d = inputs.length;
  const perInput = spec.rolling.length * STATS.length + spec.lags.length;
  const row = new Float64Array(d * (1 + perInput));
  row.set(inputs);
  let k = d;
  for (let j = 0; j < d; j++) {
    for (const w of spec.rolling) {
      if (i + 1 >= w) {
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let t = i - w + 1; t <= i; t++) {
          const v = points[t].values[j];
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const mean = sum / w;
        let squares = 0;
        for (let t = i - w + 1; t <= i; t++) squares += (points[t].values[j] - mean) ** 2;
        row[k] = mean;
        row[k + 1] = w > 1 ? Math.sqrt(squares / (w - 1)) : 0;
        row[k + 2] = min;
        row[k + 3] = max;
      }
      k += STATS.length;
    }
    for (const lag of spec.lags) {
      if (i - lag >= 0) row[k] = points[i - lag].values[j];
      k++;
    }
  }
  return row;
}
