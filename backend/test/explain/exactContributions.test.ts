import type { Matrix } from '../../src/core/matrix';
import { averagePathLength } from '../../src/detectors/averagePathLength';
import type { Detector, DetectorFactory } from '../../src/detectors/detector';
import { nodeSizes, type ForestArrays } from '../../src/detectors/isolationCredit';
import { detectorFactory } from '../../src/detectors/registry';
import { attribute } from '../../src/explain/attribution';
import { featureGroups } from '../../src/explain/featureGroups';
import { medianReplacement } from '../../src/explain/medianReplacement';
import { gaussianMatrix } from '../helpers/data';

const train = gaussianMatrix(400, 4, 3);
const rows = gaussianMatrix(30, 4, 4);
rows.data[0] = 9; // one row far out on its first feature

async function fitted(name: string, params: Record<string, unknown> = {}): Promise<Detector> {
  const factory = detectorFactory(name)!;
  const own = factory.params.parse(params);
  delete own.range_guard;
  return factory.fit(train, { contamination: 0.1, params: own, epochs: 20, batchSize: 32 });
}

function rowSums(values: Float64Array, x: Matrix): number[] {
  return Array.from({ length: x.rows }, (_, i) =>
    values.subarray(i * x.cols, (i + 1) * x.cols).reduce((a, b) => a + b, 0),
  );
}

describe('exact per-feature terms add up to the raw score', () => {
  it.each(['ecod', 'copod', 'hbos', 'autoencoder'])(
    '%s',
    async (name) => {
      const detector = await fitted(name);
      const { values } = detector.explainFeatures!(rows);
      const raw = detector.scoreRaw(rows);
      rowSums(values, rows).forEach((sum, i) => expect(sum).toBeCloseTo(raw[i], 9));
      // and the far-out feature carries the far-out row
      const first = values.subarray(0, 4);
      expect(first.indexOf(Math.max(...first))).toBe(0);
    },
    60_000,
  );

  it('survives a save and restore (the terms come from the stored state)', async () => {
    const factory = detectorFactory('hbos') as DetectorFactory;
    const detector = await fitted('hbos');
    const restored = factory.restore(detector.state());
    expect(restored.explainFeatures!(rows).values).toEqual(detector.explainFeatures!(rows).values);
  });
});

describe('Isolation Forest path bits', () => {
  it('recovers every node size from the stored path lengths: roots hold ψ rows, leaves match c⁻¹', async () => {
    const detector = await fitted('isolation_forest', { n_estimators: 20, max_samples: 64 });
    const arrays = detector.state().arrays as unknown as ForestArrays;
    const sizes = nodeSizes(arrays, 64);
    for (const root of arrays.roots) expect(sizes[root]).toBe(64);
    for (let n = 0; n < sizes.length; n++) {
      expect(Number.isInteger(sizes[n]) && sizes[n] >= 1).toBe(true);
      // a leaf's path length is its depth (a whole number) + c(its rows)
      if (arrays.child[n] === n) {
        const depth = arrays.pathLength[n] - averagePathLength(sizes[n]);
        expect(Math.abs(depth - Math.round(depth))).toBeLessThan(1e-9);
      }
    }
  });

  it("credits log2(ψ / leaf rows) per tree in all, and the far-out row's bits mostly to its far-out feature", async () => {
    const detector = await fitted('isolation_forest', { n_estimators: 50, max_samples: 128 });
    const arrays = detector.state().arrays as unknown as ForestArrays;
    const sizes = nodeSizes(arrays, 128);
    const { values, method } = detector.explainFeatures!(rows);
    expect(method).toBe('isolation_path_bits');
    // walk each row to its leaf the plain way and compare the totals
    const expected = Array.from({ length: rows.rows }, (_, i) => {
      let bits = 0;
      arrays.roots.forEach((root) => {
        let n = root;
        while (arrays.child[n] !== n) {
          n = arrays.child[n] + (rows.data[i * 4 + arrays.feature[n]] > arrays.threshold[n] ? 1 : 0);
        }
        bits += Math.log2(128 / sizes[n]);
      });
      return bits / arrays.roots.length;
    });
    rowSums(values, rows).forEach((sum, i) => expect(sum).toBeCloseTo(expected[i], 9));
    const first = values.subarray(0, 4);
    expect(first[0]).toBeGreaterThan(first[1] + first[2] + first[3]);
  });
});

describe('median replacement (the model-agnostic method)', () => {
  it('on an additive detector equals each term minus the term at the training median', async () => {
    const detector = await fitted('ecod');
    const scaledMedian = { data: new Float64Array(4), rows: 1, cols: 4 };
    const atMedian = detector.explainFeatures!(scaledMedian).values;
    const terms = detector.explainFeatures!(rows).values;
    const replaced = medianReplacement(detector, rows, featureGroups(null, 4));
    for (let k = 0; k < terms.length; k++) expect(replaced[k]).toBeCloseTo(terms[k] - atMedian[k % 4], 9);
  });

  it('is what attribute() uses for a detector without an exact method, in batches of any size', async () => {
    const detector = await fitted('knn');
    expect(detector.explainFeatures).toBeUndefined();
    const groups = featureGroups(null, 4);
    const result = attribute(detector, rows, groups);
    expect(result).toMatchObject({ method: 'median_replacement', exact: false });
    // one row at a time gives the same contributions (a row's score never depends on the others)
    const one = medianReplacement(detector, { data: rows.data.subarray(4, 8), rows: 1, cols: 4 }, groups);
    expect(Array.from(result.values.subarray(4, 8))).toEqual(Array.from(one));
    expect(result.values.subarray(0, 4).indexOf(Math.max(...result.values.subarray(0, 4)))).toBe(0);
  });
});
