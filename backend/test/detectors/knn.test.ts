import { matrixFromRows } from '../../src/core/matrix';
import { knnFactory } from '../../src/detectors/knn';
import { gaussianMatrix } from '../helpers/data';

const ctx = (params: Record<string, unknown> = {}) => ({
  contamination: 0.1,
  params,
  epochs: 1,
  batchSize: 1,
});

describe('kNN (PyOD KNN, method largest)', () => {
  const train = matrixFromRows([[0], [1], [3], [6], [10], [15]]);

  it('scores new rows by the distance to the k-th nearest training row (hand-derived)', async () => {
    const knn = await knnFactory.fit(train, ctx({ n_neighbors: 2 }));
    // 4 → distances 1, 2, 3, ...: second is 2; 20 → 5, 10, ...: second is 10; 1 (a training value) → 0, 1
    expect(Array.from(knn.scoreRaw(matrixFromRows([[4], [20], [1]])))).toEqual([2, 10, 1]);
  });

  it('scores training rows without themselves, as sklearn kneighbors()', async () => {
    const knn = await knnFactory.fit(train, ctx({ n_neighbors: 2 }));
    // 0 → 1, 3; 3 → 2, 3; 15 → 5, 9
    expect(Array.from(knn.trainingScores!)).toEqual([3, 2, 3, 4, 5, 9]);
    const euclid = await knnFactory.fit(
      matrixFromRows([
        [0, 0],
        [3, 4],
        [6, 8],
      ]),
      ctx({ n_neighbors: 1 }),
    );
    expect(Array.from(euclid.trainingScores!)).toEqual([5, 5, 5]);
    expect(euclid.fitInfo).toMatchObject({ n_neighbors: 1 });
  });

  it('agrees with a full sort, by KD-tree (≤ 15 features) and brute force, and caps k', async () => {
    for (const cols of [3, 20]) {
      const x = gaussianMatrix(300, cols, 1);
      const queries = gaussianMatrix(20, cols, 2);
      const knn = await knnFactory.fit(x, ctx({ n_neighbors: 7 }));
      expect(knn.fitInfo).toMatchObject({ neighbor_search: cols > 15 ? 'brute' : 'kd_tree' });
      const got = knn.scoreRaw(queries);
      for (let q = 0; q < queries.rows; q++) {
        const d = Array.from({ length: x.rows }, (_, t) => {
          let s = 0;
          for (let c = 0; c < cols; c++) s += (queries.data[q * cols + c] - x.data[t * cols + c]) ** 2;
          return Math.sqrt(s);
        }).sort((a, b) => a - b);
        expect(got[q]).toBeCloseTo(d[6], 12);
      }
    }
    const small = await knnFactory.fit(train, ctx({ n_neighbors: 50 }));
    expect(small.fitInfo).toMatchObject({ n_neighbors: 5 });
    expect(small.scoreRaw(matrixFromRows([[0]]))[0]).toBe(10); // 0, 1, 3, 6, 10: the 5th
  });

  it('is row-independent and restores to identical scores', async () => {
    const knn = await knnFactory.fit(gaussianMatrix(250, 4, 3), ctx());
    const probe = gaussianMatrix(25, 4, 4);
    const batch = knn.scoreRaw(probe);
    expect(knn.scoreRaw({ data: probe.data.slice(8, 12), rows: 1, cols: 4 })[0]).toBe(batch[2]);
    expect(Array.from(knnFactory.restore(knn.state()).scoreRaw(probe))).toEqual(Array.from(batch));
    expect(knnFactory.params.safeParse({ n_neighbors: 0 }).success).toBe(false);
    expect(knnFactory.params.safeParse({ k: 3 }).success).toBe(false);
  });
});
