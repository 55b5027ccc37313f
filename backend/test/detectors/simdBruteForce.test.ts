import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { BruteForce } from '../../src/detectors/localOutlierFactor/bruteForce';
import { bruteForceIndex } from '../../src/detectors/localOutlierFactor/bruteForceIndex';
import { simdAvailable } from '../../src/detectors/localOutlierFactor/simd/candidateScanner';
import { SimdBruteForce } from '../../src/detectors/localOutlierFactor/simd/simdBruteForce';
import { gaussianMatrix } from '../helpers/data';

/** Small integers: many rows at exactly the same distance, so tie-breaking is exercised everywhere. */
function gridMatrix(rows: number, cols: number, seed: number, levels = 3): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.nextInt(levels);
  return { data, rows, cols };
}

function expectSameNeighbours(train: Matrix, queries: Matrix, k: number): void {
  const simd = bruteForceIndex(train);
  expect(simd).toBeInstanceOf(SimdBruteForce);
  const plain = new BruteForce(train);
  const ours = simd.kneighbors(queries, k);
  const reference = plain.kneighbors(queries, k);
  expect(Array.from(ours.indices)).toEqual(Array.from(reference.indices));
  expect(Array.from(ours.distances)).toEqual(Array.from(reference.distances));
}

describe('SIMD candidate scan + exact re-rank equals the float64 brute force exactly', () => {
  it('has WebAssembly SIMD on this Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it.each([
    [1, 300, 5],
    [3, 1001, 20],
    [16, 2500, 21],
    [33, 777, 40],
  ])('Gaussian rows, d = %i, n = %i, k = %i', (d, n, k) => {
    expectSameNeighbours(gaussianMatrix(n, d, 3), gaussianMatrix(1030, d, 4), k);
  });

  it.each([
    [2, 400, 7],
    [18, 1200, 20],
  ])('integer grid rows full of ties, d = %i, n = %i, k = %i', (d, n, k) => {
    expectSameNeighbours(gridMatrix(n, d, 5), gridMatrix(300, d, 6), k);
  });

  it('the training rows as their own queries, k larger than the first block', () => {
    const x = gridMatrix(600, 4, 8, 5);
    expectSameNeighbours(x, x, 41);
  });

  it('rows with norms far apart (large margins) and k = n', () => {
    const x = gaussianMatrix(97, 5, 9);
    for (let j = 0; j < 5; j++) x.data[13 * 5 + j] *= 1e6;
    for (let j = 0; j < 5; j++) x.data[60 * 5 + j] += 3e4;
    expectSameNeighbours(x, gaussianMatrix(50, 5, 10), 97);
  });

  it('falls back to the float64 scan when values exceed float32 headroom', () => {
    const x = gaussianMatrix(50, 3, 11);
    x.data[7] = 1e20;
    expect(bruteForceIndex(x)).toBeInstanceOf(BruteForce);
  });
});
