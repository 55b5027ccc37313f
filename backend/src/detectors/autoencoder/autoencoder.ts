import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import type { Detector, DetectorFactory, DetectorState, FeatureContributions } from '../detector';
import { reconstructionError, type DenseStack } from './denseStack';
import { trainAutoencoder } from './training';

const paramsSchema = z
  .object({
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
    error_space: z.enum(['scaled', 'standardized']).default('standardized'),
  })
  .strict();

/**
 * Fixed by the contract (anomaly-api.md, autoencoder row); minDelta is LlamaFarm's default and Adam's
 * epsilon PyTorch's (torch.optim.Adam, as LlamaFarm trains it; TensorFlow.js would use 1e-7).
 */
const TRAINING = {
  learningRate: 1e-3,
  adamEpsilon: 1e-8,
  validationShare: 0.1,
  patience: 10,
  minDelta: 1e-4,
} as const;

/**
 * Raw score: mean squared reconstruction error of the row. By default (error_space 'standardized', as
 * the contract and PyOD's AutoEncoder) each column's error is divided by its training variance, so
 * heavy-tailed columns, which the robust scaler leaves with a large spread, do not dominate the score;
 * error_space 'scaled' measures it in the robust-scaled space the detector receives. A model file
 * without stored error weights (saved before this default) keeps scoring in the scaled space.
 */
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
    name: 'autoencoder',
    description: 'Autoencoder (TensorFlow.js): rows the network reconstructs poorly are anomalous',
    category: 'neural',
    speed: 'slow',
    memory: 'medium',
    best_for: 'non-linear relations between many features; larger training sets',
    parameters: {
      random_state: 'seed of the initial weights, the validation split and the shuffling (default 42)',
      error_space:
        "'standardized' (default, as PyOD): each column's error over its training variance; 'scaled': squared error in the robust-scaled space",
      epochs: 'top-level request field: maximum training epochs (default 100; early stopping, patience 10)',
      batch_size: 'top-level request field: rows per gradient step (default 32)',
    },
  },
  params: paramsSchema,
  async fit(x, context) {
    const { random_state: seed, error_space: errorSpace } = paramsSchema.parse(context.params);
    const standardized = errorSpace === 'standardized';
    // the network is trained on the error it will be scored by
    const result = await trainAutoencoder(x, {
      ...TRAINING,
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
