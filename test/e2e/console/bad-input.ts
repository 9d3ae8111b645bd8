/**
 * The console in a real browser when things go wrong (issue 16, "Bad input"): a wrong password,
 * a change without the CSRF token, a change someone else made in the meantime (If-Match), field
 * errors from the page and from the API, an import's rejected rows, server errors, a server that
 * is gone, and a session that expired while the user was away. Each shows a message a person can
 * act on, never a blank page. Real `billstream serve` processes, Debian's Chromium; axe-core on
 * each screen reached.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../src/api/problems.ts';
import { temporaryDataDir } from '../../support/billstream.ts';
import { runBillstream, startServer, type ServerProcess } from '../../support/processes.ts';
import { createUser, newContext, poll, Screens, signIn, type PageDocument } from './support.ts';

// In-page code only (see PageDocument).
declare const document: PageDocument;

const EXAMPLES = path.resolve('examples');
const OPERATOR = { name: 'otto', password: 'otto has a long password too' };
const STEP_MS = 60_000;
/** The shortest idle timeout billstream takes (BILLSTREAM_SESSION_IDLE_MINUTES=1). */
const IDLE_MS = 60_000;

type Problem = { type: string; title: string; status: number };

/** A fetch made by the page itself (its cookie, its origin), answered as status and problem. */
async function pageFetch(page: Page, route: string, init: { method: string; body?: unknown; csrf?: 'session' | 'none' | 'wrong' }): Promise<{ status: number; body: Problem | Record<string, unknown> }> {
  return page.evaluate(
    async ({ route, init }) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Language': 'en' };
      if (init.csrf === 'session') headers['X-CSRF-Token'] = ((await (await fetch('/auth/session')).json()) as { csrfToken: string }).csrfToken;
      if (init.csrf === 'wrong') headers['X-CSRF-Token'] = 'not-the-token';
      const res = await fetch(route, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), credentials: 'same-origin' });
      return { status: res.status, body: (res.headers.get('Content-Type')?.includes('json') ? await res.json() : {}) as Problem | Record<string, unknown> };
    },
    { route, init },
  );
}

/**
 * A user signed in at the start of the run on an installation whose sessions end after a minute
 * without a request (the shortest BILLSTREAM_SESSION_IDLE_MINUTES takes): the minute passes while
 * the other cases run, and the last case finds the session expired.
 */
export interface ExpiringSession {
  readonly page: Page;
  readonly url: string;
  readonly signedInAt: number;
}

export function expiringSession(browserOf: () => Browser): ExpiringSession {
  const dataDir = temporaryDataDir('billstream-console-idle-');
  let server: ServerProcess;
  let context: BrowserContext;
  const state = { page: null as unknown as Page, url: '', signedInAt: 0 };
  beforeAll(async () => {
    await createUser(dataDir, OPERATOR.name, ['operator'], OPERATOR.password);
    server = await startServer(dataDir, { env: { BILLSTREAM_SESSION_IDLE_MINUTES: '1' } });
    context = await newContext(browserOf());
    state.page = await context.newPage();
    state.url = server.url;
    await signIn(state.page, server.url, OPERATOR.name, OPERATOR.password);
    state.signedInAt = Date.now();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  }, 30_000);
  return state;
}

