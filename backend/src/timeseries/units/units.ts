import { alignSeries } from '../input/alignment';
import { buildFeatures, type FeatureTable } from '../features/pointFeatures';
import { isoTime, seriesLabel } from '../output/format';
import type { FeatureSpec, TimeWindow } from '../schemas';
import { lowerBound, seriesId, upperBound, type Series } from '../input/series';

/**
 * What one model sees: a single series (per-series mode) or all series on a common time axis
 * (multivariate mode), `values[m]` holding member m's value at each time (NaN = no point).
 */
export interface Unit {
  readonly id: string;
  readonly members: readonly Series[];
  readonly t: Float64Array;
  readonly values: readonly Float64Array[];
}

export const MULTIVARIATE_ID = '__multivariate__';

export function perSeriesUnits(series: readonly Series[]): Unit[] {
  return series.map((s) => ({ id: seriesId(s), members: [s], t: s.t, values: [s.v] }));
}

export function multivariateUnit(series: readonly Series[]): Unit {
  const { t, values } = alignSeries(series);
  return { id: MULTIVARIATE_ID, members: series, t, values };
}

/** Feature columns of every member side by side; `member[j]` tells whose column j is. */
export function unitFeatures(unit: Unit, spec: FeatureSpec): FeatureTable & { member: Int32Array } {
  const tables = unit.values.map((v) => buildFeatures(unit.t, v, spec));
  if (tables.length === 1) return { ...tables[0], member: new Int32Array(tables[0].cols) };
  const per = tables[0].cols;
  const cols = per * tables.length;
  const data = new Float64Array(unit.t.length * cols);
  const names: string[] = [];
  const member = new Int32Array(cols);
  tables.forEach((table, m) => {
    const label = seriesLabel(unit.members[m].name, unit.members[m].labels);
    names.push(...table.names.map((n) => `${label}:${n}`));
    member.fill(m, m * per, (m + 1) * per);
    for (let i = 0; i < unit.t.length; i++) {
      data.set(table.data.subarray(i * per, (i + 1) * per), i * cols + m * per);
    }
  });
  return { data, rows: unit.t.length, cols, names, member };
}

/** A point is observed when at least one member has a value there. */
export function observedAt(unit: Unit, i: number): boolean {
  for (const v of unit.values) if (!Number.isNaN(v[i])) return true;
  return false;
}

/** Observed indices with from <= t < to (training) or from <= t <= to (`inclusiveEnd`, scoring). */
export function indicesIn(
  unit: Unit,
  window: TimeWindow,
  inclusiveEnd: boolean,
  observedOnly: boolean,
): Int32Array {
  const start = lowerBound(unit.t, window.from);
  const end = inclusiveEnd ? upperBound(unit.t, window.to) : lowerBound(unit.t, window.to);
  const out = new Int32Array(Math.max(0, end - start));
  let n = 0;
  for (let i = start; i < end; i++) if (!observedOnly || observedAt(unit, i)) out[n++] = i;
  return n === out.length ? out : out.slice(0, n);
}

export function unitLabel(unit: Unit): string {
  if (unit.id === MULTIVARIATE_ID) return `${unit.members.length} series (multivariate)`;
  return seriesLabel(unit.members[0].name, unit.members[0].labels);
}

/** The message for a unit whose training window holds fewer than two points. */
export function tooFewTrainingPoints(unit: Unit, training: TimeWindow, found: number): string {
  return (
    `training window ${isoTime(training.from)} – ${isoTime(training.to)} has ${found === 0 ? 'no' : 'only one'} ` +
    `point for ${unitLabel(unit)} (its data spans ${isoTime(unit.t[0])} – ${isoTime(unit.t[unit.t.length - 1])}): ` +
    'widen the training window or pick a fixed range that has data'
  );
}
