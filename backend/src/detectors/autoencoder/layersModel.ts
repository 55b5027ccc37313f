import type * as Tf from '@tensorflow/tfjs';
import type { DenseStack } from './denseStack';
import type { TensorflowModule } from './tfRuntime';

/** A TensorFlow.js model of the stack (ReLU hidden layers, linear output) holding copies of its weights. */
export function buildLayersModel(tf: TensorflowModule, stack: DenseStack): Tf.Sequential {
  const { sizes, kernels, biases } = stack;
  const model = tf.sequential();
  for (let l = 0; l + 1 < sizes.length; l++) {
    model.add(
      tf.layers.dense({
        units: sizes[l + 1],
        activation: l + 2 < sizes.length ? 'relu' : 'linear',
        inputShape: l === 0 ? [sizes[0]] : undefined,
        kernelInitializer: 'zeros', // replaced by setWeights below: skip drawing random numbers
      }),
    );
  }
  const weights = kernels.flatMap((kernel, l) => [
    tf.tensor2d(kernel, [sizes[l], sizes[l + 1]]),
    tf.tensor1d(biases[l]),
  ]);
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** The model's current weights as a stack (copies). */
export function readStack(model: Tf.Sequential, sizes: readonly number[]): DenseStack {
  const arrays = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  return {
    sizes,
    kernels: arrays.filter((_, i) => i % 2 === 0),
    biases: arrays.filter((_, i) => i % 2 === 1),
  };
}
