import type { Matrix } from '../core/matrix';
import { ENCODING_TYPES, type EncodingType } from '../encoding/encoders';
import {
  encodeRows,
  fitFeatureEncoder,
  type FeatureEncoderState,
  type Row,
  type Schema,
} from '../encoding/featureEncoder';
import { TooLargeError, invalidInput, invalidField } from '../core/errors';

function isPlainObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validSchema(schema: Record<string, string>): Schema {
  const keys = Object.keys(schema);
  if (keys.length === 0) throw invalidInput('schema is empty: give each feature an encoding type');
  for (const key of keys) {
    if (!(ENCODING_TYPES as readonly string[]).includes(schema[key])) {
      throw invalidInput(
        `unknown encoding type '${schema[key]}' for feature '${key}'; valid types: ${ENCODING_TYPES.join(', ')}`,
      );
    }
  }
  return schema as Record<string, EncodingType>;
}

/** Rows given as numeric arrays → a matrix; types are 422s, values and shapes 400s. */
function numericRows(data: readonly unknown[]): Matrix {
  const first = data[0] as unknown[];
  const cols = first.length;
  if (cols === 0) throw invalidInput('data rows are empty: each row needs at least one feature');
  const out = new Float64Array(data.length * cols);
  for (let i = 0; i < data.length; i++) {
    const row = data[i];
    if (!Array.isArray(row))
      throw invalidField(['body', 'data', i], 'rows must all be arrays or all objects', 'type_error');
    if (row.length !== cols) {
      throw invalidInput(
        `row ${i} has ${row.length} values but row 0 has ${cols}: every row needs the same width`,
      );
    }
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number')
        throw invalidField(['body', 'data', i, j], 'value is not a number', 'type_error.float');
      if (!Number.isFinite(v)) {
        throw invalidInput(
          `data[${i}][${j}] is not a finite number (NaN or Infinity): drop or impute the value`,
        );
      }
      out[base + j] = v;
    }
  }
  return { data: out, rows: data.length, cols };
}

function objectRows(data: readonly unknown[]): Row[] {
  data.forEach((row, i) => {
    if (!isPlainObject(row))
      throw invalidField(['body', 'data', i], 'rows must all be arrays or all objects', 'type_error');
  });
  return data as Row[];
}

function assertFinite(x: Matrix): void {
  for (let k = 0; k < x.data.length; k++) {
    if (!Number.isFinite(x.data[k])) {
      const i = Math.floor(k / x.cols);
      throw invalidInput(
        `row ${i} encodes to ${x.data[k]} (a numeric feature holds NaN or Infinity); fix the value`,
      );
    }
  }
}

/**
 * Rows × features per request are capped so that no single request can hold a worker (or memory)
 * for minutes; the cap is checked before any work, from the first row's width.
 */
function assertWithinCap(
  data: readonly unknown[],
  schemaWidth: number,
  maxCells: number,
  setting: string,
): void {
  const first = data[0];
  const width = Array.isArray(first) ? first.length : Math.max(1, schemaWidth);
  const cells = data.length * width;
  if (cells > maxCells) {
    throw new TooLargeError(
      `${data.length} rows × ${width} features = ${cells} cells exceeds the cap of ${maxCells} cells per request (${setting}): send fewer rows per request`,
    );
  }
}

/** Training data → matrix, fitting the feature encoder when rows are objects. */
export function trainingMatrix(
  data: readonly unknown[],
  schema: Record<string, string> | undefined,
  maxCells: number,
): { x: Matrix; encoder: FeatureEncoderState | null } {
  if (data.length === 0) throw invalidInput('data is empty: send at least 2 training rows');
  assertWithinCap(data, schema ? Object.keys(schema).length : 0, maxCells, 'LF_MAX_FIT_CELLS');
  if (isPlainObject(data[0])) {
    if (!schema)
      throw invalidInput('rows are objects but no schema was given: send "schema": {feature: encoding type}');
    const rows = objectRows(data);
    const encoder = fitFeatureEncoder(validSchema(schema), rows);
    const x = encodeRows(encoder, rows);
    assertFinite(x);
    if (x.rows < 2) throw invalidInput('at least 2 training rows are needed to fit a model');
    return { x, encoder };
  }
  if (!Array.isArray(data[0]))
    throw invalidField(['body', 'data', 0], 'a row must be an array of numbers or an object', 'type_error');
  const x = numericRows(data);
  if (x.rows < 2) throw invalidInput('at least 2 training rows are needed to fit a model');
  return { x, encoder: null };
}

/** Rows to score → matrix, with the model's fitted encoder when it has one. */
export function scoringMatrix(
  data: readonly unknown[],
  encoder: FeatureEncoderState | null,
  inputDim: number,
  maxCells: number,
): Matrix {
  if (data.length === 0) throw invalidInput('data is empty: send at least 1 row to score');
  assertWithinCap(data, inputDim, maxCells, 'LF_MAX_SCORE_CELLS');
  let x: Matrix;
  if (isPlainObject(data[0])) {
    if (!encoder)
      throw invalidInput('rows are objects but this model was fitted on numeric arrays: send arrays');
    x = encodeRows(encoder, objectRows(data));
    assertFinite(x);
  } else if (Array.isArray(data[0])) {
    x = numericRows(data);
  } else {
    throw invalidField(['body', 'data', 0], 'a row must be an array of numbers or an object', 'type_error');
  }
  if (x.cols !== inputDim) {
    throw invalidInput(`rows have ${x.cols} features but the model was fitted on ${inputDim}`);
  }
  return x;
}
