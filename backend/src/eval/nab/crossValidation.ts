import { NAB_PROFILES, type NabProfile } from './profiles';
import { normalizeScore, scoreAtThreshold, scoreCorpus, type ScoredFile } from './scorer';
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

/** Index of the candidate with the best normalised score on `keep`'s series (first wins ties). */
export function chooseConfiguration(
  corpus: readonly CvSeries[],
  candidates: readonly (readonly ArrayLike<number>[])[],
  keep: (s: CvSeries) => boolean,
  profile: NabProfile = NAB_PROFILES[0],
): { index: number; score: number } {
  let index = -1;
  let score = -Infinity;
  candidates.forEach((scores, k) => {
    const r = scoreCorpus(filesOf(corpus, scores, keep), profile).normalized;
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
): CvReport {
  if (candidates.length === 0) throw new Error('cross-validation needs at least one candidate');
  for (const c of candidates)
    if (c.length !== corpus.length) throw new Error('every candidate needs one score array per series');
  const totalWindows = corpus.reduce((a, s) => a + s.windows.length, 0);
  const folds: CvFold[] = [];
  /** Per series: the scores of the configuration chosen for its fold. */
  const pooledScores: ArrayLike<number>[] = new Array<ArrayLike<number>>(corpus.length);
  const rawSum = new Float64Array(profiles.length);
  for (const category of categoriesOf(corpus)) {
    const train = (s: CvSeries): boolean => s.category !== category;
    const held = (s: CvSeries): boolean => s.category === category;
    const { index, score } = chooseConfiguration(corpus, candidates, train, selectBy);
    const chosen = candidates[index];
    const trainFiles = filesOf(corpus, chosen, train);
    const heldFiles = filesOf(corpus, chosen, held);
    const windows = heldFiles.reduce((a, f) => a + f.windows.length, 0);
    const perProfile = profiles.map((p, k): CvFoldProfile => {
      const threshold = scoreCorpus(trainFiles, p).threshold;
      const raw = scoreAtThreshold(heldFiles, p, threshold);
      rawSum[k] += raw;
      return {
        profile: p.name,
        threshold,
        raw,
        normalized: windows === 0 ? NaN : normalizeScore(raw, windows, p),
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
  const all = (): boolean => true;
  const inSample = chooseConfiguration(corpus, candidates, all, selectBy);
  const inSampleFiles = filesOf(corpus, candidates[inSample.index], all);
  const pooledFiles = filesOf(corpus, pooledScores, all);
  const pooled = profiles.map((p, k): CvPooled => ({
    profile: p.name,
    cv: normalizeScore(rawSum[k], totalWindows, p),
    cvPooledThreshold: scoreCorpus(pooledFiles, p).normalized,
    inSample: scoreCorpus(inSampleFiles, p).normalized,
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
  lines.push(
    `held-out category       series windows  ${names.map((n) => `${short(n).padStart(9)} (raw)   `).join('')} chosen on the other categories`,
  );
  for (const f of report.folds) {
    const cells = f.profiles
      .map(
        (p) =>
          `${(Number.isNaN(p.normalized) ? '—' : p.normalized.toFixed(2)).padStart(9)} (${p.raw.toFixed(2).padStart(7)})`,
      )
      .join('');
    lines.push(
      `${f.category.padEnd(22)} ${String(f.series).padStart(6)} ${String(f.windows).padStart(7)}  ${cells}  #${f.chosen} ${labels[f.chosen] ?? ''}`,
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
