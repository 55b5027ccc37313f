import { startService, type RunningService } from '../helpers/service';

let svc: RunningService;
beforeAll(async () => {
  svc = await startService({ env: { LF_BODY_LIMIT_MB: '1' } });
  await svc.post('/v1/anomaly/fit', {
    model: 'ok',
    data: [
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ],
  });
});
afterAll(async () => {
  await svc.stop();
});

const twoRows = [[1], [2]];

/** [case, method, path, body, expected status, expected fragment of the detail] */
const cases: [string, string, string, unknown, number, string | (string | number)[]][] = [
  ['body that is not JSON', 'POST', '/v1/anomaly/fit', '{"data": [[1]', 422, ['body']],
  ['body that is a JSON array', 'POST', '/v1/anomaly/fit', [1, 2], 422, ['body']],
  ['no body', 'POST', '/v1/anomaly/score', '', 422, ['body']],
  ['data missing', 'POST', '/v1/anomaly/fit', { model: 'm' }, 422, ['body', 'data']],
  ['data a string', 'POST', '/v1/anomaly/fit', { data: 'rows' }, 422, ['body', 'data']],
  [
    'a value that is a string',
    'POST',
    '/v1/anomaly/fit',
    {
      data: [
        [1, 'x'],
        [2, 3],
      ],
    },
    422,
    ['body', 'data', 0, 1],
  ],
  ['a value that is null', 'POST', '/v1/anomaly/fit', { data: [[1], [null]] }, 422, ['body', 'data', 1, 0]],
  ['a row that is a number', 'POST', '/v1/anomaly/fit', { data: [[1], 2] }, 422, ['body', 'data', 1]],
  [
    'mixed arrays and objects',
    'POST',
    '/v1/anomaly/fit',
    { data: [[1], { a: 1 }] },
    422,
    ['body', 'data', 1],
  ],
  ['NaN token', 'POST', '/v1/anomaly/fit', '{"data": [[1], [NaN]]}', 400, 'NaN or Infinity'],
  [
    'Infinity token',
    'POST',
    '/v1/anomaly/score',
    '{"model": "ok", "data": [[1, -Infinity]]}',
    400,
    'NaN or Infinity',
  ],
  [
    '"NaN" inside a string stays a string',
    'POST',
    '/v1/anomaly/fit',
    '{"model": "NaN", "data": [["NaN"], [1]]}',
    422,
    ['body', 'data', 0, 0],
  ],
  [
    'a numeric string that parses to NaN',
    'POST',
    '/v1/anomaly/fit',
    { data: [{ v: 'nan' }, { v: 1 }], schema: { v: 'numeric' } },
    400,
    'NaN or Infinity',
  ],
  ['ragged rows', 'POST', '/v1/anomaly/fit', { data: [[1, 2], [3]] }, 400, 'same width'],
  ['empty data', 'POST', '/v1/anomaly/fit', { data: [] }, 400, 'empty'],
  ['empty rows', 'POST', '/v1/anomaly/fit', { data: [[], []] }, 400, 'at least one feature'],
  ['a single row', 'POST', '/v1/anomaly/fit', { data: [[1]] }, 400, 'at least 2'],
  ['empty data to score', 'POST', '/v1/anomaly/score', { model: 'ok', data: [] }, 400, 'empty'],
  ['width mismatch', 'POST', '/v1/anomaly/score', { model: 'ok', data: [[1, 2, 3]] }, 400, 'fitted on 2'],
  [
    'unknown backend',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, backend: 'prophet' },
    422,
    ['body', 'backend'],
  ],
  [
    'unknown normalization',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, normalization: 'minmax' },
    422,
    ['body', 'normalization'],
  ],
  [
    'unknown normalization at score',
    'POST',
    '/v1/anomaly/score',
    { model: 'ok', data: twoRows, normalization: 'l2' },
    422,
    ['body', 'normalization'],
  ],
  [
    'contamination 0',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, contamination: 0 },
    422,
    ['body', 'contamination'],
  ],
  [
    'contamination 0.6',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, contamination: 0.6 },
    422,
    ['body', 'contamination'],
  ],
  [
    'contamination a string',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, contamination: 'high' },
    422,
    ['body', 'contamination'],
  ],
  [
    'unknown detector parameter',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, params: { trees: 3 } },
    422,
    ['body', 'params'],
  ],
  [
    'bad detector parameter',
    'POST',
    '/v1/anomaly/fit',
    { data: twoRows, params: { n_estimators: -1 } },
    422,
    ['body', 'params', 'n_estimators'],
  ],
  [
    'threshold a string',
    'POST',
    '/v1/anomaly/score',
    { model: 'ok', data: twoRows, threshold: 'x' },
    422,
    ['body', 'threshold'],
  ],
  ['model not a string', 'POST', '/v1/anomaly/fit', { model: 5, data: twoRows }, 422, ['body', 'model']],
  ['empty model name', 'POST', '/v1/anomaly/fit', { model: '', data: twoRows }, 422, ['body', 'model']],
  ['objects without schema', 'POST', '/v1/anomaly/fit', { data: [{ a: 1 }, { a: 2 }] }, 400, 'no schema'],
  [
    'unknown encoding type',
    'POST',
    '/v1/anomaly/fit',
    { data: [{ a: 1 }, { a: 2 }], schema: { a: 'embedding' } },
    400,
    'valid types: numeric, hash, label, onehot, binary, frequency',
  ],
  [
    'objects for an array model',
    'POST',
    '/v1/anomaly/score',
    { model: 'ok', data: [{ a: 1 }] },
    400,
    'numeric arrays',
  ],
  ['unknown model', 'POST', '/v1/anomaly/score', { model: 'nope', data: twoRows }, 404, 'not fitted'],
  [
    'unknown model at detect',
    'POST',
    '/v1/anomaly/detect',
    { model: 'nope', data: twoRows },
    404,
    'not fitted',
  ],
  ['unknown model at save', 'POST', '/v1/anomaly/save', { model: 'nope' }, 404, 'not fitted'],
  ['unknown model at load', 'POST', '/v1/ml/anomaly/load', { model: 'nope' }, 404, 'not found'],
  [
    'latest of nothing',
    'POST',
    '/v1/ml/anomaly/score',
    { model: 'nothing-latest', data: twoRows },
    404,
    'no versions',
  ],
  [
    'delete a missing file',
    'DELETE',
    '/v1/anomaly/models/missing_isolation_forest.alm',
    undefined,
    404,
    'Model file not found',
  ],
  ['delete with a parent folder', 'DELETE', '/v1/anomaly/models/..%2F', undefined, 400, 'invalid filename'],
  [
    'delete with encoded traversal',
    'DELETE',
    '/v1/anomaly/models/..%2F..%2Fetc%2Fpasswd',
    undefined,
    400,
    'invalid filename',
  ],
  ['delete with a backslash', 'DELETE', '/v1/anomaly/models/..%5Cx.alm', undefined, 400, 'invalid filename'],
  ['delete with a NUL byte', 'DELETE', '/v1/anomaly/models/a%00.alm', undefined, 400, 'invalid filename'],
  ['unknown route', 'GET', '/v1/anomaly/nothing', undefined, 404, 'no route'],
  [
    'huge body',
    'POST',
    '/v1/anomaly/fit',
    { data: Array.from({ length: 120_000 }, () => [1.5, 2.5]) },
    413,
    'too large',
  ],
];

