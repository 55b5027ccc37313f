import type { Matrix } from '../core/matrix';
import { encodedWidth, encodeValue, fitEncoder, type EncoderState, type EncodingType } from './encoders';

export type Schema = Record<string, EncodingType>;
export type Row = Record<string, unknown>;

/** The `{stem}_encoder.json` sidecar. */
export interface FeatureEncoderState {
  version: 1;
  schema: Schema;
  feature_order: string[];
  encoders: Record<string, EncoderState>;
}

function cell(row: Row, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, key) ? row[key] : null;
}

/** Feature order is the schema keys in code-point order; keys outside the schema are ignored. */
export function fitFeatureEncoder(schema: Schema, rows: readonly Row[]): FeatureEncoderState {
  const featureOrder = Object.keys(schema).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const encoders = Object.fromEntries(
    featureOrder.map((key) => [
      key,
      fitEncoder(
        schema[key],
        rows.map((r) => cell(r, key)),
      ),
    ]),
  );
  return { version: 1, schema: { ...schema }, feature_order: featureOrder, encoders };
}

export function encoderWidth(state: FeatureEncoderState): number {
  return state.feature_order.reduce((w, key) => w + encodedWidth(state.encoders[key]), 0);
}

export function encodeRows(state: FeatureEncoderState, rows: readonly Row[]): Matrix {
  const cols = encoderWidth(state);
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    let offset = i * cols;
    for (const key of state.feature_order) {
      const encoder = state.encoders[key];
      encodeValue(encoder, cell(row, key), data, offset);
      offset += encodedWidth(encoder);
    }
  });
  return { data, rows: rows.length, cols };
}
