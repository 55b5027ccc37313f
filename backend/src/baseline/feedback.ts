import type { Anomaly } from '../contract/monitors';
import { cloneState, type MonitorState } from './state';

export interface FeedbackOutcome {
  state: MonitorState;
  anomaly: Anomaly;
  /** Dismiss: bucket starts [from, to) the store must add to the excluded set. */
  exclude: { from: number; to: number } | null;
  /** Accept: the change point to pass as `acceptedFrom` to later checks. */
  acceptedFrom: number | null;
}

/**
 * A user's verdict on an anomaly (the one in the state or any earlier one the store holds).
 * Dismiss: status `dismissed`, its buckets [detected_at, last_seen) leave every future baseline, and
 * if it is still in progress no new anomaly opens in its direction until it has recovered (the
 * buckets it keeps deviating come back as `excludeBucket`). Accept: status `accepted`, and the
 * baseline restarts at the anomaly's start (the change point).
 */
export function applyFeedback(
  state: MonitorState,
  anomaly: Anomaly,
  action: 'dismiss' | 'accept',
  at: number,
  reason?: string,
): FeedbackOutcome {
  const st = cloneState(state);
  const a: Anomaly = { ...anomaly, history: [...anomaly.history] };
  const status = action === 'dismiss' ? 'dismissed' : 'accepted';
  a.status = status;
  a.history.push({ at: new Date(at).toISOString(), status, ...(reason ? { note: reason } : {}) });
  const from = Date.parse(a.detected_at);
  const inProgress = st.open !== null && st.open.id === a.id;
  if (inProgress) {
    st.open = null;
    st.inBand = 0;
    st.recent = [];
    st.recentBuckets = [];
    if (action === 'dismiss')
      st.suppressed = { direction: a.direction, from: Date.parse(a.last_seen), inBand: 0 };
  }
  if (action === 'dismiss')
    return { state: st, anomaly: a, exclude: { from, to: Date.parse(a.last_seen) }, acceptedFrom: null };
  st.gradual = null;
  return { state: st, anomaly: a, exclude: null, acceptedFrom: from };
}
