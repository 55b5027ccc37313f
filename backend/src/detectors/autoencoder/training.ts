import type * as Tf from '@tensorflow/tfjs';
import type { Matrix } from '../../core/matrix';
import { Rng } from '../../core/rng';
import type { FitProgress } from '../detector';
import { autoencoderSizes, initialStack, type DenseStack } from './denseStack';
import { EarlyStopping } from './earlyStopping';
import { columnMoments, foldStandardization, standardize, type ColumnMoments } from './standardization';
import { tensorflow, type TensorflowModule } from './tfRuntime';
import { yieldToEventLoop } from '../../core/timeSlices';

export interface TrainingOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly learningRate: number;
  /** Adam's epsilon (TensorFlow.js' default, 1e-7, when absent). */
  readonly adamEpsilon?: number;
  readonly validationShare: number;
  readonly patience: number;
  readonly minDelta: number;
  /** Train on the MSE of the standardized columns instead of the MSE in received units. */
  readonly standardizedLoss: boolean;
  readonly onProgress?: (progress: FitProgress) => void;
}

export interface TrainingResult {
  /** The weights of the epoch with the lowest validation loss, mapping received rows to reconstructions. */
  readonly stack: DenseStack;
  readonly epochsTrained: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number;
  readonly stoppedEarly: boolean;
  readonly backend: string;
  /** Mean and std of each received column, as the network's standardization used them. */
  readonly moments: ColumnMoments;
}

/**
 * The network's variables (kernel, bias per layer), its optimizer and the per-column loss weights, for
 * the duration of one fit. Training calls the ops directly: about twice as fast per batch as going
 * through a tf.LayersModel, and the same computation.
 */
interface Session {
  readonly tf: TensorflowModule;
  readonly variables: Tf.Variable[];
  readonly optimizer: Tf.Optimizer;
  readonly weights: Tf.Tensor1D;
}

function createVariables(tf: TensorflowModule, stack: DenseStack): Tf.Variable[] {
  const { sizes } = stack;
  // tidy disposes the initial tensors; the variables (copies) are not tracked by it and survive
  return tf.tidy(() =>
    stack.kernels.flatMap((kernel, l) => [
      tf.variable(tf.tensor2d(kernel, [sizes[l], sizes[l + 1]])),
      tf.variable(tf.tensor1d(stack.biases[l])),
    ]),
  );
}

/** Dense layers with ReLU after all but the last, as the stack and buildLayersModel define them. */
function reconstruct(session: Session, x: Tf.Tensor2D): Tf.Tensor2D {
  const { tf, variables } = session;
  let a = x;
  for (let v = 0; v < variables.length; v += 2) {
    const dense = tf.add(tf.matMul(a, variables[v] as Tf.Tensor2D), variables[v + 1]) as Tf.Tensor2D;
    a = v + 2 < variables.length ? tf.relu(dense) : dense;
  }
  return a;
}

function readStack(variables: Tf.Variable[], sizes: readonly number[]): DenseStack {
  const arrays = variables.map((v) => Float32Array.from(v.dataSync()));
  return {
    sizes,
    kernels: arrays.filter((_, i) => i % 2 === 0),
    biases: arrays.filter((_, i) => i % 2 === 1),
  };
}

function rowsOf(
  x: Matrix,
  indices: Int32Array,
  into: Float32Array,
  from = 0,
  count = indices.length,
): Float32Array {
  const { cols, data } = x;
  for (let k = 0; k < count; k++) {
    const src = indices[from + k] * cols;
    for (let c = 0; c < cols; c++) into[k * cols + c] = data[src + c];
  }
  return into;
}

function shuffleInPlace(indices: Int32Array, rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = indices[i];
    indices[i] = indices[j];
    indices[j] = tmp;
  }
}

