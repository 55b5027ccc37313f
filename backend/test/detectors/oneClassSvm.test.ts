import { oneClassSvmFactory } from '../../src/detectors/oneClassSvm/oneClassSvm';
import type { Detector, FitContext } from '../../src/detectors/detector';
import type { Matrix } from '../../src/core/matrix';
import { loadSklearnFixtures, type OcsvmReference } from './sklearnFixtures';

const fixtures = loadSklearnFixtures();

function context(params: Record<string, unknown>, contamination = 0.1): FitContext {
  return { contamination, params: oneClassSvmFactory.params.parse(params), epochs: 1, batchSize: 1 };
}

function fit(x: Matrix, params: Record<string, unknown>, contamination = 0.1): Detector {
  return oneClassSvmFactory.fit(x, context(params, contamination)) as Detector;
}

/** |ours − sklearn| ≤ 1e-3 · max(1, |sklearn|): relative for large scores, absolute near the boundary. */
function worstRelativeError(ours: Float64Array, theirs: number[]): number {
  let worst = 0;
  theirs.forEach((t, i) => {
    worst = Math.max(worst, Math.abs(ours[i] - t) / Math.max(1, Math.abs(t)));
  });
  return worst;
}

describe('one_class_svm matches scikit-learn OneClassSVM -decision_function on the ODDS sets', () => {
  it('has a fixture for each of the 13 ODDS sets', () => {
    expect(fixtures.map((f) => f.name)).toHaveLength(13);
  });

  const settings: [
    string,
    (f: (typeof fixtures)[number]) => OcsvmReference,
    Record<string, unknown>,
    number,
  ][] = [
    ['PyOD protocol: nu 0.5, gamma auto', (f) => f.ocsvmProtocol, { gamma: 'auto', nu: 0.5 }, 0.1],
    ['defaults: gamma scale, nu = contamination 0.1', (f) => f.ocsvmDefaults, {}, 0.1],
  ];
  describe.each(settings)('%s', (_label, reference, params, contamination) => {
    it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
      const ref = reference(fixture);
      const detector = fit(fixture.train, params, contamination);
      expect(detector.fitInfo).toMatchObject({ solver: 'smo-exact', n_support_vectors: ref.n_support });
      expect(Math.abs((detector.fitInfo!.gamma as number) - ref.gamma_value)).toBeLessThanOrEqual(
        1e-12 * ref.gamma_value,
      );
      const raw = detector.scoreRaw(fixture.test);
      expect(worstRelativeError(raw, ref.raw)).toBeLessThanOrEqual(1e-3);
    });
  });
});

describe('one_class_svm approximate mode (Nyström features + linear one-class dual)', () => {
  const gaussian = (rows: number, cols: number, seed: number): Matrix => {
    let state = seed;
    const uniform = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state + 0.5) / 4294967296;
    };
    const data = Float64Array.from(
      { length: rows * cols },
      () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
    );
    return { data, rows, cols };
  };

  function correlation(a: Float64Array, b: Float64Array): number {
    const n = a.length;
    const ma = a.reduce((s, v) => s + v, 0) / n;
    const mb = b.reduce((s, v) => s + v, 0) / n;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) ** 2;
      sbb += (b[i] - mb) ** 2;
    }
    return sab / Math.sqrt(saa * sbb);
  }

  it('is chosen automatically above 20,000 training rows and says so', () => {
    const detector = fit(gaussian(20_001, 2, 3), {});
    expect(detector.fitInfo).toMatchObject({ solver: 'nystroem-approximate', components: 100 });
    const exactBelow = fit(gaussian(2_000, 2, 3), {});
    expect(exactBelow.fitInfo).toMatchObject({ solver: 'smo-exact' });
  });

  it('ranks rows like the exact solver and keeps about nu of the training rows outside', () => {
    const train = gaussian(3000, 4, 5);
    const probe = gaussian(1000, 4, 6);
    const exact = fit(train, { mode: 'exact' }).scoreRaw(probe);
    const approximate = fit(train, { mode: 'approximate', n_components: 200 });
    expect(correlation(exact, approximate.scoreRaw(probe))).toBeGreaterThan(0.95);
    const outside = approximate.scoreRaw(train).filter((v) => v > 0).length / train.rows;
    expect(outside).toBeGreaterThan(0.05);
    expect(outside).toBeLessThan(0.15);
  });
});
