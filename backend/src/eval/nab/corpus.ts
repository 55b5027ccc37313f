import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseNabTimestamp } from './timestamp';
import { windowsToRows, type RowWindow } from './windows';

/** One labelled NAB series. `key` is `<category>/<file>.csv`, as in `combined_windows.json`. */
export interface NabSeries {
  readonly key: string;
  readonly category: string;
  readonly file: string;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** The timestamp text of each row, kept so result files echo the input exactly. */
  readonly timestampText: readonly string[];
  readonly windows: readonly RowWindow[];
}

/** Parses a NAB `timestamp,value` CSV (header line first). */
export function parseNabCsv(text: string): {
  timestamps: Float64Array;
  values: Float64Array;
  text: string[];
} {
  const lines = text.split(/\r?\n/);
  const stamps: number[] = [];
  const values: number[] = [];
  const texts: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) throw new Error(`line ${i + 1}: expected "timestamp,value"`);
    const stampText = line.slice(0, comma).trim();
    const ts = parseNabTimestamp(stampText);
    const v = Number(line.slice(comma + 1));
    if (!Number.isFinite(ts) || !Number.isFinite(v)) throw new Error(`line ${i + 1}: unparseable row`);
    stamps.push(ts);
    values.push(v);
    texts.push(stampText);
  }
  return { timestamps: Float64Array.from(stamps), values: Float64Array.from(values), text: texts };
}

type WindowLabels = Record<string, readonly (readonly [string, string])[]>;

/**
 * Loads every `<category>/<file>.csv` under `dir` with its windows from `combined_windows.json`.
 * Series are sorted by key so runs are reproducible.
 */
export function loadNabCorpus(dir: string): NabSeries[] {
  const labelsPath = join(dir, 'combined_windows.json');
  if (!existsSync(labelsPath)) throw new Error(`${labelsPath} not found`);
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as WindowLabels;
  const out: NabSeries[] = [];
  const categories = readdirSync(dir)
    .filter((c) => statSync(join(dir, c)).isDirectory())
    .sort();
  for (const category of categories) {
    const files = readdirSync(join(dir, category))
      .filter((f) => f.endsWith('.csv'))
      .sort();
    for (const file of files) {
      const key = `${category}/${file}`;
      const parsed = parseNabCsv(readFileSync(join(dir, category, file), 'utf8'));
      const labelled = (labels[key] ?? []).map(
        ([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as [number, number],
      );
      out.push({
        key,
        category,
        file,
        timestamps: parsed.timestamps,
        values: parsed.values,
        timestampText: parsed.text,
        windows: windowsToRows(parsed.timestamps, labelled),
      });
    }
  }
  return out;
}
