import type { Matrix } from '../../src/core/matrix';
import { mean, populationStd } from '../../src/core/stats';
import type { Detector, DetectorFactory } from '../../src/detectors/detector';
import { copodFactory } from '../../src/detectors/copod';
import { hbosFactory } from '../../src/detectors/hbos';
import { isolationForestFactory } from '../../src/detectors/isolationForest';
import { knnFactory } from '../../src/detectors/knn';
import { detectorFactory } from '../../src/detectors/registry';
import { suodFactory } from '../../src/detectors/suod';
import { gaussianMatrix } from '../helpers/data';

const ctx = (factory: DetectorFactory, params: Record<string, unknown>) => ({
  contamination: 0.1,
  params: factory.params.parse(params),
  epochs: 1,
  batchSize: 1,
});

const fitWith = async (factory: DetectorFactory, x: Matrix, params: Record<string, unknown> = {}) =>
  (await factory.fit(x, ctx(factory, params))) as Detector;

describe('suod', () => {
  const x = gaussianMatrix(400, 4, 11);
  const probe = gaussianMatrix(30, 4, 12);

  it('defaults to LlamaFarm’s ensemble: the mean of z-scored Isolation Forest, HBOS and COPOD scores', async () => {
    const suod = await fitWith(suodFactory, x, { random_state: 5 });
    const members = [
      await fitWith(isolationForestFactory, x, { random_state: 5 }),
      await fitWith(hbosFactory, x),
      await fitWith(copodFactory, x),
    ];
    const expected = new Float64Array(probe.rows);
    for (const member of members) {
      const train = member.trainingScores ?? member.scoreRaw(x); // PyOD's decision_scores_
      const mu = mean(train);
      const sd = populationStd(train, mu);
      member.scoreRaw(probe).forEach((v, i) => (expected[i] += (v - mu) / sd / 3));
    }
    const got = suod.scoreRaw(probe);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect((suod.fitInfo?.members as { backend: string }[]).map((m) => m.backend)).toEqual([
      'isolation_forest',
      'hbos',
      'copod',
    ]);
  });

  it('maximization takes the largest standardized member score; kNN members use their in-sample scores', async () => {
    const params = {
      base_estimators: [{ backend: 'knn' }, { backend: 'hbos' }],
      combination: 'maximization',
    };
    const suod = await fitWith(suodFactory, x, params);
    const knn = await fitWith(knnFactory, x);
    const hbos = await fitWith(hbosFactory, x);
    const zs = [knn, hbos].map((m) => {
      const train = m.trainingScores ?? m.scoreRaw(x);
      const mu = mean(train);
      const sd = populationStd(train, mu);
      return Array.from(m.scoreRaw(probe), (v) => (v - mu) / sd);
    });
    suod.scoreRaw(probe).forEach((v, i) => expect(v).toBeCloseTo(Math.max(zs[0][i], zs[1][i]), 12));
  });

  it('validates member params with the member’s own schema (located issues)', () => {
    const bad = suodFactory.params.safeParse({
      base_estimators: [{ backend: 'knn', params: { n_neighbors: 0 } }, { backend: 'hbos' }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['base_estimators', 0, 'params', 'n_neighbors']);
    expect(
      suodFactory.params.safeParse({ base_estimators: [{ backend: 'suod' }, { backend: 'hbos' }] }).success,
    ).toBe(false);
    expect(suodFactory.params.safeParse({ base_estimators: [{ backend: 'hbos' }] }).success).toBe(false);
  });

  it('is registered with the range guard like every backend', () => {
    const factory = detectorFactory('suod')!;
    expect(factory.info.parameters).toHaveProperty('range_guard');
    expect(factory.params.parse({})).toMatchObject({ range_guard: true, combination: 'average' });
  });
});
