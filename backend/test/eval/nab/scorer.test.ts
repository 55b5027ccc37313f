import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { loadNabCorpus } from '../../../src/eval/nab/corpus';
import { NAB_PROFILES } from '../../../src/eval/nab/profiles';
import { scoreAtThreshold, scoreCorpus, normalizeScore, type ScoredFile } from '../../../src/eval/nab/scorer';

const SHARED = join(__dirname, '../../../../../shared/data');

interface Fixture {
  threshold: number;
  expected_public_standard_normalized: number;
  anomalyScores: Record<string, number[]>;
}

interface Anchors {
  detectors: Record<string, Record<string, { reopt: number; reopt_thr: number }>>;
}

describe('NAB scorer against the published numenta scores', () => {
  const corpus = loadNabCorpus(join(SHARED, 'nab'));
  const fixture = JSON.parse(
    gunzipSync(readFileSync(join(SHARED, 'anchors/nab_numenta_scores_public.json.gz'))).toString('utf8'),
  ) as Fixture;
  const anchors = JSON.parse(
    readFileSync(join(SHARED, 'anchors/nab_public_anchors.json'), 'utf8'),
  ) as Anchors;
  const files: ScoredFile[] = corpus.map((s) => {
    const scores = fixture.anomalyScores[s.key];
    if (scores === undefined || scores.length !== s.values.length)
      throw new Error(`fixture mismatch: ${s.key}`);
    return { scores, windows: s.windows };
  });
  const windowCount = corpus.reduce((acc, s) => acc + s.windows.length, 0);

  it('loads the 41 public series', () => {
    expect(corpus).toHaveLength(41);
    expect(Object.keys(fixture.anomalyScores)).toHaveLength(41);
  });

  it('reproduces 75.52 (standard) at the published threshold', () => {
    const standard = NAB_PROFILES[0];
    const raw = scoreAtThreshold(files, standard, fixture.threshold);
    expect(Math.abs(normalizeScore(raw, windowCount, standard) - 75.52)).toBeLessThanOrEqual(0.005);
  });

  it.each(NAB_PROFILES.map((p) => [p.name, p] as const))(
    'optimises the threshold and matches the re-optimised anchor for %s',
    (name, profile) => {
      const anchor = anchors.detectors.numenta[name];
      const result = scoreCorpus(files, profile);
      expect(Math.abs(result.normalized - anchor.reopt)).toBeLessThanOrEqual(0.005);
      expect(result.threshold).toBeCloseTo(anchor.reopt_thr, 9);
    },
  );
});
