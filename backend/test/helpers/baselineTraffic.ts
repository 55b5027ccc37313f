import { BUCKET_MS, type BucketAggregate } from '../../src/contract/monitors';
import { Rng } from '../../src/core/rng';
import { percentileSorted } from '../../src/core/stats';

/**
 * Synthetic LLM traffic for the baseline engine's tests, seeded: per 5-minute bucket a Poisson
 * request count whose mean follows a daily cycle between `low` and `high` (peak 15:00 UTC, the
 * cycle's amplitude halved on weekends); per request a lognormal cost and latency (σ of log 0.5),
 * an error with probability `errorRate`, a requested model and model_actual = requested except a
 * share `mismatch` served by a fallback. Aggregated per (org, feature) and per org (feature null).
 */
export interface GroupProfile {
  org: string;
  feature: string;
  low: number;
  high: number;
  costMedian: number;
  latencyMedian: number;
  errorRate: number;
  mismatch: number;
}

export type IncidentKind = 'cost' | 'latency' | 'errors' | 'traffic' | 'model' | 'creep';

export interface Incident {
  org: string;
  feature: string;
  kind: IncidentKind;
  from: number;
  to: number;
  /** cost/latency/traffic: multiplier; errors: the error rate; model: share switched; creep: final +fraction. */
  size: number;
}

/** One busy feature (40–120 requests per bucket, $0.01 and 800 ms per request): the service-level tests' group. */
export const ACME_CHAT: GroupProfile = {
  org: 'acme',
  feature: 'chat',
  low: 40,
  high: 120,
  costMedian: 0.01,
  latencyMedian: 800,
  errorRate: 0.01,
  mismatch: 0.01,
};

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** Monday 2024-01-01 00:00 UTC. */
export const T0 = Date.UTC(2024, 0, 1);

const MODELS = ['gpt-4o', 'gpt-4o-mini'];
const FALLBACK = 'claude-haiku';

/** `count` groups over `orgs` orgs with profiles drawn from `seed`. */
export function randomProfiles(seed: number, orgs: string[], features: string[]): GroupProfile[] {
  const rng = new Rng(seed);
  const out: GroupProfile[] = [];
  for (const org of orgs)
    for (const feature of features)
      out.push({
        org,
        feature,
        low: 20 + 20 * rng.nextFloat(),
        high: 80 + 120 * rng.nextFloat(),
        costMedian: 0.002 * Math.exp(3 * rng.nextFloat()),
        latencyMedian: 300 + 1200 * rng.nextFloat(),
        errorRate: 0.01,
        mismatch: 0.01,
      });
  return out;
}

class Sampler {
  private spare = NaN;
  constructor(readonly rng: Rng) {}
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.rng.nextFloat()));
    const a = 2 * Math.PI * this.rng.nextFloat();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }
  /** Poisson by Knuth's product of uniforms, in chunks of mean ≤ 30. */
  poisson(lambda: number): number {
    let n = 0;
    let left = lambda;
    while (left > 0) {
      const l = Math.min(left, 30);
      left -= l;
      const limit = Math.exp(-l);
      let p = this.rng.nextFloat();
      while (p > limit) {
        n++;
        p *= this.rng.nextFloat();
      }
    }
    return n;
  }
}

export function meanRequests(g: GroupProfile, t: number): number {
  const hour = (((t % DAY) + DAY) % DAY) / HOUR;
  const shape = 0.5 * (1 - Math.cos((2 * Math.PI * (hour - 3)) / 24));
  const dow = new Date(t).getUTCDay();
  const weekend = dow === 0 || dow === 6 ? 0.5 : 1;
  return g.low + (g.high - g.low) * shape * weekend;
}

function effect(incidents: Incident[], g: GroupProfile, kind: IncidentKind, t: number): Incident | null {
  for (const inc of incidents)
    if (
      inc.kind === kind &&
      inc.org === g.org &&
      inc.feature === g.feature &&
      t >= inc.from &&
      (t < inc.to || kind === 'creep')
    )
      return inc;
  return null;
}

function emptyBucket(org: string, feature: string | null, start: number): BucketAggregate {
  return {
    org,
    feature,
    start,
    requests: 0,
    errors: 0,
    cost: 0,
    latencyP50: null,
    latencyP95: null,
    latencyP99: null,
    tokensIn: 0,
    tokensOut: 0,
    modelRequested: {},
    modelActual: {},
    modelMismatch: 0,
  };
}

function addCount(r: Record<string, number>, k: string, n = 1): void {
  r[k] = (r[k] ?? 0) + n;
}

