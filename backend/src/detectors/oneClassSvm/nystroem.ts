import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import type { Matrix } from '../../core/matrix';
import { Rng } from '../../core/rng';
import { kernelValue, type KernelSpec } from './kernel';

/** Eigenvalues below this share of the largest are dropped: their inverse square roots only amplify noise. */
const RELATIVE_EIGEN_FLOOR = 1e-10;

/**
 * Nyström features (Williams & Seeger 2001, as scikit-learn's Nystroem): m landmark rows drawn
 * without replacement; φ(x) = Λ^{-1/2} Vᵀ k(x, landmarks) with K_mm = V Λ Vᵀ, so that
 * φ(x)·φ(y) approximates k(x, y).
 */
export interface NystroemMap {
  readonly landmarks: Float64Array; // m × d
  /** projection[c * r + f]: weight of k(x, landmark c) in feature f (m × r). */
  readonly projection: Float64Array;
  readonly m: number;
  readonly r: number;
}

export function fitNystroem(x: Matrix, spec: KernelSpec, components: number, seed: number): NystroemMap {
  const { cols: d } = x;
  const m = Math.min(components, x.rows);
  const picks = new Rng(seed).sampleWithoutReplacement(x.rows, m);
  const landmarks = new Float64Array(m * d);
  picks.forEach((row, c) => landmarks.set(x.data.subarray(row * d, (row + 1) * d), c * d));

  const kmm = new MlMatrix(m, m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      const v = kernelValue(spec, landmarks, a * d, landmarks, b * d, d);
      kmm.set(a, b, v);
      kmm.set(b, a, v);
    }
  }
  const evd = new EigenvalueDecomposition(kmm, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const largest = Math.max(...values);
  const kept = values.map((v, f) => ({ v, f })).filter(({ v }) => v > largest * RELATIVE_EIGEN_FLOOR);
  const r = kept.length;
  const projection = new Float64Array(m * r);
  kept.forEach(({ v, f }, k) => {
    const inv = 1 / Math.sqrt(v);
    for (let c = 0; c < m; c++) projection[c * r + k] = vectors.get(c, f) * inv;
  });
  return { landmarks, projection, m, r };
}

/** k(x_i, landmark c) for c < m into `out` (landmarks flat m × d). */
export function landmarkRow(
  spec: KernelSpec,
  landmarks: Float64Array,
  x: Matrix,
  i: number,
  out: Float64Array,
): void {
  const d = x.cols;
  for (let c = 0; c < out.length; c++) out[c] = kernelValue(spec, x.data, i * d, landmarks, c * d, d);
}

/** The feature rows φ(x_i) (n × r). */
export function nystroemFeatures(map: NystroemMap, spec: KernelSpec, x: Matrix): Float64Array {
  const { projection, m, r } = map;
  const k = new Float64Array(m);
  const out = new Float64Array(x.rows * r);
  for (let i = 0; i < x.rows; i++) {
    landmarkRow(spec, map.landmarks, x, i, k);
    const rowOut = i * r;
    for (let c = 0; c < m; c++) {
      const kc = k[c];
      if (kc === 0) continue;
      const p = c * r;
      for (let f = 0; f < r; f++) out[rowOut + f] += kc * projection[p + f];
    }
  }
  return out;
}
