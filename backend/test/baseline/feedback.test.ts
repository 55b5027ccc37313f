import { runCheck } from '../../src/baseline/check';
import { applyFeedback } from '../../src/baseline/feedback';
import { buildGroupSeries } from '../../src/baseline/groupSeries';
import { initialMonitorState, type MonitorState } from '../../src/baseline/state';
import { BUCKET_MS, type Anomaly } from '../../src/contract/monitors';
import { monitorFor } from '../helpers/baselineHarness';
import { DAY, HOUR, T0, generateTraffic } from '../helpers/baselineTraffic';
import { INCIDENTS, SCENARIO_SEED, scenarioProfiles } from './scenario';

/** Dismiss and accept on the acme/chat cost spike of the acceptance scenario. */
describe('feedback: dismiss and accept', () => {
  const spike = INCIDENTS[0];
  const to = T0 + 17 * DAY;
  const buckets = generateTraffic(SCENARIO_SEED, scenarioProfiles(), T0, to, [spike]).get('acme/chat')!;
  const series = buildGroupSeries('acme', 'chat', buckets, { from: T0, to });
  const monitor = monitorFor('cost_spike', 'acme', 'chat');

  /** Checks every 5 minutes over [from, until), starting from `state`. */
  function run(
    state: MonitorState,
    from: number,
    until: number,
    excluded: Set<number>,
    acceptedFrom: number | null = null,
  ) {
    const opened: Anomaly[] = [];
    for (let now = from; now < until; now += BUCKET_MS) {
      const out = runCheck({ monitor, series, state, now, excluded, acceptedFrom });
      state = out.state;
      for (const e of out.result.events) if (e.kind === 'opened') opened.push(e.anomaly);
      if (out.result.excludeBucket !== null) excluded.add(out.result.excludeBucket);
    }
    return { state, opened };
  }

  const expectedAt = (bucket: number, excluded: Set<number>, s = series): number =>
    runCheck({
      monitor,
      series: s,
      state: initialMonitorState(),
      now: bucket + BUCKET_MS + 15 * 60_000,
      excluded,
    }).result.evaluation!.expected;

  it('dismissing ends the anomaly, opens nothing more while it continues, and its buckets leave the next baseline', () => {
    const excluded = new Set<number>();
    const before = run(initialMonitorState(), T0 + 14 * DAY, spike.from + HOUR, excluded);
    expect(before.opened).toHaveLength(1);
    const out = applyFeedback(
      before.state,
      before.state.open!,
      'dismiss',
      spike.from + HOUR,
      'known batch job',
    );
    expect(out.anomaly.status).toBe('dismissed');
    expect(out.anomaly.history.at(-1)).toMatchObject({ status: 'dismissed', note: 'known batch job' });
    expect(out.state.open).toBeNull();
    for (let b = out.exclude!.from; b < out.exclude!.to; b += BUCKET_MS) excluded.add(b);
    // The spike goes on for 3 more hours: no new anomaly, and those buckets are excluded too.
    const after = run(out.state, spike.from + HOUR, spike.to + 2 * HOUR, excluded);
    expect(after.opened).toEqual([]);
    expect(excluded.has(spike.to - BUCKET_MS)).toBe(true);
    expect(after.state.suppressed).toBeNull();
    // Next day, same time: the baseline equals the one computed without the spike's buckets at all.
    const next = spike.from + DAY + 30 * 60_000;
    const withoutSpike = buildGroupSeries(
      'acme',
      'chat',
      buckets.filter((b) => !excluded.has(b.start)),
      { from: T0, to },
    );
    const dismissed = expectedAt(next, excluded);
    expect(dismissed).toBeCloseTo(expectedAt(next, new Set(), withoutSpike), 10);
    expect(expectedAt(next, new Set())).toBeGreaterThan(dismissed);
  });

  it('accepting re-baselines from the change point: building until enough buckets, then the new level is normal', () => {
    const excluded = new Set<number>();
    const before = run(initialMonitorState(), T0 + 14 * DAY, spike.from + 30 * 60_000, excluded);
    const open = before.state.open!;
    const out = applyFeedback(before.state, open, 'accept', spike.from + 30 * 60_000);
    expect(out.anomaly.status).toBe('accepted');
    expect(out.acceptedFrom).toBe(spike.from);
    const first = runCheck({
      monitor,
      series,
      state: out.state,
      now: spike.from + 45 * 60_000,
      acceptedFrom: out.acceptedFrom,
    });
    expect(first.result.status).toBe('building_baseline');
    expect(first.result.eta).toBeDefined();
    const later = run(first.state, spike.from + 50 * 60_000, spike.to, excluded, out.acceptedFrom);
    expect(later.opened).toEqual([]);
    const e = runCheck({
      monitor,
      series,
      state: later.state,
      now: spike.to,
      acceptedFrom: out.acceptedFrom,
    }).result;
    expect(e.status).toBe('active');
  });
});
