import type { Matrix } from '../../core/matrix';
import type { KernelSpec } from './kernel';
import { solveLinearOneClass } from './linearOneClass';
import { fitNystroem, landmarkRow, nystroemFeatures } from './nystroem';

/**
 * The large-data approximation: Nyström features, then the linear one-class dual on them. The fitted
 * hyperplane folds back into landmark space, decision(x) = Σ_c β_c k(x, landmark_c) − rho, so scoring
 * costs m kernel evaluations per row.
 */
export interface LandmarkModel {
  readonly landmarks: Float64Array; // m × d
  readonly beta: Float64Array; // m
  readonly rho: number;
  readonly cols: number;
}

export interface ApproximateFitOptions {
  readonly nu: number;
  readonly tol: number;
  readonly components: number;
  readonly seed: number;
  readonly maxRounds: number;
}

export function fitApproximate(
  x: Matrix,
  spec: KernelSpec,
  options: ApproximateFitOptions,
): { model: LandmarkModel; components: number; rounds: number } {
  const map = fitNystroem(x, spec, options.components, options.seed);
  const features = nystroemFeatures(map, spec, x);
  const { w, rho, rounds } = solveLinearOneClass(
    features,
    x.rows,
    map.r,
    options.nu,
    options.tol,
    options.maxRounds,
  );
  const beta = new Float64Array(map.m);
  for (let c = 0; c < map.m; c++) {
    let s = 0;
    for (let f = 0; f < map.r; f++) s += map.projection[c * map.r + f] * w[f];
    beta[c] = s;
  }
  return { model: { landmarks: map.landmarks, beta, rho, cols: x.cols }, components: map.m, rounds };
}

export function landmarkDecision(model: LandmarkModel, spec: KernelSpec, x: Matrix): Float64Array {
  const m = model.beta.length;
  const k = new Float64Array(m);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    landmarkRow(spec, model.landmarks, x, i, k);
    let s = 0;
    for (let c = 0; c < m; c++) s += model.beta[c] * k[c];
    out[i] = s - model.rho;
  }
  return out;
}
