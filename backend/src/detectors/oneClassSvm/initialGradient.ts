import type { KernelMatrix } from './kernelMatrix';

/**
 * libsvm's gradient initialisation for the one-class start, where α_i = 1 (the upper bound C) for
 * i < `upper` and at most one more positive α, at i = `upper` < `positive`:
 *   G = Σ_i α_i Q_i,  Gbar = Σ_{α_i = C} C·Q_i,
 * both summed over i in order as libsvm does. A column at the upper bound adds the same value
 * Q_ij = α_i·Q_ij to G_j and Gbar_j, so G equals Gbar until the last column: those columns are summed
 * once, into Gbar, four per pass over the arrays, and copied to G (bit for bit libsvm's sums).
 */
export function initialGradient(
  Q: KernelMatrix,
  alpha: Float64Array,
  upper: number,
  positive: number,
  G: Float64Array,
  Gbar: Float64Array,
): void {
  const l = G.length;
  if (positive > upper + 1) throw new Error('initialGradient: more than one free initial alpha');
  const block = Q.initialBlockSize();
  for (let b0 = 0; b0 < positive; b0 += block) {
    const b1 = Math.min(positive, b0 + block);
    const columns = block > 1 ? Q.initialColumns(b0, b1) : [Q.column(b0, l)];
    const upperInBlock = Math.max(0, Math.min(b1, upper) - b0);
    let t = 0;
    for (; t + 4 <= upperInBlock; t += 4)
      addFour(Gbar, columns[t], columns[t + 1], columns[t + 2], columns[t + 3]);
    for (; t < upperInBlock; t++) addOne(Gbar, columns[t]);
    if (upperInBlock < columns.length) {
      // The free column, the last positive one: Gbar is complete.
      G.set(Gbar);
      addScaled(G, alpha[upper], columns[upperInBlock]);
      return;
    }
  }
  G.set(Gbar);
}

function addFour(
  target: Float64Array,
  q0: Float32Array,
  q1: Float32Array,
  q2: Float32Array,
  q3: Float32Array,
): void {
  for (let j = 0; j < target.length; j++) target[j] = target[j] + q0[j] + q1[j] + q2[j] + q3[j];
}

function addOne(target: Float64Array, q: Float32Array): void {
  for (let j = 0; j < target.length; j++) target[j] += q[j];
}

function addScaled(target: Float64Array, a: number, q: Float32Array): void {
  for (let j = 0; j < target.length; j++) target[j] += a * q[j];
}
