import { z } from 'zod';
import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import type { Detector, DetectorFactory, DetectorState, FitContext } from './detector';

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points (Liu et al. 2008; sklearn's c(n)). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

const paramsSchema = z
  .object({
    n_estimators: z.number().int().min(1).max(1000).default(100),
    max_samples: z
      .union([z.literal('auto'), z.number().int().min(2), z.number().gt(0).lte(1)])
      .default('auto'),
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

/**
 * The forest as flat arrays, all trees concatenated. An internal node sends x[feature] <= value to
 * node `child` and the rest to `child + 1` (siblings are adjacent, so the step is branch-free). A leaf
 * has feature -1 and `value` = its depth + c(samples in leaf), the path length it stands for.
 */
interface Forest {
  feature: Int32Array;
  value: Float64Array;
  child: Int32Array;
  roots: Int32Array;
  cPsi: number;
}

class IsolationForest implements Detector {
  constructor(
    private readonly forest: Forest,
    private readonly params: Params & { psi: number },
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const { feature, value, child, roots, cPsi } = this.forest;
    const { data, rows, cols } = x;
    const sums = new Float64Array(rows);
    const nTrees = roots.length;
    // Blocks of rows keep both the rows and the forest in cache while every tree visits them.
    const block = 512;
    for (let start = 0; start < rows; start += block) {
      const end = Math.min(rows, start + block);
      for (let t = 0; t < nTrees; t++) {
        const root = roots[t];
        for (let i = start; i < end; i++) {
          const base = i * cols;
          let node = root;
          let f = feature[node];
          while (f >= 0) {
            node = child[node] + ((data[base + f] > value[node]) as unknown as number);
            f = feature[node];
          }
          sums[i] += value[node];
        }
      }
    }
    const scale = -1 / (nTrees * cPsi);
    for (let i = 0; i < rows; i++) sums[i] = Math.pow(2, sums[i] * scale);
    return sums;
  }

  state(): DetectorState {
    const { feature, value, child, roots, cPsi } = this.forest;
    return { params: { ...this.params, cPsi }, arrays: { feature, value, child, roots } };
  }
}

function resolvePsi(maxSamples: Params['max_samples'], n: number): number {
  if (maxSamples === 'auto') return Math.min(256, n);
  if (maxSamples <= 1) return Math.max(2, Math.floor(maxSamples * n));
  return Math.min(maxSamples, n);
}

/** Grows one isolation tree (sklearn's ExtraTree with a random splitter) into flat arrays. */
class TreeBuilder {
  private count = 1; // node 0 is the root
  readonly feature: Int32Array;
  readonly value: Float64Array;
  readonly child: Int32Array;
  private readonly featureOrder: Int32Array;

  constructor(
    private readonly x: Matrix,
    private readonly rng: Rng,
    capacity: number,
  ) {
    this.feature = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
    this.child = new Int32Array(capacity);
    this.featureOrder = new Int32Array(x.cols);
  }

  get size(): number {
    return this.count;
  }

  /** Fills `node` with the subtree over idx[lo, hi) at `depth`. */
  build(node: number, idx: Int32Array, lo: number, hi: number, depth: number, maxDepth: number): void {
    const n = hi - lo;
    const split = n > 1 && depth < maxDepth ? this.chooseSplit(idx, lo, hi) : null;
    if (split === null) {
      this.feature[node] = -1;
      this.value[node] = depth + averagePathLength(n);
      return;
    }
    const { f, thr } = split;
    const { data, cols } = this.x;
    let mid = lo;
    for (let k = lo; k < hi; k++) {
      if (data[idx[k] * cols + f] <= thr) {
        const tmp = idx[k];
        idx[k] = idx[mid];
        idx[mid++] = tmp;
      }
    }
    const left = this.count;
    this.count += 2;
    this.feature[node] = f;
    this.value[node] = thr;
    this.child[node] = left;
    this.build(left, idx, lo, mid, depth + 1, maxDepth);
    this.build(left + 1, idx, mid, hi, depth + 1, maxDepth);
  }

  /** Random non-constant feature, threshold uniform in [min, max); null when every feature is constant. */
  private chooseSplit(idx: Int32Array, lo: number, hi: number): { f: number; thr: number } | null {
    const { data, cols } = this.x;
    const order = this.featureOrder;
    for (let j = 0; j < cols; j++) order[j] = j;
    for (let remaining = cols; remaining > 0; remaining--) {
      const pick = this.rng.nextInt(remaining);
      const f = order[pick];
      order[pick] = order[remaining - 1];
      let min = Infinity;
      let max = -Infinity;
      for (let k = lo; k < hi; k++) {
        const v = data[idx[k] * cols + f];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max > min) {
        let thr = min + this.rng.nextFloat() * (max - min);
        if (thr >= max) thr = min; // guard against rounding up to max, as sklearn does
        return { f, thr };
      }
    }
    return null;
  }
}

function fitForest(x: Matrix, params: Params, onProgress?: FitContext['onProgress']): IsolationForest {
  const psi = resolvePsi(params.max_samples, x.rows);
  const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
  const rng = new Rng(params.random_state);
  const builders: TreeBuilder[] = [];
  for (let t = 0; t < params.n_estimators; t++) {
    const idx = rng.sampleWithoutReplacement(x.rows, psi);
    const builder = new TreeBuilder(x, rng, 2 * psi - 1);
    builder.build(0, idx, 0, psi, 0, maxDepth);
    builders.push(builder);
    if (onProgress && (t + 1) % 10 === 0) onProgress({ phase: 'fit', fraction: (t + 1) / params.n_estimators });
  }
  const total = builders.reduce((acc, b) => acc + b.size, 0);
  const forest: Forest = {
    feature: new Int32Array(total),
    value: new Float64Array(total),
    child: new Int32Array(total),
    roots: new Int32Array(builders.length),
    cPsi: averagePathLength(psi),
  };
  let offset = 0;
  builders.forEach((b, t) => {
    forest.roots[t] = offset;
    forest.feature.set(b.feature.subarray(0, b.size), offset);
    forest.value.set(b.value.subarray(0, b.size), offset);
    for (let k = 0; k < b.size; k++) forest.child[offset + k] = b.child[k] + offset;
    offset += b.size;
  });
  return new IsolationForest(forest, { ...params, psi });
}

export const isolationForestFactory: DetectorFactory = {
  info: {
    name: 'isolation_forest',
    description: 'Isolation Forest: anomalies are isolated by few random axis-aligned splits',
    category: 'tree',
    speed: 'very fast',
    memory: 'low',
    best_for: 'general-purpose tabular data, high dimensions, large datasets',
    parameters: {
      n_estimators: 'number of trees (default 100)',
      max_samples: "rows per tree: 'auto' = min(256, n), an integer, or a fraction in (0, 1]",
      random_state: 'seed of the random trees (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fitForest(x, paramsSchema.parse(context.params), context.onProgress);
  },
  restore(state) {
    const a = state.arrays;
    const p = state.params as Params & { psi: number; cPsi: number };
    const forest: Forest = {
      feature: a.feature as Int32Array,
      value: a.value as Float64Array,
      child: a.child as Int32Array,
      roots: a.roots as Int32Array,
      cPsi: p.cPsi,
    };
    const { cPsi: _cPsi, ...params } = p;
    return new IsolationForest(forest, params);
  },
};
