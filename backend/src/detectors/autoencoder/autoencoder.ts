import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import {
  DEFAULT_EARLY_STOPPING,
  type Detector,
  type DetectorFactory,
  type DetectorState,
  type FeatureContributions,
  type FitContext,
} from '../detector';
import { reconstructionError, type DenseStack } from './denseStack';
import { trainAutoencoder } from './training';

const paramsSchema = z
  .object({
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
    error_space: z.enum(['scaled', 'standardized']).default('standardized'),
  })
  .strict();

/**
 * Fixed by the contract (anomaly-api.md, autoencoder row); Adam's epsilon is PyTorch's
 * (torch.optim.Adam, as LlamaFarm trains it; TensorFlow.js would use 1e-7). Early stopping comes from
 * the request (`validation_split`, `patience`, `min_delta`; LlamaFarm's defaults when absent).
 */
const TRAINING = { learningRate: 1e-3, adamEpsilon: 1e-8 } as const;

/**
 * Raw score: mean squared reconstruction error of the row. By default (error_space 'standardized', as
 * the contract and PyOD's AutoEncoder) each column's error is divided by its training variance, so
 * heavy-tailed columns, which the robust scaler leaves with a large spread, do not dominate the score;
 * error_space 'scaled' measures it in the robust-scaled space the detector receives. A model file
 * without stored error weights (saved before this default) keeps scoring in the scaled space.
 */
const earlyStoppingOf = (context: FitContext) => {
  const { validationSplit, patience, minDelta } = context.earlyStopping ?? DEFAULT_EARLY_STOPPING;
  return { validationShare: validationSplit, patience, minDelta };
};

class Autoencoder implements Detector {
  constructor(
    private readonly stack: DenseStack,
    private readonly errorWeights: Float64Array | null,
    private readonly params: Record<string, unknown>,
    readonly fitInfo?: Record<string, unknown>,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    return reconstructionError(this.stack, x, this.errorWeights ?? undefined);
  }

  /** Exact: each feature's squared reconstruction error (its share of the mean); they sum to the raw score. */
  explainFeatures(x: Matrix): FeatureContributions {
    const values = new Float64Array(x.rows * x.cols);
    reconstructionError(this.stack, x, this.errorWeights ?? undefined, values);
    return { values, method: 'reconstruction_error_terms' };
  }

  state(): DetectorState {
    const arrays: Record<string, Float32Array | Float64Array> = {};
    this.stack.kernels.forEach((kernel, l) => {
      arrays[`kernel${l}`] = kernel;
      arrays[`bias${l}`] = this.stack.biases[l];
    });
    if (this.errorWeights) arrays.errorWeights = this.errorWeights;
    return { params: { ...this.params, sizes: [...this.stack.sizes] }, arrays };
  }
}

export const autoencoderFactory: DetectorFactory = {
  info: {
    backend: 'autoencoder',
    name: 'AutoEncoder',
    description: 'Autoencoder (TensorFlow.js): rows the network reconstructs poorly are anomalous',
    category: 'deep_learning',
    speed: 'slow',
    memory: 'high',
    is_legacy: true,
    best_for: 'non-linear relations between many features; larger training sets',
    parameters: {
      random_state: 'seed of the initial weights, the validation split and the shuffling (default 42)',
      error_space:
        "'standardized' (default, as PyOD): each column's error over its training variance; 'scaled': squared error in the robust-scaled space",
      epochs: 'top-level request field: maximum training epochs (default 100; early stopping)',
      batch_size: 'top-level request field: rows per gradient step (default 32)',
      validation_split:
        'top-level request field: share of rows held out for early stopping, 0 to 0.5 (default 0.1; 0 stops on the training loss)',
      patience: 'top-level request field: epochs without improvement before stopping (default 10)',
      min_delta:
        'top-level request field: least validation-loss decrease that counts as improvement (default 1e-4)',
    },
  },
  params: paramsSchema,
  async fit(x, context) {
    const { random_state: seed, error_space: errorSpace } = paramsSchema.parse(context.params);
    const standardized = errorSpace === 'standardized';
    // the network is trained on the error it will be scored by
    const stopping = earlyStoppingOf(context);
    const result = await trainAutoencoder(x, {
      ...TRAINING,
      ...stopping,
      epochs: context.epochs,
      batchSize: context.batchSize,
      seed,
      standardizedLoss: standardized,
      onProgress: context.onProgress,
    });
    const errorWeights = standardized ? Float64Array.from(result.moments.std, (s) => 1 / (s * s)) : null;
    const fitInfo = {
      tf_backend: result.backend,
      epochs_trained: result.epochsTrained,
      best_epoch: result.bestEpoch,
      best_validation_loss: result.bestValidationLoss,
      early_stopped: result.stoppedEarly,
      validation_split: stopping.validationShare,
      patience: stopping.patience,
      min_delta: stopping.minDelta,
    };
    return new Autoencoder(
      result.stack,
      errorWeights,
      { random_state: seed, error_space: errorSpace, ...fitInfo },
      fitInfo,
    );
  },
  restore(state) {
    const { sizes, ...params } = state.params as { sizes: number[] } & Record<string, unknown>;
    const layers = sizes.length - 1;
    const stack: DenseStack = {
      sizes,
      kernels: Array.from({ length: layers }, (_, l) => state.arrays[`kernel${l}`] as Float32Array),
      biases: Array.from({ length: layers }, (_, l) => state.arrays[`bias${l}`] as Float32Array),
    };
    return new Autoencoder(stack, (state.arrays.errorWeights as Float64Array | undefined) ?? null, params);
  },
};
