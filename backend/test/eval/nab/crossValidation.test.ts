import {
  categoriesOf,
  chooseConfiguration,
  crossValidate,
  SortedCandidate,
  type CvSeries,
} from '../../../src/eval/nab/crossValidation';
import { NAB_PROFILES } from '../../../src/eval/nab/profiles';
import { normalizeScore, scoreCorpus } from '../../../src/eval/nab/scorer';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 400;
const CATEGORIES = ['a', 'b', 'c'];

/** Three categories × 3 series of 400 rows, one window each except category c's first series. */
function corpus(): CvSeries[] {
  const out: CvSeries[] = [];
  for (const category of CATEGORIES)
    for (let j = 0; j < 3; j++)
      out.push({
        category,
        windows: category === 'c' && j === 0 ? [] : [{ start: 200 + 30 * j, end: 240 + 30 * j }],
      });
  return out;
}

/** Candidate k fires inside windows with probability depending on k and otherwise at random. */
function candidates(series: readonly CvSeries[], seed: number, count = 6): Float64Array[][] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, k) =>
    series.map((s) => {
      const x = new Float64Array(N);
      for (let i = 0; i < N; i++) x[i] = rand() * 0.6;
      for (const w of s.windows)
        if (rand() < 0.3 + 0.1 * k) x[w.start + Math.floor(rand() * 10)] = 0.7 + 0.3 * rand();
      return x;
    }),
  );
}

describe('leave-one-category-out cross-validation', () => {
  const series = corpus();
  const cands = candidates(series, 7);

  it('has one fold per category and pools raw scores over all windows', () => {
    const report = crossValidate(series, cands);
    expect(report.folds.map((f) => f.category)).toEqual(categoriesOf(series));
    const windows = series.reduce((a, s) => a + s.windows.length, 0);
    expect(report.folds.reduce((a, f) => a + f.windows, 0)).toBe(windows);
    NAB_PROFILES.forEach((p, k) => {
      const raw = report.folds.reduce((a, f) => a + f.profiles[k].raw, 0);
      expect(report.pooled[k].cv).toBeCloseTo(normalizeScore(raw, windows, p), 10);
      // The in-sample figure is the best candidate's NAB score over everything.
      const files = series.map((s, i) => ({ scores: cands[report.inSampleChosen][i], windows: s.windows }));
      expect(report.pooled[k].inSample).toBeCloseTo(scoreCorpus(files, p).normalized, 10);
      // …whose per-category shares add up to it.
      const inRaw = report.folds.reduce((a, f) => a + f.profiles[k].inSampleRaw, 0);
      expect(normalizeScore(inRaw, windows, p)).toBeCloseTo(report.pooled[k].inSample, 10);
    });
  });

  it('the presorted sweep equals the scorer on any subset of files', () => {
    const mask = series.map((s, i) => s.category !== 'b' || i % 2 === 0);
    for (const p of NAB_PROFILES) {
      const sorted = new SortedCandidate(series, cands[2]).evaluate(mask, p);
      const files = series.flatMap((s, i) => (mask[i] ? [{ scores: cands[2][i], windows: s.windows }] : []));
      const ref = scoreCorpus(files, p);
      expect(sorted.threshold).toBe(ref.threshold);
      expect(sorted.raw).toBeCloseTo(ref.raw, 10);
      expect(sorted.normalized).toBeCloseTo(ref.normalized, 10);
    }
  });

  it('chooses configuration and thresholds without looking at the held-out category', () => {
    const base = crossValidate(series, cands);
    for (const held of CATEGORIES) {
      // Replace the held-out category's scores by other random scores and move its windows.
      const other = candidates(series, 1234);
      const perturbedScores = cands.map((c, k) =>
        c.map((x, i) => (series[i].category === held ? other[k][i] : x)),
      );
      const perturbedSeries = series.map((s) =>
        s.category === held ? { category: s.category, windows: [{ start: 100, end: 130 }] } : s,
      );
      const report = crossValidate(perturbedSeries, perturbedScores);
      const fold = report.folds.find((f) => f.category === held)!;
      const ref = base.folds.find((f) => f.category === held)!;
      expect(fold.chosen).toBe(ref.chosen);
      expect(fold.trainScore).toBe(ref.trainScore);
      expect(fold.profiles.map((p) => p.threshold)).toEqual(ref.profiles.map((p) => p.threshold));
      // …and the choice is the best candidate on the training categories.
      const train = (s: CvSeries): boolean => s.category !== held;
      expect(chooseConfiguration(series, cands, train).index).toBe(ref.chosen);
    }
  });

  it('a candidate that is perfect only on the held-out category is not chosen for it', () => {
    // Candidate 0 is useless everywhere except on category b, where it flags exactly each window start.
    const cheat = series.map((s) => {
      const x = new Float64Array(N);
      if (s.category === 'b') for (const w of s.windows) x[w.start] = 1;
      return x;
    });
    const report = crossValidate(series, [cheat, ...cands]);
    expect(report.folds.find((f) => f.category === 'b')!.chosen).not.toBe(0);
  });
});
