import type { RobustScaler } from '../core/robustScaler';
import { valueSeenInTraining, type EncoderState } from '../encoding/encoders';
import { valueText } from '../encoding/valueText';
import type { FeatureGroup } from './featureGroups';
import { numberText, quoted, ratioText } from './numberText';

/** Each encoded column's least and greatest training value, in the sent units. */
export interface TrainingRange {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** What the model knows about a feature of the training rows, to put a row's value in words. */
export interface TrainingFacts {
  readonly scaler: RobustScaler;
  /** null when the model does not keep its training range (`range_guard: false`). */
  readonly range: TrainingRange | null;
}

export interface FeatureDescription {
  /** "bytes 500000 is 488× the training median (1024), above the training maximum (4410)". */
  readonly text: string;
  /** Categorical features: whether the value occurred in training (null: cannot tell). */
  readonly seen?: boolean | null;
}

/**
 * One feature of one row in the user's own units and categories. Numbers are compared with the
 * training median (a ratio when both are positive and far apart, else in IQRs) and range; categories
 * are named, and a value the encoder never met in training is called so.
 */
export function describeFeature(
  group: FeatureGroup,
  sent: unknown,
  encoded: number,
  encoder: EncoderState | null,
  facts: TrainingFacts,
): FeatureDescription {
  if (encoder === null || encoder.type === 'numeric')
    return { text: describeNumber(group, sent, encoded, facts) };
  const text = valueText(sent);
  if (text === null) return { text: `${group.name} is missing`, seen: null };
  const seen = valueSeenInTraining(encoder, sent);
  const shown = `${group.name} ${quoted(text)}`;
  if (seen === false) return { text: `${shown} never seen in training`, seen };
  if (seen === null) {
    const why = encoder.type === 'onehot' ? ' is not among the training categories kept' : '';
    return { text: `${shown}${why}`, seen };
  }
  if (encoder.type === 'frequency') {
    const share = Number((100 * encoder.frequencies[text]).toPrecision(2));
    return { text: `${shown} is in ${share}% of training rows`, seen };
  }
  return { text: `${shown} (seen in training)`, seen };
}

function describeNumber(group: FeatureGroup, sent: unknown, v: number, facts: TrainingFacts): string {
  if (sent === null || sent === undefined) return `${group.name} is missing (taken as 0)`;
  const col = group.start;
  const median = facts.scaler.center[col];
  const iqr = facts.scaler.scale[col];
  const ratio = v / median;
  let relation: string;
  if (median !== 0 && ratio >= 2)
    relation = `is ${ratioText(ratio)}× the training median (${numberText(median)})`;
  else if (median !== 0 && ratio > 0 && ratio <= 0.5)
    relation = `is 1/${ratioText(1 / ratio)} of the training median (${numberText(median)})`;
  else {
    const iqrs = (v - median) / iqr;
    relation =
      Math.abs(iqrs) < 0.05
        ? `is at the training median (${numberText(median)})`
        : `is ${Number(Math.abs(iqrs).toPrecision(2))} IQR ${iqrs > 0 ? 'above' : 'below'} the training median (${numberText(median)})`;
  }
  const range = facts.range;
  if (range && v > range.max[col]) relation += `, above the training maximum (${numberText(range.max[col])})`;
  if (range && v < range.min[col]) relation += `, below the training minimum (${numberText(range.min[col])})`;
  return `${group.name} ${numberText(v)} ${relation}`;
}
