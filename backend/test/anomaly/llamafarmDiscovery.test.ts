import { startService, type RunningService } from '../helpers/service';

/**
 * `GET backends` as today's LlamaFarm answers it (runtimes/universal/models/pyod_backend.py,
 * get_backends_response; tests/test_anomaly_pyod.py): every entry carries backend, name, description,
 * category, speed, memory, parameters (a list of names), best_for and is_legacy; the response carries
 * total and categories; both prefixes. Our `parameter_details` stays beside them.
 */

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const CATEGORIES = ['legacy', 'fast', 'distance', 'clustering', 'ensemble', 'streaming', 'deep_learning'];
const UPSTREAM_KEYS = [
  'backend',
  'name',
  'description',
  'category',
  'speed',
  'memory',
  'parameters',
  'best_for',
  'is_legacy',
];
const LEGACY = ['isolation_forest', 'one_class_svm', 'local_outlier_factor', 'autoencoder'];

/** LlamaFarm's values for the backends both services have (pyod_backend.py BACKEND_INFO). */
const UPSTREAM: Record<string, { name: string; category: string; speed: string; memory: string }> = {
  isolation_forest: { name: 'Isolation Forest', category: 'legacy', speed: 'fast', memory: 'medium' },
  one_class_svm: { name: 'One-Class SVM', category: 'legacy', speed: 'slow', memory: 'high' },
  local_outlier_factor: { name: 'Local Outlier Factor', category: 'legacy', speed: 'medium', memory: 'high' },
  autoencoder: { name: 'AutoEncoder', category: 'deep_learning', speed: 'slow', memory: 'high' },
  ecod: { name: 'ECOD', category: 'fast', speed: 'fast', memory: 'low' },
  hbos: { name: 'HBOS', category: 'fast', speed: 'very_fast', memory: 'low' },
  copod: { name: 'COPOD', category: 'fast', speed: 'fast', memory: 'low' },
  knn: { name: 'KNN', category: 'distance', speed: 'medium', memory: 'high' },
  mcd: { name: 'MCD', category: 'distance', speed: 'medium', memory: 'medium' },
  cblof: { name: 'CBLOF', category: 'clustering', speed: 'medium', memory: 'medium' },
  suod: { name: 'SUOD', category: 'ensemble', speed: 'slow', memory: 'high' },
  loda: { name: 'LODA', category: 'streaming', speed: 'fast', memory: 'low' },
};

interface Entry {
  backend: string;
  name: string;
  category: string;
  speed: string;
  memory: string;
  parameters: string[];
  is_legacy: boolean;
  parameter_details: Record<string, string>;
  [key: string]: unknown;
}

describe('GET backends in LlamaFarm shape', () => {
  it('answers the same under both prefixes', async () => {
    const runtime = await svc.get('/v1/anomaly/backends');
    const versioned = await svc.get('/v1/ml/anomaly/backends');
    expect(runtime.status).toBe(200);
    expect(versioned.status).toBe(200);
    expect(versioned.body).toEqual(runtime.body);
  });

  it('carries every upstream field, in upstream vocabularies, and ours beside them', async () => {
    const { body } = await svc.get('/v1/anomaly/backends');
    expect(body.object).toBe('list');
    expect(body.total).toBe(body.data.length);
    expect(body.data.length).toBeGreaterThanOrEqual(8);
    for (const entry of body.data as Entry[]) {
      for (const key of UPSTREAM_KEYS) expect(entry).toHaveProperty(key);
      expect(CATEGORIES).toContain(entry.category);
      expect(['very_fast', 'fast', 'medium', 'slow']).toContain(entry.speed);
      expect(['low', 'medium', 'high']).toContain(entry.memory);
      expect(typeof entry.description).toBe('string');
      expect(typeof entry.best_for).toBe('string');
      expect(Array.isArray(entry.parameters)).toBe(true);
      for (const p of entry.parameters) expect(typeof p).toBe('string');
      expect(entry.parameters).toContain('contamination');
      expect(Object.keys(entry.parameter_details)).toEqual(entry.parameters);
      expect(entry.is_legacy).toBe(LEGACY.includes(entry.backend));
    }
  });

  it("gives LlamaFarm's name, category, speed and memory for each backend both have", async () => {
    const { body } = await svc.get('/v1/anomaly/backends');
    const ours = new Map((body.data as Entry[]).map((e) => [e.backend, e]));
    for (const backend of ['isolation_forest', 'one_class_svm', 'local_outlier_factor', 'autoencoder']) {
      expect(ours.has(backend)).toBe(true);
    }
    for (const [backend, entry] of ours) {
      const upstream = UPSTREAM[backend];
      if (!upstream) continue; // a backend of ours that LlamaFarm lacks
      expect({ backend, ...upstream }).toEqual({
        backend,
        name: entry.name,
        category: entry.category,
        speed: entry.speed,
        memory: entry.memory,
      });
    }
  });

  it('sorts by category then id, and lists the categories present in that order', async () => {
    const { body } = await svc.get('/v1/anomaly/backends');
    const data = body.data as Entry[];
    const keys = data.map((e) => [CATEGORIES.indexOf(e.category), e.backend] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    expect(keys).toEqual(sorted);
    const present = CATEGORIES.filter((c) => data.some((e) => e.category === c));
    expect(body.categories).toEqual(present);
    expect(body.categories).toEqual(expect.arrayContaining(['legacy', 'fast', 'distance', 'deep_learning']));
  });

  it('lists the parameters each backend really takes', async () => {
    const { body } = await svc.get('/v1/anomaly/backends');
    const byId = new Map((body.data as Entry[]).map((e) => [e.backend, e]));
    expect(byId.get('hbos')!.parameters).toEqual(['contamination', 'n_bins', 'alpha', 'tol', 'range_guard']);
    expect(byId.get('autoencoder')!.parameters).toEqual(
      expect.arrayContaining(['epochs', 'batch_size', 'validation_split', 'patience', 'min_delta']),
    );
    // every listed `params` key is accepted by fit (the top-level ones are request fields)
    const topLevel = new Set([
      'contamination',
      'epochs',
      'batch_size',
      'validation_split',
      'patience',
      'min_delta',
    ]);
    const hbosParams = Object.fromEntries(
      byId
        .get('hbos')!
        .parameters.filter((p) => !topLevel.has(p))
        .map((p) => [p, p === 'range_guard' ? true : p === 'n_bins' ? 5 : 0.1]),
    );
    const fit = await svc.post('/v1/anomaly/fit', {
      model: 'params-probe',
      backend: 'hbos',
      data: [[1], [2], [3], [4], [5], [6]],
      params: hbosParams,
    });
    expect(fit.status).toBe(200);
  });
});
