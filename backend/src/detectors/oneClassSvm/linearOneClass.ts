/**
 * The one-class SVM dual with a linear kernel on explicit features,
 *   min ½ αᵀQα,  Q_ij = φ_i·φ_j,  0 ≤ α_i ≤ 1,  Σα_i = ν·l,
 * solved by two-variable coordinate descent that keeps w = Σ α_i φ_i instead of kernel columns:
 * each round computes all gradients G_i = w·φ_i, shrinks variables that sit at a bound on the right
 * side of the violation window, and then updates the most violating pairs in turn (the algorithm of
 * Chou, Lin et al., SDM 2020, as in liblinear's one-class solver).
 */
export interface LinearOneClassResult {
  readonly w: Float64Array;
  readonly rho: number;
  readonly rounds: number;
}

const TAU = 1e-12;

export function solveLinearOneClass(
  features: Float64Array,
  l: number,
  r: number,
  nu: number,
  eps: number,
  maxRounds: number,
): LinearOneClassResult {
  const alpha = new Float64Array(l);
  const n = Math.floor(nu * l);
  for (let i = 0; i < n; i++) alpha[i] = 1;
  if (n < l) alpha[n] = nu * l - n;
  const w = new Float64Array(r);
  const norms = new Float64Array(l);
  for (let i = 0; i < l; i++) {
    let s = 0;
    for (let f = 0, o = i * r; f < r; f++, o++) {
      s += features[o] * features[o];
      w[f] += alpha[i] * features[o];
    }
    norms[i] = s;
  }
  const wDot = (i: number): number => {
    let s = 0;
    for (let f = 0, o = i * r; f < r; f++, o++) s += w[f] * features[o];
    return s;
  };

  const G = new Float64Array(l);
  const index = Int32Array.from({ length: l }, (_, i) => i);
  let active = l;
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    let negGmax = -Infinity; // max { -G_i | α_i < 1 }
    let negGmin = Infinity; // min { -G_i | α_i > 0 }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      G[i] = wDot(i);
      if (alpha[i] < 1) negGmax = Math.max(negGmax, -G[i]);
      if (alpha[i] > 0) negGmin = Math.min(negGmin, -G[i]);
    }
    if (negGmax - negGmin < eps) {
      if (active === l) break;
      active = l; // verify optimality on every variable before stopping
      continue;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      if ((alpha[i] === 1 && -G[i] > negGmax) || (alpha[i] === 0 && -G[i] < negGmin)) {
        active--;
        index[s] = index[active];
        index[active] = i;
        s--;
      }
    }
    const up: number[] = [];
    const low: number[] = [];
    for (let s = 0; s < active; s++) {
      const i = index[s];
      if (alpha[i] < 1) up.push(i);
      if (alpha[i] > 0) low.push(i);
    }
    up.sort((a, b) => G[a] - G[b]); // most negative gradient first: the variables that should grow
    low.sort((a, b) => G[b] - G[a]); // largest gradient first: the variables that should shrink
    const pairs = Math.min(Math.max(Math.floor(active / 10), 1), up.length, low.length);
    for (let s = 0; s < pairs; s++) {
      const i = up[s];
      const j = low[s];
      if (i === j || (alpha[i] === 0 && alpha[j] === 0) || (alpha[i] === 1 && alpha[j] === 1)) continue;
      const gi = wDot(i);
      const gj = wDot(j);
      const violating =
        (alpha[i] < 1 && alpha[j] > 0 && -gj + 1e-12 < -gi) ||
        (alpha[i] > 0 && alpha[j] < 1 && -gi + 1e-12 < -gj);
      if (!violating) continue;
      let qij = 0;
      for (let f = 0, oi = i * r, oj = j * r; f < r; f++) qij += features[oi + f] * features[oj + f];
      let quad = norms[i] + norms[j] - 2 * qij;
      if (quad <= 0) quad = TAU;
      const oldI = alpha[i];
      const sum = alpha[i] + alpha[j];
      alpha[i] = Math.min(1, Math.max(0, alpha[i] - (gi - gj) / quad));
      alpha[j] = sum - alpha[i];
      if (alpha[j] > 1) {
        alpha[j] = 1;
        alpha[i] = sum - 1;
      } else if (alpha[j] < 0) {
        alpha[j] = 0;
        alpha[i] = sum;
      }
      const delta = alpha[i] - oldI;
      if (delta === 0) continue;
      for (let f = 0, oi = i * r, oj = j * r; f < r; f++)
        w[f] += delta * (features[oi + f] - features[oj + f]);
    }
  }

  // rho as libsvm: the mean gradient of the free variables, else the middle of the bound window.
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  let nrFree = 0;
  for (let i = 0; i < l; i++) {
    const g = wDot(i);
    if (alpha[i] >= 1) lb = Math.max(lb, g);
    else if (alpha[i] <= 0) ub = Math.min(ub, g);
    else {
      nrFree++;
      sumFree += g;
    }
  }
  return { w, rho: nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2, rounds };
}
