import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NabSeries } from './corpus';

/** 1 for rows inside a labelled window, else 0. */
export function rowLabels(series: NabSeries): Uint8Array {
  const labels = new Uint8Array(series.values.length);
  for (const w of series.windows) labels.fill(1, w.start, w.end + 1);
  return labels;
}

/** NAB results CSV text: `timestamp,value,anomaly_score,label`. */
export function resultCsv(series: NabSeries, scores: ArrayLike<number>): string {
  const labels = rowLabels(series);
  const lines = ['timestamp,value,anomaly_score,label'];
  for (let i = 0; i < series.values.length; i++) {
    lines.push(`${series.timestampText[i]},${series.values[i]},${scores[i]},${labels[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<out>/<category>/<detector>_<file>` for one series; returns the path. */
export function writeResultFile(
  out: string,
  detector: string,
  series: NabSeries,
  scores: ArrayLike<number>,
): string {
  const path = join(out, series.category, `${detector}_${series.file}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, resultCsv(series, scores));
  return path;
}
