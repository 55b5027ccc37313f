import path from 'node:path';
import { readLabelledDir } from '../../eval/labelledCsv';
import { rocAuc } from '../../eval/rocAuc';
import { meanAuc, readAnchors } from '../../eval/tabularEval';
import { SHARED_DIR } from '../helpers/golden';

describe('rocAuc', () => {
  it('counts ties half, like scikit-learn', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNaN();
  });
});

describe('Isolation Forest on the ODDS sets, PyOD protocol', () => {
  it('is within 0.02 of scikit-learn on average and never worse by more than 0.05', async () => {
    const sets = readLabelledDir(path.join(SHARED_DIR, 'data/odds'));
    const { sklearn } = readAnchors(path.join(SHARED_DIR, 'data/anchors'));
    expect(sets).toHaveLength(13);
    const diffs: number[] = [];
    for (const set of sets) {
      const reference = sklearn[set.name]?.IForest;
      if (reference === undefined) continue;
      diffs.push((await meanAuc(set, 'isolation_forest', 10)).auc - reference);
    }
    expect(diffs.length).toBeGreaterThanOrEqual(12);
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    expect(Math.abs(mean)).toBeLessThanOrEqual(0.02);
    expect(Math.min(...diffs)).toBeGreaterThanOrEqual(-0.05);
  }, 120_000);
});
