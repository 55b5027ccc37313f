import { NAB_PROFILES, type NabProfile } from './profiles';
import { probationaryPeriod, rowValues } from './rowValues';
import {
  flagRow,
  nabResult,
  normalizeScore,
  scoreAtThreshold,
  scoreCorpus,
  type NabResult,
  type ScoredFile,
} from './scorer';
import type { RowWindow } from './windows';

/**
 * Leave-one-category-out cross-validation of a configuration grid under the NAB scorer.
 *
 * Every candidate configuration has already been run once over the whole corpus (its per-series
 * scores are passed in, computed once and reused by every fold). For each category C:
 *   1. the configuration is the candidate with the highest `selectBy`-profile score on the series of
 *      the other categories (threshold optimised over those series, as NAB does; first index wins
 *      ties);
 *   2. for every profile, the threshold is the one NAB's sweep picks for that configuration on the
 *      other categories;
 *   3. C's series are scored with that configuration at that threshold (raw NAB score).
 * Pooled cross-validated score = Σ over categories of the held-out raw scores, normalised over all
 * windows of the corpus. A second, labelled variant keeps step 1 but optimises one threshold per
 * profile over the pooled held-out outputs (the analogue of NAB's corpus-wide threshold); the
 * in-sample figure selects and thresholds on everything.
 *
 * Nothing in a fold reads the held-out category's scores or windows before step 3.
 */

/** What the procedure needs of a series: its category and its labelled windows. */
export interface CvSeries {
  readonly category: string;
  readonly windows: readonly RowWindow[];
}

export interface CvFoldProfile {
  readonly profile: string;
  /** Threshold chosen on the training categories. */
  readonly threshold: number;
  /** Raw NAB score of the held-out category at that threshold. */
  readonly raw: number;
  /** Normalised over the held-out category's windows (NaN when it has none). */
  readonly normalized: number;
  /** The same category's share of the in-sample result (in-sample configuration and threshold). */
  readonly inSampleRaw: number;
  readonly inSampleNormalized: number;
}

export interface CvFold {
  readonly category: string;
  readonly series: number;
  readonly windows: number;
  /** Index of the configuration chosen on the other categories. */
  readonly chosen: number;
  /** Its `selectBy`-profile score on the training categories. */
  readonly trainScore: number;
  readonly profiles: readonly CvFoldProfile[];
}

export interface CvPooled {
  readonly profile: string;
  /** Thresholds from the training categories (the honest variant). */
  readonly cv: number;
  /** Configurations from the training categories, one threshold optimised over the pooled outputs. */
  readonly cvPooledThreshold: number;
  /** Configuration and threshold chosen on the whole corpus. */
  readonly inSample: number;
}

export interface CvReport {
  readonly folds: readonly CvFold[];
  readonly pooled: readonly CvPooled[];
  /** Index of the configuration chosen on the whole corpus. */
  readonly inSampleChosen: number;
}

function filesOf(
  corpus: readonly CvSeries[],
  scores: readonly ArrayLike<number>[],
  keep: (s: CvSeries) => boolean,
): ScoredFile[] {
  const out: ScoredFile[] = [];
  corpus.forEach((s, i) => {
    if (keep(s)) out.push({ scores: scores[i], windows: s.windows });
  });
  return out;
}

/**
 * One candidate's scored rows (after each file's probationary period) sorted once by descending
 * score, so NAB's threshold sweep over any subset of files is a linear scan (no sort per fold).
 * Gives exactly `scoreCorpus` of that subset.
 */
export class SortedCandidate {
  private readonly order: Uint32Array;
  private readonly score: Float64Array;
  private readonly file: Uint32Array;
  private readonly window: Int32Array;
  private readonly values = new Map<NabProfile, Float64Array>();
  private readonly windowCount: number;
  private readonly lengths: Uint32Array;

  constructor(
    private readonly corpus: readonly CvSeries[],
    scores: readonly ArrayLike<number>[],
  ) {
    let rows = 0;
    for (let f = 0; f < corpus.length; f++) rows += scores[f].length - probationaryPeriod(scores[f].length);
    this.score = new Float64Array(rows);
    this.file = new Uint32Array(rows);
    this.window = new Int32Array(rows);
    let r = 0;
    let windows = 0;
    for (let f = 0; f < corpus.length; f++) {
      const n = scores[f].length;
      const { window } = rowValues(n, corpus[f].windows, NAB_PROFILES[0]);
      for (let i = probationaryPeriod(n); i < n; i++, r++) {
        this.score[r] = scores[f][i];
        this.file[r] = f;
        this.window[r] = window[i] < 0 ? -1 : windows + window[i];
      }
      windows += corpus[f].windows.length;
    }
    this.windowCount = windows;
    this.lengths = Uint32Array.from(scores, (x) => x.length);
    const idx = Array.from({ length: rows }, (_, i) => i);
    const sc = this.score;
    idx.sort((a, b) => sc[b] - sc[a] || a - b);
    this.order = Uint32Array.from(idx);
  }