/**
 * Trains the contract's autoencoder with Adam on the MSE of the rows it receives (or, with
 * `standardizedLoss`, of their standardized columns). The network sees the rows standardized per
 * column and predicts standardized values; the loss weights each column's squared error by its
 * variance, which makes it exactly the MSE in received units. Afterwards the standardization is folded
 * into the first and last layers. Without it, Adam's fixed step size is far too small for columns the
 * robust scaler left with a large spread (a small IQR) and training stalls on them.
 *
 * A seeded hold-out of `validationShare` of the rows (at least one; a share of 0, or a single row,
 * validates on the training rows), seeded shuffling every epoch, early stopping after `patience` epochs without a validation
 * loss lower by more than `minDelta`, best weights kept. Deterministic for a seed on the single-threaded wasm and cpu
 * backends. Yields to the event loop after each epoch, so an inline fit never stalls the server long.
 */
export async function trainAutoencoder(x: Matrix, options: TrainingOptions): Promise<TrainingResult> {
  const tf = await tensorflow();
  const moments = columnMoments(x);
  const z = standardize(x, moments);
  const rng = new Rng(options.seed);
  const sizes = autoencoderSizes(x.cols);
  const initial = initialStack(sizes, rng);
  const order = rng.sampleWithoutReplacement(x.rows, x.rows);
  // a zero share (or a single row) validates on the training rows themselves
  const nVal =
    x.rows >= 2 && options.validationShare > 0
      ? Math.max(1, Math.floor(x.rows * options.validationShare))
      : 0;
  const trainRows = nVal > 0 ? order.slice(nVal) : order;
  const valRows = nVal > 0 ? order.slice(0, nVal) : order;

  const variables = createVariables(tf, initial);
  const session: Session = {
    tf,
    variables,
    optimizer: tf.train.adam(options.learningRate, 0.9, 0.999, options.adamEpsilon),
    weights: tf.tensor1d(Float32Array.from(moments.std, (s) => (options.standardizedLoss ? 1 : s * s))),
  };
  const validation = tf.tensor2d(rowsOf(z, valRows, new Float32Array(valRows.length * x.cols)), [
    valRows.length,
    x.cols,
  ]);
  const stopping = new EarlyStopping<DenseStack>(options.patience, options.minDelta, initial);
  let epoch = 0;
  try {
    while (epoch < options.epochs && !stopping.shouldStop) {
      shuffleInPlace(trainRows, rng);
      const trainLoss = trainOneEpoch(session, z, trainRows, options.batchSize);
      epoch++;
      stopping.update(epoch, validationLoss(session, validation), () => readStack(variables, sizes));
      options.onProgress?.({ phase: 'train', fraction: epoch / options.epochs, epoch, loss: trainLoss });
      await yieldToEventLoop();
    }
  } finally {
    tf.dispose([validation, session.weights, ...variables]);
    session.optimizer.dispose();
  }
  const { best, loss, epoch: bestEpoch } = stopping.result;
  return {
    stack: foldStandardization(best, moments),
    epochsTrained: epoch,
    bestEpoch,
    bestValidationLoss: loss,
    stoppedEarly: epoch < options.epochs,
    backend: tf.getBackend(),
    moments,
  };
}

/** One pass over the shuffled training rows; returns the row-weighted mean training loss. */
function trainOneEpoch(session: Session, z: Matrix, rows: Int32Array, batchSize: number): number {
  const { tf, optimizer, variables, weights } = session;
  const batch = new Float32Array(batchSize * z.cols);
  let lossSum = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const count = Math.min(batchSize, rows.length - start);
    rowsOf(z, rows, batch, start, count);
    const xb = tf.tensor2d(batch.subarray(0, count * z.cols), [count, z.cols]);
    const cost = optimizer.minimize(
      () => weightedMse(tf, xb, reconstruct(session, xb), weights),
      true,
      variables,
    )!;
    lossSum += cost.dataSync()[0] * count;
    tf.dispose([cost, xb]);
  }
  return lossSum / rows.length;
}

function validationLoss(session: Session, validation: Tf.Tensor2D): number {
  const { tf, weights } = session;
  const loss = tf.tidy(() => weightedMse(tf, validation, reconstruct(session, validation), weights));
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}

function weightedMse(
  tf: TensorflowModule,
  target: Tf.Tensor2D,
  output: Tf.Tensor2D,
  weights: Tf.Tensor1D,
): Tf.Scalar {
  return tf.mean(tf.mul(tf.squaredDifference(target, output), weights));
}
