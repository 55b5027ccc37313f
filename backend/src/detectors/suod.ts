import { z } from 'zod';
import type { Matrix } from '../core/matrix';
import { mean, populationStd } from '../core/stats';
import { cblofFactory } from './cblof/cblof';
import { copodFactory } from './copod';
import type { Detector, DetectorArray, DetectorFactory, DetectorState, FitContext } from './detector';
import { ecodFactory } from './ecod';
import { hbosFactory } from './hbos';
import { isolationForestFactory } from './isolationForest';
import { knnFactory } from './knn';
import { localOutlierFactorFactory } from './localOutlierFactor/localOutlierFactor';
import { lodaFactory } from './loda';
import { mcdFactory } from './mcd/mcd';
import { oneClassSvmFactory } from './oneClassSvm/oneClassSvm';

/** Detectors an ensemble may combine: every tabular backend but the autoencoder and SUOD itself. */
const MEMBERS: ReadonlyMap<string, DetectorFactory> = new Map(
  [
    isolationForestFactory,
    hbosFactory,
    copodFactory,
    ecodFactory,
    knnFactory,
    localOutlierFactorFactory,
    oneClassSvmFactory,
    mcdFactory,
    cblofFactory,
    lodaFactory,
  ].map((f) => [f.info.backend, f]),
);

/** LlamaFarm's default SUOD ensemble: IForest, HBOS and COPOD, each with its defaults. */
const DEFAULT_MEMBERS = [{ backend: 'isolation_forest' }, { backend: 'hbos' }, { backend: 'copod' }];

const memberSchema = z
  .object({
    backend: z.enum([...MEMBERS.keys()] as [string, ...string[]]),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((member, ctx) => {
    const checked = MEMBERS.get(member.backend)!.params.safeParse(member.params);
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['params', ...issue.path] });
    }
  });

const paramsSchema = z
  .object({
    base_estimators: z
      .array(memberSchema)
      .min(2)
      .max(20)
      .default(() => DEFAULT_MEMBERS.map((m) => memberSchema.parse(m))),
    combination: z.enum(['average', 'maximization']).default('average'),
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

interface SavedMember {
  backend: string;
  params: Record<string, unknown>;
}

interface SavedParams {
  combination: Params['combination'];
  random_state: number;
  members: SavedMember[];
}

/** Member score columns z-scored with the training scores' mean and population std, then combined. */
function combine(
  columns: readonly Float64Array[],
  center: Float64Array,
  scale: Float64Array,
  how: Params['combination'],
): Float64Array {
  const rows = columns[0].length;
  const out = new Float64Array(rows).fill(how === 'average' ? 0 : -Infinity);
  columns.forEach((column, m) => {
    const mu = center[m];
    const sd = scale[m];
    for (let i = 0; i < rows; i++) {
      const z = (column[i] - mu) / sd;
      out[i] = how === 'average' ? out[i] + z : Math.max(out[i], z);
    }
  });
  if (how === 'average') for (let i = 0; i < rows; i++) out[i] /= columns.length;
  return out;
}

/**
 * SUOD (Zhao et al., MLSys 2021) as PyOD runs LlamaFarm's ensemble: every member fits on all rows,
 * its training scores set a standard scaler (scikit-learn's: mean, population std, 1 where the std is
 * 0), and a row's score is the average (or maximum) of its members' standardized scores. SUOD's
 * random projection and pseudo-supervised approximation apply in PyOD only to costly members
 * (LOF, kNN, ABOD); for its default members they are off, so this is SUOD's computation exactly.
 */
class Suod implements Detector {
  constructor(
    private readonly members: readonly Detector[],
    private readonly center: Float64Array,
    private readonly scale: Float64Array,
    private readonly saved: SavedParams,
    readonly fitInfo: Record<string, unknown> = {},
    readonly trainingScores?: Float64Array,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const columns = this.members.map((member) => member.scoreRaw(x));
    return combine(columns, this.center, this.scale, this.saved.combination);
  }

  state(): DetectorState {
    const arrays: Record<string, DetectorArray> = { center: this.center, scale: this.scale };
    const members: SavedMember[] = this.members.map((member, m) => {
      const state = member.state();
      for (const [name, array] of Object.entries(state.arrays)) arrays[`m${m}.${name}`] = array;
      return { backend: this.saved.members[m].backend, params: state.params };
    });
    return { params: { ...this.saved, members }, arrays };
  }
}

/** A member's own params, with the ensemble's seed where the member has one and was given none. */
function memberParams(member: Params['base_estimators'][number], seed: number): Record<string, unknown> {
  const factory = MEMBERS.get(member.backend)!;
  const seeded =
    'random_state' in (factory.params as z.ZodObject).shape && !('random_state' in member.params);
  return factory.params.parse(seeded ? { ...member.params, random_state: seed } : member.params);
}

async function fit(x: Matrix, params: Params, context: FitContext): Promise<Suod> {
  const members: Detector[] = [];
  const saved: SavedMember[] = [];
  for (const member of params.base_estimators) {
    const own = memberParams(member, params.random_state);
    members.push(await MEMBERS.get(member.backend)!.fit(x, { ...context, params: own }));
    saved.push({ backend: member.backend, params: own });
  }
  const columns = members.map((m) => m.trainingScores ?? m.scoreRaw(x));
  const center = Float64Array.from(columns, (column) => mean(column));
  const scale = Float64Array.from(columns, (column, m) => populationStd(column, center[m]) || 1);
  const trainingScores = combine(columns, center, scale, params.combination);
  const fitInfo = {
    members: members.map((m, i) => ({ backend: saved[i].backend, ...(m.fitInfo ?? {}) })),
  };
  const savedParams: SavedParams = {
    combination: params.combination,
    random_state: params.random_state,
    members: saved,
  };
  return new Suod(members, center, scale, savedParams, fitInfo, trainingScores);
}

function restore(state: DetectorState): Suod {
  const saved = state.params as unknown as SavedParams;
  const members = saved.members.map((member, m) => {
    const prefix = `m${m}.`;
    const arrays: Record<string, DetectorArray> = {};
    for (const [name, array] of Object.entries(state.arrays)) {
      if (name.startsWith(prefix)) arrays[name.slice(prefix.length)] = array;
    }
    return MEMBERS.get(member.backend)!.restore({ params: member.params, arrays });
  });
  const { center, scale } = state.arrays as { center: Float64Array; scale: Float64Array };
  return new Suod(members, center, scale, saved);
}

export const suodFactory: DetectorFactory = {
  info: {
    backend: 'suod',
    name: 'SUOD',
    description:
      'SUOD: Scalable Unsupervised Outlier Detection. Ensemble of multiple algorithms (default: Isolation Forest, HBOS, COPOD), standardized scores averaged',
    category: 'ensemble',
    speed: 'slow',
    memory: 'high',
    is_legacy: false,
    best_for: 'most robust detection, combining multiple methods',
    parameters: {
      base_estimators:
        'members as [{"backend": name, "params": {...}}] (default isolation_forest, hbos, copod; 2 to 20; any tabular backend but autoencoder and suod)',
      combination: "'average' (default) or 'maximization' of the members' standardized scores",
      random_state: 'seed given to every member that has one and sets none (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params), context);
  },
  restore,
};
