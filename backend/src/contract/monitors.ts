/**
 * Baseline monitoring on the wire (`/v1/events`, `/v1/monitors`, `/v1/anomalies`), after
 * ../shared/spec/baseline-monitors.md. Types only, shared by the store, the engine, the API and tests.
 */

/** The width of every aggregate bucket. */
export const BUCKET_MS = 300_000;

export type AnomalyType =
  | 'cost_spike'
  | 'latency_degradation'
  | 'error_rate_spike'
  | 'traffic_anomaly'
  | 'model_drift'
  | 'gradual_drift'
  | 'metric_deviation';

/** The six types every event group is watched for: the spec's five spike types and the slow creep. */
export const EVENT_MONITOR_TYPES: readonly AnomalyType[] = [
  'cost_spike',
  'latency_degradation',
  'error_rate_spike',
  'traffic_anomaly',
  'model_drift',
  'gradual_drift',
];

/** Every anomaly type, in the order the API lists them. */
export const ANOMALY_TYPES: readonly AnomalyType[] = [...EVENT_MONITOR_TYPES, 'metric_deviation'];

/** One ingested event, as `POST /v1/events` accepts it. */
export interface EventInput {
  id?: string;
  org: string;
  feature?: string;
  /** ISO 8601 text or epoch milliseconds. */
  timestamp: string | number;
  cost?: number;
  latency_ms?: number;
  status?: number;
  error?: boolean;
  model_requested?: string;
  model_actual?: string;
  tokens_in?: number;
  tokens_out?: number;
  user?: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/** One 5-minute bucket of one group: the org total (`feature` null) or one (org, feature). */
export interface BucketAggregate {
  org: string;
  feature: string | null;
  /** Epoch ms, a multiple of BUCKET_MS. */
  start: number;
  requests: number;
  /** `error: true`, status ≥ 500 or 429. */
  errors: number;
  cost: number;
  /** Latency quantiles from the bucket's mergeable sketch; null when no request had a latency. */
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  tokensIn: number;
  tokensOut: number;
  /** Requests per model name. */
  modelRequested: Record<string, number>;
  modelActual: Record<string, number>;
  /** Requests whose model_actual differs from model_requested. */
  modelMismatch: number;
}

export type MonitorStatus = 'active' | 'building_baseline' | 'degraded';
export type BaselineMode = 'seasonal' | 'classic';
export type Direction = 'up' | 'down' | 'both';

export interface MonitorOptions {
  /** k in k·σ_eff (default 3; see baseline/README.md for the measurement). */
  sensitivity: number;
  /** Minimum relative change, 0.2 = 20% (default). */
  min_relative_change: number;
  /** Open when `trigger_hits` of the last `trigger_window` checks deviate (default 3 of 4). */
  trigger_hits: number;
  trigger_window: number;
  /** One check beyond this |z| opens at once (default 6). */
  extreme_sigma: number;
  /** Consecutive in-band checks before resolving (default 3). */
  recovery_checks: number;
  baseline: BaselineMode;
}

export interface Monitor {
  id: string;
  kind: 'events' | 'promql';
  type: AnomalyType;
  /** PromQL monitors: a display name (default: the expression). */
  name?: string;
  org: string | null;
  feature: string | null;
  /** PromQL monitors: the expression and its label set. */
  expr?: string;
  labels?: Record<string, string>;
  direction: Direction;
  options: MonitorOptions;
  status: MonitorStatus;
  /** building_baseline: when the monitor becomes active (ISO) and how many hours that is. */
  eta?: string;
  eta_hours?: number;
  /** degraded: why. */
  reason?: string;
  created: string;
}

export type AnomalyStatus = 'open' | 'ongoing' | 'recovering' | 'resolved' | 'dismissed' | 'accepted';

export interface Anomaly {
  id: string;
  monitor_id: string;
  type: AnomalyType;
  org: string | null;
  feature: string | null;
  direction: 'up' | 'down';
  status: AnomalyStatus;
  expected: number;
  observed: number;
  deviation_sigma: number;
  deviation_pct: number;
  /** 0–100, the value at opening (never rewritten). */
  severity: number;
  detected_at: string;
  last_seen: string;
  resolved_at: string | null;
  duration_seconds: number;
  /** The seasonal slot the expected value came from (e.g. "weekday 14:00"), or "rolling 7d". */
  baseline_slot: string;
  baseline_samples: number;
  /** Org-level anomalies: the features that contributed most, largest first. */
  top_contributors: { feature: string; share: number }[];
  summary: string;
  history: { at: string; status: AnomalyStatus; note?: string }[];
}

/**
 * The latest evaluation of one monitored series: what `/metrics` exposes per series and what the
 * plugin's Monitor query draws. Values are in the signal's display unit (latency in ms, rates as
 * shares); null before the monitor's first evaluation or without data.
 */
export interface MonitorSnapshot {
  monitor: Monitor;
  /** Start of the evaluated bucket, ISO 8601. */
  bucket: string | null;
  observed: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** (observed − expected) / σ_eff. */
  deviation_sigma: number | null;
  /** The anomaly in progress (open, ongoing or recovering), if any. */
  anomaly: Anomaly | null;
}

/** Health of the checking pipeline (`GET /v1/monitors/health`, `/metrics`). */
export interface PipelineHealth {
  status: 'ok' | 'degraded';
  /** Why it is degraded, one line each (empty when ok). */
  reasons: string[];
  check_interval_seconds: number;
  last_check_at: string | null;
  /** now − the last completed check (0 before the first is due). */
  check_lag_seconds: number;
  checks_missed_total: number;
  events_ingested_total: number;
}

/** Delivery counts of one notification channel (webhook, alertmanager, grafana). */
export interface NotificationStats {
  channel: string;
  delivered: number;
  failed_attempts: number;
  dead_lettered: number;
  pending: number;
}

/** `POST /v1/monitors/check`. */
export interface CheckReport {
  at: string;
  /** Buckets evaluated (one per monitor and series, more when catching up). */
  evaluated: number;
  opened: Anomaly[];
  resolved: Anomaly[];
  health: PipelineHealth;
}

/** `POST /v1/monitors/{id}/replay`: what would have fired, nothing notified or changed. */
export interface ReplayReport {
  monitor_id: string;
  days: number;
  options: MonitorOptions;
  checks: number;
  deviating_checks: number;
  anomalies: Anomaly[];
}

/** One evaluated bucket of a monitor's series (`GET /v1/monitors/{id}/series`). */
export interface MonitorPoint {
  /** Bucket start, ISO 8601. */
  t: string;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  deviation_sigma: number;
  deviating: boolean;
}

/** A monitor's observed values with their expected value and band, per watched series. */
export interface MonitorSeriesReport {
  monitor_id: string;
  series: { key: string; labels?: Record<string, string>; points: MonitorPoint[] }[];
  /** Anomalies of the monitor that overlap the range. */
  anomalies: Anomaly[];
}

/** `GET /v1/notifications`. */
export interface NotificationsReport {
  channels: NotificationStats[];
  /** Notifications given up on after their last attempt; `POST /v1/notifications/redrive` queues one again. */
  dead_letters: {
    key: string;
    channel: string;
    attempts: number;
    created: string;
    dead_at: string;
    last_error: string;
  }[];
}
