import type { RowExplanation } from '../contract/anomaly';
import type { Matrix } from '../core/matrix';
import { explainRows, type ExplainableModel } from '../explain/explainRows';
import type { FittedModel } from '../models/fittedModel';
import { FAR_OUT_IQRS } from '../training/rangeGuard';

/** What an explanation needs of a fitted model. */
export type ExplainedModel = Pick<FittedModel, 'detector' | 'scaler' | 'encoder' | 'rangeGuard'>;

/** The model as the explanation library reads it: the range guard's bounds back in the sent units. */
function explainable(model: ExplainedModel): ExplainableModel {
  const { scaler, rangeGuard: guard } = model;
  const sent = (bound: Float64Array, widening: number) =>
    Float64Array.from(bound, (v, j) => (v + widening) * scaler.scale[j] + scaler.center[j]);
  return {
    detector: model.detector,
    scaler,
    encoder: model.encoder,
    range: guard ? { min: sent(guard.lo, FAR_OUT_IQRS), max: sent(guard.hi, -FAR_OUT_IQRS) } : null,
  };
}

/** Explanations of the rows `indices` of a request (`x` its encoded rows, `sent` its rows as sent). */
export function explainIndices(
  model: ExplainedModel,
  x: Matrix,
  sent: readonly unknown[],
  indices: readonly number[],
  topK: number,
): RowExplanation[] {
  return explainRows(explainable(model), x, sent, indices, topK);
}
