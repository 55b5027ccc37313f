import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  DetectBody,
  Detection,
  MethodInfo,
  SavedModel,
  SeriesPoints,
  SeriesResult,
} from '../api/backendTypes';
import { monitorsAnswer, type MonitorData } from './fakeMonitors';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export const FAKE_METHODS: MethodInfo[] = [
  {
    name: 'isolation_forest',
    kind: 'tabular',
    description: 'Isolation Forest',
    has_band: false,
    multivariate: true,
    default: false,
  },
  {
    name: 'seasonal_band',
    kind: 'streaming',
    description: 'Seasonal baseline with a band',
    has_band: true,
    multivariate: false,
    default: false,
  },
  {
    name: 'ensemble',
    kind: 'streaming',
    description: 'Streaming ensemble (the default)',
    has_band: true,
    multivariate: false,
    default: true,
  },
];

export const FAKE_MODELS: SavedModel[] = [
  {
    filename: 'cpu_isolation_forest.lens',
    path: 'models/cpu_isolation_forest.lens',
    name: 'cpu',
    backend: 'isolation_forest',
    size_bytes: 2048,
    modified: 1_700_000_000,
    created: '2023-11-14T22:13:20Z',
    base_name: 'cpu',
    is_versioned: false,
    description: null,
  },
];

/**
 * A stand-in for the anomaly backend speaking its HTTP contract: it records what the plugin sends,
 * checks the API key and the shapes it validates, and answers with a simple robust z-score
 * detection (|v - median| / MAD, flagged above 0.5 after x/(x+3)), caching "models" by settings.
 */
export class FakeBackend {
  readonly requests: RecordedRequest[] = [];
  private readonly models = new Set<string>();
  /** What the monitors API answers; tests replace it. */
  monitorData: MonitorData = { monitors: [], series: {}, anomalies: [] };
  private server?: http.Server;

  constructor(private readonly apiKey?: string) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text ? JSON.parse(text) : undefined;
        const path = req.url ?? '/';
        this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
        const [status, answer] = this.answer(req.method ?? 'GET', path, req.headers, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }

  last(path: string): RecordedRequest | undefined {
    return [...this.requests].reverse().find((r) => r.path === path);
  }

  private answer(
    method: string,
    path: string,
    headers: http.IncomingHttpHeaders,
    body: unknown,
  ): [number, unknown] {
    if (this.apiKey && headers['x-api-key'] !== this.apiKey) return [401, { detail: 'invalid API key' }];
    if (method === 'GET' && path === '/v1/timeseries/methods')
      return [200, { object: 'list', data: FAKE_METHODS }];
    if (method === 'GET' && path === '/v1/anomaly/models')
      return [200, { object: 'list', data: FAKE_MODELS }];
    if (method === 'GET' && path === '/v1/timeseries/info') {
      const requested = headers['x-prometheus-url'];
      const prometheus = !requested
        ? { configured: false, ok: false, message: 'no Prometheus URL configured' }
        : requested === 'http://prometheus:9090'
          ? { configured: true, ok: true, version: '2.42.0', message: 'answers' }
          : {
              configured: true,
              ok: false,
              message: 'Prometheus URL not allowed: add it to LF_PROMETHEUS_URL',
            };
      return [
        200,
        {
          version: '0.1.0',
          models: { on_disk: 1, cached: 0 },
          methods: FAKE_METHODS.map((m) => m.name),
          prometheus,
        },
      ];
    }
    if (method === 'POST' && path === '/v1/timeseries/detect') return this.detect(body as DetectBody);
    if (method === 'POST' && path === '/v1/timeseries/score') {
      const {
        model_key: key,
        series,
        score_from: from,
      } = body as { model_key: string; series: SeriesPoints[]; score_from: number };
      if (!this.models.has(key)) return [404, { detail: `model key '${key}' is not cached: call detect` }];
      return [200, detection(series, { from, to: Infinity }, key, 'reused', 'isolation_forest')];
    }
    const monitors = monitorsAnswer(this.monitorData, method, path, body);
    if (monitors) return monitors;
    return [404, { detail: `no route ${method} ${path}` }];
  }

  private detect(body: DetectBody): [number, unknown] {
    if (!FAKE_METHODS.some((m) => m.name === body.detector.method)) {
      return [
        422,
        {
          detail: [
            {
              loc: ['body', 'detector', 'method'],
              msg: `unknown method '${body.detector.method}'`,
              type: 'value_error',
            },
          ],
        },
      ];
    }
    const series = body.series ?? [];
    for (const [i, s] of series.entries()) {
      if (s.timestamps.length !== s.values.length) {
        return [
          400,
          {
            detail: `series[${i}] '${s.name}': ${s.timestamps.length} timestamps but ${s.values.length} values: send one value per timestamp`,
          },
        ];
      }
    }
    const { range: _range, model_name: _name, ...settings } = body;
    const key = JSON.stringify({
      ...settings,
      series: undefined,
      detector: { ...settings.detector, threshold: undefined },
    });
    const status = this.models.has(key) ? 'reused' : 'fitted';
    this.models.add(key);
    return [200, detection(series, body.range, key, status, body.detector.method)];
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
}

function detection(
  series: SeriesPoints[],
  range: { from: number; to: number },
  key: string,
  status: 'fitted' | 'reused',
  method: string,
): Detection {
  const banded = FAKE_METHODS.find((m) => m.name === method)?.has_band ?? false;
  const results: SeriesResult[] = series.map((s) => {
    const observed = s.values.filter((v): v is number => v !== null);
    const mid = median(observed);
    const mad = median(observed.map((v) => Math.abs(v - mid))) || 1;
    const keep = s.timestamps.map((t) => t >= range.from && t <= range.to);
    const values = s.values.filter((_, i) => keep[i]);
    const score = values.map((v) =>
      v === null ? null : Math.abs(v - mid) / mad / (Math.abs(v - mid) / mad + 3),
    );
    return {
      name: s.name,
      labels: s.labels,
      timestamps: s.timestamps.filter((_, i) => keep[i]),
      values,
      score,
      is_anomaly: score.map((x) => x !== null && x > 0.5),
      threshold: 0.5,
      expected: banded ? values.map(() => mid) : null,
      lower: banded ? values.map(() => mid - 3 * mad) : null,
      upper: banded ? values.map(() => mid + 3 * mad) : null,
      model_status: status,
      training_points: observed.length,
    };
  });
  const regions = results.flatMap((r) =>
    r.timestamps
      .map((t, i) => ({ t, i }))
      .filter(({ i }) => r.is_anomaly[i])
      .map(({ t, i }) => ({
        series: r.name,
        labels: r.labels,
        start: t,
        end: t,
        peak_time: t,
        peak_value: r.values[i],
        direction: 'up' as const,
        score: r.score[i] ?? 0,
        points: 1,
        explanation: `${r.name} rose to ${r.values[i]}`,
      })),
  );
  return {
    object: 'timeseries_detection',
    series: results,
    regions,
    meta: {
      model_key: key,
      model_status: status,
      fitted: status === 'fitted' ? results.length : 0,
      reused: status === 'reused' ? results.length : 0,
      method,
      kind: banded ? 'streaming' : 'tabular',
      mode: 'per_series',
      training: { from: 0, to: 0 },
      range: { from: 0, to: 0 },
      notices: status === 'reused' ? [{ severity: 'info', text: 'model reused from cache' }] : [],
      context_ms: 60_000,
      took_ms: 1,
    },
  };
}
