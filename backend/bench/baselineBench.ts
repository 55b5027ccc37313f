import { runCheck } from '../src/baseline/check';
import type { MonitorSpec } from '../src/baseline/checkTypes';
import { DEFAULT_MONITOR_OPTIONS } from '../src/baseline/config';
import { seriesBytes, type GroupSeries } from '../src/baseline/groupSeries';
import { initialMonitorState, type MonitorState } from '../src/baseline/state';
import { BUCKET_MS, EVENT_MONITOR_TYPES } from '../src/contract/monitors';
import { Rng } from '../src/core/rng';
import { bestMs } from './timing';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const TYPES = EVENT_MONITOR_TYPES;

/**
 * 28 days of 5-minute buckets for one group, written straight into the dense columns (the engine's
 * in-memory form): daily/weekly-seasonal Poisson-like counts, cost, p95, ~1% errors and fallbacks.
 */
function syntheticGroup(rng: Rng, org: string, feature: string, days: number): GroupSeries {
  const length = days * (DAY / BUCKET_MS);
  const f = (): Float32Array => new Float32Array(length);
  const [requests, errors, cost, p95, mismatch, m0, m1, m2] = [f(), f(), f(), f(), f(), f(), f(), f()];
  const present = new Uint8Array(length);
  const low = 20 + 20 * rng.nextFloat();
  const high = 80 + 120 * rng.nextFloat();
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  for (let i = 0; i < length; i++) {
    const t = T0 + i * BUCKET_MS;
    const hour = (t % DAY) / 3_600_000;
    const dow = new Date(t).getUTCDay();
    const lambda =
      low +
      (high - low) *
        0.5 *
        (1 - Math.cos((2 * Math.PI * (hour - 3)) / 24)) *
        (dow === 0 || dow === 6 ? 0.5 : 1);
    const n = Math.max(1, Math.round(lambda + Math.sqrt(lambda) * gauss()));
    present[i] = 1;
    requests[i] = n;
    errors[i] = rng.nextFloat() < n * 0.01 ? 1 : 0;
    cost[i] = n * 0.01 * (1 + (0.55 / Math.sqrt(n)) * gauss());
    p95[i] = 900 * Math.exp(0.2 * gauss());
    mismatch[i] = rng.nextFloat() < n * 0.01 ? 1 : 0;
    m2[i] = mismatch[i];
    m0[i] = Math.round(0.7 * (n - m2[i]));
    m1[i] = n - m2[i] - m0[i];
  }
  return {
    org,
    feature,
    start: T0,
    length,
    present,
    requests,
    errors,
    cost,
    p95,
    mismatch,
    models: ['gpt-4o', 'gpt-4o-mini', 'claude-haiku'],
    modelCounts: [m0, m1, m2],
    firstData: T0,
  };
}

export interface BaselineBenchFigures {
  readonly monitors: number;
  readonly groups: number;
  readonly checkMs: number;
  readonly bucketBytesPerGroup: number;
  readonly bucketBytesPerMonitor: number;
  readonly stateJsonBytesPerMonitor: number;
}

/**
 * One check of `monitors` monitored series (6 types per group, 28 days of buckets each, states
 * warmed by a first check), best of `repeats` — each repeat checks the next bucket. Prints figures.
 */
export async function benchBaseline(
  options: { monitors?: number; repeats?: number } = {},
): Promise<BaselineBenchFigures> {
  const monitors = options.monitors ?? 10_000;
  const repeats = options.repeats ?? 3;
  const days = 28;
  const rng = new Rng(2024);
  const groups = Math.ceil(monitors / TYPES.length);
  const series: GroupSeries[] = [];
  for (let g = 0; g < groups; g++) series.push(syntheticGroup(rng, `org${g % 200}`, `f${g}`, days));
  const specs: { spec: MonitorSpec; series: GroupSeries }[] = [];
  for (let k = 0; k < monitors; k++) {
    const s = series[Math.floor(k / TYPES.length)];
    const type = TYPES[k % TYPES.length];
    specs.push({
      spec: {
        id: `m${k}`,
        type,
        org: s.org,
        feature: s.feature,
        direction: 'up',
        options: DEFAULT_MONITOR_OPTIONS,
      },
      series: s,
    });
  }
  const end = T0 + days * DAY;
  let now = end - 4 * BUCKET_MS; // evaluates a bucket that ended > 15 min before the data's end
  const states: MonitorState[] = specs.map(() => initialMonitorState());
  const checkAll = (): number => {
    let deviating = 0;
    for (let k = 0; k < specs.length; k++) {
      const out = runCheck({ monitor: specs[k].spec, series: specs[k].series, state: states[k], now });
      states[k] = out.state;
      if (out.result.evaluation?.deviating) deviating++;
    }
    now += BUCKET_MS;
    return deviating;
  };
  now -= 8 * BUCKET_MS;
  checkAll(); // warm-up: activation, frozen references
  const checkMs = await bestMs(repeats, checkAll);
  const bucketBytesPerGroup = seriesBytes(series[0]);
  let stateBytes = 0;
  for (const s of states) stateBytes += JSON.stringify(s).length;
  const figures: BaselineBenchFigures = {
    monitors,
    groups,
    checkMs,
    bucketBytesPerGroup,
    bucketBytesPerMonitor: bucketBytesPerGroup / TYPES.length,
    stateJsonBytesPerMonitor: stateBytes / monitors,
  };
  console.log(
    `\n## Baseline monitors (backend/src/baseline): one check, ${monitors} monitored series, ${groups} groups × ${TYPES.length} types, 28 days of 5-minute buckets each`,
  );
  console.log(
    `one check of all series: ${checkMs.toFixed(0)} ms (best of ${repeats}; ${((checkMs * 1000) / monitors).toFixed(1)} µs per series)`,
  );
  console.log(
    `memory per monitored series: ${(figures.bucketBytesPerMonitor / 1024).toFixed(1)} KiB of bucket columns (${(bucketBytesPerGroup / 1024).toFixed(0)} KiB per group of ${days * 288} buckets, shared by its ${TYPES.length} monitors) + ${figures.stateJsonBytesPerMonitor.toFixed(0)} B of state (JSON) = ${((figures.bucketBytesPerMonitor + figures.stateJsonBytesPerMonitor) / 1024).toFixed(1)} KiB`,
  );
  return figures;
}
