/**
 * Debian's Chromium, headless, driven by playwright-core, for tests that look at a page as a
 * browser shows it: every request the page makes and every console error or uncaught
 * exception is recorded, so a test can assert there were none.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where scripts/setup.sh installs Chromium (the Debian package). */
export const CHROMIUM_PATH = process.env.STEMMA_CHROMIUM ?? '/usr/bin/chromium';

export interface WatchedPage {
  page: Page;
  /** URLs of every request the page made, the page itself first. */
  requests: string[];
  /** Console errors, CSP violations and uncaught exceptions, as text. */
  problems: string[];
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: run scripts/setup.sh (it installs Debian's chromium), or set STEMMA_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM_PATH });
}

/** Opens `url` in a fresh page of `browser`, recording its requests and problems from the start. */
export async function openWatched(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  const res = await page.goto(url, { waitUntil: 'load' });
  if (res && !res.ok()) problems.push(`the page answered ${res.status()}`);
  return { page, requests, problems };
}
