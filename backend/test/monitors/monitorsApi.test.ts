import type { Anomaly, Monitor } from '../../src/contract/monitors';
import { BUCKET_MS } from '../../src/contract/monitors';
import {
  DAY,
  HOUR,
  T0 as SCENARIO_T0,
  generateTraffic,
  type GroupProfile,
  type TrafficEvent,
} from '../helpers/baselineTraffic';
import { startService, type RunningService } from '../helpers/service';
import { INCIDENTS, scenarioProfiles } from '../baseline/scenario';

/**
 * The acceptance scenario through the real service: 3 weeks of synthetic traffic (2 orgs × 3
 * features, six injected incidents, a new org on day 18) posted to /v1/events, then checks run
 * in order with POST /v1/monitors/check {at} (the data is shifted to end just before now).
 */
const now = Date.now();
// The first Monday 00:00 UTC with 28 days of retention still ahead of it, so the calendar (weekends) is the scenario's.
const T0 = (() => {
  const earliest = now - 28 * DAY + HOUR;
  const day = Math.ceil(earliest / DAY) * DAY;
  const dow = new Date(day).getUTCDay();
  return day + ((8 - dow) % 7) * DAY;
})();
const END = Math.min(T0 + 21 * DAY, Math.floor((now - 20 * 60_000) / BUCKET_MS) * BUCKET_MS);
const shift = (t: number): number => t - SCENARIO_T0 + T0;
const incidents = INCIDENTS.map((i) => ({ ...i, from: shift(i.from), to: shift(i.to) }));
const NEW_ORG_START = T0 + 18 * DAY + 3 * HOUR + 20 * 60_000;
const newOrg: GroupProfile = {
  org: 'initech',
  feature: 'chat',
  low: 30,
  high: 120,
  costMedian: 0.01,
  latencyMedian: 800,
  errorRate: 0.01,
  mismatch: 0.01,
};

