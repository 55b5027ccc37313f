import path from 'node:path';
import { readLabelledDir } from '../../eval/labelledCsv';
import { ANCHOR_COLUMN, meanAuc, readAnchors } from '../../eval/tabularEval';

const SHARED = path.join(__dirname, '../../../../shared/data');

/**
 * Issue 3 acceptance: mean ROC AUC over the 13 ODDS sets (PyOD protocol, 10 seeds) within 0.02 of the
 * PyOD 2024 column. The autoencoder's check takes minutes: run `npm run eval:tabular -- --backends autoencoder`.
 */
describe('mean ROC AUC beside the PyOD 2024 anchors', () => {
  const sets = readLabelledDir(path.join(SHARED, 'odds'));
  const { pyod } = readAnchors(path.join(SHARED, 'anchors'));

  it.each(['ecod', 'copod', 'hbos', 'knn'])(
    '%s within 0.02',
    async (backend) => {
      let ours = 0;
      let anchor = 0;
      for (const set of sets) {
        ours += (await meanAuc(set, backend, 10)).auc / sets.length;
        anchor += pyod[set.name][ANCHOR_COLUMN[backend]] / sets.length;
      }
      expect(sets).toHaveLength(13);
      expect(Math.abs(ours - anchor)).toBeLessThan(0.02);
    },
    120_000,
  );
});