describe('malformed input', () => {
  it.each(cases)(
    '%s → %s %s gets the documented status',
    async (_name, method, route, body, status, expected) => {
      const res =
        method === 'GET'
          ? await svc.get(route)
          : method === 'DELETE'
            ? await svc.del(route)
            : await svc.post(route, body);
      expect(res.status).toBe(status);
      expect(res.body).toHaveProperty('detail');
      if (Array.isArray(expected)) {
        expect(res.body.detail[0].loc).toEqual(expected);
        expect(typeof res.body.detail[0].msg).toBe('string');
      } else {
        expect(String(res.body.detail)).toContain(expected);
      }
    },
  );

  it('keeps serving after all of the above', async () => {
    const health = await svc.get('/health');
    expect(health.status).toBe(200);
    const res = await svc.post('/v1/anomaly/score', { model: 'ok', data: [[1, 2]] });
    expect(res.status).toBe(200);
    expect(svc.process.exitCode).toBeNull();
    expect(svc.logs()).not.toContain('unhandled error');
  });

  it('accepts unicode model names and keeps similar names apart (409, no silent overwrite)', async () => {
    const a = await svc.post('/v1/anomaly/fit', { model: 'température', data: twoRows });
    expect(a.status).toBe(200);
    expect(a.body.saved_path).toMatch(/temp_rature_isolation_forest\.alm$/);
    const b = await svc.post('/v1/anomaly/fit', { model: 'temp€rature', data: twoRows });
    expect(b.status).toBe(409);
    expect(b.body.detail).toContain("already holds model 'température'");
    const scored = await svc.post('/v1/anomaly/score', { model: 'température', data: [[1]] });
    expect(scored.status).toBe(200);
    const missing = await svc.post('/v1/anomaly/score', { model: 'temp€rature', data: [[1]] });
    expect(missing.status).toBe(404);
  });
});