  private valuesFor(profile: NabProfile): Float64Array {
    let v = this.values.get(profile);
    if (v !== undefined) return v;
    v = new Float64Array(this.score.length);
    let r = 0;
    for (let f = 0; f < this.corpus.length; f++) {
      const n = this.lengths[f];
      const { value } = rowValues(n, this.corpus[f].windows, profile);
      for (let i = probationaryPeriod(n); i < n; i++, r++) v[r] = value[i];
    }
    this.values.set(profile, v);
    return v;
  }

  /** Raw NAB score of the files `keep` accepts at a fixed threshold (row flagged iff score ≥ it). */
  rawAt(keep: readonly boolean[], profile: NabProfile, threshold: number): number {
    const value = this.valuesFor(profile);
    const best = new Float64Array(this.windowCount).fill(-Infinity);
    let total = 0;
    for (let f = 0; f < this.corpus.length; f++)
      if (keep[f]) total -= profile.fn * this.corpus[f].windows.length;
    const order = this.order;
    for (let i = 0; i < order.length && this.score[order[i]] >= threshold; i++) {
      const r = order[i];
      if (keep[this.file[r]]) total += flagRow(best, this.window[r], value[r], profile);
    }
    return total;
  }

  /** NAB's result on the files `keep` accepts (threshold optimised over them). */
  evaluate(keep: readonly boolean[], profile: NabProfile): NabResult {
    const value = this.valuesFor(profile);
    let windowCount = 0;
    for (let f = 0; f < this.corpus.length; f++) if (keep[f]) windowCount += this.corpus[f].windows.length;
    const nullScore = -profile.fn * windowCount;
    const best = new Float64Array(this.windowCount).fill(-Infinity);
    let total = nullScore;
    let bestTotal = nullScore;
    let bestThreshold = 1.1;
    const order = this.order;
    for (let i = 0; i < order.length;) {
      const score = this.score[order[i]];
      for (; i < order.length && this.score[order[i]] === score; i++) {
        const r = order[i];
        if (keep[this.file[r]]) total += flagRow(best, this.window[r], value[r], profile);
      }
      if (total > bestTotal) {
        bestTotal = total;
        bestThreshold = score;
      }
    }
    return nabResult(profile, windowCount, bestTotal, bestThreshold);
  }
}

/**
 * How a configuration is chosen on a set of training series:
 * - 'fit': the highest NAB score on them, threshold optimised over them (what tuneNab did);
 * - 'cv': the highest leave-one-category-out score within them (each of their categories scored at
 *   the threshold chosen on the others), i.e. the configuration whose threshold transfers best.
 */
export type Selection = 'fit' | 'cv';

/** Leave-one-category-out score of one candidate restricted to `mask` (normalised over its windows). */
export function innerCvScore(
  corpus: readonly CvSeries[],
  candidate: SortedCandidate,
  mask: readonly boolean[],
  profile: NabProfile,
): number {
  const cats = categoriesOf(corpus.filter((_, i) => mask[i]));
  let raw = 0;
  let windows = 0;
  for (const c of cats) {
    const train = corpus.map((s, i) => mask[i] && s.category !== c);
    const held = corpus.map((s, i) => mask[i] && s.category === c);
    const threshold = candidate.evaluate(train, profile).threshold;
    raw += candidate.rawAt(held, profile, threshold);
    corpus.forEach((s, i) => {
      if (held[i]) windows += s.windows.length;
    });
  }
  return windows === 0 ? 0 : normalizeScore(raw, windows, profile);
}

/** Index of the candidate with the best normalised score on `keep`'s series (first wins ties). */
export function chooseConfiguration(
  corpus: readonly CvSeries[],
  candidates: readonly (readonly ArrayLike<number>[])[] | readonly SortedCandidate[],
  keep: (s: CvSeries) => boolean,
  profile: NabProfile = NAB_PROFILES[0],
  selection: Selection = 'fit',
): { index: number; score: number } {
  const mask = corpus.map(keep);
  let index = -1;
  let score = -Infinity;
  candidates.forEach((c: readonly ArrayLike<number>[] | SortedCandidate, k: number) => {
    const sorted = c instanceof SortedCandidate ? c : new SortedCandidate(corpus, c);
    const r =
      selection === 'fit'
        ? sorted.evaluate(mask, profile).normalized
        : innerCvScore(corpus, sorted, mask, profile);
    if (r > score) {
      score = r;
      index = k;
    }
  });
  return { index, score };
}

/** The categories of a corpus, in first-seen order. */
export function categoriesOf(corpus: readonly CvSeries[]): string[] {
  return [...new Set(corpus.map((s) => s.category))];
}

