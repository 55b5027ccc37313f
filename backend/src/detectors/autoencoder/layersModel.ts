import type * as Tf from '@tensorflow/tfjs';
import type { DenseStack } from './denseStack';
import type { TensorflowModule } from './tfRuntime';

/**
 * A TensorFlow.js model of a saved stack (ReLU hidden layers, linear output) holding copies of its
 * weights: for use with TensorFlow.js tooling; scoring itself needs no TensorFlow.js.
 */
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
