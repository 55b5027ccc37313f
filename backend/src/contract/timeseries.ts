/**
 * The time-series API's wire format (`/v1/timeseries/*`). Types only: the backend's service
 * answers with them, the Grafana plugin's client and the tests read them from here.
 */

export interface SeriesPoints {
  name: string;
  labels: Record<string, string>;
  timestamps: number[];
  values: Array<number | null>;
}

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

export interface SeriesResult extends SeriesPoints {
  score: Array<number | null>;
  is_anomaly: boolean[];
  threshold: number;
  expected: Array<number | null> | null;
  lower: Array<number | null> | null;
  upper: Array<number | null> | null;
  model_status: 'fitted' | 'reused' | 'streamed';
  training_points: number;
}

export interface Region {
  series: string;
  labels: Record<string, string>;
  start: number;
  end: number;
  peak_time: number;
  peak_value: number | null;
  direction: 'up' | 'down';
  score: number;
  points: number;
  explanation: string;
}

export interface DetectionMeta {
  model_key: string;
  model_status: 'fitted' | 'reused' | 'streamed' | 'mixed';
  fitted: number;
  reused: number;
  method: string;
  kind: 'tabular' | 'streaming';
  mode: 'per_series' | 'multivariate';
  training: { from: number; to: number };
  /** The scored range (for `score`: from `score_from` to the last point sent). */
  range: { from: number; to: number };
  notices: Notice[];
  context_ms: number;
  executed_query?: string;
  took_ms: number;
}

export interface Detection {
  object: 'timeseries_detection';
  series: SeriesResult[];
  regions: Region[];
  meta: DetectionMeta;
}

export interface MethodInfo {
  name: string;
  kind: 'tabular' | 'streaming';
  description: string;
  has_band: boolean;
  multivariate: boolean;
  /** True for the one method `detect` runs when the request names none. */
  default: boolean;
}

export interface MethodList {
  object: 'list';
  data: MethodInfo[];
  total: number;
}

export interface TimeseriesInfo {
  object: 'timeseries_info';
  version: string;
  models: { on_disk: number; cached: number };
  methods: string[];
  prometheus: { configured: boolean; ok: boolean; version?: string; message: string };
}

/** What the plugin sends to `POST /v1/timeseries/detect` (the backend's schema accepts more). */
export interface DetectBody {
  source: string;
  series?: SeriesPoints[];
  prometheus?: { expr: string; step_ms?: number };
  range: { from: number; to: number };
  training: { from: number; to: number };
  mode: 'per_series' | 'multivariate';
  features: {
    value: boolean;
    diffs: number[];
    rolling: number[];
    lags: number[];
    hour_of_day: boolean;
    day_of_week: boolean;
    utc_offset_minutes: number;
  };
  detector: {
    method: string;
    contamination: number;
    threshold?: number;
    normalization: 'standardization' | 'zscore' | 'raw';
  };
  model_name?: string;
}
