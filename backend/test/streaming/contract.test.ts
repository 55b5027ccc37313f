import { scoreMany, scoreSeries } from '../../src/streaming/batch';
import {
  createStreamingDetector,
  DEFAULT_STREAMING_DETECTOR,
  isStreamingDetectorName,
  listStreamingDetectors,
  STREAMING_DETECTOR_NAMES,
  type StreamingDetectorName,
} from '../../src/streaming/registry';
import { makeSeries, POINTS_PER_DAY, type Series } from './series';

/** Copies the per-point outputs so they survive the detector's reuse of its result object. */
function run(name: StreamingDetectorName, s: Series, likelihood = false): Float64Array[] {
  const det = createStreamingDetector(name, undefined, { likelihood });
  const n = s.values.length;
  const out = [
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
  ];
  for (let i = 0; i < n; i++) {
    const r = det.update(s.timestamps[i], s.values[i]);
    out[0][i] = r.score;
    out[1][i] = r.deviation;
    out[2][i] = r.expected;
    out[3][i] = r.lower;
    out[4][i] = r.upper;
  }
  return out;
}

// 3 days with daily seasonality, a spike and a level shift: enough to warm every detector up.
const base = makeSeries(3 * POINTS_PER_DAY, {
  amplitude: 10,
  seed: 5,
  shape: (i) => (i === 700 ? 30 : 0) + (i >= 760 ? 8 : 0),
});

describe('streaming detector contract', () => {
  it('registers the default ensemble and every component by name', () => {
    expect(DEFAULT_STREAMING_DETECTOR).toBe('ensemble');
    expect(STREAMING_DETECTOR_NAMES).toEqual(
      expect.arrayContaining([
        'ensemble',
        'seasonal',
        'ewma',
        'cusum',
        'holt_winters',
        'shingle_iforest',
        'range',
      ]),
    );
    expect(listStreamingDetectors().every((d) => d.description.length > 10)).toBe(true);
    expect(isStreamingDetectorName('ensemble')).toBe(true);
    expect(isStreamingDetectorName('toString')).toBe(false);
    expect(() => createStreamingDetector('nope' as StreamingDetectorName)).toThrow(/unknown/);
  });

  it('rejects unknown configuration keys instead of ignoring them', () => {
    expect(() => createStreamingDetector('seasonal', { k: 2 })).not.toThrow();
    // @ts-expect-error: typo on purpose
    expect(() => createStreamingDetector('seasonal', { kk: 2 })).toThrow(/config\.kk: unknown/);
    expect(() => createStreamingDetector('ensemble', { likelihood: { learningPoints: 50 } })).not.toThrow();
  });

  describe.each(STREAMING_DETECTOR_NAMES.map((n) => [n]))('%s', (name) => {
    const ref = run(name, base);

    it('scores in [0, 1], with a band around the expected value when it has one', () => {
      for (let i = 0; i < base.values.length; i++) {
        expect(ref[0][i]).toBeGreaterThanOrEqual(0);
        expect(ref[0][i]).toBeLessThanOrEqual(1);
        if (!Number.isNaN(ref[2][i])) {
          expect(ref[3][i]).toBeLessThanOrEqual(ref[2][i]);
          expect(ref[4][i]).toBeGreaterThanOrEqual(ref[2][i]);
        }
      }
      expect(ref[0].some((s) => s > 0)).toBe(true);
    });

    it('is causal: changing future points leaves earlier outputs bit-identical', () => {
      const cut = 650;
      const future: Series = { timestamps: base.timestamps, values: base.values.slice() };
      for (let i = cut; i < future.values.length; i++) future.values[i] = future.values[i] * 3 - 50;
      const alt = run(name, future);
      for (let k = 0; k < ref.length; k++) {
        expect(Array.from(alt[k].subarray(0, cut))).toEqual(Array.from(ref[k].subarray(0, cut)));
      }
      expect(Array.from(alt[0].subarray(cut))).not.toEqual(Array.from(ref[0].subarray(cut)));
    });

    it('restarts cleanly: after reset() it behaves like a new detector', () => {
      const det = createStreamingDetector(name);
      const other = makeSeries(500, { amplitude: 3, seed: 9, level: 7 });
      for (let i = 0; i < other.values.length; i++) det.update(other.timestamps[i], other.values[i]);
      det.reset();
      for (let i = 0; i < base.values.length; i++) {
        const r = det.update(base.timestamps[i], base.values[i]);
        expect(r.score).toBe(ref[0][i]);
        expect(r.expected).toBe(ref[2][i]);
      }
    });

    it('treats a missing value as no data: score 0, state untouched', () => {
      const det = createStreamingDetector(name);
      for (let i = 0; i < 600; i++) {
        if (i === 300) expect(det.update(base.timestamps[i] - 1, NaN).reason).toBe('missing value');
        expect(det.update(base.timestamps[i], base.values[i]).score).toBe(ref[0][i]);
      }
    });

    it('explains its last result in words', () => {
      const det = createStreamingDetector(name);
      for (let i = 0; i <= 700; i++) det.update(base.timestamps[i], base.values[i]);
      expect(det.explain()).toMatch(/\w+/);
      expect(det.explain()).not.toMatch(/undefined/);
    });
  });

  it('scoreSeries / scoreMany return exactly the streaming outputs', () => {
    const ref = run('ensemble', base);
    const one = scoreSeries('ensemble', base);
    expect(Array.from(one.score)).toEqual(Array.from(ref[0]));
    expect(Array.from(one.expected)).toEqual(Array.from(ref[2]));
    const many = scoreMany('ensemble', [base, makeSeries(400, { seed: 2 }), base]);
    expect(many).toHaveLength(3);
    expect(Array.from(many[2].score)).toEqual(Array.from(ref[0]));
  });

  it('likelihood post-processing is available for any component and stays causal', () => {
    const ref = run('holt_winters', base, true);
    const future: Series = { timestamps: base.timestamps, values: base.values.slice() };
    future.values.fill(0, 500);
    const alt = run('holt_winters', future, true);
    expect(Array.from(alt[0].subarray(0, 500))).toEqual(Array.from(ref[0].subarray(0, 500)));
    expect(createStreamingDetector('seasonal', undefined, { likelihood: true }).name).toBe(
      'seasonal+likelihood',
    );
  });
});
