import type { Anomaly, AnomalyType, Direction, MonitorOptions, MonitorStatus } from '../contract/monitors';
import type { EngineConfig } from './config';
import type { Evaluation } from './evaluation';
import type { GroupSeries } from './groupSeries';
import type { MonitorState } from './state';

/** The monitor a check runs for (the parts of the wire `Monitor` the engine needs). */
export interface MonitorSpec {
  id: string;
  type: AnomalyType;
  org: string;
  feature: string | null;
  direction: Direction;
  options: MonitorOptions;
  scope?: string;
  subject?: string;
}

export interface CheckInput {
  monitor: MonitorSpec;
  /** The monitor's group (org total when feature is null). */
  series: GroupSeries;
  /** Bucket starts kept out of every baseline (dismissed anomalies, …). */
  excluded?: ReadonlySet<number>;
  /** "Accept as new normal": the baseline starts at this change point (epoch ms). */
  acceptedFrom?: number | null;
  state: MonitorState;
  now: number;
  /** Pipeline or monitor degraded: results are incomplete and traffic drops are suppressed. */
  degraded?: boolean;
  /** Org-level monitors: the org's feature series, to rank contributors when an anomaly opens. */
  contributors?: readonly GroupSeries[];
  config?: EngineConfig;
}

export interface AnomalyEvent {
  kind: 'opened' | 'resolved';
  anomaly: Anomaly;
}

export interface CheckResult {
  monitorId: string;
  type: AnomalyType;
  /** Start of the evaluated bucket; null when there was nothing new to evaluate. */
  bucket: number | null;
  status: MonitorStatus;
  eta?: string;
  eta_hours?: number;
  reason?: string;
  /** Signal, expected value, band, σ_eff, z and the decision; null without data or baseline. */
  evaluation: Evaluation | null;
  /** The anomaly in progress after this check. */
  anomaly: Anomaly | null;
  /** Anomalies opened (notify once) or resolved by this check. */
  events: AnomalyEvent[];
  /** A bucket the store should add to the excluded set (a dismissed anomaly that continues). */
  excludeBucket: number | null;
}
