import type { DeepPartial } from './deepMerge';
import { createStreamingDetector, type StreamingConfigs, type StreamingDetectorName } from './registry';

/** Per-point outputs of one series, as typed arrays aligned with the input. */
export interface SeriesScores {
  readonly score: Float64Array;
  readonly expected: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export interface SeriesInput {
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Runs a fresh detector over one series in the streaming protocol (point i sees only 0..i). */
export function scoreSeries<N extends StreamingDetectorName>(
  name: N,
  series: SeriesInput,
  overrides?: DeepPartial<StreamingConfigs[N]>,
): SeriesScores {
  const n = series.values.length;
  if (series.timestamps.length !== n) throw new Error('timestamps and values differ in length');
  const out: SeriesScores = {
    score: new Float64Array(n),
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
  };
  const det = createStreamingDetector(name, overrides);
  for (let i = 0; i < n; i++) {
    const r = det.update(series.timestamps[i], series.values[i]);
    out.score[i] = r.score;
    out.expected[i] = r.expected;
    out.lower[i] = r.lower;
    out.upper[i] = r.upper;
  }
  return out;
}

/** Scores many independent series in one call (one detector per series, run one after another). */
export function scoreMany<N extends StreamingDetectorName>(
  name: N,
  series: readonly SeriesInput[],
  overrides?: DeepPartial<StreamingConfigs[N]>,
): SeriesScores[] {
  return series.map((s) => scoreSeries(name, s, overrides));
}
