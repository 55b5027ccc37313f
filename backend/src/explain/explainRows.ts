import type { FeatureContribution, RowExplanation } from '../contract/anomaly';
import type { Matrix } from '../core/matrix';
import { applyRobustScaler, type RobustScaler } from '../core/robustScaler';
import type { Detector } from '../detectors/detector';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import { attribute } from './attribution';
import { featureGroups, sentValue, type FeatureGroup } from './featureGroups';
import { describeFeature, type TrainingRange } from './featureReason';

/** The parts of a fitted model an explanation reads. */
export interface ExplainableModel {
  readonly detector: Detector;
  readonly scaler: RobustScaler;
  readonly encoder: FeatureEncoderState | null;
  /** The training range per encoded column, in the sent units; null when the model does not keep it. */
  readonly range: TrainingRange | null;
}

/** A feature is named in the reason line when its contribution is at least this share of the leading one. */
const NOTABLE_OF_LEADING = 0.25;

/**
 * Explanations of the rows `indices` of `x` (the encoded, unscaled rows of a request; `sent` the
 * rows as the client sent them): each feature's contribution, largest first (at most `topK`), each
 * in words, and one reason line.
 */
export function explainRows(
  model: ExplainableModel,
  x: Matrix,
  sent: readonly unknown[],
  indices: readonly number[],
  topK: number,
): RowExplanation[] {
  if (indices.length === 0) return [];
  const groups = featureGroups(model.encoder, x.cols);
  const picked = new Float64Array(indices.length * x.cols);
  indices.forEach((i, r) => picked.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), r * x.cols));
  const unscaled = { data: picked, rows: indices.length, cols: x.cols };
  const attribution = attribute(model.detector, applyRobustScaler(model.scaler, unscaled), groups);
  return indices.map((rowIndex, r) => {
    const contributions = attribution.values.subarray(r * groups.length, (r + 1) * groups.length);
    const describe = (g: FeatureGroup) => {
      const value = sentValue(sent[rowIndex], g);
      const encoder = model.encoder ? model.encoder.encoders[g.name] : null;
      const encoded = picked[r * x.cols + g.start];
      return { value, ...describeFeature(g, value, encoded, encoder, model) };
    };
    const beyond = groups.map((g) => iqrsBeyondRange(model, g, picked[r * x.cols + g.start]));
    return {
      method: attribution.method,
      exact: attribution.exact,
      ...rowFeatures(groups, contributions, beyond, describe, topK),
    };
  });
}

/**
 * How far a numeric value lies beyond the training range, in IQRs (0 inside it or when the model
 * keeps no range). Every detector saturates there: trees split, and ECDFs and histograms are
 * defined, only inside the training data, so its contribution cannot tell a value just past the
 * edge from one a hundred times past it (the range guard of training/ exists for the same reason).
 * Features beyond the range therefore rank first, farthest out first.
 */
function iqrsBeyondRange(model: ExplainableModel, g: FeatureGroup, v: number): number {
  const encoder = model.encoder?.encoders[g.name];
  if (!model.range || (encoder && encoder.type !== 'numeric')) return 0;
  const { min, max } = model.range;
  const past = Math.max(v - max[g.start], min[g.start] - v, 0);
  return past / model.scaler.scale[g.start];
}

function rowFeatures(
  groups: readonly FeatureGroup[],
  contributions: Float64Array,
  beyond: readonly number[],
  describe: (g: FeatureGroup) => { value: unknown; text: string; seen?: boolean | null },
  topK: number,
): Pick<RowExplanation, 'features' | 'reason'> {
  let positive = 0;
  let leading = 0;
  for (const c of contributions) {
    if (c > 0) positive += c;
    leading = Math.max(leading, c);
  }
  const order = groups
    .map((g, k) => ({ g, c: contributions[k], out: beyond[k] }))
    .filter(({ c, out }) => c > 0 || out > 0)
    .sort((a, b) => b.out - a.out || b.c - a.c)
    .slice(0, topK);
  const features: FeatureContribution[] = order.map(({ g, c, out }) => {
    const { value, text, seen } = describe(g);
    return {
      feature: g.name,
      value: value ?? null,
      contribution: c,
      share: positive > 0 ? Math.max(c, 0) / positive : 0,
      ...(seen === undefined ? {} : { seen_in_training: seen }),
      ...(out > 0 ? { iqrs_beyond_training_range: out } : {}),
      reason: text,
    };
  });
  const named = features.filter(
    (f) =>
      f.iqrs_beyond_training_range !== undefined ||
      (leading > 0 && f.contribution >= NOTABLE_OF_LEADING * leading),
  );
  const parts = named.map((f) => f.reason);
  if (parts.length === 0) parts.push('no single feature stands out: the combination of values is unusual');
  // values never seen in training are always named: an encoder maps them to a placeholder the
  // detector may weigh lightly, yet they are what a reader most needs to know
  for (const g of groups) {
    if (g.encoding === null || g.encoding === 'numeric' || named.some((f) => f.feature === g.name)) continue;
    const { text, seen } = describe(g);
    if (seen === false) parts.push(text);
  }
  return { features, reason: parts.join('; ') };
}
