import { invalidInput } from '../../core/errors';
import { MAX_EPOCH_MS, type SeriesInput } from '../schemas';
import { seriesId, type Series } from './series';

/**
 * Turns request series into typed arrays, rejecting shapes we cannot score with a 400 that says
 * which series and which point is wrong and what to do about it.
 */
export function validateSeries(inputs: readonly SeriesInput[]): Series[] {
  return inputs.map((input, index) => validateOne(input, index));
}

function validateOne(input: SeriesInput, index: number): Series {
  const where = `series[${index}] '${input.name}'`;
  const n = input.timestamps.length;
  if (n !== input.values.length) {
    throw invalidInput(
      `${where}: ${n} timestamps but ${input.values.length} values: send one value per timestamp`,
    );
  }
  if (n === 0) throw invalidInput(`${where} is empty: send at least one point`);
  const t = Float64Array.from(input.timestamps);
  const v = new Float64Array(n);
  let observed = 0;
  for (let i = 0; i < n; i++) {
    if (!(Math.abs(t[i]) <= MAX_EPOCH_MS)) {
      throw invalidInput(
        `${where}: timestamp ${t[i]} at index ${i} is outside the Date range: timestamps are epoch milliseconds within ±${MAX_EPOCH_MS}`,
      );
    }
    if (i > 0 && !(t[i] > t[i - 1])) {
      throw invalidInput(
        t[i] === t[i - 1]
          ? `${where}: duplicate timestamp ${t[i]} at index ${i}: send one value per timestamp`
          : `${where}: timestamps are not sorted (index ${i}: ${t[i]} < ${t[i - 1]}): sort the points by time`,
      );
    }
    const value = input.values[i];
    if (value === null) v[i] = NaN;
    else {
      v[i] = value;
      observed++;
    }
  }
  if (observed === 0) throw invalidInput(`${where} has only null values: nothing to detect on`);
  return { name: input.name, labels: input.labels, t, v };
}

/** Series are told apart by name and labels (cache keys, multivariate columns): no two alike. */
export function rejectDuplicateIds(series: readonly Series[]): void {
  const seen = new Set<string>();
  for (const s of series) {
    const id = seriesId(s);
    if (seen.has(id))
      throw invalidInput(`two series are both '${id}': give each series a distinct name or labels`);
    seen.add(id);
  }
}

/** Multivariate models need their member series in the order they were fitted with. */
export function inFitOrder(series: readonly Series[], memberIds: readonly string[]): Series[] {
  const byId = new Map(series.map((s) => [seriesId(s), s]));
  return memberIds.map((id) => {
    const s = byId.get(id);
    if (!s) throw invalidInput(`the model was fitted on series '${id}', which this request does not contain`);
    return s;
  });
}
