import { matrixFromRows } from '../../src/core/matrix';
import { hbosFactory } from '../../src/detectors/hbos';
import { gaussianMatrix } from '../helpers/data';

const ctx = (params: Record<string, unknown> = {}) => ({
  contamination: 0.1,
  params,
  epochs: 1,
  batchSize: 1,
});

describe('HBOS (PyOD static histograms)', () => {
  // 10 bins of width 1 on [0, 10]: densities 0.8 (bin 0), 0.1 (bin 1, holding the 1), 0.1 (bin 9, the 10)
  const train = matrixFromRows([[0], [0], [0], [0], [0], [0], [0], [0], [1], [10]]);

  it('scores −log2(density + alpha) of the bin, with PyOD digitize(right=True) edges (hand-derived)', async () => {
    const hbos = await hbosFactory.fit(train, ctx());
    const probe = matrixFromRows([[0.5], [1], [1.5], [5.5], [9.5], [10.4], [11], [-0.5], [-0.6]]);
    const dense = -Math.log2(0.8 + 0.1);
    const sparse = -Math.log2(0.1 + 0.1);
    const empty = -Math.log2(0 + 0.1);
    expect(Array.from(hbos.scoreRaw(probe))).toEqual([
      dense, // bin 0
      dense, // on the edge 1: digitize(right=True) puts it in bin 0
      sparse, // bin 1
      empty, // bin 5, empty
      sparse, // bin 9
      sparse, // 0.4 past the last edge, within tol·width: the last bin
      empty, // 1 past the last edge: the least dense bin
      dense, // 0.5 before the first edge, within tol·width: bin 0
      empty, // farther before: the least dense bin
    ]);
  });

  it('sums features, honours n_bins/alpha, and handles a constant feature', async () => {
    const x = matrixFromRows([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const hbos = await hbosFactory.fit(x, ctx({ n_bins: 2, alpha: 0.5 }));
    // feature 0: edges 0, 1.5, 3, two rows per bin → density 2 / 1.5 / 4 in both bins.
    const f0 = -Math.log2(2 / 1.5 / 4 + 0.5);
    // feature 1: numpy widens the range to [2.5, 3.5]; edges 2.5, 3, 3.5; np.histogram puts the 3s in
    // bin 1, but digitize(right=True) scores 3 with bin 0, which is empty: as PyOD, a feature constant
    // in training scores every value like the least dense bin.
    const f1 = -Math.log2(0 + 0.5);
    const [inRange, offConstant] = hbos.scoreRaw(
      matrixFromRows([
        [0.5, 3],
        [0.5, 9],
      ]),
    );
    expect(inRange).toBeCloseTo(f0 + f1, 12);
    expect(offConstant).toBe(inRange);
  });

  it('is row-independent and restores to identical scores', async () => {
    const hbos = await hbosFactory.fit(gaussianMatrix(400, 5, 1), ctx());
    const probe = gaussianMatrix(30, 5, 2);
    const batch = hbos.scoreRaw(probe);
    expect(hbos.scoreRaw({ data: probe.data.slice(5, 10), rows: 1, cols: 5 })[0]).toBe(batch[1]);
    expect(Array.from(hbosFactory.restore(hbos.state()).scoreRaw(probe))).toEqual(Array.from(batch));
  });

  it('validates its parameters', () => {
    expect(hbosFactory.params.safeParse({ n_bins: 1 }).success).toBe(false);
    expect(hbosFactory.params.safeParse({ alpha: 1 }).success).toBe(false);
    expect(hbosFactory.params.safeParse({ tol: 0.2, n_bins: 20 }).success).toBe(true);
    expect(hbosFactory.params.safeParse({ bins: 5 }).success).toBe(false);
  });
});
