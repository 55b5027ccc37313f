import { binomialUpperMidP, normalScore } from '../../src/baseline/binomialTail';
import { runCheck } from '../../src/baseline/check';
import { buildGroupSeries } from '../../src/baseline/groupSeries';
import { jensenShannonDistance } from '../../src/baseline/jensenShannon';
import { replay } from '../../src/baseline/replay';
import { initialMonitorState, type MonitorState } from '../../src/baseline/state';
import { BUCKET_MS } from '../../src/contract/monitors';
import { monitorFor } from '../helpers/baselineHarness';
import { DAY, HOUR, T0, generateTraffic } from '../helpers/baselineTraffic';
import { INCIDENTS, SCENARIO_SEED, scenarioProfiles } from './scenario';

describe('baseline engine building blocks', () => {
  it('binomial mid-p tail and its normal score', () => {
    // P(X ≥ 1 | 20, 0.01) mid-p = 1 − P(0) − ½P(1)
    const p0 = 0.99 ** 20;
    const p1 = 20 * 0.01 * 0.99 ** 19;
    expect(binomialUpperMidP(1, 20, 0.01)).toBeCloseTo(1 - p0 - 0.5 * p1, 12);
    expect(normalScore(0.02275)).toBeCloseTo(2, 3);
    expect(binomialUpperMidP(0, 20, 0.01)).toBe(1);
  });

  it('Jensen–Shannon distance: 0 for equal mixes, 1 for disjoint ones', () => {
    expect(jensenShannonDistance(Float64Array.of(1, 3), Float64Array.of(10, 30), 2)).toBeCloseTo(0, 12);
    expect(jensenShannonDistance(Float64Array.of(1, 0), Float64Array.of(0, 5), 2)).toBeCloseTo(1, 12);
  });
});

describe('checks', () => {
  const to = T0 + 18 * DAY;
  const data = generateTraffic(SCENARIO_SEED, scenarioProfiles(), T0, to, INCIDENTS);
  const chat = buildGroupSeries('globex', 'chat', data.get('globex/chat')!, { from: T0, to });

  it('state is plain JSON: checks continued from a serialised state give identical results', () => {
    const monitor = monitorFor('gradual_drift', 'globex', 'chat');
    let a: MonitorState = initialMonitorState();
    let b: MonitorState = initialMonitorState();
    for (let now = T0 + 2 * DAY; now < T0 + 4 * DAY; now += BUCKET_MS) {
      const ra = runCheck({ monitor, series: chat, state: a, now });
      const rb = runCheck({
        monitor,
        series: chat,
        state: JSON.parse(JSON.stringify(b)) as MonitorState,
        now,
      });
      expect(rb.result).toEqual(ra.result);
      a = ra.state;
      b = rb.state;
    }
    expect(a.gradual).not.toBeNull();
  });

  it('a bucket is evaluated once: a second check at the same time changes nothing', () => {
    const monitor = monitorFor('traffic_anomaly', 'globex', 'chat');
    const first = runCheck({ monitor, series: chat, state: initialMonitorState(), now: T0 + 5 * DAY });
    const again = runCheck({ monitor, series: chat, state: first.state, now: T0 + 5 * DAY + 60_000 });
    expect(again.result.bucket).toBeNull();
    expect(again.state).toEqual(first.state);
  });

  it('result carries observed, expected, band, σ_eff, z and the slot', () => {
    const monitor = monitorFor('latency_degradation', 'globex', 'chat');
    const { result } = runCheck({
      monitor,
      series: chat,
      state: initialMonitorState(),
      now: T0 + 10 * DAY + 12 * HOUR,
    });
    const e = result.evaluation!;
    expect(result.status).toBe('active');
    expect(e.lower).toBeLessThan(e.expected);
    expect(e.upper).toBeGreaterThan(e.expected);
    expect(e.sigma).toBeGreaterThan(0);
    expect(e.slot).toMatch(/^weekday 11:00$/);
    expect(e.samples).toBeGreaterThanOrEqual(24);
    expect(Number.isFinite(e.z)).toBe(true);
  });

  it('while degraded, a traffic drop is not a deviation (and the result says so)', () => {
    const drop = INCIDENTS.find((i) => i.kind === 'traffic')!;
    const monitor = monitorFor('traffic_anomaly', 'globex', 'chat');
    const now = drop.from + 30 * 60_000;
    const normal = runCheck({ monitor, series: chat, state: initialMonitorState(), now }).result;
    const degraded = runCheck({
      monitor,
      series: chat,
      state: initialMonitorState(),
      now,
      degraded: true,
    }).result;
    expect(normal.evaluation!.deviating).toBe(true);
    expect(normal.evaluation!.direction).toBe('down');
    expect(degraded.status).toBe('degraded');
    expect(degraded.evaluation!.deviating).toBe(false);
    expect(degraded.evaluation!.note).toBe('drop suppressed while degraded');
  });

  it('replay: what would have fired over the last N days, with another configuration, without side effects', () => {
    const monitor = monitorFor('error_rate_spike', 'globex', 'chat');
    const input = { monitor, series: chat };
    const frozen = JSON.stringify(input.monitor);
    const def = replay(input, 7, to);
    const loose = replay(input, 7, to, { sensitivity: 1.5, trigger_hits: 1, trigger_window: 1 });
    expect(def.anomalies.map((a) => a.type)).toEqual(['error_rate_spike']);
    expect(loose.anomalies.length).toBeGreaterThan(def.anomalies.length);
    expect(def.checks).toBeGreaterThan(7 * 288 - 10);
    expect(JSON.stringify(input.monitor)).toBe(frozen);
  });
});
