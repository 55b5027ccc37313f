import { join } from 'node:path';
import { loadNabCorpus } from '../../../src/eval/nab/corpus';
import { runOnCorpus, scoreRun } from '../../../src/eval/nab/evaluate';
import { createStreamingDetector, DEFAULT_STREAMING_DETECTOR } from '../../../src/streaming/registry';

// The acceptance check of issue 5 on the 41 public series (about 2-4 s here). The exact figures
// (standard / low FP / low FN) are printed by `npm run eval:nab`.
describe('default streaming detector on the NAB public corpus', () => {
  it('scores at least 65 (standard profile), with one configuration for every series', () => {
    const corpus = loadNabCorpus(join(__dirname, '../../../../../shared/data/nab'));
    const run = runOnCorpus(corpus, () => createStreamingDetector(DEFAULT_STREAMING_DETECTOR));
    const [standard, lowFp, lowFn] = scoreRun(corpus, run.scores);
    expect(standard.normalized).toBeGreaterThanOrEqual(65);
    expect(lowFp.normalized).toBeGreaterThan(50);
    expect(lowFn.normalized).toBeGreaterThan(65);
  });
});
