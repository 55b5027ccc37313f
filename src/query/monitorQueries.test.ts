import { DataTopic, type DataFrame, type Field } from '@grafana/data';
import { startLensFixture, queryRequest, type LensFixture } from '../test/lensFixture';
import { fakeAnomaly, fakeMonitor, fakeSeries, T } from '../test/fakeMonitors';
import type { AnomalyQuery } from '../types';

const HOUR = 3_600_000;
const FROM = T;
const TO = T + 6 * HOUR;

const field = (frame: DataFrame, name: string): Field | undefined =>
  frame.fields.find((f) => (f.config.displayNameFromDS ?? f.name) === name);
const values = (frame: DataFrame, name: string) => Array.from(field(frame, name)?.values ?? []);

describe('Monitor, Anomaly feed and Monitor status queries', () => {
  let fx: LensFixture;
  beforeAll(async () => {
    fx = await startLensFixture();
  });
  afterAll(() => fx.backend.stop());
  beforeEach(() => {
    fx.backend.monitorData = {
      monitors: [
        fakeMonitor({}),
        fakeMonitor({
          id: 'mon_lat',
          type: 'latency_degradation',
          status: 'building_baseline',
          eta: '2024-03-12T00:00:00.000Z',
          eta_hours: 36,
        }),
        fakeMonitor({
          id: 'mon_other',
          org: 'globex',
          feature: 'search',
          status: 'degraded',
          reason: 'checks lag 12 min',
        }),
      ],
      series: {},
      anomalies: [
        fakeAnomaly({}),
        fakeAnomaly({
          id: 'mon_old:1',
          monitor_id: 'mon_cost',
          resolved_at: new Date(FROM - HOUR).toISOString(),
        }),
        fakeAnomaly({ id: 'mon_other:1', monitor_id: 'mon_other', org: 'globex', feature: 'search' }),
      ],
    };
    fx.backend.monitorData.series.mon_cost = {
      ...fakeSeries('mon_cost'),
      anomalies: [fx.backend.monitorData.anomalies[0]],
    };
  });

  const run = async (query: Partial<AnomalyQuery>) =>
    (await fx.lens.query(queryRequest([{ refId: 'A', ...query }], FROM, TO))).data as DataFrame[];

  it('Monitor: observed, expected and a band per monitor of $org/$feature, and the anomaly regions', async () => {
    const frames = await run({ queryType: 'monitor', org: '$org', feature: '$feature', monitorId: '' });
    // $org and $feature interpolated (fixture variables: org=acme, feature=chat): two monitors of acme/chat.
    expect(fx.backend.requests.some((r) => r.path === '/v1/monitors?org=acme&feature=chat')).toBe(true);
    const series = frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations && f.fields.length > 0);
    expect(series.map((f) => f.name)).toEqual(['cost_spike acme/chat', 'latency_degradation acme/chat']);
    const cost = series[0];
    expect(values(cost, 'cost_spike acme/chat')).toEqual([1.4, 1.6, 9]);
    expect(values(cost, 'cost_spike acme/chat expected')).toEqual([1.5, 1.5, 1.5]);
    expect(field(cost, 'cost_spike acme/chat upper')?.config.custom?.fillBelowTo).toBe(
      'cost_spike acme/chat lower',
    );
    expect(values(cost, 'time')).toEqual([T, T + HOUR, T + 2 * HOUR]);
    expect(field(series[1], 'latency_degradation acme/chat')?.config.unit).toBe('ms');
    expect(field(cost, 'cost_spike acme/chat')?.labels).toEqual({
      monitor: 'mon_cost',
      type: 'cost_spike',
      org: 'acme',
      feature: 'chat',
    });
    const events = frames.find((f) => f.meta?.dataTopic === DataTopic.Annotations)!;
    expect(values(events, 'time')).toEqual([T + HOUR]);
    expect(values(events, 'title')).toEqual(['▲ cost_spike in acme/chat']);
    expect(values(events, 'id')).toEqual(['mon_cost:1710068400000']);
    expect(values(events, 'timeEnd')[0]).toBeGreaterThanOrEqual(T + 2 * HOUR); // open: runs to now
    expect(frames[0].meta?.notices?.map((n) => n.text)).toEqual([
      'monitor mon_lat is building baseline (active at 2024-03-12T00:00:00.000Z)',
    ]);
    const sent = fx.backend.requests.find((r) => r.path.startsWith('/v1/monitors/mon_cost/series'))!;
    expect(sent.path).toBe(`/v1/monitors/mon_cost/series?from=${FROM}&to=${TO}`);
    expect(sent.headers['x-api-key']).toBe('k1');
  });

  it('treats All values of template variables as every org and feature', async () => {
    await run({ queryType: 'monitor_status', org: '.*', feature: '$__all' });
    expect(fx.backend.requests.at(-1)?.path).toBe('/v1/monitors');
  });

  it('Monitor: one monitor by id, and a clear notice when none matches', async () => {
    const frames = await run({ queryType: 'monitor', monitorId: 'mon_other' });
    expect(frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations).map((f) => f.name)).toEqual([
      'cost_spike globex/search',
    ]);
    const none = await run({ queryType: 'monitor', org: 'initech' });
    expect(none[0].meta?.notices).toEqual([
      { severity: 'info', text: 'no monitors for org initech, feature all' },
    ]);
    const missing = await run({ queryType: 'monitor', monitorId: 'mon_nope' });
    expect(missing[0].meta?.notices).toEqual([{ severity: 'error', text: "no monitor 'mon_nope'" }]);
  });

  it('Anomaly feed: a table of the anomalies overlapping the range, with Dismiss and Accept actions through the proxy', async () => {
    const [feed] = await run({ queryType: 'anomaly_feed', org: 'acme' });
    expect(feed.fields.map((f) => f.name)).toEqual([
      'type',
      'org',
      'feature',
      'observed',
      'expected',
      'σ',
      '%',
      'severity',
      'status',
      'detected',
      'duration',
      'summary',
      'id',
    ]);
    // mon_old:1 was resolved before the range started; globex is another org.
    expect(values(feed, 'id')).toEqual(['mon_cost:1710068400000']);
    expect(values(feed, 'observed')).toEqual([9]);
    expect(values(feed, 'detected')).toEqual([T + HOUR]);
    expect(feed.meta?.preferredVisualisationType).toBe('table');
    const request = fx.backend.requests.at(-1)!;
    expect(request.path).toBe(`/v1/anomalies?org=acme&from=${FROM - 7 * 24 * HOUR}&to=${TO}&limit=1000`);
    const actions = field(feed, 'summary')?.config.actions ?? [];
    expect(actions.map((a) => [a.title, a.fetch?.method, a.fetch?.url])).toEqual([
      ['Dismiss', 'POST', '/api/datasources/proxy/uid/lens/lens/v1/anomalies/${__data.fields.id}/dismiss'],
      [
        'Accept as new normal',
        'POST',
        '/api/datasources/proxy/uid/lens/lens/v1/anomalies/${__data.fields.id}/accept',
      ],
    ]);
    expect(JSON.parse(actions[0].fetch?.body ?? '')).toEqual({
      reason: 'Dismiss from Grafana by ${__user.login}',
    });
    expect(feed.fields.every((f) => f.config.actions?.length === 2)).toBe(true);
  });

  it('Anomaly feed: follows the cursor over pages and filters by status', async () => {
    fx.backend.monitorData.anomalies = Array.from({ length: 1500 }, (_, i) =>
      fakeAnomaly({ id: `mon_cost:${i}` }),
    );
    const [feed] = await run({ queryType: 'anomaly_feed', anomalyStatus: 'open, ongoing' });
    expect(feed.length).toBe(1500);
    expect(fx.backend.requests.at(-1)?.path).toContain('status=open%2Congoing');
    expect(fx.backend.requests.at(-1)?.path).toContain('cursor=1000');
  });

  it('dismissing through the feed route changes the anomaly, once', async () => {
    const id = 'mon_cost:1710068400000';
    const dismissed = await fx.lens.client.feedback(id, 'dismiss', 'deploy');
    expect(dismissed.status).toBe('dismissed');
    await expect(fx.lens.client.feedback(id, 'accept')).rejects.toMatchObject({ status: 409 });
  });

  it('Monitor status: status, ETA and reason per monitor', async () => {
    const [table] = await run({ queryType: 'monitor_status' });
    expect(values(table, 'monitor')).toEqual([
      'cost_spike acme/chat',
      'latency_degradation acme/chat',
      'cost_spike globex/search',
    ]);
    expect(values(table, 'status')).toEqual(['active', 'building_baseline', 'degraded']);
    expect(values(table, 'ETA')).toEqual([null, Date.parse('2024-03-12T00:00:00.000Z'), null]);
    expect(values(table, 'ETA (hours)')).toEqual([null, 36, null]);
    expect(values(table, 'reason')).toEqual(['', '', 'checks lag 12 min']);
    expect(field(table, 'status')?.config.mappings?.[0]).toMatchObject({
      options: { building_baseline: { text: 'building baseline' } },
    });
  });

  it('annotation queries: the provisioned anomaly_feed target and an empty one both give anomaly events', async () => {
    const prepared = fx.lens.annotations!.prepareQuery!({
      name: 'Anomalies',
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', queryType: 'anomaly_feed', org: '$org', feature: '$feature', monitorId: '' },
    } as never)!;
    const frames = (await fx.lens.query(queryRequest([prepared], FROM, TO))).data as DataFrame[];
    expect(frames).toHaveLength(1);
    expect(frames[0].meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(values(frames[0], 'tags')).toEqual([['anomaly', 'cost_spike', 'acme', 'chat', 'ongoing']]);
    const fallback = fx.lens.annotations!.prepareQuery!({
      name: 'x',
      enable: true,
      iconColor: 'red',
    } as never)!;
    expect(fallback).toMatchObject({ queryType: 'anomaly_feed', annotationsOnly: true });
    const all = (await fx.lens.query(queryRequest([fallback], FROM, TO))).data as DataFrame[];
    expect(values(all[0], 'id')).toEqual(['mon_cost:1710068400000', 'mon_other:1']);
  });

  it('variable queries: orgs, features(<org>) and monitors(<org>, <feature>)', async () => {
    expect(await fx.lens.metricFindQuery('orgs')).toEqual([
      { text: 'acme', value: 'acme' },
      { text: 'globex', value: 'globex' },
    ]);
    expect(await fx.lens.metricFindQuery('features($org)')).toEqual([{ text: 'chat', value: 'chat' }]);
    expect(await fx.lens.metricFindQuery('monitors(acme, chat)')).toEqual([
      { text: 'cost_spike acme/chat', value: 'mon_cost' },
      { text: 'latency_degradation acme/chat', value: 'mon_lat' },
    ]);
    await expect(fx.lens.metricFindQuery('teams')).rejects.toThrow(/orgs, features\(<org>\) or monitors/);
  });
});
