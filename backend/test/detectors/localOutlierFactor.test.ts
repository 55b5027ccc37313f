import type { Matrix } from '../../src/core/matrix';
import type { Detector, FitContext } from '../../src/detectors/detector';
import { buildKdTree } from '../../src/detectors/localOutlierFactor/kdTree';
import { localOutlierFactorFactory } from '../../src/detectors/localOutlierFactor/localOutlierFactor';
import { loadSklearnFixtures } from './sklearnFixtures';

const fixtures = loadSklearnFixtures();

function fit(x: Matrix, params: Record<string, unknown> = {}): Detector {
  const context: FitContext = {
    contamination: 0.1,
    params: localOutlierFactorFactory.params.parse(params),
    epochs: 1,
    batchSize: 1,
  };
  return localOutlierFactorFactory.fit(x, context) as Detector;
}

function worstAbsoluteError(ours: Float64Array, theirs: number[]): number {
  return theirs.reduce((worst, t, i) => Math.max(worst, Math.abs(ours[i] - t)), 0);
}

describe('local_outlier_factor matches scikit-learn LocalOutlierFactor(novelty=True) -score_samples', () => {
  it('has a fixture for each of the 13 ODDS sets, both neighbour searches represented', () => {
    expect(fixtures).toHaveLength(13);
    expect(new Set(fixtures.map((f) => f.lof.algorithm))).toEqual(new Set(['kd_tree', 'brute']));
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: raw scores within 1e-6', (_name, fixture) => {
    const detector = fit(fixture.train);
    expect(detector.fitInfo).toMatchObject({ n_neighbors: 20, neighbor_search: fixture.lof.algorithm });
    expect(worstAbsoluteError(detector.scoreRaw(fixture.test), fixture.lof.raw)).toBeLessThanOrEqual(1e-6);
  });

  it.each(fixtures.filter((f) => f.lof.kd_idx_array !== null).map((f) => [f.name, f] as const))(
    '%s: the KD-tree orders rows exactly as scikit-learn builds it',
    (_name, fixture) => {
      const tree = buildKdTree(fixture.train, 30);
      expect(Array.from(tree.idx)).toEqual(fixture.lof.kd_idx_array);
    },
  );

  it('gives the same scores whichever neighbour search is forced when no distances tie', () => {
    const fixture = fixtures.find((f) => f.name === 'vertebral')!;
    const kd = fit(fixture.train, { algorithm: 'kd_tree' }).scoreRaw(fixture.test);
    const brute = fit(fixture.train, { algorithm: 'brute' }).scoreRaw(fixture.test);
    expect(worstAbsoluteError(kd, Array.from(brute))).toBeLessThanOrEqual(1e-12);
  });
  it.each([2, 4, 7])('KD-tree and brute force agree to the last bit on %i continuous features', (cols) => {
    let state = 12345 + cols;
    const next = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296 - 0.5;
    };
    const train: Matrix = { data: Float64Array.from({ length: 400 * cols }, next), rows: 400, cols };
    const probe: Matrix = { data: Float64Array.from({ length: 50 * cols }, next), rows: 50, cols };
    const kd = fit(train, { algorithm: 'kd_tree' }).scoreRaw(probe);
    const brute = fit(train, { algorithm: 'brute' }).scoreRaw(probe);
    expect(Array.from(kd)).toEqual(Array.from(brute));
  });

  it('reproduces scikit-learn tie-breaking: on lympho (tied distances) the other search order misses', () => {
    const fixture = fixtures.find((f) => f.name === 'lympho')!;
    expect(fixture.lof.algorithm).toBe('brute');
    const kd = fit(fixture.train, { algorithm: 'kd_tree' }).scoreRaw(fixture.test);
    expect(worstAbsoluteError(kd, fixture.lof.raw)).toBeGreaterThan(1e-4);
  });
});

describe('local_outlier_factor edge cases', () => {
  const rows = (values: number[][]): Matrix => ({
    data: Float64Array.from(values.flat()),
    rows: values.length,
    cols: values[0].length,
  });

  it('caps n_neighbors at n - 1 and still scores', () => {
    const detector = fit(rows([[0], [1], [2], [4]]), { n_neighbors: 20 });
    expect(detector.fitInfo).toMatchObject({ n_neighbors: 3 });
    expect(Array.from(detector.scoreRaw(rows([[1.5], [40]]))).every(Number.isFinite)).toBe(true);
  });

  it('stays finite when more duplicates than neighbours make k-distances zero', () => {
    const train = rows(Array.from({ length: 30 }, (_, i) => (i < 25 ? [1, 1] : [i, -i])));
    const raw = fit(train, { n_neighbors: 5 }).scoreRaw(
      rows([
        [1, 1],
        [3, 3],
      ]),
    );
    expect(raw[0]).toBeCloseTo(1, 12); // a duplicate among duplicates is as dense as its neighbours
    expect(raw[1]).toBeGreaterThan(1e6);
  });
});
