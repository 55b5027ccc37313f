import type { NabSeries } from './corpus';
import { NAB_PROFILES, type NabProfile } from './profiles';
import { scoreCorpus, type NabResult, type ScoredFile } from './scorer';

/** Anything that scores one point at a time (the streaming detector protocol). */
export interface PointScorer {
  update(timestampMs: number, value: number): { score: number };
}

export interface CorpusRun {
  /** Scores per series, aligned with the corpus order. */
  readonly scores: Float64Array[];
  /** Wall time spent in the detector only, milliseconds. */
  readonly detectorMs: number;
  readonly points: number;
}

/** Streams every series through a fresh detector (point i sees only points 0..i of its series). */
export function runOnCorpus(corpus: readonly NabSeries[], create: () => PointScorer): CorpusRun {
  const scores: Float64Array[] = [];
  let ms = 0;
  let points = 0;
  for (const s of corpus) {
    const n = s.values.length;
    const out = new Float64Array(n);
    const det = create();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const v = det.update(s.timestamps[i], s.values[i]).score;
      if (!(v >= 0 && v <= 1)) throw new Error(`${s.key} row ${i}: score ${v} outside [0, 1]`);
      out[i] = v;
    }
    ms += performance.now() - t0;
    points += n;
    scores.push(out);
  }
  return { scores, detectorMs: ms, points };
}

/** NAB scores (threshold optimised per profile over the corpus) for per-series scores. */
export function scoreRun(
  corpus: readonly NabSeries[],
  scores: readonly ArrayLike<number>[],
  profiles: readonly NabProfile[] = NAB_PROFILES,
): NabResult[] {
  const files: ScoredFile[] = corpus.map((s, i) => ({ scores: scores[i], windows: s.windows }));
  return profiles.map((p) => scoreCorpus(files, p));
}
