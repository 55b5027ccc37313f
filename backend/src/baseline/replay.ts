import type { Anomaly, MonitorOptions } from '../contract/monitors';
import { runCheck } from './check';
import type { CheckInput } from './checkTypes';
import { BUCKET_MS } from '../contract/monitors';
import { initialMonitorState } from './state';

export interface ReplayOutcome {
  /** Every anomaly that would have opened, in its final state at `now`. */
  anomalies: Anomaly[];
  checks: number;
  deviatingChecks: number;
}

/**
 * What the engine would have fired over the last `days` days up to `now` with `options`
 * (e.g. another sensitivity, or `classic`): a fresh state stepped every 5 minutes over the same
 * buckets. No side effects: nothing is notified, the monitor's own state is untouched.
 */
export function replay(
  input: Omit<CheckInput, 'state' | 'now'>,
  days: number,
  now: number,
  options?: Partial<MonitorOptions>,
): ReplayOutcome {
  const monitor = { ...input.monitor, options: { ...input.monitor.options, ...options } };
  let state = initialMonitorState();
  const byId = new Map<string, Anomaly>();
  let checks = 0;
  let deviatingChecks = 0;
  const first = Math.ceil((now - days * 86_400_000) / BUCKET_MS) * BUCKET_MS;
  for (let t = first; t <= now; t += BUCKET_MS) {
    const out = runCheck({ ...input, monitor, state, now: t });
    state = out.state;
    const e = out.result.evaluation;
    if (e) {
      checks++;
      if (e.deviating) deviatingChecks++;
    }
    for (const ev of out.result.events) byId.set(ev.anomaly.id, ev.anomaly);
    if (out.result.anomaly) byId.set(out.result.anomaly.id, out.result.anomaly);
  }
  return { anomalies: [...byId.values()], checks, deviatingChecks };
}
