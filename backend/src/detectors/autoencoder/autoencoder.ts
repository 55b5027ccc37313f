import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import type { Detector, DetectorFactory, DetectorState } from '../detector';
import { reconstructionError, type DenseStack } from './denseStack';
import { trainAutoencoder } from './training';

const paramsSchema = z
  .object({
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

/** Fixed by the contract (anomaly-api.md, autoencoder row). */
const TRAINING = { learningRate: 1e-3, validationShare: 0.1, patience: 10 } as const;

/** Raw score: mean squared reconstruction error of the (robust-scaled) row. */
class Autoencoder implements Detector {
  constructor(
    private readonly stack: DenseStack,
    private readonly params: Record<string, unknown>,
    readonly fitInfo?: Record<string, unknown>,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    return reconstructionError(this.stack, x);
  }

  state(): DetectorState {
    const arrays: Record<string, Float32Array> = {};
    this.stack.kernels.forEach((kernel, l) => {
      arrays[`kernel${l}`] = kernel;
      arrays[`bias${l}`] = this.stack.biases[l];
    });
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
      epochs: 'top-level request field: maximum training epochs (default 100; early stopping, patience 10)',
      batch_size: 'top-level request field: rows per gradient step (default 32)',
    },
  },
  params: paramsSchema,
  async fit(x, context) {
    const { random_state: seed } = paramsSchema.parse(context.params);
    const result = await trainAutoencoder(x, {
      ...TRAINING,
      epochs: context.epochs,
      batchSize: context.batchSize,
      seed,
      onProgress: context.onProgress,
    });
    const fitInfo = {
      tf_backend: result.backend,
      epochs_trained: result.epochsTrained,
      best_epoch: result.bestEpoch,
      best_validation_loss: result.bestValidationLoss,
      early_stopped: result.stoppedEarly,
    };
    return new Autoencoder(result.stack, { random_state: seed, ...fitInfo }, fitInfo);
  },
  restore(state) {
    const { sizes, ...params } = state.params as { sizes: number[] } & Record<string, unknown>;
    const layers = sizes.length - 1;
    const stack: DenseStack = {
      sizes,
      kernels: Array.from({ length: layers }, (_, l) => state.arrays[`kernel${l}`] as Float32Array),
      biases: Array.from({ length: layers }, (_, l) => state.arrays[`bias${l}`] as Float32Array),
    };
    return new Autoencoder(stack, params);
  },
};