async function postAll(service: RunningService, events: TrafficEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 10_000) {
    const res = await service.post('/v1/events', events.slice(i, i + 10_000));
    if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

describe('baseline monitors through the API: 3 weeks, 2 orgs × 3 features, six incidents', () => {
  let service: RunningService;
  const anomalies: Anomaly[] = [];
  const checks: Record<string, { status: number; body: any }> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  const monitorsAt: Record<string, Monitor[]> = {};

  const check = async (at: number) => {
    const res = await service.post('/v1/monitors/check', { at: new Date(at).toISOString() });
    if (res.status !== 200) throw new Error(`check failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  beforeAll(async () => {
    service = await startService({ env: { LF_CHECK_INTERVAL: '0' } });
    for (let day = T0; day < END; day += DAY) {
      const events: TrafficEvent[] = [];
      const to = Math.min(day + DAY, END);
      generateTraffic((day - T0) / DAY + 1, scenarioProfiles(), day, to, incidents, (e) => events.push(e));
      if (to > NEW_ORG_START)
        generateTraffic(99 + (day - T0) / DAY, [newOrg], Math.max(day, NEW_ORG_START), to, [], (e) =>
          events.push(e),
        );
      await postAll(service, events);
    }
    // Checks every 3 hours of scenario time (each catches up the buckets in between), plus the
    // instants the new org's activation is asserted at.
    const times = new Set<number>();
    for (let t = T0 + HOUR; t <= END; t += 3 * HOUR) times.add(t);
    const probes = [
      T0 + 18 * DAY + 13 * HOUR + 20 * 60_000,
      T0 + 20 * DAY + 3 * HOUR + 30 * 60_000,
      T0 + 20 * DAY + 3 * HOUR + 35 * 60_000,
    ];
    for (const p of probes) times.add(p);
    for (const t of [...times].sort((a, b) => a - b)) {
      checks[t] = await check(t);
      if (probes.includes(t))
        monitorsAt[t] = (await service.get('/v1/monitors?org=initech&feature=chat')).body.data;
    }
    await check(END);
    let cursor: string | undefined;
    do {
      const page = await service.get(`/v1/anomalies?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      anomalies.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    console.log(
      anomalies
        .map((a) => `${a.type} ${a.org}/${a.feature ?? '*'} ${a.detected_at} ${a.status} | ${a.summary}`)
        .join('\n'),
    );
  }, 600_000);

  afterAll(async () => {
    await service?.stop();
  });

  const featureLevel = (): Anomaly[] => anomalies.filter((a) => a.feature !== null);

  it('creates six monitors per group automatically (org totals and features)', async () => {
    const res = await service.get('/v1/monitors?kind=events');
    const groups = new Set(res.body.data.map((m: Monitor) => `${m.org}/${m.feature ?? '*'}`));
    expect([...groups].sort()).toEqual([
      'acme/*',
      'acme/chat',
      'acme/control',
      'acme/search',
      'globex/*',
      'globex/chat',
      'globex/control',
      'globex/search',
      'initech/*',
      'initech/chat',
    ]);
    expect(res.body.data).toHaveLength(60);
    expect(res.body.data.every((m: Monitor) => m.status === 'active')).toBe(true);
  });

  it.each(incidents.map((i) => [i.type, i.org, i.feature, i] as const))(
    'detects the %s in %s/%s exactly once, with the right direction',
    (type, org, feature, inc) => {
      const hits = featureLevel().filter((a) => a.type === type && a.org === org && a.feature === feature);
      expect(hits).toHaveLength(1);
      expect(hits[0].direction).toBe(inc.direction);
      const detected = Date.parse(hits[0].detected_at);
      expect(detected).toBeGreaterThanOrEqual(inc.from);
      expect(detected).toBeLessThanOrEqual(inc.kind === 'creep' ? END : inc.from + HOUR);
    },
  );

  it('opens nothing on the control features, and at most one false alarm elsewhere (the budget)', () => {
    expect(anomalies.filter((a) => a.feature === 'control')).toEqual([]);
    // 60 monitors over 3 weeks: the false-alarm budget (≈ 1 a week per 100 monitors) allows ~1.
    const unexpected = featureLevel().filter(
      (a) => !incidents.some((i) => i.type === a.type && i.org === a.org && i.feature === a.feature),
    );
    console.log(
      `feature-level anomalies that were not injected: ${unexpected.length}`,
      unexpected.map((a) => a.summary),
    );
    expect(unexpected.length).toBeLessThanOrEqual(1);
  });

  it('the org-level cost anomaly names chat as its top contributor', () => {
    const cost = anomalies.find((a) => a.feature === null && a.org === 'acme' && a.type === 'cost_spike');
    expect(cost?.top_contributors[0]).toEqual({ feature: 'chat', share: expect.any(Number) });
    expect(cost!.top_contributors[0].share).toBeGreaterThan(0.8);
  });

  it('a spike that continues for 4 hours stays one anomaly, resolved after it ends', async () => {
    const spike = featureLevel().find((a) => a.type === 'cost_spike')!;
    expect(spike.duration_seconds).toBeGreaterThanOrEqual(4 * 3600 - 900);
    expect(spike.status).toBe('resolved');
    const one = await service.get(`/v1/anomalies/${encodeURIComponent(spike.id)}`);
    expect(one.body.history.map((h: { status: string }) => h.status)).toEqual(
      expect.arrayContaining(['open', 'ongoing', 'resolved']),
    );
  });

  it('a new org shows building_baseline with an honest ETA and activates on time', () => {
    const [early, before, after] = Object.keys(monitorsAt)
      .map(Number)
      .sort((a, b) => a - b);
    const traffic = (t: number) => monitorsAt[t].find((m) => m.type === 'traffic_anomaly')!;
    expect(traffic(early)).toMatchObject({
      status: 'building_baseline',
      eta: new Date(T0 + 20 * DAY + 3 * HOUR + 35 * 60_000).toISOString(),
      eta_hours: 38.25,
    });
    expect(traffic(before).status).toBe('building_baseline');
    expect(traffic(after).status).toBe('active');
  });

  it('filters the feed and pages it with a cursor', async () => {
    const acme = await service.get('/v1/anomalies?org=acme&type=cost_spike');
    expect(acme.body.data.length).toBeGreaterThanOrEqual(2);
    expect(acme.body.data.every((a: Anomaly) => a.org === 'acme' && a.type === 'cost_spike')).toBe(true);
    const ids = anomalies.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const open = await service.get('/v1/anomalies?status=open,ongoing,recovering');
    expect(open.status).toBe(200);
  });

  it('dismissing the cost spike keeps its buckets out of the baseline (the expected value drops)', async () => {
    const spike = featureLevel().find((a) => a.type === 'cost_spike')!;
    const range = `from=${T0 + 16 * DAY + 10 * HOUR}&to=${T0 + 16 * DAY + 11 * HOUR}`;
    const before = await service.get(`/v1/monitors/${spike.monitor_id}/series?${range}`);
    expect(before.status).toBe(200);
    const dismissed = await service.post(`/v1/anomalies/${encodeURIComponent(spike.id)}/dismiss`, {
      reason: 'load test',
    });
    expect(dismissed.body).toMatchObject({ status: 'dismissed' });
    expect(dismissed.body.history.at(-1)).toMatchObject({ status: 'dismissed', note: 'load test' });
    const after = await service.get(`/v1/monitors/${spike.monitor_id}/series?${range}`);
    const expected = (r: typeof before) =>
      r.body.series[0].points.map((p: { expected: number }) => p.expected);
    const b = expected(before);
    const a = expected(after);
    expect(a).toHaveLength(12);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeLessThan(b[i]);
    const again = await service.post(`/v1/anomalies/${encodeURIComponent(spike.id)}/dismiss`, {});
    expect(again.status).toBe(409);
  });

  it('replays a monitor with another configuration without changing anything', async () => {
    const spike = featureLevel().find((a) => a.type === 'cost_spike')!;
    const count = (await service.get('/v1/anomalies?limit=1000')).body.data.length;
    const replay = await service.post(`/v1/monitors/${spike.monitor_id}/replay`, {
      days: 7,
      config: { sensitivity: 2, trigger_hits: 2, trigger_window: 3, extreme_sigma: 4 },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.checks).toBeGreaterThan(1500);
    expect(replay.body.options.sensitivity).toBe(2);
    expect((await service.get('/v1/anomalies?limit=1000')).body.data.length).toBe(count);
  });

  it('answers bad requests with a clear 4xx', async () => {
    expect((await service.get('/v1/monitors/nope')).status).toBe(404);
    expect((await service.get('/v1/anomalies/nope')).status).toBe(404);
    expect((await service.post('/v1/anomalies/nope/accept', {})).status).toBe(404);
    expect((await service.get('/v1/anomalies?cursor=garbage')).status).toBe(400);
    expect((await service.get('/v1/anomalies?status=sleeping')).status).toBe(422);
    const [m] = (await service.get('/v1/monitors?org=acme&feature=chat&type=cost_spike')).body.data;
    const patch = (body: unknown) =>
      fetch(`${service.url}/v1/monitors/${m.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await patch({ options: { sensitivity: -1 } })).status).toBe(422);
    const hits = await patch({ options: { trigger_hits: 5, trigger_window: 4 } });
    expect(hits.status).toBe(400);
    expect(hits.body.detail).toMatch(/trigger_hits/);
    expect((await patch({ options: { sensitivity: 2.5 } })).body.options.sensitivity).toBe(2.5);
    expect((await service.post('/v1/monitors/check', { at: 'tomorrow' })).status).toBe(422);
    const promql = await service.post('/v1/monitors', { expr: 'up' });
    expect(promql.status).toBeGreaterThanOrEqual(400);
    expect(promql.status).toBeLessThan(500);
    expect(promql.body.detail).toMatch(/Prometheus/);
    expect((await service.post('/v1/monitors', { expr: '' })).status).toBe(422);
  });
});
