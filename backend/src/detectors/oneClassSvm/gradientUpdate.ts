import { UPPER } from './alphaStatus';

/**
 * The gradient step after a pair update, G += dI·Q_i + dJ·Q_j over the active set [0, n) (libsvm's
 * update), in the same pass as the next WSS3 first pick over the updated G and statuses:
 * argmax −G_k over variables that can grow, ties to the last index, exactly as the working-set
 * selection's own loop compares them. Returns that index (−1 if none; its gmax is −G[index]).
 */
export function updateGradient(
  G: Float64Array,
  status: Uint8Array,
  Qi: Float32Array,
  Qj: Float32Array,
  dI: number,
  dJ: number,
  n: number,
): number {
  let gmax = -Infinity;
  let gmaxIdx = -1;
  for (let k = 0; k < n; k++) {
    const g = G[k] + (Qi[k] * dI + Qj[k] * dJ);
    G[k] = g;
    if (status[k] !== UPPER && -g >= gmax) {
      gmax = -g;
      gmaxIdx = k;
    }
  }
  return gmaxIdx;
}

/**
 * updateGradient when i and/or j also moved on or off the upper bound: Gbar ±= Q_i (sign sI) and
 * ±= Q_j (sign sJ, 0 = unchanged) over the active set, fused into the same pass; the rest of Gbar
 * follows with addToGbar. Per entry the additions happen in libsvm's order (i's column, then j's),
 * so Gbar is bit for bit libsvm's. (Each loop is a function of its own: V8 compiles a long loop on
 * the fly, and code after it that had not run yet would make that compiled loop bail out on
 * every later call.)
 */
export function updateGradientAndGbar(
  G: Float64Array,
  Gbar: Float64Array,
  status: Uint8Array,
  Qi: Float32Array,
  Qj: Float32Array,
  dI: number,
  dJ: number,
  sI: number,
  sJ: number,
  n: number,
): number {
  let gmax = -Infinity;
  let gmaxIdx = -1;
  for (let k = 0; k < n; k++) {
    const qi = Qi[k];
    const qj = Qj[k];
    const g = G[k] + (qi * dI + qj * dJ);
    G[k] = g;
    Gbar[k] = Gbar[k] + sI * qi + sJ * qj;
    if (status[k] !== UPPER && -g >= gmax) {
      gmax = -g;
      gmaxIdx = k;
    }
  }
  return gmaxIdx;
}

/** Gbar[k] += sign · Q[k] for k in [from, to). */
export function addToGbar(Gbar: Float64Array, sign: number, Q: Float32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) Gbar[k] += sign * Q[k];
}
