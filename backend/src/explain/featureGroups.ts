import { encodedWidth, type EncodingType } from '../encoding/encoders';
import type { FeatureEncoderState } from '../encoding/featureEncoder';

/** One feature as the user sent it, and the encoded columns that stand for it. */
export interface FeatureGroup {
  /** The schema key, or `feature_{j}` for rows sent as numeric arrays. */
  readonly name: string;
  /** The first encoded column and how many there are (a one-hot feature has one per category). */
  readonly start: number;
  readonly width: number;
  /** null for rows sent as numeric arrays (the column is the number itself). */
  readonly encoding: EncodingType | null;
}

export function featureGroups(encoder: FeatureEncoderState | null, cols: number): FeatureGroup[] {
  if (!encoder) {
    return Array.from({ length: cols }, (_, j) => ({
      name: `feature_${j}`,
      start: j,
      width: 1,
      encoding: null,
    }));
  }
  let start = 0;
  return encoder.feature_order.map((name) => {
    const state = encoder.encoders[name];
    const group = { name, start, width: encodedWidth(state), encoding: state.type };
    start += group.width;
    return group;
  });
}

/** A row's value of a feature as sent: the object's own property, or the array's element. */
export function sentValue(row: unknown, group: FeatureGroup): unknown {
  if (Array.isArray(row)) return row[group.start] as unknown;
  if (typeof row === 'object' && row !== null && Object.prototype.hasOwnProperty.call(row, group.name)) {
    return (row as Record<string, unknown>)[group.name];
  }
  return null;
}
