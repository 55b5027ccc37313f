import type { MonitorSnapshot, MonitorStatus } from '../contract/monitors';
import { initialMonitorState, type MonitorState } from '../baseline/state';
import type { JsonValue } from '../store/monitorStore';

/** What the monitor's last check said about it (shown by `GET /v1/monitors`). */
export interface StatusLine {
  status: MonitorStatus;
  eta?: string;
  eta_hours?: number;
  reason?: string;
}

/**
 * A monitor's persisted state: the engine's state per watched series (event monitors have one,
 * keyed ""; a PromQL monitor one per label set) and the status of its last check.
 */
export interface StoredState {
  version: 1;
  status: StatusLine;
  series: Record<string, MonitorState>;
  /** The last evaluation per series key (kept so `/metrics` and the plugin survive a restart). */
  evaluations?: Record<string, SnapshotValues>;
  /** PromQL: labels per series key, and the newest bucket fetched from Prometheus. */
  labels?: Record<string, Record<string, string>>;
  fetchedTo?: number;
}

export function emptyStoredState(): StoredState {
  return { version: 1, status: { status: 'building_baseline', reason: 'no check has run yet' }, series: {} };
}

export function parseStoredState(value: JsonValue | undefined): StoredState {
  if (value && typeof value === 'object' && !Array.isArray(value) && value.version === 1 && value.series)
    return value as unknown as StoredState;
  return emptyStoredState();
}

export function seriesState(state: StoredState, key: string): MonitorState {
  return state.series[key] ?? initialMonitorState();
}

export const toJson = (state: StoredState): JsonValue => state as unknown as JsonValue;

/** What a snapshot says about one series besides its monitor and anomaly. */
export type SnapshotValues = Omit<MonitorSnapshot, 'monitor' | 'anomaly'>;
