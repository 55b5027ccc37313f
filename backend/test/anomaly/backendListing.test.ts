import { backendListing } from '../../src/anomaly/backendListing';
import type { BackendInfo } from '../../src/detectors/detector';
import { backendInfos } from '../../src/detectors/registry';

const info = (backend: string, category: BackendInfo['category']): BackendInfo => ({
  backend,
  name: backend.toUpperCase(),
  description: `${backend} detector`,
  category,
  speed: 'fast',
  memory: 'low',
  best_for: 'tests',
  is_legacy: false,
  parameters: { contamination: 'share', n_bins: 'bins' },
});

describe('backendListing', () => {
  it("orders by LlamaFarm's category order, then id, whatever order detectors register in", () => {
    const listing = backendListing([
      info('suod', 'ensemble'),
      info('loda', 'streaming'),
      info('zeta', 'fast'),
      info('cblof', 'clustering'),
      info('ae', 'deep_learning'),
      info('alpha', 'fast'),
      info('mcd', 'distance'),
      info('iforest', 'legacy'),
    ]);
    expect(listing.data.map((d) => d.backend)).toEqual([
      'iforest',
      'alpha',
      'zeta',
      'mcd',
      'cblof',
      'suod',
      'loda',
      'ae',
    ]);
    expect(listing.categories).toEqual([
      'legacy',
      'fast',
      'distance',
      'clustering',
      'ensemble',
      'streaming',
      'deep_learning',
    ]);
    expect(listing.total).toBe(8);
  });

  it('lists parameter names and keeps their descriptions beside them', () => {
    const [entry] = backendListing([info('loda', 'streaming')]).data;
    expect(entry).toEqual({
      backend: 'loda',
      name: 'LODA',
      description: 'loda detector',
      category: 'streaming',
      speed: 'fast',
      memory: 'low',
      parameters: ['contamination', 'n_bins'],
      best_for: 'tests',
      is_legacy: false,
      parameter_details: { contamination: 'share', n_bins: 'bins' },
    });
  });

  it('names only the categories present', () => {
    expect(backendListing([info('b', 'distance'), info('a', 'legacy')]).categories).toEqual([
      'legacy',
      'distance',
    ]);
    expect(backendListing([]).categories).toEqual([]);
  });

  it('every registered detector names contamination first and range_guard last', () => {
    for (const b of backendInfos()) {
      const names = Object.keys(b.parameters);
      expect(names[0]).toBe('contamination');
      expect(names[names.length - 1]).toBe('range_guard');
    }
  });
});
