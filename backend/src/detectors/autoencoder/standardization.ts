import type { Matrix } from '../../core/matrix';
import type { DenseStack } from './denseStack';

/** Per-column mean and population std of the training rows (a zero std replaced by 1). */
export interface ColumnMoments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

export function columnMoments(x: Matrix): ColumnMoments {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let k = 0; k < data.length; k++) mean[k % cols] += data[k];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let k = 0; k < data.length; k++) std[k % cols] += (data[k] - mean[k % cols]) ** 2;
  for (let j = 0; j < cols; j++) std[j] = Math.sqrt(std[j] / rows) || 1;
  return { mean, std };
}

export function standardize(x: Matrix, { mean, std }: ColumnMoments): Matrix {
  const data = new Float64Array(x.data.length);
  for (let k = 0; k < data.length; k++) data[k] = (x.data[k] - mean[k % x.cols]) / std[k % x.cols];
  return { data, rows: x.rows, cols: x.cols };
}

/**
 * The stack that maps raw rows x to standardize⁻¹(stack(standardize(x))): the standardization folded
 * into the first layer (W/σ, b − (μ/σ)·W) and its inverse into the last (W·σ, b·σ + μ).
 */
export function foldStandardization(stack: DenseStack, { mean, std }: ColumnMoments): DenseStack {
  const { sizes } = stack;
  const kernels = stack.kernels.map((k) => Float32Array.from(k));
  const biases = stack.biases.map((b) => Float32Array.from(b));
  const first = stack.kernels[0];
  const hidden = sizes[1];
  for (let o = 0; o < hidden; o++) {
    let shift = stack.biases[0][o];
    for (let i = 0; i < sizes[0]; i++) shift -= (mean[i] / std[i]) * first[i * hidden + o];
    biases[0][o] = shift;
  }
  for (let i = 0; i < sizes[0]; i++)
    for (let o = 0; o < hidden; o++) kernels[0][i * hidden + o] = first[i * hidden + o] / std[i];
  const l = kernels.length - 1;
  const out = sizes[l + 1];
  for (let i = 0; i < sizes[l]; i++)
    for (let o = 0; o < out; o++) kernels[l][i * out + o] = stack.kernels[l][i * out + o] * std[o];
  for (let o = 0; o < out; o++) biases[l][o] = stack.biases[l][o] * std[o] + mean[o];
  return { sizes, kernels, biases };
}
