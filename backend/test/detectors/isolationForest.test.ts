import { matrixFromRows } from '../../src/core/matrix';
import { averagePathLength, isolationForestFactory } from '../../src/detectors/isolationForest';
import { gaussianMatrix } from '../helpers/data';

const ctx = (params: Record<string, unknown> = {}) => ({
  contamination: 0.1,
  params,
  epochs: 1,
  batchSize: 1,
});

describe('averagePathLength (c(n) of Liu et al.)', () => {
  it('matches the closed form and its small-n cases', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2(ln 255 + γ) − 2·255/256, the normaliser for ψ = 256
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
  });
});

describe('isolation forest', () => {
  const train = gaussianMatrix(2000, 4, 1);

  it('scores in (0, 1] with outliers above inliers', async () => {
    const forest = await isolationForestFactory.fit(train, ctx());
    const probe = matrixFromRows([
      [0, 0, 0, 0],
      [6, -6, 6, -6],
    ]);
    const [inlier, outlier] = forest.scoreRaw(probe);
    expect(inlier).toBeGreaterThan(0);
    expect(outlier).toBeLessThanOrEqual(1);
    expect(inlier).toBeLessThan(0.5);
    expect(outlier).toBeGreaterThan(0.65);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const probe = gaussianMatrix(50, 4, 99);
    const a = (await isolationForestFactory.fit(train, ctx())).scoreRaw(probe);
    const b = (await isolationForestFactory.fit(train, ctx())).scoreRaw(probe);
    const c = (await isolationForestFactory.fit(train, ctx({ random_state: 7 }))).scoreRaw(probe);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('scores a row the same whatever else is in the request', async () => {
    const forest = await isolationForestFactory.fit(train, ctx());
    const probe = gaussianMatrix(20, 4, 5);
    const alone = forest.scoreRaw({ data: probe.data.slice(0, 4), rows: 1, cols: 4 });
    expect(forest.scoreRaw(probe)[0]).toBe(alone[0]);
  });

  it('restores from its state to identical scores', async () => {
    const forest = await isolationForestFactory.fit(train, ctx({ n_estimators: 30 }));
    const restored = isolationForestFactory.restore(forest.state());
    const probe = gaussianMatrix(100, 4, 3);
    expect(Array.from(restored.scoreRaw(probe))).toEqual(Array.from(forest.scoreRaw(probe)));
    expect(forest.state().arrays.roots).toHaveLength(30);
  });

  it('handles constant features and tiny data', async () => {
    const constant = matrixFromRows([
      [1, 5],
      [1, 5],
      [1, 5],
    ]);
    const forest = await isolationForestFactory.fit(constant, ctx());
    const scores = forest.scoreRaw(
      matrixFromRows([
        [1, 5],
        [2, 9],
      ]),
    );
    expect(scores[0]).toBe(scores[1]); // nothing to split on: every row isolates alike
    expect(Number.isFinite(scores[0])).toBe(true);
    const two = await isolationForestFactory.fit(matrixFromRows([[0], [1]]), ctx());
    expect(Number.isFinite(two.scoreRaw(matrixFromRows([[0.5]]))[0])).toBe(true);
  });

  it('rejects unknown parameters', () => {
    expect(isolationForestFactory.params.safeParse({ n_trees: 5 }).success).toBe(false);
    expect(isolationForestFactory.params.safeParse({ n_estimators: 0 }).success).toBe(false);
    expect(isolationForestFactory.params.safeParse({ max_samples: 0.5 }).success).toBe(true);
  });
});
