import { featureNames, featureRow, lookback } from '../../src/stream/derivedFeatures';
import type { StoredPoint } from '../../src/stream/pointWindow';

const points: StoredPoint[] = [1, 2, 4, 8, 16].map((v, i) => ({
  values: Float64Array.of(v, -v),
  timestampMs: i,
}));
const spec = { rolling: [3], lags: [2] };

describe('stream features: rolling statistics and lags (Polars semantics, nulls as 0)', () => {
  it('names inputs first, then per input its rolling mean/std/min/max and lags', () => {
    expect(featureNames(['x', 'y'], spec)).toEqual([
      'x',
      'y',
      'x_rolling_mean_3',
      'x_rolling_std_3',
      'x_rolling_min_3',
      'x_rolling_max_3',
      'x_lag_2',
      'y_rolling_mean_3',
      'y_rolling_std_3',
      'y_rolling_min_3',
      'y_rolling_max_3',
      'y_lag_2',
    ]);
    expect(lookback(spec)).toBe(2);
    expect(lookback({ rolling: [10], lags: [3] })).toBe(9);
  });

  it('computes golden values over the points so far (sample std, n − 1)', () => {
    // over 4, 8, 16: mean 28/3, sample std sqrt(((−16/3)² + (−4/3)² + (20/3)²) / 2) = sqrt(112/3)
    const row = Array.from(featureRow(points, 4, spec));
    expect(row.slice(0, 2)).toEqual([16, -16]);
    expect(row[2]).toBeCloseTo(28 / 3, 12);
    expect(row[3]).toBeCloseTo(Math.sqrt(112 / 3), 12);
    expect(row.slice(4, 7)).toEqual([4, 16, 4]);
    expect(row[7]).toBeCloseTo(-28 / 3, 12);
    expect(row[8]).toBeCloseTo(Math.sqrt(112 / 3), 12);
    expect(row.slice(9)).toEqual([-16, -4, -4]);
  });

  it('fills windows and lags that reach before the first point with 0', () => {
    expect(Array.from(featureRow(points, 1, spec))).toEqual([2, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
