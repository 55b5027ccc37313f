import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnomalyEvent } from '../../src/baseline/checkTypes';
import type { Anomaly } from '../../src/contract/monitors';
import { DEFAULT_DELIVERY, type NotifyConfig } from '../../src/notify/config';
import { anomaly, T0 } from '../store/monitorStoreContract';

export { anomaly, T0 };

export const newDbFile = (): string =>
  path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-notify-')), 'monitors.db');

/** No channel configured, fast deterministic delivery settings; tests add what they exercise. */
export function notifyConfig(over: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    webhook: null,
    alertmanager: null,
    grafana: null,
    dashboardUrl: null,
    delivery: {
      ...DEFAULT_DELIVERY,
      maxAttempts: 5,
      backoffBaseMs: 1_000,
      backoffMaxMs: 60_000,
      timeoutMs: 5_000,
    },
    ...over,
  };
}

export const opened = (a: Anomaly): AnomalyEvent => ({ kind: 'opened', anomaly: a });

export const resolvedCopy = (a: Anomaly, at: number): Anomaly => ({
  ...a,
  status: 'resolved',
  resolved_at: new Date(at).toISOString(),
  last_seen: new Date(at).toISOString(),
  duration_seconds: (at - Date.parse(a.detected_at)) / 1000,
  history: [...a.history, { at: new Date(at).toISOString(), status: 'resolved' }],
});

/** A settable clock for the Notifier: time moves only when the test says so; jitter is fixed. */
export function testClock(start = T0): {
  now: () => number;
  random: () => number;
  advance(ms: number): void;
} {
  let now = start;
  return { now: () => now, random: () => 0.5, advance: (ms) => void (now += ms) };
}
