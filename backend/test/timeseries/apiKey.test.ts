import { startTestServer, type TestServer } from './testServer';

describe('API key (LF_API_KEY)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ apiKey: 's3cret' });
  });
  afterAll(() => server.close());

  it('rejects /v1 requests without the key or with a wrong one', async () => {
    const missing = await server.get('/v1/timeseries/methods');
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/missing API key/);
    expect((await server.get('/v1/anomaly/backends', { 'X-Api-Key': 'wrong' })).status).toBe(401);
    expect((await server.get('/v1/anomaly/backends', { Authorization: 'Bearer s3cre' })).status).toBe(401);
  });

  it('accepts the key as X-Api-Key (what the Grafana route injects) or as a bearer token', async () => {
    expect((await server.get('/v1/timeseries/methods', { 'X-Api-Key': 's3cret' })).status).toBe(200);
    expect((await server.get('/v1/anomaly/backends', { Authorization: 'Bearer s3cret' })).status).toBe(200);
  });

  it("leaves /health open; its /v1/ml/health twin (LlamaFarm's path) needs the key like all of /v1", async () => {
    expect((await server.get('/health')).status).toBe(200);
    expect((await server.get('/v1/ml/health')).status).toBe(401);
    expect((await server.get('/v1/ml/health', { 'X-Api-Key': 's3cret' })).status).toBe(200);
  });
});
