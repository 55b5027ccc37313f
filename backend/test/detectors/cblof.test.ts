import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { cblofFactory } from '../../src/detectors/cblof/cblof';
import { kMeans } from '../../src/detectors/cblof/kMeans';
import type { Detector } from '../../src/detectors/detector';

/** Blobs of the given sizes around the given 2-D centres (unit-ish spread 0.3). */
function blobs(spec: [number, number, number][], seed: number): Matrix {
  const rng = new Rng(seed);
  const rows = spec.reduce((s, [n]) => s + n, 0);
  const data = new Float64Array(rows * 2);
  let k = 0;
  for (const [n, cx, cy] of spec) {
    for (let i = 0; i < n; i++) {
      data[k++] = cx + 0.3 * rng.nextGaussian();
      data[k++] = cy + 0.3 * rng.nextGaussian();
    }
  }
  return { data, rows, cols: 2 };
}

const fit = (x: Matrix, params: Record<string, unknown> = {}): Detector =>
  cblofFactory.fit(x, {
    contamination: 0.1,
    params: cblofFactory.params.parse(params),
    epochs: 1,
    batchSize: 1,
  }) as Detector;

describe('k-means', () => {
  it('finds well-separated blobs exactly (labels agree with the generating blob)', () => {
    const x = blobs(
      [
        [100, 0, 0],
        [100, 10, 0],
        [100, 0, 10],
      ],
      1,
    );
    const { labels, centers } = kMeans(x, { k: 3, nInit: 10, maxIter: 300, tol: 1e-4 }, new Rng(3));
    for (let b = 0; b < 3; b++) {
      const first = labels[b * 100];
      for (let i = b * 100; i < (b + 1) * 100; i++) expect(labels[i]).toBe(first);
    }
    const found = [0, 1, 2].map((c) =>
      [Math.round(centers[c * 2]), Math.round(centers[c * 2 + 1])].join(','),
    );
    expect(found.sort()).toEqual(['0,0', '0,10', '10,0']);
  });
});

describe('cblof', () => {
  // Two large clusters (90% of rows) and one small, far cluster.
  const x = blobs(
    [
      [300, 0, 0],
      [240, 6, 0],
      [12, 20, 20],
    ],
    2,
  );

  it('scores a row in a large cluster by the distance to its own centre', () => {
    const detector = fit(x, { n_clusters: 3 });
    expect(detector.fitInfo).toMatchObject({ n_clusters: 3, large_clusters: 2, small_clusters: 1 });
    const [centre, offCentre] = detector.scoreRaw({ data: Float64Array.of(0, 0, 0, 1), rows: 2, cols: 2 });
    expect(centre).toBeLessThan(0.1);
    expect(offCentre).toBeCloseTo(1, 1);
  });

  it('scores a row of the small cluster by the distance to the nearest large centre', () => {
    const detector = fit(x, { n_clusters: 3 });
    const [small] = detector.scoreRaw({ data: Float64Array.of(20, 20), rows: 1, cols: 2 });
    expect(small).toBeCloseTo(Math.hypot(14, 20), 0);
  });

  it('use_weights multiplies by the cluster size', () => {
    const plain = fit(x, { n_clusters: 3 }).scoreRaw({ data: Float64Array.of(0, 1), rows: 1, cols: 2 })[0];
    const weighted = fit(x, { n_clusters: 3, use_weights: true }).scoreRaw({
      data: Float64Array.of(0, 1),
      rows: 1,
      cols: 2,
    })[0];
    expect(weighted / plain).toBeCloseTo(300, -1);
  });

  it('equal-sized clusters (no alpha/beta split) fit with every cluster large instead of failing', () => {
    const even = blobs(
      [
        [50, 0, 0],
        [50, 10, 0],
        [50, 0, 10],
        [50, 10, 10],
      ],
      4,
    );
    const detector = fit(even, { n_clusters: 4 });
    expect(detector.fitInfo).toMatchObject({ large_clusters: 4, small_clusters: 0 });
  });

  it('more clusters than rows are capped at the rows', () => {
    const tiny = blobs([[5, 0, 0]], 5);
    expect(fit(tiny, { n_clusters: 8 }).fitInfo).toMatchObject({ n_clusters: 5 });
  });
});
