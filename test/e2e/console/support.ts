/**
 * What the console's browser tests share: a real `billstream serve` (test/support/processes.ts),
 * Debian's Chromium through playwright-core (tools/browser.ts), axe-core run on every screen the
 * tests visit (serious and critical violations collected, printed and asserted), and the
 * screenshots of docs/console.md written to docs/screenshots/<screen>.png at 1280x800.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { runBillstream } from '../../support/processes.ts';
import { launchChromium } from '../../../tools/browser.ts';

/**
 * The browser's globals as the tests' in-page functions (page.evaluate, waitForFunction) use them:
 * the Node program has no DOM types, so each file declares these, module-scoped, for the code
 * that runs in the page.
 */
export interface PageElement {
  disabled?: boolean;
  getAttribute(name: string): string | null;
  blur(): void;
}
export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  activeElement: PageElement | null;
  documentElement: { lang: string };
}
export interface PageWindow {
  scrollTo(x: number, y: number): void;
}
declare const document: PageDocument;
declare const window: PageWindow & Record<string, unknown>;

export const SCREENSHOTS = path.resolve('docs/screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * A context as a person's browser would be, but able to take axe-core: the console's
 * Content-Security-Policy refuses injected scripts, as it should, so the tests bypass it.
 */
export async function newContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, bypassCSP: true, locale: options.locale ?? 'en-US', timezoneId: 'UTC', acceptDownloads: true });
}

/** `billstream users create NAME --roles …` with the password in BILLSTREAM_USER_PASSWORD, as an operator runs it. */
export async function createUser(dataDir: string, name: string, roles: string[], password: string): Promise<void> {
  const run = await runBillstream(['--data', dataDir, 'users', 'create', name, '--roles', roles.join(',')], { env: { BILLSTREAM_USER_PASSWORD: password } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

/**
 * `expect.poll` with room for a loaded machine (vitest's default gives up after 1 s): what the
 * page shows after a request, polled every 50 ms for up to 15 s.
 */
export function poll<T>(read: () => T | Promise<T>, options: { timeout?: number; interval?: number } = {}) {
  return expect.poll(read, { timeout: 15_000, interval: 50, ...options });
}

/** Waits until nothing on the page says it is busy (tables, forms, the shell's loading line). */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], p.loading'), undefined, { timeout: 15_000 });
}

export async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByTestId('sign-in-form').waitFor();
  await page.getByTestId('field-user').fill(user);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** Chromium with one page signed in to the console as `user`: what a language test starts from. */
export interface SignedInConsole {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openSignedInConsole(executablePath: string, url: string, user: string, password: string): Promise<SignedInConsole> {
  const browser = await launchChromium(executablePath);
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, url, user, password);
  return {
    browser, context, page,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/** Picks a language in the console's switcher and waits until the page is in it. */
export async function switchLanguage(page: Page, code: string): Promise<void> {
  await page.getByTestId('language-switcher').selectOption(code);
  await poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe(code);
}

let axeSource: string | null = null;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core (the installed package's axe.min.js, injected once per page load) on the page as it
 * is: the serious and critical violations, each printed with the elements it names.
 */
export async function axeViolations(page: Page, screen: string): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = window.axe as { run(context: PageDocument, options: object): Promise<{ violations: AxeViolation[] }> };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const found = serious.map((v) => `${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  for (const line of found) console.log(`axe: ${line}`);
  return found;
}

/**
 * A screen the test has reached: once it is settled, axe-core checks it (a violation fails the
 * test at the end, so one screen's finding does not hide the next's) and, when `screenshot`
 * names a file, the viewport is saved to docs/screenshots/<screenshot>.png.
 */
export class Screens {
  readonly visited: string[] = [];
  readonly violations: string[] = [];

  async check(page: Page, screen: string, options: { screenshot?: string } = {}): Promise<void> {
    await settle(page);
    this.visited.push(screen);
    const found = await axeViolations(page, screen);
    this.violations.push(...found);
    expect.soft(found, `axe-core: serious or critical violations on ${screen}`).toEqual([]);
    if (options.screenshot) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      // Focus rings and the caret are not part of what the picture should show.
      await page.evaluate(() => document.activeElement?.blur());
      await page.screenshot({ path: path.join(SCREENSHOTS, `${options.screenshot}.png`), animations: 'disabled', caret: 'hide' });
    }
  }
}

/** Data rows of a CSV file (its lines but the header; the example files have no line breaks inside fields). */
export function csvRows(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').length - 1;
}

/** The text of a `<dd>` by its test id, as a number (the console formats counts with the language's grouping). */
export async function countOf(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).innerText()).replace(/[^\d]/g, ''));
}
