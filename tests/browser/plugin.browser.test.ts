import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HarnessSummary } from './harness/main';
import { harnessBundle } from './harnessBundle';
import { startHarnessServer, type HarnessServer } from './harnessServer';
import { startLiveBackend, type LiveBackend } from './liveBackend';
import { API_KEY, ARTIFACTS, describeInBrowser, openHeadlessPage } from './headlessChromium';

const SPIKE_AT = Date.UTC(2024, 2, 10, 9);

jest.setTimeout(120_000);

/** Presses Tab until the element with `id` has focus; returns how many presses it took. */
async function tabUntil(page: Page, id: string): Promise<number> {
  for (let presses = 1; presses <= 10; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return presses;
  }
  throw new Error(`Tab never reached #${id}`);
}

async function summary(page: Page, runs: number): Promise<HarnessSummary> {
  await page.waitForSelector(`#summary[data-runs="${runs}"]`, { state: 'attached', timeout: 60_000 });
  return JSON.parse((await page.textContent('#summary')) ?? '{}') as HarnessSummary;
}

describeInBrowser('the built plugin in headless Chromium against the live backend', () => {
  let backend: LiveBackend;
  let harness: HarnessServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const [bundleDir, live] = await Promise.all([harnessBundle(), startLiveBackend({ LF_API_KEY: API_KEY })]);
    backend = live;
    harness = await startHarnessServer(bundleDir);
    ({ browser, page, pageErrors } = await openHeadlessPage({ width: 1280, height: 1400 }));
  }, 240_000); // a cold harness bundle build takes ~20 s alone, more on a busy machine

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await backend?.stop();
  });

  it('loads dist/module.js as AMD, configures and tests the data source, detects the spike and draws it', async () => {
    await page.goto(harness.url);
    await page.waitForSelector('#config-backend-url');
    const amd = await page.evaluate(
      () => (window as unknown as { harnessInfo: { amdDependencies: string[] } }).harnessInfo.amdDependencies,
    );
    expect(amd.sort()).toEqual(['@grafana/data', '@grafana/runtime', '@grafana/ui', 'react', 'rxjs']);

    // ConfigEditor, by keyboard: backend URL, API key; then Save & test through the proxy route.
    await page.click('#config-backend-url');
    await page.keyboard.type(backend.url);
    await page.keyboard.press('Tab'); // the API key's info icon: its tooltip opens on keyboard focus
    await page.waitForSelector('text=never sent to browsers');
    const tabs = await tabUntil(page, 'config-api-key');
    expect(tabs).toBeLessThanOrEqual(2);
    await page.keyboard.type(API_KEY);
    await page.click('#save-test');
    await page.waitForSelector('#test-result[data-status]');
    expect(await page.textContent('#test-result')).toMatch(
      /^Anomaly backend \d+\.\d+\.\d+: 0 saved model\(s\), \d+ detectors\. no Prometheus URL set \(PromQL sources are off\)\.$/,
    );
    expect(await page.getAttribute('#test-result', 'data-status')).toBe('success');
    expect(await page.inputValue('#config-api-key')).toBe('configured'); // the secret is not kept in the page

    // QueryEditor: choose a time-series method with a band by keyboard; the editor runs the query.
    await page.click('#detector-method');
    await page.keyboard.type('holt_winters');
    await page.keyboard.press('Enter');
    const first = await summary(page, 1);
    const names = first.frames.flatMap((f) => f.fields.map((x) => x.name));
    const cpu = 'cpu{series="cpu"}';
    expect(names).toEqual(
      expect.arrayContaining([cpu, `${cpu} expected`, `${cpu} upper`, `${cpu} lower`, `${cpu} score`]),
    );
    const upper = first.frames.flatMap((f) => f.fields).find((x) => x.name === `${cpu} upper`);
    expect(upper?.fillBelowTo).toBe(`${cpu} lower`);
    const events = first.frames.find((f) => f.meta?.dataTopic === 'annotations');
    expect(
      events?.rows?.some((r) => (r.time as number) <= SPIKE_AT && (r.timeEnd as number) >= SPIKE_AT),
    ).toBe(true);
    expect(first.frames[0].meta?.executedQueryString).toMatch(
      /^test-wave-datasource query .*\ndetector holt_winters/,
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'plugin-harness.png'), fullPage: true });
    await (await page.$('#chart'))!.screenshot({ path: path.join(ARTIFACTS, 'plugin-chart.png') });

    // Isolation Forest on features: fitted once, and a refresh with unchanged settings reuses the model.
    await page.click('#detector-method');
    await page.keyboard.type('isolation_forest');
    await page.keyboard.press('Enter');
    const fitted = await summary(page, 2);
    expect(fitted.frames[0].meta?.custom).toMatchObject({
      modelStatus: 'fitted',
      method: 'isolation_forest',
    });
    await page.click('#run-query');
    const refreshed = await summary(page, 3);
    expect(refreshed.frames[0].meta?.custom).toMatchObject({ modelStatus: 'reused' });
    expect(refreshed.frames[0].meta?.executedQueryString).toMatch(/\(panel range, cached model\)/);
    expect(pageErrors).toEqual([]);
  });
});
