import { runCheck } from '../../src/baseline/check';
import { buildGroupSeries } from '../../src/baseline/groupSeries';
import { initialMonitorState, type MonitorState } from '../../src/baseline/state';
import { BUCKET_MS } from '../../src/contract/monitors';
import { monitorFor } from '../helpers/baselineHarness';
import { DAY, HOUR, T0, generateTraffic, type GroupProfile } from '../helpers/baselineTraffic';

const profile = (org: string, low: number, high: number): GroupProfile => ({
  org,
  feature: 'chat',
  low,
  high,
  costMedian: 0.01,
  latencyMedian: 500,
  errorRate: 0.01,
  mismatch: 0.01,
});

describe('cold start: building_baseline with an ETA, then active', () => {
  const start = T0 + 3 * HOUR + 20 * 60_000; // a new org whose first request lands at 03:20
  const to = start + 3 * DAY;

  it('a busy new org: ETA = first data + 48 h + lateness, shown in hours, and active exactly then', () => {
    const data = generateTraffic(31, [profile('fresh', 30, 100)], start, to).get('fresh/chat')!;
    const series = buildGroupSeries('fresh', 'chat', data, { from: T0, to });
    const monitor = monitorFor('cost_spike', 'fresh', 'chat');
    const eta = start + 48 * HOUR + 15 * 60_000;
    let state: MonitorState = initialMonitorState();
    let firstActive = NaN;
    for (let now = start; now <= to; now += BUCKET_MS) {
      const { result, state: next } = runCheck({ monitor, series, state, now });
      state = next;
      if (now === start + 10 * HOUR) {
        expect(result.status).toBe('building_baseline');
        expect(result.eta).toBe(new Date(eta).toISOString());
        expect(result.eta_hours).toBeCloseTo(38.25, 2);
      }
      if (result.status === 'active' && Number.isNaN(firstActive)) firstActive = now;
    }
    expect(new Date(firstActive).toISOString()).toBe(new Date(eta).toISOString());
  });

  it('a sparse new org: the ETA follows the fill rate, past 48 h, and the monitor activates when the counts are reached', () => {
    const data = generateTraffic(32, [profile('sparse', 0.05, 0.1)], start, start + 8 * DAY).get(
      'sparse/chat',
    )!;
    const series = buildGroupSeries('sparse', 'chat', data, { from: T0, to: start + 8 * DAY });
    const monitor = monitorFor('traffic_anomaly', 'sparse', 'chat');
    const now = start + 24 * HOUR;
    const { result } = runCheck({ monitor, series, state: initialMonitorState(), now });
    expect(result.status).toBe('building_baseline');
    // The formula, from the data the check saw (buckets that ended ≥ 15 min before now).
    const evalEnd = Math.floor((now - 15 * 60_000) / BUCKET_MS) * BUCKET_MS;
    const seen = data.filter((b) => b.start < evalEnd && b.requests > 0);
    const age = (evalEnd - series.firstData) / HOUR;
    const n = seen.length;
    const reqs = seen.reduce((s, b) => s + b.requests, 0);
    const hours = Math.max(48 - age, (100 - n) / (n / age), (100 - reqs) / (reqs / age));
    expect(hours).toBeGreaterThan(48 - age);
    expect(result.eta_hours!).toBeCloseTo(hours + 0.25, 0);
    // It activates once ≥ 100 non-empty buckets and ≥ 100 requests are in the window, not before.
    let state = initialMonitorState();
    for (let t = start; t <= start + 8 * DAY; t += BUCKET_MS) {
      const out = runCheck({ monitor, series, state, now: t });
      state = out.state;
      const end = Math.floor((t - 15 * 60_000) / BUCKET_MS) * BUCKET_MS;
      const window = data.filter((b) => b.start < end && b.start >= end - 7 * DAY && b.requests > 0);
      const ready =
        end - series.firstData >= 48 * HOUR &&
        window.length >= 100 &&
        window.reduce((s, b) => s + b.requests, 0) >= 100;
      expect(out.result.status === 'active').toBe(ready);
      if (out.result.status === 'active') break;
    }
    expect(state.activeSince).not.toBeNull();
  });

  it('no data yet: building_baseline without an ETA', () => {
    const series = buildGroupSeries('empty', 'chat', [], { from: T0, to: T0 + DAY });
    const { result } = runCheck({
      monitor: monitorFor('cost_spike', 'empty', 'chat'),
      series,
      state: initialMonitorState(),
      now: T0 + HOUR,
    });
    expect(result.status).toBe('building_baseline');
    expect(result.eta).toBeUndefined();
  });
});
