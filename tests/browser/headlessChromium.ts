import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeIf } from '../support/skipped';

/** Debian's chromium (`.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots, kept for a person to look at. */
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
/** The API key the browser tests give the live backend (injected by the harness's proxy route). */
export const API_KEY = 'harness-key';

export const describeInBrowser = describeIf(
  existsSync(CHROMIUM),
  `needs ${CHROMIUM} (Debian package chromium: apt-get install -y chromium)`,
);

export interface HeadlessPage {
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page, for the test to assert there were none. */
  pageErrors: string[];
}

/** Launches headless Chromium (no network chatter of its own) and opens one page. */
export async function openHeadlessPage(viewport: { width: number; height: number }): Promise<HeadlessPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, pageErrors };
}
