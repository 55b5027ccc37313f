import type { Matrix } from '../core/matrix';
import type { Detector } from '../detectors/detector';
import type { FeatureGroup } from './featureGroups';

/** Bound of the cells scored at once, so a large batch of explained rows stays within a few MB. */
const CHUNK_CELLS = 1 << 20;

/**
 * The model-agnostic explanation, for detectors without an exact one: a feature's contribution to a
 * row is how much the detector's raw score drops when that feature alone (all its encoded columns)
 * is replaced by its training median, every other feature kept as sent.
 *
 * Why the training median rather than marginal resampling or sampled Shapley values: every model
 * file already stores each column's training median (the robust scaler's centre, 0 in the scaled
 * space every detector sees), while resampling needs the training rows, which most detectors do not
 * keep; it is deterministic, so a row is explained alike in every process; it costs one score per
 * feature, all scored as one batch, where Shapley values need 2^features scores (or many sampled
 * ones) per row; and it asks the question a reader has of a flagged row: would it still score this
 * high if this feature were typical? Its limit is redundancy: when two features are each enough to
 * make a row anomalous, replacing one alone lowers the score less than it deserves.
 *
 * `scaled` holds the explained rows (robust-scaled); returns rows × groups, row-major.
 */
export function medianReplacement(
  detector: Detector,
  scaled: Matrix,
  groups: readonly FeatureGroup[],
): Float64Array {
  const { rows, cols, data } = scaled;
  const variants = groups.length + 1;
  const out = new Float64Array(rows * groups.length);
  const chunk = Math.max(1, Math.floor(CHUNK_CELLS / (variants * cols)));
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    const batch = new Float64Array(count * variants * cols);
    for (let r = 0; r < count; r++) {
      const row = data.subarray((first + r) * cols, (first + r + 1) * cols);
      for (let v = 0; v < variants; v++) {
        const at = (r * variants + v) * cols;
        batch.set(row, at);
        if (v > 0) batch.fill(0, at + groups[v - 1].start, at + groups[v - 1].start + groups[v - 1].width);
      }
    }
    const raw = detector.scoreRaw({ data: batch, rows: count * variants, cols });
    for (let r = 0; r < count; r++) {
      const own = raw[r * variants];
      for (let g = 0; g < groups.length; g++)
        out[(first + r) * groups.length + g] = own - raw[r * variants + g + 1];
    }
  }
  return out;
}
