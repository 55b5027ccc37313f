import type { SeriesPoints } from '../api/backendTypes';

export type CsvResult = { ok: true; series: SeriesPoints[] } | { ok: false; error: string };

const NULLS = new Set(['', 'null', 'nan', 'na', 'none']);

/** A time cell: epoch milliseconds, or an ISO-8601 date-time. */
function parseTime(cell: string): number {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
  return /^\d{4}-\d{2}-\d{2}/.test(cell) ? Date.parse(cell) : NaN;
}

/**
 * Inline CSV for trying things out: a header `time,<series>,…`, then one row per timestamp with
 * epoch-ms or ISO times in increasing order. Empty cells (or null/NaN) are gaps.
 */
export function parseCsv(text: string): CsvResult {
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ cells: line.split(',').map((c) => c.trim()), number: i + 1 }))
    .filter((line) => line.cells.some((c) => c !== ''));
  if (lines.length === 0) return { ok: false, error: 'CSV is empty: start with a header like time,cpu' };
  const header = lines[0].cells;
  if (header.length < 2)
    return { ok: false, error: 'the header needs a time column and at least one series column' };
  const series: SeriesPoints[] = header
    .slice(1)
    .map((name) => ({ name: name || 'value', labels: {}, timestamps: [], values: [] }));
  const timestamps: number[] = [];
  for (const { cells, number } of lines.slice(1)) {
    if (cells.length !== header.length) {
      return {
        ok: false,
        error: `line ${number}: ${cells.length} cells but the header has ${header.length}`,
      };
    }
    const t = parseTime(cells[0]);
    if (!Number.isFinite(t))
      return { ok: false, error: `line ${number}: '${cells[0]}' is not epoch ms or an ISO date-time` };
    const previous = timestamps[timestamps.length - 1];
    if (previous !== undefined && t <= previous) {
      return {
        ok: false,
        error: `line ${number}: time ${t === previous ? 'repeats' : 'goes backwards'}: rows must be in increasing time order`,
      };
    }
    timestamps.push(t);
    for (let j = 1; j < cells.length; j++) {
      const cell = cells[j];
      const value = NULLS.has(cell.toLowerCase()) ? null : Number(cell);
      if (value !== null && !Number.isFinite(value))
        return { ok: false, error: `line ${number}: '${cell}' is not a number` };
      series[j - 1].values.push(value);
    }
  }
  if (timestamps.length === 0) return { ok: false, error: 'CSV has a header but no rows' };
  for (const s of series) s.timestamps = timestamps;
  return { ok: true, series };
}
