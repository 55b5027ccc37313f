import type { ExplainResult } from '../../src/contract/anomaly';
import { Rng } from '../../src/core/rng';
import { BACKEND_NAMES } from '../../src/detectors/registry';
import { gaussianMatrix, toRows } from '../helpers/data';
import { startService, type RunningService } from '../helpers/service';

/**
 * The acceptance check of explanations: rows that are ordinary but for one feature, pushed 6 to 10
 * standard deviations out (some still inside the training range, most beyond it). Every backend,
 * through the real service, must rank that feature first on at least 95% of the rows it flags.
 */
const COLS = 6;
/** Columns on different scales and centres, so a ranking in raw units would be wrong. */
const SCALE = [1, 10, 0.1, 100, 5, 1000];
const SHIFT = [0, 50, -3, 1000, 7, 0];

function scaled(rows: number[][]): number[][] {
  return rows.map((row) => row.map((v, j) => v * SCALE[j] + SHIFT[j]));
}

const training = scaled(toRows(gaussianMatrix(1000, COLS, 11)));
const perturbedFeature: number[] = [];
const test = scaled(
  toRows(gaussianMatrix(240, COLS, 12)).map((row, i) => {
    const rng = new Rng(1000 + i);
    const j = i % COLS;
    perturbedFeature.push(j);
    const out = [...row];
    out[j] = (i % 2 === 0 ? 1 : -1) * (6 + 4 * rng.nextFloat());
    return out;
  }),
);

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const percentages: string[] = [];
afterAll(() => {
  console.log(`perturbed feature ranked first, share of flagged rows:\n${percentages.join('\n')}`);
});

describe('explanations name the one perturbed feature', () => {
  it.each(BACKEND_NAMES)(
    '%s ranks it first on ≥ 95% of flagged rows',
    async (backend) => {
      const model = `perturbed-${backend}`;
      const fit = await svc.post('/v1/anomaly/fit', { model, backend, data: training, contamination: 0.05 });
      expect(fit.status).toBe(200);
      const res = await svc.post('/v1/anomaly/explain', { model, backend, data: test, top_k: COLS });
      expect(res.status).toBe(200);
      const body = res.body as ExplainResult;
      const flagged = body.data.filter((d) => d.is_anomaly);
      const first = flagged.filter(
        (d) => d.explanation?.features[0]?.feature === `feature_${perturbedFeature[d.index]}`,
      );
      const share = first.length / flagged.length;
      // for the record: how often the detector's own contribution alone would have ranked it first
      const byContribution = flagged.filter((d) => {
        const features = d.explanation?.features ?? [];
        const top = features.reduce((a, b) => (b.contribution > a.contribution ? b : a), features[0]);
        return top?.feature === `feature_${perturbedFeature[d.index]}`;
      });
      percentages.push(
        `  ${backend}: ${(100 * share).toFixed(1)}% of ${flagged.length} flagged (of ${test.length}); by contribution alone ${((100 * byContribution.length) / flagged.length).toFixed(1)}%; method ${flagged[0]?.explanation?.method}`,
      );
      // most perturbed rows are flagged, so the check is about them, not a handful
      expect(flagged.length).toBeGreaterThanOrEqual(0.8 * test.length);
      expect(share).toBeGreaterThanOrEqual(0.95);
      // every anomalous row is explained, and only those
      for (const d of body.data) expect(d.explanation === null).toBe(!d.is_anomaly);
    },
    120_000,
  );
});
