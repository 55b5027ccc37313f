import type { Matrix } from '../../src/core/matrix';
import type { Detector } from '../../src/detectors/detector';
import { lodaFactory } from '../../src/detectors/loda';
import { gaussianMatrix } from '../helpers/data';

const fit = (x: Matrix, params: Record<string, unknown> = {}): Detector =>
  lodaFactory.fit(x, {
    contamination: 0.1,
    params: lodaFactory.params.parse(params),
    epochs: 1,
    batchSize: 1,
  }) as Detector;

describe('loda', () => {
  it('one cut on one feature is −log of the histogram bin share (PyOD static bins)', () => {
    // 10 rows 0..9: ten equal-width bins over [0, 9], one row each → p = 1/10 for every bin.
    const x: Matrix = { data: Float64Array.from({ length: 10 }, (_, i) => i), rows: 10, cols: 1 };
    const detector = fit(x, { n_random_cuts: 1 });
    const scores = detector.scoreRaw({ data: Float64Array.of(0, 4.5, 9, 100), rows: 4, cols: 1 });
    for (const s of scores) expect(s).toBeCloseTo(Math.log(10), 9);
  });

  it('an empty bin scores far above an occupied one', () => {
    const data = Float64Array.from([0, 0, 0, 0, 0, 10, 10, 10, 10, 10]);
    const detector = fit({ data, rows: 10, cols: 1 }, { n_random_cuts: 1 });
    const [occupied, empty] = detector.scoreRaw({ data: Float64Array.of(0, 5), rows: 2, cols: 1 });
    expect(occupied).toBeCloseTo(Math.log(2), 6);
    expect(empty).toBeGreaterThan(20);
  });

  it('ranks far rows above typical ones and is reproducible by seed', () => {
    const x = gaussianMatrix(500, 9, 3);
    const probe: Matrix = { data: new Float64Array(2 * 9).fill(0).fill(5, 9), rows: 2, cols: 9 };
    const a = fit(x).scoreRaw(probe);
    expect(a[1]).toBeGreaterThan(a[0]);
    expect(Array.from(fit(x).scoreRaw(probe))).toEqual(Array.from(a));
    expect(Array.from(fit(x, { random_state: 7 }).scoreRaw(probe))).not.toEqual(Array.from(a));
  });

  it('each projection has ⌊√d⌋ non-zero weights', () => {
    const state = fit(gaussianMatrix(50, 10, 1), { n_random_cuts: 4 }).state();
    expect(state.params).toMatchObject({ nonzero: 3 });
    expect(state.arrays.features).toHaveLength(12);
  });
});
