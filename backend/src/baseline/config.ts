import type { MonitorOptions } from '../contract/monitors';

/**
 * Defaults of the baseline engine. The values and the false-alarm measurement behind them are in
 * README.md ("Defaults and how they were chosen").
 */
export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = {
  sensitivity: 3,
  min_relative_change: 0.2,
  trigger_hits: 3,
  trigger_window: 4,
  extreme_sigma: 6,
  recovery_checks: 3,
  baseline: 'seasonal',
};

/** Spread floors of one signal, in the signal's own scale (log for latency). */
export interface SignalFloors {
  readonly abs: number;
  readonly rel: number;
}

export interface EngineConfig {
  /** Events may arrive this late; a bucket is evaluated only after its end + lateness. */
  readonly latenessMs: number;
  /** The window shown to users and used by the fallback and by `classic`. */
  readonly windowDays: number;
  /** Days of history the seasonal slots may look back (hour of week: 4 weeks). */
  readonly historyDays: number;
  /** A seasonal slot is used only with at least this many usable samples. */
  readonly minSlotSamples: number;
  /** Buckets either side of the bucket's time of day that make up its "hour" slot (±30 min). */
  readonly slotHalfWidth: number;
  /** Activation: hours of history, non-empty buckets, requests in the window. */
  readonly minHistoryHours: number;
  readonly minBuckets: number;
  readonly minRequests: number;
  /** After "accept as new normal": usable buckets since the change point before checks resume. */
  readonly minBaselineSamples: number;
  /** Rate signals (error rate, mismatch share) need this many requests in the bucket. */
  readonly minRateRequests: number;
  /** Jensen–Shannon distance below this never counts as model drift. */
  readonly minJsd: number;
  readonly floors: Readonly<Record<SignalName, SignalFloors>>;
  readonly gradual: GradualConfig;
}

export interface GradualConfig {
  /** CUSUM allowance and decision interval on hourly standardised residual means. */
  readonly k: number;
  readonly h: number;
  /** Standardised residuals are winsorised at ±clip before they enter an hourly mean. */
  readonly clip: number;
  /** The reference is re-frozen this often while the chart is quiet. */
  readonly refreezeDays: number;
  /** A drift counts only when the estimated relative shift reaches this. */
  readonly minRelativeChange: number;
  /** … and only once the chart has been rising for this many hours. */
  readonly minHours: number;
}

export type SignalName =
  | 'cost'
  | 'cost_per_request'
  | 'latency_p95_log'
  | 'error_rate'
  | 'requests'
  | 'mismatch_share'
  | 'model_jsd'
  | 'metric';

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  latenessMs: 15 * 60_000,
  windowDays: 7,
  historyDays: 28,
  minSlotSamples: 24,
  slotHalfWidth: 6,
  minHistoryHours: 48,
  minBuckets: 100,
  minRequests: 100,
  minBaselineSamples: 24,
  minRateRequests: 20,
  minJsd: 0.2,
  floors: {
    cost: { abs: 1e-6, rel: 0.02 },
    cost_per_request: { abs: 1e-9, rel: 0.02 },
    latency_p95_log: { abs: Math.log(1.05), rel: 0 },
    error_rate: { abs: 0.002, rel: 0.1 },
    requests: { abs: 1, rel: 0.02 },
    mismatch_share: { abs: 0.002, rel: 0.1 },
    model_jsd: { abs: 0.02, rel: 0 },
    metric: { abs: 1e-9, rel: 0.02 },
  },
  gradual: { k: 0.5, h: 10, clip: 3, refreezeDays: 7, minRelativeChange: 0.1, minHours: 12 },
};