/** One request as `POST /v1/events` takes it. */
export interface TrafficEvent {
  org: string;
  feature: string;
  timestamp: number;
  cost: number;
  latency_ms: number;
  error: boolean;
  model_requested: string;
  model_actual: string;
}

/** Buckets per group key (`org/feature`, and `org` for the org totals), ascending; empty buckets are absent. */
export function generateTraffic(
  seed: number,
  profiles: GroupProfile[],
  from: number,
  to: number,
  incidents: Incident[] = [],
  /** Receives every request as an event (spread evenly over its bucket); the RNG draws are unchanged. */
  sink?: (e: TrafficEvent) => void,
): Map<string, BucketAggregate[]> {
  const s = new Sampler(new Rng(seed));
  const out = new Map<string, BucketAggregate[]>();
  const orgs = [...new Set(profiles.map((p) => p.org))];
  for (const p of profiles) out.set(`${p.org}/${p.feature}`, []);
  for (const o of orgs) out.set(o, []);
  const lat = new Float64Array(100_000);
  const orgLat = new Map<string, Float64Array>(orgs.map((o) => [o, new Float64Array(100_000)]));
  for (let t = from; t < to; t += BUCKET_MS) {
    const orgBuckets = new Map(orgs.map((o) => [o, emptyBucket(o, null, t)]));
    const orgN = new Map(orgs.map((o) => [o, 0]));
    for (const g of profiles) {
      const traffic = effect(incidents, g, 'traffic', t);
      const n = s.poisson(meanRequests(g, t) * (traffic ? traffic.size : 1));
      if (n === 0) continue;
      const b = emptyBucket(g.org, g.feature, t);
      const costInc = effect(incidents, g, 'cost', t);
      const creep = effect(incidents, g, 'creep', t);
      const costFactor =
        (costInc ? costInc.size : 1) *
        (creep ? 1 + creep.size * Math.min(1, (t - creep.from) / (creep.to - creep.from)) : 1);
      const latInc = effect(incidents, g, 'latency', t);
      const errInc = effect(incidents, g, 'errors', t);
      const modelInc = effect(incidents, g, 'model', t);
      const errorRate = errInc ? errInc.size : g.errorRate;
      const switched = g.mismatch + (modelInc ? modelInc.size : 0);
      const ob = orgBuckets.get(g.org)!;
      const ol = orgLat.get(g.org)!;
      let on = orgN.get(g.org)!;
      let sinkCost = 0;
      let sinkErrors = 0;
      for (let r = 0; r < n; r++) {
        b.cost += g.costMedian * costFactor * Math.exp(0.5 * s.normal());
        const l = g.latencyMedian * (latInc ? latInc.size : 1) * Math.exp(0.5 * s.normal());
        lat[r] = l;
        ol[on++] = l;
        if (s.rng.nextFloat() < errorRate) b.errors++;
        const requested = s.rng.nextFloat() < 0.7 ? MODELS[0] : MODELS[1];
        const actual = s.rng.nextFloat() < switched ? FALLBACK : requested;
        addCount(b.modelRequested, requested);
        addCount(b.modelActual, actual);
        if (actual !== requested) b.modelMismatch++;
        sink?.({
          org: g.org,
          feature: g.feature,
          timestamp: t + Math.floor((r * BUCKET_MS) / n),
          cost: b.cost - sinkCost,
          latency_ms: l,
          error: b.errors > sinkErrors,
          model_requested: requested,
          model_actual: actual,
        });
        sinkCost = b.cost;
        sinkErrors = b.errors;
      }
      orgN.set(g.org, on);
      b.requests = n;
      const sorted = lat.subarray(0, n).sort();
      b.latencyP50 = percentileSorted(sorted, 50);
      b.latencyP95 = percentileSorted(sorted, 95);
      b.latencyP99 = percentileSorted(sorted, 99);
      out.get(`${g.org}/${g.feature}`)!.push(b);
      ob.requests += n;
      ob.errors += b.errors;
      ob.cost += b.cost;
      ob.modelMismatch += b.modelMismatch;
      for (const [k, v] of Object.entries(b.modelRequested)) addCount(ob.modelRequested, k, v);
      for (const [k, v] of Object.entries(b.modelActual)) addCount(ob.modelActual, k, v);
    }
    for (const o of orgs) {
      const ob = orgBuckets.get(o)!;
      const on = orgN.get(o)!;
      if (on === 0) continue;
      const sorted = orgLat.get(o)!.subarray(0, on).sort();
      ob.latencyP50 = percentileSorted(sorted, 50);
      ob.latencyP95 = percentileSorted(sorted, 95);
      ob.latencyP99 = percentileSorted(sorted, 99);
      out.get(o)!.push(ob);
    }
  }
  return out;
}
