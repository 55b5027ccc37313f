import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import type { Detector, DetectorFactory, DetectorState } from '../detector';
import { fitApproximate, landmarkDecision, type LandmarkModel } from './approximateModel';
import { decisionFunction, fitExact, type SupportVectorModel } from './exactModel';
import { resolveGamma } from './gamma';
import type { KernelSpec } from './kernel';

/** Above this many training rows mode 'auto' switches from the exact solver to the Nyström approximation. */
export const EXACT_ROW_LIMIT = 20_000;

const paramsSchema = z
  .object({
    kernel: z.enum(['rbf', 'linear', 'poly', 'sigmoid']).default('rbf'),
    gamma: z.union([z.literal('scale'), z.literal('auto'), z.number().positive()]).default('scale'),
    // nu = 1 puts every dual variable at its bound, leaving rho undefined (scikit-learn fails there too).
    nu: z.number().gt(0).lt(1).optional(),
    degree: z.number().int().min(1).max(10).default(3),
    coef0: z.number().default(0),
    tol: z.number().positive().default(1e-3),
    shrinking: z.boolean().default(true),
    cache_size_mb: z.number().positive().max(16_384).default(200),
    max_iter: z.number().int().min(-1).default(-1),
    mode: z.enum(['auto', 'exact', 'approximate']).default('auto'),
    n_components: z.number().int().min(1).max(5000).default(100),
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

type Solver = 'smo-exact' | 'nystroem-approximate';

interface SavedParams {
  solver: Solver;
  kernel: KernelSpec['type'];
  gamma: number;
  gamma_spec: Params['gamma'];
  degree: number;
  coef0: number;
  nu: number;
  rho: number;
  cols: number;
}

type Fitted =
  | { solver: 'smo-exact'; model: SupportVectorModel }
  | { solver: 'nystroem-approximate'; model: LandmarkModel };

/** Raw score = minus the decision function: positive outside the learned boundary. */
class OneClassSvm implements Detector {
  constructor(
    private readonly fitted: Fitted,
    private readonly spec: KernelSpec,
    private readonly saved: SavedParams,
    readonly fitInfo?: Record<string, unknown>,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const decision =
      this.fitted.solver === 'smo-exact'
        ? decisionFunction(this.fitted.model, this.spec, x)
        : landmarkDecision(this.fitted.model, this.spec, x);
    for (let i = 0; i < decision.length; i++) decision[i] = -decision[i];
    return decision;
  }

  state(): DetectorState {
    const params = { ...this.saved };
    if (this.fitted.solver === 'smo-exact') {
      const { supportVectors, dualCoef } = this.fitted.model;
      return { params, arrays: { supportVectors, dualCoef } };
    }
    const { landmarks, beta } = this.fitted.model;
    return { params, arrays: { landmarks, beta } };
  }
}

function fit(x: Matrix, contamination: number, p: Params): OneClassSvm {
  const gamma = resolveGamma(p.gamma, x);
  const spec: KernelSpec = { type: p.kernel, gamma, coef0: p.coef0, degree: p.degree };
  const nu = p.nu ?? contamination;
  const approximate = p.mode === 'approximate' || (p.mode === 'auto' && x.rows > EXACT_ROW_LIMIT);
  const common = {
    kernel: p.kernel,
    gamma,
    gamma_spec: p.gamma,
    degree: p.degree,
    coef0: p.coef0,
    nu,
    cols: x.cols,
  };
  if (approximate) {
    const { model, components, rounds } = fitApproximate(x, spec, {
      nu,
      tol: p.tol,
      components: p.n_components,
      seed: p.random_state,
      maxRounds: 1000,
    });
    const saved: SavedParams = { solver: 'nystroem-approximate', ...common, rho: model.rho };
    return new OneClassSvm({ solver: 'nystroem-approximate', model }, spec, saved, {
      solver: saved.solver,
      components,
      gamma,
      nu,
      solver_rounds: rounds,
    });
  }
  const { model, iterations, reachedMaxIter } = fitExact(x, spec, {
    nu,
    tol: p.tol,
    cacheSizeMb: p.cache_size_mb,
    shrinking: p.shrinking,
    maxIter: p.max_iter,
  });
  const saved: SavedParams = { solver: 'smo-exact', ...common, rho: model.rho };
  return new OneClassSvm({ solver: 'smo-exact', model }, spec, saved, {
    solver: saved.solver,
    gamma,
    nu,
    n_support_vectors: model.dualCoef.length,
    solver_iterations: iterations,
    ...(reachedMaxIter ? { solver_warning: 'reached max_iter before convergence' } : {}),
  });
}

function restore(state: DetectorState): OneClassSvm {
  const saved = state.params as unknown as SavedParams;
  const spec: KernelSpec = {
    type: saved.kernel,
    gamma: saved.gamma,
    coef0: saved.coef0,
    degree: saved.degree,
  };
  const { rho, cols } = saved;
  if (saved.solver === 'smo-exact') {
    const model: SupportVectorModel = {
      supportVectors: state.arrays.supportVectors as Float64Array,
      dualCoef: state.arrays.dualCoef as Float64Array,
      rho,
      cols,
    };
    return new OneClassSvm({ solver: 'smo-exact', model }, spec, saved);
  }
  const model: LandmarkModel = {
    landmarks: state.arrays.landmarks as Float64Array,
    beta: state.arrays.beta as Float64Array,
    rho,
    cols,
  };
  return new OneClassSvm({ solver: 'nystroem-approximate', model }, spec, saved);
}

export const oneClassSvmFactory: DetectorFactory = {
  info: {
    backend: 'one_class_svm',
    name: 'One-Class SVM',
    description:
      'One-Class SVM (libsvm-exact SMO): a kernel boundary around the training data, as scikit-learn',
    category: 'legacy',
    speed: 'slow',
    memory: 'high',
    is_legacy: true,
    best_for:
      'small to medium datasets with a smooth normal region; exact up to 20k rows, Nyström approximation above',
    parameters: {
      kernel: "'rbf' (default), 'linear', 'poly' or 'sigmoid'",
      gamma: "'scale' (default) = 1/(d·var X), 'auto' = 1/d, or a positive number",
      nu: 'upper bound on the share of training outliers, in (0, 1) (default: the contamination)',
      tol: 'stopping tolerance of the solver (default 1e-3)',
      cache_size_mb: 'kernel cache size in MB (default 200)',
      mode: `'auto' (default: exact up to ${EXACT_ROW_LIMIT} rows, approximate above), 'exact' or 'approximate'`,
      n_components: 'Nyström landmarks in approximate mode (default 100)',
      degree: 'polynomial degree (default 3)',
      coef0: 'independent term of poly and sigmoid kernels (default 0)',
      shrinking: 'use the shrinking heuristic (default true)',
      max_iter: 'solver iteration limit, -1 = none (default)',
      random_state: 'seed of the Nyström landmark sample (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, context.contamination, paramsSchema.parse(context.params));
  },
  restore,
};
