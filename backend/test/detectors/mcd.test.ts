import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InvalidInputError } from '../../src/core/errors';
import type { Matrix } from '../../src/core/matrix';
import { mcdFactory } from '../../src/detectors/mcd/mcd';
import { chiSquareIsf } from '../../src/detectors/mcd/chiSquare';
import { gaussianMatrix } from '../helpers/data';

interface McdCase {
  name: string;
  rows: number;
  cols: number;
  X: number[];
  T: number[];
  raw_support: number;
  support: number;
  mahalanobis: number[];
}

const fixture = JSON.parse(
  gunzipSync(readFileSync(path.join(__dirname, '../fixtures/sklearn_mcd.json.gz'))).toString('utf8'),
) as { cases: McdCase[] };

const context = (params: Record<string, unknown> = {}) => ({
  contamination: 0.1,
  params: mcdFactory.params.parse(params),
  epochs: 1,
  batchSize: 1,
});

describe('chi-square quantiles (scipy.stats.chi2.isf)', () => {
  it.each([
    [1, 0.5, 0.4549364231195724],
    [1, 0.025, 5.02388618731489],
    [5, 0.5, 4.351460191095526],
    [9, 0.025, 19.022767798641638],
    [36, 0.5, 35.335572835576905],
    [100, 0.025, 129.5611971858366],
  ])('df %d, p %d', (df, p, expected) => {
    expect(chiSquareIsf(df, p)).toBeCloseTo(expected, 10);
  });
});

describe('mcd matches scikit-learn MinCovDet', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const x: Matrix = { data: Float64Array.from(c.X), rows: c.rows, cols: c.cols };
    const probe: Matrix = { data: Float64Array.from(c.T), rows: c.T.length / c.cols, cols: c.cols };
    const detector = mcdFactory.fit(x, context()) as ReturnType<typeof mcdFactory.restore>;
    expect(detector.fitInfo).toMatchObject({
      support_size: c.raw_support,
      reweighted_support_size: c.support,
    });
    const scores = detector.scoreRaw(probe);
    scores.forEach((s, i) => expect(s).toBeCloseTo(c.mahalanobis[i], 8));
  });

  it('ranks the shifted rows (the contamination) above the clean ones', () => {
    const c = fixture.cases[0];
    const x: Matrix = { data: Float64Array.from(c.X), rows: c.rows, cols: c.cols };
    const scores = (mcdFactory.fit(x, context()) as ReturnType<typeof mcdFactory.restore>).scoreRaw(x);
    const shifted = Math.floor(c.rows / 10);
    const lowestShifted = Math.min(...scores.subarray(0, shifted));
    const above = Array.from(scores.subarray(shifted)).filter((s) => s >= lowestShifted).length;
    expect(above / (c.rows - shifted)).toBeLessThan(0.02);
  });
});

describe('mcd edge cases', () => {
  it('is affine equivariant: rescaling a feature leaves scores unchanged', () => {
    const x = gaussianMatrix(200, 3, 5);
    const scaled: Matrix = { ...x, data: x.data.map((v, k) => (k % 3 === 1 ? v * 1000 + 7 : v)) };
    const probe = gaussianMatrix(20, 3, 6);
    const scaledProbe: Matrix = {
      ...probe,
      data: probe.data.map((v, k) => (k % 3 === 1 ? v * 1000 + 7 : v)),
    };
    const a = (mcdFactory.fit(x, context()) as ReturnType<typeof mcdFactory.restore>).scoreRaw(probe);
    const b = (mcdFactory.fit(scaled, context()) as ReturnType<typeof mcdFactory.restore>).scoreRaw(
      scaledProbe,
    );
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
  });

  it('a constant feature (singular covariance) still fits, through the pseudo-inverse', () => {
    const x = gaussianMatrix(120, 3, 8);
    const data = x.data.map((v, k) => (k % 3 === 2 ? 1 : v));
    const detector = mcdFactory.fit({ ...x, data }, context()) as ReturnType<typeof mcdFactory.restore>;
    const scores = detector.scoreRaw({ data: Float64Array.of(0, 0, 1, 8, 8, 1), rows: 2, cols: 3 });
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(scores[1]).toBeGreaterThan(scores[0] * 10);
  });

  it('more than half identical rows is a clear input error, not a crash', () => {
    const rows = 60;
    const data = new Float64Array(rows * 2);
    for (let i = 0; i < 20; i++) data.set([i, i * i], i * 2);
    expect(() => mcdFactory.fit({ data, rows, cols: 2 }, context())).toThrow(InvalidInputError);
  });
});
