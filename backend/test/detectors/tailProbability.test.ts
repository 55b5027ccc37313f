import { matrixFromRows, type Matrix } from '../../src/core/matrix';
import { copodFactory } from '../../src/detectors/copod';
import { ecodFactory } from '../../src/detectors/ecod';
import { countAtLeast, countAtMost, sortColumns } from '../../src/detectors/empiricalCdf';
import { skewness } from '../../src/detectors/skewness';
import { gaussianMatrix } from '../helpers/data';

const ctx = { contamination: 0.1, params: {}, epochs: 1, batchSize: 1 };
const fit = async (factory: typeof ecodFactory, x: Matrix) => factory.fit(x, ctx);

describe('empirical CDF on sorted training columns', () => {
  const sorted = sortColumns(matrixFromRows([[3], [1], [2], [2]]));

  it('counts values at most / at least v, ties included', () => {
    expect([0.5, 1, 2, 2.5, 3, 9].map((v) => countAtMost(sorted, 0, v))).toEqual([0, 1, 3, 3, 4, 4]);
    expect([0.5, 1, 2, 2.5, 3, 9].map((v) => countAtLeast(sorted, 0, v))).toEqual([4, 4, 3, 1, 1, 0]);
  });
});

describe('skewness (scipy.stats.skew, biased)', () => {
  it('is m3 / m2^1.5 and NaN for constant data', () => {
    // mean 4, deviations −3 −2 −1 6: m2 = 50/4, m3 = 180/4
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(45 / Math.pow(12.5, 1.5), 14);
    expect(skewness([-1, -2, -3, -10])).toBeCloseTo(-45 / Math.pow(12.5, 1.5), 14);
    expect(skewness([7, 7, 7])).toBeNaN();
  });
});

describe('ECOD and COPOD', () => {
  // column 0 skewed right, column 1 skewed left, column 2 constant
  const train = matrixFromRows([
    [1, -1, 7],
    [2, -2, 7],
    [3, -3, 7],
    [4, -4, 7],
    [10, -10, 7],
  ]);

  it('scores a new row from its tail probabilities against training ∪ {row} (hand-derived)', async () => {
    const ecod = await fit(ecodFactory, train);
    // col 0 (right tail): F̄(5) = (1 + 1)/6 → ln 3; col 1 (left tail): F(−5) = (1 + 1)/6 → ln 3;
    // col 2 constant at 7, the row has 7: both tails (5 + 1)/6 = 1 → 0
    expect(ecod.scoreRaw(matrixFromRows([[5, -5, 7]]))[0]).toBeCloseTo(2 * Math.log(3), 14);
    // a value off the constant column: F̄(8) = 1/6 → ECOD counts both tails (ln 6), COPOD skips the column
    const copod = await fit(copodFactory, train);
    expect(ecod.scoreRaw(matrixFromRows([[5, -5, 8]]))[0]).toBeCloseTo(2 * Math.log(3) + Math.log(6), 14);
    expect(copod.scoreRaw(matrixFromRows([[5, -5, 8]]))[0]).toBeCloseTo(2 * Math.log(3), 14);
  });

  it('scores training rows in-sample as PyOD decision_scores_ (ECDF of the training rows)', async () => {
    const ecod = await fit(ecodFactory, train);
    const scores = ecod.trainingScores!;
    // row [10, −10, 7]: right tail of col 0 is 1/5 → ln 5, likewise col 1 → ln 5
    expect(scores[4]).toBeCloseTo(2 * Math.log(5), 14);
    // row [1, −1, 7]: chosen tails are 5/5 → 0, the other tails 1/5, so max(0, ln 5 / 2) per column
    expect(scores[0]).toBeCloseTo(Math.log(5), 14);
  });

  it("equals PyOD's decision_function for the row alone (training ∪ {row} in-sample)", async () => {
    const x = gaussianMatrix(60, 3, 4);
    const row = matrixFromRows([[0.3, -1.2, 2.5]]);
    const extended: Matrix = { data: Float64Array.of(...x.data, ...row.data), rows: 61, cols: 3 };
    const alone = (await fit(ecodFactory, x)).scoreRaw(row)[0];
    const inSample = (await fit(ecodFactory, extended)).trainingScores![60];
    expect(alone).toBe(inSample);
  });

  it('scores a row the same whatever else is in the request', async () => {
    const ecod = await fit(ecodFactory, gaussianMatrix(300, 4, 1));
    const probe = gaussianMatrix(40, 4, 9);
    const batch = ecod.scoreRaw(probe);
    const single = ecod.scoreRaw({ data: probe.data.slice(12, 16), rows: 1, cols: 4 });
    expect(single[0]).toBe(batch[3]);
  });

  it('restores from its state to identical scores', async () => {
    for (const factory of [ecodFactory, copodFactory]) {
      const detector = await fit(factory, gaussianMatrix(200, 3, 2));
      const probe = gaussianMatrix(50, 3, 3);
      expect(Array.from(factory.restore(detector.state()).scoreRaw(probe))).toEqual(
        Array.from(detector.scoreRaw(probe)),
      );
    }
  });

  it('ranks an extreme row above typical ones and accepts no parameters', async () => {
    const ecod = await fit(ecodFactory, gaussianMatrix(500, 2, 5));
    const [typical, extreme] = ecod.scoreRaw(
      matrixFromRows([
        [0, 0],
        [4, -4],
      ]),
    );
    expect(extreme).toBeGreaterThan(typical + 5);
    expect(ecodFactory.params.safeParse({ n_bins: 3 }).success).toBe(false);
    expect(copodFactory.params.safeParse({}).success).toBe(true);
  });
});
