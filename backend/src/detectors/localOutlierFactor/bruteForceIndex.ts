import type { Matrix } from '../../core/matrix';
import { BruteForce } from './bruteForce';
import type { NeighborIndex } from './neighbors';
import { createCandidateScanner } from './simd/candidateScanner';
import { SimdBruteForce } from './simd/simdBruteForce';

/** Squared norms must stay far inside float32's range (3.4e38) for the SIMD stage's error bound. */
const MAX_ABS_VALUE_F32 = 1e15;

/**
 * The exhaustive k-NN index: the SIMD candidate scan with exact re-ranking where WebAssembly SIMD is
 * available and the values fit float32, the plain float64 scan otherwise. Both return the same
 * neighbours (ties at the k-th distance aside, which either breaks by scikit-learn's heap rules).
 */
export function bruteForceIndex(x: Matrix): NeighborIndex {
  let maxAbs = 0;
  for (let i = 0; i < x.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(x.data[i]));
  const scanner = maxAbs < MAX_ABS_VALUE_F32 ? createCandidateScanner(x) : null;
  return scanner ? new SimdBruteForce(x, scanner) : new BruteForce(x);
}
