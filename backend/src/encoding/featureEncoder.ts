import { invalidInput } from '../core/errors';
import type { Matrix } from '../core/matrix';
import { encodedWidth, encodeValue, fitEncoder, type EncoderState, type EncodingType } from './encoders';
import { parseNumeric } from './valueText';

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

/** A numeric feature takes numbers, numeric strings, booleans or null (missing → 0); nothing else. */
function assertNumeric(value: unknown, row: number, key: string): void {
  if (value === null || value === undefined || parseNumeric(value) !== null) return;
  const shown =
    typeof value === 'string' ? `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'` : typeof value;
  throw invalidInput(
    `row ${row}, field '${key}': ${shown} is not a number, but the schema says '${key}' is numeric; send a number (or null when missing)`,
  );
}

export function encodeRows(state: FeatureEncoderState, rows: readonly Row[]): Matrix {
  const cols = encoderWidth(state);
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    let offset = i * cols;
    for (const key of state.feature_order) {
      const encoder = state.encoders[key];
      const value = cell(row, key);
      if (encoder.type === 'numeric') assertNumeric(value, i, key);
      encodeValue(encoder, value, data, offset);
      offset += encodedWidth(encoder);
    }
  });
  return { data, rows: rows.length, cols };
}
