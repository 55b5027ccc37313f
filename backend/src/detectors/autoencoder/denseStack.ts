import type { Matrix } from '../../core/matrix';
import type { Rng } from '../../core/rng';

/**
 * A stack of dense layers, ReLU after each but the last (linear output). Kernel l is
 * sizes[l] × sizes[l + 1], row-major, the layout of a TensorFlow.js Dense kernel.
 */
export interface DenseStack {
  readonly sizes: readonly number[];
  readonly kernels: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
}

/** The contract's autoencoder: d → hidden → latent → hidden → d, hidden = max(d/2, 8), latent = max(hidden/2, 4). */
export function autoencoderSizes(inputDim: number): number[] {
  const hidden = Math.max(Math.floor(inputDim / 2), 8);
  const latent = Math.max(Math.floor(hidden / 2), 4);
  return [inputDim, hidden, latent, hidden, inputDim];
}

/**
 * PyTorch's default nn.Linear initialisation, as the contract's reference implementation (LlamaFarm's
 * PyTorch autoencoder) gets it: kernel and bias entries uniform in ±1/√fan_in, from the seeded generator.
 */
export function initialStack(sizes: readonly number[], rng: Rng): DenseStack {
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const bound = 1 / Math.sqrt(sizes[l]);
    const kernel = new Float32Array(sizes[l] * sizes[l + 1]);
    for (let k = 0; k < kernel.length; k++) kernel[k] = (2 * rng.nextFloat() - 1) * bound;
    const bias = new Float32Array(sizes[l + 1]);
    for (let o = 0; o < bias.length; o++) bias[o] = (2 * rng.nextFloat() - 1) * bound;
    kernels.push(kernel);
    biases.push(bias);
  }
  return { sizes, kernels, biases };
}

/**
 * Mean squared reconstruction error of each row, each column's squared error times its weight when
 * `columnWeights` is given. Plain JS (float64 sums over the float32 weights): synchronous, no tensors,
 * and the same in every thread and process. `terms` (rows × cols), when given, receives each
 * column's share of the mean: the row's error is their sum.
 */
export function reconstructionError(
  stack: DenseStack,
  x: Matrix,
  columnWeights?: Float64Array,
  terms?: Float64Array,
): Float64Array {
  const { sizes, kernels, biases } = stack;
  const widest = Math.max(...sizes);
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  const out = new Float64Array(x.rows);
  const last = kernels.length - 1;
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < x.cols; c++) input[c] = x.data[r * x.cols + c];
    for (let l = 0; l <= last; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const kernel = kernels[l];
      const bias = biases[l];
      for (let o = 0; o < nOut; o++) output[o] = bias[o];
      for (let i = 0; i < nIn; i++) {
        const v = input[i];
        if (v === 0) continue; // ReLU zeros are common: skip their row of the kernel
        const base = i * nOut;
        for (let o = 0; o < nOut; o++) output[o] += v * kernel[base + o];
      }
      if (l < last) for (let o = 0; o < nOut; o++) if (output[o] < 0) output[o] = 0;
      const swap = input;
      input = output;
      output = swap;
    }
    let sum = 0;
    for (let c = 0; c < x.cols; c++) {
      const diff = input[c] - x.data[r * x.cols + c];
      const error = columnWeights ? diff * diff * columnWeights[c] : diff * diff;
      sum += error;
      if (terms) terms[r * x.cols + c] = error / x.cols;
    }
    out[r] = sum / x.cols;
  }
  return out;
}
