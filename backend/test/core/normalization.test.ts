import { learnedThresholds, normalize, scoreStats } from '../../src/core/normalization';
import { percentile } from '../../src/core/stats';
import { golden } from '../helpers/golden';

const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThan(1e-9));
};

describe('normalization against the golden file', () => {
  const stats = scoreStats(golden.train_raw);

  it('reproduces the training statistics', () => {
    close(
      [stats.median, stats.iqr, stats.mean, stats.std],
      [golden.stats.median, golden.stats.iqr, golden.stats.mean, golden.stats.std_population],
    );
  });

  it('reproduces the learned thresholds of every method', () => {
    const t = learnedThresholds(golden.train_raw, stats, golden.contamination);
    close(
      [t.zscore, t.standardization, t.raw],
      [
        golden.learned_threshold.zscore,
        golden.learned_threshold.standardization,
        golden.learned_threshold.raw,
      ],
    );
  });

  it('reproduces the test scores', () => {
    close(normalize(golden.test_raw, 'zscore', stats), golden.test_zscore);
    close(normalize(golden.test_raw, 'standardization', stats), golden.test_standardization);
    close(normalize(golden.test_raw, 'raw', stats), golden.test_raw);
  });
});

describe('degenerate score distributions', () => {
  it('falls back to std for a zero IQR, and to 1 when std is zero too', () => {
    const mostlyEqual = [1, 1, 1, 1, 1, 1, 1, 1, 1, 5];
    expect(scoreStats(mostlyEqual).iqr).toBeCloseTo(1.2, 12); // population std of the list
    const constant = scoreStats([0.5, 0.5, 0.5]);
    expect(constant).toEqual({ median: 0.5, iqr: 1, mean: 0.5, std: 1 });
  });

  it('clips the logistic argument so extreme raw scores stay finite', () => {
    const stats = { median: 0, iqr: 1e-300, mean: 0, std: 1 };
    const [hi, lo] = normalize([1, -1], 'standardization', stats);
    expect(hi).toBe(1);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(lo)).toBe(true);
  });
});

describe('percentile', () => {
  it('interpolates linearly like numpy', () => {
    expect(percentile([1, 2, 3, 4], 25)).toBeCloseTo(1.75, 15);
    expect(percentile([10, 0], 50)).toBe(5);
    expect(percentile([7], 95)).toBe(7);
  });
});
