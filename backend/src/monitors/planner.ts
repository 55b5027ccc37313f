import { BUCKET_MS, type Monitor } from '../contract/monitors';
import { TimeSlices } from '../core/timeSlices';
import { DEFAULT_ENGINE_CONFIG } from '../baseline/config';
import { buildMetricSeries } from '../baseline/groupSeries';
import type { PrometheusPolicy } from '../sources/prometheusPolicy';
import type { Exclusion, MonitorStore } from '../store/monitorStore';
import { PROMQL_ENGINE_CONFIG, type MonitorWork } from './checker';
import type { EventSeriesCache } from './eventSeriesCache';
import { seriesMonitorId } from './ids';
import { fetchBuckets } from './promqlSource';
import type { StateCache } from './stateCache';

const DAY = 86_400_000;
const HISTORY_MS = 28 * DAY;

export interface PlanContext {
  store: MonitorStore;
  cache: EventSeriesCache;
  states: StateCache;
  prometheus: PrometheusPolicy;
  /** The pipeline is degraded: results incomplete, traffic drops suppressed. */
  degraded: boolean;
}

/** What each monitor's check needs at `at`: its series, exclusions, config. */
export async function planChecks(
  ctx: PlanContext,
  monitors: readonly Monitor[],
  at: number,
  opts: { fetch?: boolean } = {},
): Promise<MonitorWork[]> {
  const work: MonitorWork[] = [];
  const byGroup = new Map<string, Monitor[]>();
  for (const m of monitors) {
    if (m.kind === 'promql') work.push(await planPromql(ctx, m, at, opts.fetch ?? true));
    else {
      const key = JSON.stringify([m.org, m.feature]);
      const list = byGroup.get(key) ?? [];
      list.push(m);
      byGroup.set(key, list);
    }
  }
  const featuresOf = new Map<string, string[]>();
  for (const g of await ctx.store.groups())
    if (g.feature !== null) featuresOf.set(g.org, [...(featuresOf.get(g.org) ?? []), g.feature]);
  const slices = new TimeSlices();
  for (const list of byGroup.values()) {
    await slices.pause();
    const { org, feature } = list[0];
    if (org === null) continue;
    const series = await ctx.cache.series(org, feature, at);
    const contributors =
      feature === null
        ? await Promise.all((featuresOf.get(org) ?? []).map((f) => ctx.cache.series(org, f, at)))
        : undefined;
    const exclusions = await ctx.store.exclusions(org, feature);
    const excluded = excludedBuckets(exclusions);
    for (const m of list)
      work.push({
        monitor: m,
        series: [{ key: '', series, spec: specOf(m, m.id, org), contributors }],
        excluded,
        ...feedbackOf(exclusions, m.id),
        config: DEFAULT_ENGINE_CONFIG,
        degraded: ctx.degraded,
      });
  }
  return work;
}

async function planPromql(ctx: PlanContext, m: Monitor, at: number, fetch: boolean): Promise<MonitorWork> {
  const stored = await ctx.states.get(m.id);
  let failure: string | undefined;
  let fetchedTo = stored.fetchedTo;
  if (fetch)
    try {
      const fetched = await fetchBuckets(
        ctx.prometheus,
        m.expr ?? '',
        stored.fetchedTo ?? at - HISTORY_MS,
        at,
      );
      await ctx.store.putMetricPoints(m.id, fetched.series);
      fetchedTo = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    } catch (error) {
      failure = (error as Error).message;
    }
  const points = await ctx.store.metricPoints(m.id, at - HISTORY_MS, at + BUCKET_MS);
  const range = {
    from: Math.floor((at - HISTORY_MS) / BUCKET_MS) * BUCKET_MS,
    to: Math.floor(at / BUCKET_MS) * BUCKET_MS + BUCKET_MS,
  };
  const exclusions = (await ctx.store.exclusions(null, null)).filter((e) => e.monitorId === m.id);
  return {
    monitor: m,
    series: points.map((s) => ({
      key: s.key,
      series: buildMetricSeries(m.org, s.points, range),
      spec: {
        ...specOf(m, seriesMonitorId(m.id, s.key), m.org ?? ''),
        scope: `for ${m.name ?? m.expr ?? ''}${s.key}`,
        subject: 'value',
      },
    })),
    excluded: excludedBuckets(exclusions),
    ...feedbackOf(exclusions, m.id),
    config: PROMQL_ENGINE_CONFIG,
    degraded: ctx.degraded || failure !== undefined,
    failure,
    carry: { fetchedTo, labels: Object.fromEntries(points.map((s) => [s.key, s.labels])) },
  };
}

function specOf(m: Monitor, id: string, org: string): MonitorWork['series'][number]['spec'] {
  return { id, type: m.type, org, feature: m.feature, direction: m.direction, options: m.options };
}

/** Buckets of dismissed anomalies: [from, to) of each dismissal. */
export function excludedBuckets(exclusions: readonly Exclusion[]): Set<number> {
  const out = new Set<number>();
  for (const e of exclusions)
    if (e.kind === 'dismissed' && e.to !== null)
      for (let b = Math.floor(e.from / BUCKET_MS) * BUCKET_MS; b < e.to; b += BUCKET_MS) out.add(b);
  return out;
}

/** The monitor's latest accept (re-baseline point) and latest dismissal. */
export function feedbackOf(
  exclusions: readonly Exclusion[],
  monitorId: string,
): { acceptedFrom: number | null; lastDismissal: string | null } {
  let acceptedFrom: number | null = null;
  let lastDismissal: string | null = null;
  for (const e of exclusions) {
    if (e.monitorId !== monitorId) continue;
    if (e.kind === 'accepted') acceptedFrom = Math.max(acceptedFrom ?? -Infinity, e.from);
    else lastDismissal = e.anomalyId;
  }
  return { acceptedFrom, lastDismissal };
}