export function crossValidate(
  corpus: readonly CvSeries[],
  candidates: readonly (readonly ArrayLike<number>[])[],
  profiles: readonly NabProfile[] = NAB_PROFILES,
  selectBy: NabProfile = profiles[0],
  selection: Selection = 'fit',
): CvReport {
  if (candidates.length === 0) throw new Error('cross-validation needs at least one candidate');
  for (const c of candidates)
    if (c.length !== corpus.length) throw new Error('every candidate needs one score array per series');
  const totalWindows = corpus.reduce((a, s) => a + s.windows.length, 0);
  const sorted = candidates.map((c) => new SortedCandidate(corpus, c));
  const folds: CvFold[] = [];
  /** Per series: the scores of the configuration chosen for its fold. */
  const pooledScores: ArrayLike<number>[] = new Array<ArrayLike<number>>(corpus.length);
  const rawSum = new Float64Array(profiles.length);
  const all = (): boolean => true;
  const inSample = chooseConfiguration(corpus, sorted, all, selectBy, selection);
  const inSampleFiles = filesOf(corpus, candidates[inSample.index], all);
  const inSampleResults = profiles.map((p) => scoreCorpus(inSampleFiles, p));
  for (const category of categoriesOf(corpus)) {
    const train = (s: CvSeries): boolean => s.category !== category;
    const held = (s: CvSeries): boolean => s.category === category;
    const { index, score } = chooseConfiguration(corpus, sorted, train, selectBy, selection);
    const chosen = candidates[index];
    const trainFiles = filesOf(corpus, chosen, train);
    const heldFiles = filesOf(corpus, chosen, held);
    const windows = heldFiles.reduce((a, f) => a + f.windows.length, 0);
    const perProfile = profiles.map((p, k): CvFoldProfile => {
      const threshold = scoreCorpus(trainFiles, p).threshold;
      const raw = scoreAtThreshold(heldFiles, p, threshold);
      rawSum[k] += raw;
      const inSampleRaw = sorted[inSample.index].rawAt(corpus.map(held), p, inSampleResults[k].threshold);
      return {
        profile: p.name,
        threshold,
        raw,
        normalized: windows === 0 ? NaN : normalizeScore(raw, windows, p),
        inSampleRaw,
        inSampleNormalized: windows === 0 ? NaN : normalizeScore(inSampleRaw, windows, p),
      };
    });
    corpus.forEach((s, i) => {
      if (held(s)) pooledScores[i] = chosen[i];
    });
    folds.push({
      category,
      series: heldFiles.length,
      windows,
      chosen: index,
      trainScore: score,
      profiles: perProfile,
    });
  }
  const pooledFiles = filesOf(corpus, pooledScores, all);
  const pooled = profiles.map((p, k): CvPooled => ({
    profile: p.name,
    cv: normalizeScore(rawSum[k], totalWindows, p),
    cvPooledThreshold: scoreCorpus(pooledFiles, p).normalized,
    inSample: inSampleResults[k].normalized,
  }));
  return { folds, pooled, inSampleChosen: inSample.index };
}

/** The report as a plain-text table. `labels[k]` describes candidate k. */
export function formatCvReport(report: CvReport, labels: readonly string[]): string {
  const lines: string[] = [];
  const names = report.pooled.map((p) => p.profile);
  const short = (n: string): string =>
    n === 'standard'
      ? 'standard'
      : n === 'reward_low_FP_rate'
        ? 'low FP'
        : n === 'reward_low_FN_rate'
          ? 'low FN'
          : n;
  const num = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(2));
  lines.push(`${''.padEnd(37)}${names.map((n) => `| ${short(n).padEnd(33)}`).join('')}|`);
  lines.push(
    `${'held-out category'.padEnd(22)} series windows${names.map(() => '|    CV (raw)    in-sample (raw)    ').join('')}| chosen on the other categories`,
  );
  for (const f of report.folds) {
    const cells = f.profiles
      .map(
        (p) =>
          `| ${num(p.normalized).padStart(6)} (${p.raw.toFixed(2).padStart(6)})  ${num(p.inSampleNormalized).padStart(6)} (${p.inSampleRaw.toFixed(2).padStart(6)})  `,
      )
      .join('');
    lines.push(
      `${f.category.padEnd(22)} ${String(f.series).padStart(6)} ${String(f.windows).padStart(7)}${cells}| #${f.chosen} ${labels[f.chosen] ?? ''}`,
    );
  }
  lines.push('');
  lines.push(`pooled (Σ raw / all windows)        ${names.map((n) => short(n).padStart(10)).join('')}`);
  const row = (title: string, get: (p: CvPooled) => number): string =>
    `${title.padEnd(36)}${report.pooled.map((p) => get(p).toFixed(2).padStart(10)).join('')}`;
  lines.push(row('cross-validated (threshold: train)', (p) => p.cv));
  lines.push(row('cross-validated (threshold: pooled)', (p) => p.cvPooledThreshold));
  lines.push(row('in-sample (all categories)', (p) => p.inSample));
  lines.push(`in-sample choice: #${report.inSampleChosen} ${labels[report.inSampleChosen] ?? ''}`);
  return lines.join('\n');
}
