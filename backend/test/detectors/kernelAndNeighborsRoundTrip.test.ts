import { gaussianMatrix, toRows } from '../helpers/data';
import { newDataDir, startService } from '../helpers/service';

/** Each case: fit through the HTTP API of the compiled server, then score the same rows in a new process. */
const cases: {
  name: string;
  backend: string;
  rows: number;
  cols: number;
  params: Record<string, unknown>;
  expect: Record<string, unknown>;
}[] = [
  // 24k cells: fitted in a worker thread, so the state also crosses a thread boundary
  {
    name: 'svm-exact',
    backend: 'one_class_svm',
    rows: 3000,
    cols: 8,
    params: {},
    expect: { solver: 'smo-exact' },
  },
  {
    name: 'svm-approx',
    backend: 'one_class_svm',
    rows: 1200,
    cols: 5,
    params: { mode: 'approximate', n_components: 50 },
    expect: { solver: 'nystroem-approximate', components: 50 },
  },
  {
    name: 'lof-kd',
    backend: 'local_outlier_factor',
    rows: 3000,
    cols: 8,
    params: {},
    expect: { neighbor_search: 'kd_tree' },
  },
  {
    name: 'lof-brute',
    backend: 'local_outlier_factor',
    rows: 1200,
    cols: 20,
    params: {},
    expect: { neighbor_search: 'brute' },
  },
];

describe('one_class_svm and local_outlier_factor survive save and reload in a new process', () => {
  it('fit, save, restart, score identically', async () => {
    const dataDir = newDataDir();
    const before = new Map<string, unknown>();
    const probes = new Map(cases.map((c) => [c.name, toRows(gaussianMatrix(150, c.cols, 99))]));

    const first = await startService({ dataDir });
    try {
      const backends = await first.get('/v1/anomaly/backends');
      const names = (backends.body.data as { backend: string }[]).map((b) => b.backend);
      expect(names).toEqual(expect.arrayContaining(['one_class_svm', 'local_outlier_factor']));
      for (const c of cases) {
        const train = toRows(gaussianMatrix(c.rows, c.cols, 11));
        const fit = await first.post('/v1/anomaly/fit', {
          model: c.name,
          backend: c.backend,
          data: train,
          params: c.params,
        });
        expect(fit.status).toBe(200);
        expect(fit.body.model_params).toMatchObject(c.expect);
        const save = await first.post('/v1/anomaly/save', { model: c.name, backend: c.backend });
        expect(save.status).toBe(200);
        const scored = await first.post('/v1/anomaly/score', {
          model: c.name,
          backend: c.backend,
          data: probes.get(c.name),
        });
        expect(scored.status).toBe(200);
        before.set(c.name, scored.body);
      }
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startService({ dataDir });
    try {
      for (const c of cases) {
        const load = await second.post('/v1/anomaly/load', { model: c.name, backend: c.backend });
        expect(load.status).toBe(200);
        const after = await second.post('/v1/anomaly/score', {
          model: c.name,
          backend: c.backend,
          data: probes.get(c.name),
        });
        expect(after.status).toBe(200);
        expect(after.body).toEqual(before.get(c.name));
      }
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('refuses unknown and out-of-range parameters with 422', async () => {
    const service = await startService();
    try {
      const data = toRows(gaussianMatrix(50, 3, 1));
      const badNu = await service.post('/v1/anomaly/fit', {
        backend: 'one_class_svm',
        data,
        params: { nu: 0 },
      });
      expect(badNu.status).toBe(422);
      const badKey = await service.post('/v1/anomaly/fit', {
        backend: 'local_outlier_factor',
        data,
        params: { leafs: 3 },
      });
      expect(badKey.status).toBe(422);
    } finally {
      await service.stop();
    }
  });
});
