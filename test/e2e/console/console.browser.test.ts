/**
 * The operator console in a real browser (issue 16): Debian's Chromium driven by playwright-core
 * (tools/browser.ts) against real `billstream serve` processes. One browser for the whole file:
 *
 * - walkthrough.ts: the billing process from the first sign-in to the dashboard after a payment,
 *   an auditor who sees and cannot change, the first screen's load time, the screenshots;
 * - bad-input.ts: wrong password, CSRF, If-Match conflict, field and import errors, server errors,
 *   and a session that expires (signed in before the walk-through starts, so its minute passes
 *   while the other cases run instead of being waited out).
 *
 * axe-core checks every screen reached. Without Chromium the file is skipped, saying why.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumPath, launchChromium } from '../../../tools/browser.ts';
import { badInput, expiringSession } from './bad-input.ts';
import { Screens } from './support.ts';
import { walkthrough } from './walkthrough.ts';

const chromium = chromiumPath();
if (chromium.reason) console.warn(`console browser tests skipped: ${chromium.reason}`);

describe.skipIf(chromium.path === null)(`the console in Chromium${chromium.reason ? ` (skipped: ${chromium.reason})` : ''}`, () => {
  let browser: Browser | null = null;
  const browserOf = () => {
    if (!browser) throw new Error('Chromium did not start');
    return browser;
  };
  const screens = new Screens();

  beforeAll(async () => {
    browser = await launchChromium(chromium.path!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    console.log(`console: axe-core checked ${screens.visited.length} screens (${screens.visited.join('; ')})`);
    console.log(`console: serious or critical axe-core violations: ${screens.violations.length}${screens.violations.map((v) => `\n  ${v}`).join('')}`);
    // Each screen's check is a soft assertion; this says it once more for the whole file.
    expect(screens.violations).toEqual([]);
  }, 30_000);

  const expiring = expiringSession(browserOf);
  walkthrough(browserOf, screens);
  badInput(browserOf, screens, expiring);
});
