import { invalidField } from '../core/errors';

/** The field that carries a point's time (epoch milliseconds or an ISO-8601 string); never a feature. */
export const TIMESTAMP_FIELD = 'timestamp';

/** Points of one request, checked against the stream's feature columns. */
export interface ParsedPoints {
  /** The stream's feature columns (fixed by its first point); null while it has seen none. */
  readonly columns: readonly string[] | null;
  /** One row of column values per point. */
  readonly rows: Float64Array[];
  /** Per point: its `timestamp` in epoch ms, or NaN when it carried none. */
  readonly timestamps: Float64Array;
  readonly warnings: string[];
}

type Point = Record<string, unknown>;

/**
 * `data` as LlamaFarm takes it: an object is one point, an array of objects (or of numeric arrays)
 * a batch, an empty array no point at all; a flat numeric array is one point with fields f0, f1, … .
 * Every point is checked before any is used, so a bad point rejects the request and changes nothing.
 */
export function parsePoints(data: unknown, known: readonly string[] | null): ParsedPoints {
  const points = asPoints(data);
  if (points.length === 0) return { columns: known, rows: [], timestamps: new Float64Array(0), warnings: [] };
  const columns = known ?? columnsOf(points[0]);
  const rows: Float64Array[] = [];
  const timestamps = new Float64Array(points.length);
  const extra = new Set<string>();
  points.forEach((point, i) => {
    const row = new Float64Array(columns.length);
    columns.forEach((name, j) => {
      const value = numericValue(point[name]);
      if (value === undefined) {
        const why = name in point ? 'must be a finite number or a boolean' : 'is missing';
        throw invalidField(['body', 'data', i, name], `point ${i}: feature '${name}' ${why}`);
      }
      row[j] = value;
    });
    rows.push(row);
    timestamps[i] = timestampOf(point, i);
    for (const key of Object.keys(point))
      if (key !== TIMESTAMP_FIELD && !columns.includes(key) && numericValue(point[key]) !== undefined)
        extra.add(key);
  });
  const warnings = [...extra].map(
    (key) => `field '${key}' is not one of the stream's features (${columns.join(', ')}) and was ignored`,
  );
  return { columns, rows, timestamps, warnings };
}

function asPoints(data: unknown): Point[] {
  if (isPoint(data)) return [data];
  if (!Array.isArray(data)) throw invalidField(['body', 'data'], 'data must be a point or a list of points');
  if (data.length > 0 && data.every((v) => typeof v === 'number')) return [arrayPoint(data as number[])];
  return data.map((item, i) => {
    if (isPoint(item)) return item;
    if (Array.isArray(item)) return arrayPoint(item);
    throw invalidField(['body', 'data', i], `point ${i} must be an object or an array of numbers`);
  });
}

const isPoint = (value: unknown): value is Point =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function arrayPoint(values: readonly unknown[]): Point {
  return Object.fromEntries(values.map((v, j) => [`f${j}`, v]));
}

/** The numeric fields of the first point, in its order: the stream's features from then on. */
function columnsOf(point: Point): string[] {
  const columns = Object.keys(point).filter(
    (key) => key !== TIMESTAMP_FIELD && numericValue(point[key]) !== undefined,
  );
  if (columns.length === 0)
    throw invalidField(['body', 'data', 0], 'the first point has no numeric field to learn from');
  return columns;
}

/** Numbers and booleans (as 0/1) are feature values; anything else is not. */
function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

function timestampOf(point: Point, i: number): number {
  const value = point[TIMESTAMP_FIELD];
  if (value === undefined || value === null) return NaN;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw invalidField(
      ['body', 'data', i, TIMESTAMP_FIELD],
      `point ${i}: timestamp must be epoch milliseconds or an ISO-8601 date`,
    );
  return ms;
}
