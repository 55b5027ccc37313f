import { mergeRegions } from '../../src/timeseries/output/regions';
import { ModelCache, fingerprint } from '../../src/timeseries/cache/modelCache';

describe('region merging', () => {
  it('joins flagged points at most two points apart and peaks at the highest score', () => {
    const flags = Uint8Array.from([0, 1, 0, 0, 1, 0, 0, 0, 1, 1]);
    const score = Float64Array.from([0, 0.7, 0, 0, 0.9, 0, 0, 0, 0.6, 0.8]);
    expect(mergeRegions(flags, score, 2)).toEqual([
      { first: 1, last: 4, peak: 4 },
      { first: 8, last: 9, peak: 9 },
    ]);
    expect(mergeRegions(new Uint8Array(4), new Float64Array(4), 2)).toEqual([]);
  });
});

describe('model cache', () => {
  it('evicts the least recently used entry and expires entries after the TTL', () => {
    let now = 0;
    const cache = new ModelCache<string>(2, 1000, () => now);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    now = 2500;
    expect(cache.get('c')).toBeUndefined();
  });

  it('fingerprints training data by content', () => {
    const a = Float64Array.of(1, 2, 3);
    expect(fingerprint(a)).toBe(fingerprint(Float64Array.of(1, 2, 3)));
    expect(fingerprint(a)).not.toBe(fingerprint(Float64Array.of(1, 2, 3.0000001)));
  });
});