export function badInput(browserOf: () => Browser, screens: Screens, expiring: ExpiringSession): void {
  describe('bad input', () => {
    const dataDir = temporaryDataDir('billstream-console-bad-');
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      for (const [kind, file] of [['legal-entities', 'legal-entities.yaml'], ['partners', 'partners.csv'], ['clients', 'clients.csv']]) {
        const run = await runBillstream(['--data', dataDir, 'import', kind!, path.join(EXAMPLES, file!)]);
        expect(run.code, run.stderr).toBe(0);
      }
      await createUser(dataDir, OPERATOR.name, ['operator'], OPERATOR.password);
      server = await startServer(dataDir);
      context = await newContext(browserOf());
      page = await context.newPage();
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await server?.stop();
    }, 30_000);

    it('a wrong password: the message, the password emptied, no session; the right one signs in', async () => {
      await page.goto(`${server.url}/console`);
      await page.getByTestId('field-user').fill(OPERATOR.name);
      await page.getByTestId('field-password').fill('not otto’s password at all');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(await page.getByTestId('sign-in-error').innerText()).toBe('Wrong user name or password.');
      expect(await page.getByTestId('field-password').inputValue()).toBe('');
      expect(await page.evaluate(async () => (await fetch('/auth/session')).status)).toBe(401);
      await screens.check(page, 'sign-in (wrong password)', { screenshot: 'sign-in-wrong-password' });
      // An empty field is caught in the page, next to the field, before anything is sent.
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('field-error-password').waitFor();
      expect(await page.getByTestId('field-password').getAttribute('aria-invalid')).toBe('true');

      await page.getByTestId('field-password').fill(OPERATOR.password);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('signed-in-user').waitFor();
    }, STEP_MS);

    it('a change without the CSRF token is refused with 403; with a wrong one too; with the session’s it goes through', async () => {
      const client = { id: 'C-CSRF-1', type: 'person', name: 'Csrf Teszt', country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest', status: 'active' };
      const without = await pageFetch(page, '/clients', { method: 'POST', body: client, csrf: 'none' });
      expect(without.status).toBe(403);
      expect(without.body).toMatchObject({ type: expect.stringMatching(/\/csrf$/), title: 'missing or wrong CSRF token', status: 403 });
      const wrong = await pageFetch(page, '/clients', { method: 'POST', body: client, csrf: 'wrong' });
      expect(wrong.status).toBe(403);
      expect((await server.request('/clients/C-CSRF-1')).status).toBe(404);
      const right = await pageFetch(page, '/clients', { method: 'POST', body: client, csrf: 'session' });
      expect(right.status).toBe(201);
      expect((await server.request('/clients/C-CSRF-1')).status).toBe(200);
    }, STEP_MS);

    it('a change someone else made in the meantime: the conflict message with Reload, which shows their change', async () => {
      await page.goto(`${server.url}/console/clients/C-0002/edit`);
      await page.getByTestId('form-client').waitFor();
      await page.getByTestId('field-address.city').fill('Miskolc');

      // Meanwhile, a colleague (here: a program with an API key) changes the client's e-mail.
      const read = await server.request('/clients/C-0002');
      const current = (await read.json()) as Record<string, unknown>;
      const details = Object.fromEntries(['type', 'name', 'country', 'language', 'currency', 'timeZone', 'vatId', 'email', 'address', 'partnerId', 'agentId', 'externalId'].map((k) => [k, current[k] ?? null]));
      const changed = await server.request('/clients/C-0002', { method: 'PUT', headers: { 'If-Match': read.headers.get('ETag')! }, body: JSON.stringify({ ...details, email: 'gabor.nagy@new.example' }) });
      expect(changed.status, await changed.clone().text()).toBe(200);

      await page.getByTestId('form-client-submit').click();
      await page.getByTestId('conflict-banner').waitFor();
      expect(await page.getByTestId('conflict-banner').innerText()).toContain('Someone else changed this in the meantime');
      await page.getByTestId('conflict-banner').evaluate((banner) => banner.scrollIntoView({ block: 'center' }));
      await screens.check(page, 'client edit (conflict)', { screenshot: 'conflict' });
      // Nothing of this user's was saved over the colleague's change.
      expect(((await (await server.request('/clients/C-0002')).json()) as { address: { city: string } }).address.city).toBe('Debrecen');

      await page.getByTestId('conflict-reload').click();
      await poll(() => page.getByTestId('field-email').inputValue()).toBe('gabor.nagy@new.example');
      expect(await page.getByTestId('conflict-banner').count()).toBe(0);
      await page.getByTestId('field-address.city').fill('Miskolc');
      await page.getByTestId('form-client-submit').click();
      await page.getByTestId('client-detail').waitFor();
      await poll(() => page.getByTestId('client-facts').innerText()).toContain('Miskolc');
      expect(await page.getByTestId('client-facts').innerText()).toContain('gabor.nagy@new.example');
    }, STEP_MS);

    it('field errors next to their fields: the page’s own checks, then the API’s', async () => {
      await page.goto(`${server.url}/console/clients/new`);
      await page.getByTestId('form-client').waitFor();
      await page.getByTestId('field-id').fill('C-NEW-1');
      await page.getByTestId('form-client-submit').click();
      // Checked in the page: the name is required, focus moves to the first field in error (in the
      // animation frame after the errors are shown, so it is waited for: a busy machine draws late).
      await page.getByTestId('field-error-name').waitFor();
      await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-name');

      // A country code of the right shape that no country has: only the API knows, and says so at the field.
      await page.getByTestId('field-name').fill('Hibás Ország');
      await page.getByTestId('field-country').fill('XX');
      await page.getByTestId('form-client-submit').click();
      await page.getByTestId('field-error-country').waitFor();
      expect(await page.getByTestId('field-country').getAttribute('aria-invalid')).toBe('true');
      expect((await page.getByTestId('field-error-country').innerText()).length).toBeGreaterThan(0);
      await page.getByTestId('field-country').evaluate((field) => field.scrollIntoView({ block: 'center' }));
      await screens.check(page, 'client create (field errors)', { screenshot: 'field-errors' });
      expect((await server.request('/clients/C-NEW-1')).status).toBe(404);
    }, STEP_MS);

    it('an import’s rejected rows, each with its line, column and reason', async () => {
      await page.goto(`${server.url}/console/imports?kind=clients`);
      await page.getByTestId('form-import').waitFor();
      const header = 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id';
      const csv = [header, 'C-9001,person,Jó Sor,HU,hu,HUF,,Europe/Budapest,jo@sor.example,Fő utca 1,Budapest,1011,', 'C-9002,person,Rossz Sor,HU,hu,HUF,,Europe/Nowhere,rossz@sor.example,Fő utca 2,Budapest,1011,'].join('\n');
      await page.getByTestId('field-file').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
      await page.getByTestId('form-import-submit').click();
      await page.getByTestId('import-summary').waitFor();
      const rows = page.getByTestId('import-errors-row');
      expect(await rows.count()).toBe(1);
      const cells = await rows.first().locator('td').allInnerTexts();
      expect(cells[0]).toBe('3');
      // The column by its number, 1 being the first (the time zone is the 8th).
      expect(cells[1]).toBe(String(header.split(',').indexOf('time_zone') + 1));
      expect(cells[2]).toContain('Europe/Nowhere');
      await screens.check(page, 'import (rejected rows)', { screenshot: 'import-errors' });
    }, STEP_MS);

    it('server errors show the problem’s title, never a blank page: a 500, an unknown client, a server that is gone', async () => {
      // A 500 as the API sends one (src/api/problems.ts), put in place of the list's answer.
      const internal = problem(500, 'internal-error', 'an unexpected error occurred; it has been logged');
      await page.route(/\/clients\?/, (route) => route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify(internal) }));
      await page.getByTestId('nav-clients').click();
      await page.getByTestId('clients').waitFor();
      await page.getByTestId('error-banner').waitFor();
      expect(await page.getByTestId('error-banner').locator('.banner-title').innerText()).toBe(internal.title);
      expect(await page.getByTestId('nav-clients').isVisible()).toBe(true);
      await screens.check(page, 'clients (server error)', { screenshot: 'server-error' });
      // Retry asks again: once the server answers, the list is there.
      await page.unroute(/\/clients\?/);
      await page.getByTestId('clients-table-retry').click();
      await poll(() => page.getByTestId('clients-table-row').count()).toBeGreaterThan(0);

      // A client nobody has: the API's 404 title, in the page's language.
      const missing = (await (await server.request('/clients/C-NOBODY', { headers: { 'Accept-Language': 'en' } })).json()) as Problem;
      await page.goto(`${server.url}/console/clients/C-NOBODY`);
      await page.getByTestId('error-banner').waitFor();
      expect(await page.getByTestId('error-banner').locator('.banner-title').innerText()).toBe(missing.title);
      await screens.check(page, 'client (not found)');

      // The server stops: the next screen says the network failed, and the console stays usable.
      await server.stop();
      await page.getByTestId('nav-clients').click();
      await page.getByTestId('error-banner').waitFor();
      expect(await page.getByTestId('error-banner').locator('.banner-title').innerText()).toBe('network error');
      expect(await page.getByTestId('nav-clients').isVisible()).toBe(true);
    }, STEP_MS);

    it('a session that expired while the user was away: back to the sign-in screen, saying so; signing in again works', async () => {
      // BILLSTREAM_SESSION_IDLE_MINUTES=1: wait out what is left of the minute since the sign-in, and
      // the tenth of it a session is given because its last request may not have been written down.
      const idlePage = expiring.page;
      const left = expiring.signedInAt + IDLE_MS * 1.1 + 1_000 - Date.now();
      console.log(`session expiry: ${Math.round((Date.now() - expiring.signedInAt) / 1000)} s since the sign-in, waiting ${Math.max(0, Math.round(left / 1000))} s more`);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      await idlePage.getByTestId('nav-clients').click();
      await idlePage.getByTestId('session-expired').waitFor();
      expect(await idlePage.getByTestId('session-expired').innerText()).toBe('Your session expired. Please sign in again.');
      await idlePage.getByTestId('sign-in-form').waitFor();
      expect(await idlePage.getByTestId('signed-in-user').count()).toBe(0);
      await screens.check(idlePage, 'sign-in (session expired)', { screenshot: 'session-expired' });
      // Opening the console again with the old cookie says the same.
      await idlePage.reload();
      await idlePage.getByTestId('session-expired').waitFor();

      await idlePage.getByTestId('field-user').fill(OPERATOR.name);
      await idlePage.getByTestId('field-password').fill(OPERATOR.password);
      await idlePage.getByTestId('sign-in-submit').click();
      await idlePage.getByTestId('signed-in-user').waitFor();
      expect(await idlePage.getByTestId('session-expired').count()).toBe(0);
    }, STEP_MS + IDLE_MS * 1.1);
  });
}
