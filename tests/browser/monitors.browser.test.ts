import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BUCKET_MS, type Anomaly, type CheckReport, type Monitor } from '../../backend/src/contract/monitors';
import {
  ACME_CHAT,
  DAY,
  generateTraffic,
  type Incident,
  type TrafficEvent,
} from '../../backend/test/helpers/baselineTraffic';
import type { MonitorsSummary } from './harness/monitorsView';
import { harnessBundle } from './harnessBundle';
import { startHarnessServer, type HarnessServer } from './harnessServer';
import { startLiveBackend, type LiveBackend } from './liveBackend';
import { API_KEY, ARTIFACTS, describeInBrowser, openHeadlessPage } from './headlessChromium';

/** What docker-compose.yml sets as GF_SECURITY_ACTIONS_ALLOW_POST_URL (uid `lens` here). */
const ALLOW_POST = ['/api/datasources/proxy/uid/lens/lens/v1/anomalies/*'];

jest.setTimeout(180_000);

async function api<T>(backend: LiveBackend, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${backend.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function summary(page: Page, runs: number): Promise<MonitorsSummary> {
  await page
    .waitForSelector(`#summary[data-runs="${runs}"]`, { state: 'attached', timeout: 60_000 })
    .catch(async (error: Error) => {
      const failed = await page.evaluate(() => document.body.getAttribute('data-error'));
      throw new Error(`${error.message}\npage error: ${failed}`);
    });
  return JSON.parse((await page.textContent('#summary')) ?? '{}') as MonitorsSummary;
}

/**
 * Three days of acme/chat traffic with a 6× cost spike over the last 90 minutes, checked once by the
 * live backend: the cost monitor opens an anomaly. The built plugin draws the monitor's band and the
 * anomaly, lists it in the feed, and dismisses it through its proxy route as Grafana's table action
 * would; a Viewer's dismiss is refused by the route's reqRole.
 */
describeInBrowser('monitor views of the built plugin against the live backend', () => {
  let backend: LiveBackend;
  let harness: HarnessServer;
  let browser: Browser;
  let page: Page;
  let anomaly: Anomaly;
  let monitor: Monitor;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const [bundleDir, live] = await Promise.all([
      harnessBundle(),
      startLiveBackend({ LF_API_KEY: API_KEY, LF_CHECK_INTERVAL: '0' }),
    ]);
    backend = live;
    const now = Date.now();
    const from = Math.floor((now - 3 * DAY) / BUCKET_MS) * BUCKET_MS;
    const spike: Incident = {
      org: 'acme',
      feature: 'chat',
      kind: 'cost',
      size: 6,
      from: Math.floor((now - 90 * 60_000) / BUCKET_MS) * BUCKET_MS,
      to: now + DAY,
    };
    const events: TrafficEvent[] = [];
    generateTraffic(21, [ACME_CHAT], from, now, [spike], (e) => events.push(e));
    for (let i = 0; i < events.length; i += 10_000)
      await api(backend, 'POST', '/v1/events', events.slice(i, i + 10_000));
    const report = await api<CheckReport>(backend, 'POST', '/v1/monitors/check', {});
    const opened = report.opened.filter((a) => a.type === 'cost_spike' && a.feature === 'chat');
    expect(opened).toHaveLength(1);
    anomaly = opened[0];
    monitor = await api<Monitor>(backend, 'GET', `/v1/monitors/${anomaly.monitor_id}`);

    harness = await startHarnessServer(bundleDir, { actionsAllowPostUrl: ALLOW_POST });
    await fetch(`${harness.url}/harness/settings`, {
      method: 'POST',
      body: JSON.stringify({ jsonData: { backendUrl: backend.url }, secureJsonData: { apiKey: API_KEY } }),
    });
    ({ browser, page, pageErrors } = await openHeadlessPage({ width: 1280, height: 1100 }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await backend?.stop();
  });

  it('draws the monitor with its band and the anomaly, lists the feed, and dismisses through the route', async () => {
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    expect(monitor).toMatchObject({ type: 'cost_spike', org: 'acme', feature: 'chat', status: 'active' });
    await page.goto(`${harness.url}/?view=monitors&org=acme&feature=chat&monitor=${monitor.id}`);
    const first = await summary(page, 1).catch((error: Error) => {
      throw new Error(`${error.message}\n${[...pageErrors, ...consoleErrors].join('\n')}`);
    });

    const label = 'cost_spike acme/chat';
    const [series] = first.monitorFrames;
    expect(series.fields.map((f) => f.name)).toEqual([
      'time',
      label,
      `${label} expected`,
      `${label} upper`,
      `${label} lower`,
    ]);
    expect(series.fields[3].fillBelowTo).toBe(`${label} lower`);
    expect(series.rows).toBeGreaterThan(60); // 6 hours of 5-minute buckets, less the current one
    const events = first.monitorFrames.find((f) => f.topic === 'annotations');
    expect(events?.rows).toBe(1);

    const row = first.feed.find((r) => r.id === anomaly.id);
    expect(row).toMatchObject({ type: 'cost_spike', org: 'acme', feature: 'chat', status: anomaly.status });
    expect(row?.observed as number).toBeGreaterThan(row?.expected as number);
    expect(first.actions).toEqual([
      'Dismiss POST /api/datasources/proxy/uid/lens/lens/v1/anomalies/${__data.fields.id}/dismiss',
      'Accept as new normal POST /api/datasources/proxy/uid/lens/lens/v1/anomalies/${__data.fields.id}/accept',
    ]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitors-before-dismiss.png'), fullPage: true });

    // A Viewer clicks Dismiss: the editor-only route refuses, the anomaly is untouched.
    harness.role = 'Viewer';
    await page.click(`tr[data-id="${anomaly.id}"] .action-dismiss`);
    const refused = await summary(page, 2);
    expect(refused.lastAction).toMatchObject({
      status: 403,
      body: { message: 'plugin proxy route access denied' },
    });
    expect((await api<Anomaly>(backend, 'GET', `/v1/anomalies/${anomaly.id}`)).status).toBe(anomaly.status);

    // An Editor's Dismiss goes through the route with the API key Grafana adds.
    harness.role = 'Editor';
    await page.click(`tr[data-id="${anomaly.id}"] .action-dismiss`);
    const done = await summary(page, 3);
    expect(done.lastAction).toMatchObject({
      title: 'Dismiss',
      status: 200,
      body: { id: anomaly.id, status: 'dismissed' },
    });
    const stored = await api<Anomaly>(backend, 'GET', `/v1/anomalies/${anomaly.id}`);
    expect(stored.status).toBe('dismissed');
    expect(stored.history.at(-1)?.note).toBe('Dismiss from Grafana by harness-editor');
    expect(done.feed.find((r) => r.id === anomaly.id)?.status).toBe('dismissed');
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitors-after-dismiss.png'), fullPage: true });
    await (await page.$('#chart'))!.screenshot({ path: path.join(ARTIFACTS, 'monitor-chart.png') });

    // A second click: the backend answers 409 through the route, nothing changes.
    await page.click(`tr[data-id="${anomaly.id}"] .action-accept`);
    const again = await summary(page, 4);
    expect(again.lastAction).toMatchObject({ status: 409 });
    expect(pageErrors).toEqual([]);
  });

  it("refuses an action's POST outside Grafana's actions_allow_post_url", async () => {
    const res = await fetch(`${harness.url}/api/datasources/proxy/uid/lens/lens/v1/timeseries/detect`, {
      method: 'POST',
      headers: { 'x-grafana-action': '1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/^POST\/PUT to path not allowed/);
  });
});
