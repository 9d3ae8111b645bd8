/**
 * The history tab of the console's entity screens in the console's language (issue 16): each
 * field of an event is named as the entity's form names it ("Payment terms (days): 15 → 30",
 * "Település: Budapest → Szeged"), codes and dates are written as the screens write them, and no
 * field is shown by its name in the event data (`paymentTermsDays`, `address.city`, `timeZone`).
 *
 * A real `billstream serve` on the example clients and contracts, each changed through the API,
 * read in Debian's Chromium in English and Hungarian.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../../tools/browser.ts';
import { temporaryDataDir } from '../../support/billstream.ts';
import { runBillstream, startServer, type ServerProcess } from '../../support/processes.ts';
import { createUser, openSignedInConsole, poll, settle, switchLanguage, type SignedInConsole } from './support.ts';

const chromium = chromiumPath();
const ADMIN = { name: 'hanna', password: 'hanna reads the history tab' };
const EXAMPLES = path.resolve('examples');

type HistoryItem = { type: string; data: Record<string, unknown> };

/** Every field name an event's data holds, one level down as the history shows them (`address.city`). */
function fieldNames(items: HistoryItem[]): string[] {
  const names = new Set<string>();
  for (const { data } of items) {
    const fields = (data.changes ?? data) as Record<string, unknown>;
    for (const [field, value] of Object.entries(fields)) {
      names.add(field);
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const inner of Object.keys(value)) names.add(`${field}.${inner}`);
    }
    for (const field of Object.keys(data)) names.add(field);
  }
  return [...names];
}

describe.skipIf(chromium.path === null)(`the history tab in the console's languages${chromium.reason ? ` (skipped: ${chromium.reason})` : ''}`, () => {
  const dataDir = temporaryDataDir('billstream-console-history-');
  let server: ServerProcess;
  let signedIn: SignedInConsole | undefined;
  let page: Page;
  let contractFields: string[];
  let clientFields: string[];

  const billstream = async (...args: string[]) => {
    const run = await runBillstream(['--data', dataDir, ...args], { timeoutMs: 120_000 });
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  };
  const json = async (route: string, init: RequestInit = {}) => {
    const res = await server.request(route, init);
    expect(res.status, `${init.method ?? 'GET'} ${route}`).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const put = async (route: string, change: (current: Record<string, unknown>) => Record<string, unknown>) => {
    const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...current } = await json(route);
    // Only the details the PUT takes: what the read model adds is left out.
    for (const key of ['status', 'nameKey', 'taxableBusiness', 'contacts']) delete current[key];
    await json(route, { method: 'PUT', body: JSON.stringify(change(current)) });
  };

  beforeAll(async () => {
    await billstream('import', 'legal-entities', path.join(EXAMPLES, 'legal-entities.yaml'));
    await billstream('import', 'partners', path.join(EXAMPLES, 'partners.csv'));
    for (const kind of ['clients', 'contracts'] as const) await billstream('import', kind, path.join(EXAMPLES, `${kind}.csv`));
    await createUser(dataDir, ADMIN.name, ['admin'], ADMIN.password);
    server = await startServer(dataDir);
    // K-0001 is C-0001's contract (payment terms 15 days, open-ended); C-0001 lives in Budapest.
    await put('/contracts/K-0001', (c) => ({ ...c, paymentTermsDays: 30, endDate: '2027-12-01' }));
    await put('/clients/C-0001', (c) => ({ ...c, timeZone: 'Europe/Vienna', address: { ...(c.address as object), city: 'Szeged' } }));
    await json('/clients/C-0001/status', { method: 'POST', body: JSON.stringify({ status: 'suspended', reason: 'unpaid invoices' }) });
    contractFields = fieldNames(((await json('/contracts/K-0001/history')).items as HistoryItem[]));
    clientFields = fieldNames(((await json('/clients/C-0001/history')).items as HistoryItem[]));
    expect(contractFields).toContain('paymentTermsDays');
    expect(clientFields).toContain('address.city');
    signedIn = await openSignedInConsole(chromium.path!, server.url, ADMIN.name, ADMIN.password);
    page = signedIn.page;
  }, 300_000);

  afterAll(async () => {
    await signedIn?.close();
    await server?.stop();
  }, 30_000);

  const language = (code: string) => switchLanguage(page, code);
  /** The history of an entity's screen, once its rows are there. */
  const historyOf = async (route: string, testId: string, rows: number): Promise<Locator> => {
    await page.goto(`${server.url}/console${route}`);
    const history = page.getByTestId(testId);
    await poll(() => history.getByTestId(`${testId}-row`).count()).toBe(rows);
    await settle(page);
    return history;
  };
  /** A history line by the event field it shows (`data-field`), as the person reads it. */
  const line = async (history: Locator, testId: string, field: string) =>
    ((await history.getByTestId(`${testId}-row`).first().locator(`[data-testid="${testId}-change"][data-field="${field}"]`).innerText())).replace(/[\u00a0\u202f]/g, ' ');
  /** No field name of the events' data (camelCase or dotted) anywhere in the history, collapsed lines included. */
  const expectNoFieldNames = async (history: Locator, names: string[]) => {
    const text = (await history.textContent()) ?? '';
    const raw = names.filter((name) => /[A-Z.]/.test(name) && new RegExp(`(^|[^\\w.])${name.replace('.', '\\.')}($|[^\\w.])`).test(text));
    expect(raw).toEqual([]);
  };

  for (const [code, texts] of [
    ['en', { terms: 'Payment terms (days): 15 → 30', end: 'End: — → Dec 1, 2027', city: 'City: Budapest → Szeged', zone: 'Time zone: Europe/Budapest → Europe/Vienna', status: 'Status: active → suspended', reason: 'Reason: unpaid invoices' }],
    ['hu', { terms: 'Fizetési határidő (nap): 15 → 30', end: 'Vége: — → 2027. dec. 1.', city: 'Település: Budapest → Szeged', zone: 'Időzóna: Europe/Budapest → Europe/Vienna', status: 'Állapot: aktív → felfüggesztett', reason: 'Indoklás: unpaid invoices' }],
  ] as const) {
    it(`names a contract's changed payment terms and end as its form does, in ${code}`, async () => {
      await language(code);
      const history = await historyOf('/contracts/K-0001', 'contract-history', 2);
      expect(await line(history, 'contract-history', 'paymentTermsDays')).toBe(texts.terms);
      expect(await line(history, 'contract-history', 'endDate')).toBe(texts.end);
      await expectNoFieldNames(history, contractFields);
    }, 60_000);

    it(`names a client's changed city, time zone and status as its screens do, in ${code}`, async () => {
      await language(code);
      const history = await historyOf('/clients/C-0001', 'client-history', 3);
      // Newest first: the status change, then the change of details.
      const [status, details] = [history.getByTestId('client-history-row').nth(0), history.getByTestId('client-history-row').nth(1)];
      const say = async (row: Locator, field: string) => (await row.locator(`[data-field="${field}"]`).innerText()).replace(/[\u00a0\u202f]/g, ' ');
      expect(await say(status, 'status')).toBe(texts.status);
      expect(await say(status, 'reason')).toBe(texts.reason);
      expect(await say(details, 'address.city')).toBe(texts.city);
      expect(await say(details, 'timeZone')).toBe(texts.zone);
      await expectNoFieldNames(history, clientFields);
    }, 60_000);
  }
});
