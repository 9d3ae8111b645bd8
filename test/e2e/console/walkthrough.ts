/**
 * The operator console in a real browser (issue 16): Debian's Chromium, driven by playwright-core,
 * against a real `billstream serve` on an empty data folder, through the whole billing process as
 * a billing department does it. An admin created with `billstream users create` signs in, imports
 * the examples through the console's import screens in the order of examples/README.md, looks up a
 * client, changes its address and sees the change in its history, starts the bill run of
 * 2026-11-01, reads its control report, approves it, opens an invoice and downloads its document,
 * records a payment, and sees the dashboard change at each step. Then an admin creates a user of
 * role auditor on the users screen, who sees the same screens without a control to change them and
 * is refused when trying anyway.
 *
 * axe-core runs on every screen reached (no serious or critical violation), and the screenshots of
 * docs/console.md are written to docs/screenshots/. The first screen's time to interactive from a
 * cold page load is measured in the page and printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../../support/billstream.ts';
import { startServer, type ServerProcess } from '../../support/processes.ts';
import { docxText } from '../../support/ooxml.ts';
import { countOf, createUser, csvRows, newContext, poll, Screens, signIn, type PageDocument, type PageWindow } from './support.ts';

// In-page code only (see PageDocument).
declare const document: PageDocument;
declare const window: PageWindow;
declare const performance: {
  now(): number;
  getEntriesByType(type: 'navigation'): { responseEnd: number; domContentLoadedEventEnd: number; transferSize: number }[];
  getEntriesByType(type: 'resource'): { transferSize: number }[];
};

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
type Dashboard = { receivables: { currency: string; open: string }[] };

const EXAMPLES = path.resolve('examples');
/** A step of the walk: a few screens, each checked by axe-core. */
const STEP_MS = 90_000;
const ADMIN = { name: 'erika', password: 'erika keeps a long passphrase' };
const AUDITOR = { name: 'audrey', password: 'audrey reads but never writes' };

export function walkthrough(browserOf: () => Browser, screens: Screens): void {
  describe('the billing process', () => {
    const dataDir = temporaryDataDir('billstream-console-walk-');
    let server: ServerProcess;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let url: string;
    /** Carried from step to step, as the person at the desk would remember them. */
    const walk = { runId: '', invoiceNumber: '', invoiceCurrency: '', paidAmount: '', openBefore: '' };

    beforeAll(async () => {
      await createUser(dataDir, ADMIN.name, ['admin'], ADMIN.password);
      server = await startServer(dataDir);
      url = server.url;
      // The server bundles the console at start; a first request makes sure it is ready, so the
      // measured load is the browser's (a server is started once and serves all day).
      expect((await fetch(`${url}/console`)).status).toBe(200);
      browser = browserOf();
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await server?.stop();
    }, 30_000);

    const go = async (nav: string, screen: string) => {
      await page.getByTestId(nav).click();
      await page.getByTestId(screen).waitFor();
    };

    it('shows the sign-in screen, usable within 3 s of a cold page load (times printed)', async () => {
      // Three cold loads, each in a new context (empty cache, no cookie): the machine is shared,
      // so the best of three says what the page costs and the others what the noise was.
      const loads: { interactive: number; responseEnd: number; domContentLoaded: number; bytes: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const cold = await newContext(browser);
        try {
          const fresh = await cold.newPage();
          await fresh.goto(`${url}/console`);
          // The moment the form can be used, on the page's own clock (0 = navigation start).
          const usableAt = await fresh.waitForFunction(
            () => {
              const submit = document.querySelector('[data-testid="sign-in-submit"]');
              const user = document.querySelector('[data-testid="field-user"]');
              return submit && user && !submit.disabled && !user.disabled ? performance.now() : false;
            },
            undefined,
            { polling: 'raf', timeout: 15_000 },
          );
          const interactive = (await usableAt.jsonValue()) as number;
          const timing = await fresh.evaluate(() => {
            const nav = performance.getEntriesByType('navigation')[0]!;
            const resources = performance.getEntriesByType('resource');
            return { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, bytes: resources.reduce((sum, r) => sum + r.transferSize, nav.transferSize) };
          });
          loads.push({ interactive, ...timing });
        } finally {
          await cold.close();
        }
      }
      const best = loads.reduce((a, b) => (b.interactive < a.interactive ? b : a));
      console.log(
        `console first screen, cold page load (empty cache): sign-in form usable ${best.interactive.toFixed(0)} ms after navigation start, best of ` +
          `${loads.map((l) => l.interactive.toFixed(0)).join(', ')} ms (HTML at ${best.responseEnd.toFixed(0)} ms, DOMContentLoaded ${best.domContentLoaded.toFixed(0)} ms, ` +
          `${(best.bytes / 1024).toFixed(0)} KiB transferred); target < 1000 ms on a quiet machine`,
      );
      // The target is 1 s; CI machines vary and are shared, so only a gross regression fails here.
      expect(best.interactive).toBeLessThan(3000);

      context = await newContext(browser);
      page = await context.newPage();
      await page.goto(`${url}/console`);
      await page.getByTestId('sign-in-form').waitFor();
      await screens.check(page, 'sign-in', { screenshot: 'sign-in' });
    }, STEP_MS);

    it('signs the admin in: the dashboard, still empty, is the first screen', async () => {
      await page.getByTestId('field-user').fill(ADMIN.name);
      await page.getByTestId('field-password').fill(ADMIN.password);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('dashboard').waitFor();
      await poll(() => page.getByTestId('signed-in-user').innerText()).toContain(ADMIN.name);
      await page.getByTestId('dashboard-runs').waitFor();
      expect(await page.getByTestId('dashboard-runs-table-row').count()).toBe(0);
      expect(await page.getByTestId('dashboard-revenue-none').count()).toBe(1);
      await screens.check(page, 'dashboard (empty)');
    }, STEP_MS);

    it('imports the examples on the import screens, in the order of examples/README.md', async () => {
      const importFile = async (kind: string, file: string) => {
        await page.getByTestId('field-kind').selectOption(kind);
        await page.getByTestId('field-file').setInputFiles(path.join(EXAMPLES, file));
        await page.getByTestId('form-import-submit').click();
        await page.getByTestId('import-summary').waitFor();
        expect(await countOf(page, 'import-rejected'), `${file}: rejected rows`).toBe(0);
        const created = await countOf(page, 'import-created');
        return created;
      };
      const tariffImport = async (file: string) => {
        await page.getByTestId('field-tariff').setInputFiles(path.join(EXAMPLES, 'tariffs', file));
        // The deck is offered with every tariff; the screen sends the decks a tariff names.
        await page.getByTestId('field-decks').setInputFiles(path.join(EXAMPLES, 'tariffs/decks/voice-eur.csv'));
        await page.getByTestId('form-tariff-import-submit').click();
        await page.getByTestId('import-summary').waitFor();
        expect(await countOf(page, 'import-rejected'), `${file}: rejected`).toBe(0);
      };

      await go('nav-imports', 'imports');
      await screens.check(page, 'imports');
      await importFile('legal-entities', 'legal-entities.yaml');
      expect(await importFile('partners', 'partners.csv')).toBe(csvRows(path.join(EXAMPLES, 'partners.csv')));
      expect(await importFile('clients', 'clients.csv')).toBe(csvRows(path.join(EXAMPLES, 'clients.csv')));
      await screens.check(page, 'imports (a summary)', { screenshot: 'imports' });
      expect(await importFile('contracts', 'contracts.csv')).toBe(csvRows(path.join(EXAMPLES, 'contracts.csv')));
      expect(await importFile('service-points', 'service-points.csv')).toBe(csvRows(path.join(EXAMPLES, 'service-points.csv')));

      await go('nav-tariffs', 'tariffs');
      await page.getByTestId('tariff-import').click();
      await page.getByTestId('tariff-import-screen').waitFor();
      await screens.check(page, 'tariff import');
      const tariffs = fs.readdirSync(path.join(EXAMPLES, 'tariffs')).filter((f) => f.endsWith('.yaml'));
      for (const file of tariffs) await tariffImport(file);
      await go('nav-tariffs', 'tariffs');
      await poll(() => page.getByTestId('tariffs-table-row').count()).toBe(tariffs.length);
      await screens.check(page, 'tariffs', { screenshot: 'tariffs' });
      await page.getByTestId('tariffs-table-row').first().getByRole('link').first().click();
      await page.getByTestId('tariff-detail').waitFor();
      await screens.check(page, 'tariff detail', { screenshot: 'tariff' });

      await go('nav-imports', 'imports');
      expect(await importFile('subscriptions', 'subscriptions.csv')).toBe(csvRows(path.join(EXAMPLES, 'subscriptions.csv')));
      expect(await importFile('fx-rates', 'fx-rates.csv')).toBe(csvRows(path.join(EXAMPLES, 'fx-rates.csv')));
      await importFile('usage', 'usage.csv');
      // The switch sent one record twice, and one record's caller is no service point's (examples/README.md).
      expect(await countOf(page, 'import-duplicates')).toBe(1);
      expect(await countOf(page, 'import-unresolved')).toBe(1);
      await screens.check(page, 'imports (usage)');

      await go('nav-unresolved', 'unresolved-usage');
      await poll(() => page.getByTestId('unresolved-table-row').count()).toBe(1);
      // A call from a number no service point has yet, with the reason in words.
      expect(await page.getByTestId('unresolved-table-row').innerText()).toMatch(/\+3613999999[\s\S]*unknown identifier/);
      await screens.check(page, 'unresolved usage', { screenshot: 'usage-unresolved' });
    }, STEP_MS);

    it('looks up a client, changes its address and sees the change in its history', async () => {
      await go('nav-clients', 'clients');
      await poll(() => page.getByTestId('clients-table-row').count()).toBeGreaterThan(0);
      await screens.check(page, 'clients', { screenshot: 'clients' });
      await page.getByTestId('clients-search-input').fill('Kovács');
      await page.getByTestId('clients-search-submit').click();
      await poll(() => page.getByTestId('clients-table-row').first().innerText()).toContain('Kovács Anna');
      await page.getByRole('link', { name: 'Kovács Anna' }).click();
      await page.getByTestId('client-facts').waitFor();
      expect(await page.getByTestId('client-facts').innerText()).toContain('Kossuth Lajos utca 12');
      await page.getByTestId('client-history-row').first().waitFor();
      await screens.check(page, 'client detail', { screenshot: 'client' });

      await page.getByTestId('client-edit').click();
      await page.getByTestId('form-client').waitFor();
      await page.getByTestId('field-address.line1').fill('Andrássy út 60');
      await page.getByTestId('field-address.postalCode').fill('1062');
      await screens.check(page, 'client edit', { screenshot: 'client-edit' });
      await page.getByTestId('form-client-submit').click();
      await page.getByTestId('client-detail').waitFor();
      await poll(() => page.getByTestId('client-facts').innerText()).toContain('Andrássy út 60');
      // The newest change comes first, naming the field, the old value and the new one, and who.
      const history = page.getByTestId('client-history-row');
      await poll(() => history.count()).toBe(2);
      const change = await history.first().innerText();
      expect(change).toContain('Kossuth Lajos utca 12, 3. em. 7.');
      expect(change).toContain('Andrássy út 60');
      expect(change).toContain(`user:${ADMIN.name}`);

      // The client's usage in its last cycle, from its detail.
      await page.getByTestId('client-usage').click();
      await page.getByTestId('usage').waitFor();
      await page.getByTestId('usage-filter-date').fill('2026-10-31');
      await page.getByTestId('usage-filter-submit').click();
      await poll(() => page.getByTestId('cycle-usage').count()).toBeGreaterThan(0);
      await screens.check(page, 'usage of a client', { screenshot: 'usage' });

      for (const [nav, screen] of [
        ['nav-contracts', 'contracts'],
        ['nav-service-points', 'service-points'],
        ['nav-subscriptions', 'subscriptions'],
      ] as const) {
        await go(nav, screen);
        await poll(() => page.getByTestId(`${screen}-table-row`).count()).toBeGreaterThan(0);
        await screens.check(page, screen, { screenshot: screen === 'contracts' ? 'contracts' : undefined });
      }
    }, STEP_MS);

    it('starts the bill run of 2026-11-01, reads its control report and approves it with the held invoices', async () => {
      await go('nav-bill-runs', 'bill-runs');
      await page.getByTestId('bill-run-start').click();
      await page.getByTestId('bill-run-start-screen').waitFor();
      await page.getByTestId('field-asOf').fill('2026-11-01');
      // Hold an invoice whose total moved more than 5 % from the contract's invoice before: the
      // example data has some, so the report lists held invoices with their reasons.
      await page.getByTestId('field-changeThresholdPercent').fill('5');
      await screens.check(page, 'bill run start', { screenshot: 'bill-run-start' });
      await page.getByTestId('form-bill-run-submit').click();
      await page.getByTestId('bill-run-detail').waitFor({ timeout: 120_000 });
      const status = page.getByTestId('bill-run-detail').getByTestId('run-status');
      await poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toBe('drafted');
      walk.runId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);

      // The control report shows what the API reports for the run.
      const run = (await (await server.request(`/bill-runs/${encodeURIComponent(walk.runId)}`)).json()) as { report: { invoices: number; held: number; blocked: number } };
      expect(run.report.invoices).toBeGreaterThan(0);
      await page.getByTestId('control-report').waitFor();
      const counts = await page.getByTestId('report-counts').innerText();
      expect(counts).toContain(run.report.invoices.toLocaleString('en-US'));
      expect(await page.getByTestId('report-per-currency-row').count()).toBeGreaterThan(0);
      // Every held invoice is listed, each with at least one reason in words.
      expect(run.report.held).toBeGreaterThan(0);
      expect(await page.getByTestId('report-held-row').count()).toBe(Math.min(run.report.held, 200));
      expect(await page.getByTestId('report-held-reason').count()).toBeGreaterThanOrEqual(Math.min(run.report.held, 200));
      await screens.check(page, 'bill run (drafted)', { screenshot: 'bill-run-drafted' });
      await page.getByTestId('control-report').evaluate((report) => report.scrollIntoView({ block: 'start' }));
      await screens.check(page, 'control report', { screenshot: 'control-report' });

      await page.getByTestId('field-includeHeld').check();
      await page.getByTestId('field-issueDate').fill('2026-11-02');
      await page.getByTestId('form-approve-submit').click();
      await poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
      await poll(() => page.getByTestId('bill-run-facts').innerText()).toContain(run.report.invoices.toLocaleString('en-US'));
      await page.getByTestId('bill-run-approve').waitFor({ state: 'detached' });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screens.check(page, 'bill run (completed)', { screenshot: 'bill-run' });
      await go('nav-bill-runs', 'bill-runs');
      await poll(() => page.getByTestId('bill-runs-table-row').count()).toBe(1);
      await screens.check(page, 'bill runs', { screenshot: 'bill-runs' });
    }, STEP_MS);

    it('sees the run on the dashboard: revenue, invoices issued, receivables, the last runs', async () => {
      await page.goto(`${url}/console/?months=36`);
      await page.getByTestId('dashboard').waitFor();
      await poll(() => page.getByTestId('dashboard-runs-table-row').count()).toBe(1);
      expect(await page.getByTestId('dashboard-runs-table-row').innerText()).toContain(walk.runId);
      expect(await page.getByTestId('dashboard-revenue-none').count()).toBe(0);
      expect(await page.getByTestId('dashboard-revenue-table-row').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('dashboard-receivable').count()).toBeGreaterThan(0);
      await page.locator('[data-testid^="dashboard-revenue-chart-"] canvas, [data-testid^="dashboard-revenue-chart-"] svg').first().waitFor();
      await screens.check(page, 'dashboard', { screenshot: 'dashboard' });
    }, STEP_MS);

    it('opens an invoice of the run and downloads its document', async () => {
      await page.goto(`${url}/console/bill-runs/${encodeURIComponent(walk.runId)}`);
      await page.getByTestId('bill-run-invoices').click();
      await page.getByTestId('invoices').waitFor();
      await poll(() => page.getByTestId('invoices-table-row').count()).toBeGreaterThan(0);
      await screens.check(page, 'invoices', { screenshot: 'invoices' });
      await page.getByTestId('invoices-filter-clientId').fill('C-0001');
      await page.getByTestId('invoices-filter-submit').click();
      // While the filtered list loads the table can be empty for a moment, and "every row" holds for no rows: wait for rows.
      const filteredRows = async () => {
        const rows = await page.getByTestId('invoices-table-row').allInnerTexts();
        return rows.length > 0 && rows.every((row) => row.includes('C-0001'));
      };
      await poll(filteredRows).toBe(true);
      // The oldest invoice of C-0001 (the list is newest first or by number: take the lowest number).
      const numbers = (await page.getByTestId('invoices-table-row').locator('a').allInnerTexts()).filter((text) => /-\d{6}$/.test(text)).sort();
      expect(numbers.length).toBeGreaterThan(0);
      walk.invoiceNumber = numbers[0]!;
      await page.getByRole('link', { name: walk.invoiceNumber, exact: true }).click();
      await page.getByTestId('invoice-detail').waitFor();
      await page.getByTestId('invoice-lines').waitFor();
      await screens.check(page, 'invoice', { screenshot: 'invoice' });

      // Documents are rendered after issuing, in the background: wait until the API has this one, as a person would retry.
      const documentPath = `/invoices/${encodeURIComponent(walk.invoiceNumber)}/document`;
      await poll(async () => (await server.request(documentPath, { headers: { Accept: DOCX } })).status, { timeout: 60_000, interval: 500 }).toBe(200);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-download-document').click()]);
      expect(download.suggestedFilename()).toBe(`${walk.invoiceNumber}.docx`);
      const bytes = fs.readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      expect(docxText(bytes)).toContain(walk.invoiceNumber);
    }, STEP_MS);

    it('records a payment of the invoice: paid, and the receivables on the dashboard go down by it', async () => {
      const before = (await (await server.request('/dashboard?months=36')).json()) as Dashboard;
      const invoice = (await (await server.request(`/invoices/${encodeURIComponent(walk.invoiceNumber)}`)).json()) as { currency: string; amountDue: string; paymentStatus: string };
      expect(Number(invoice.amountDue)).toBeGreaterThan(0);
      walk.invoiceCurrency = invoice.currency;
      walk.paidAmount = invoice.amountDue;
      await page.goto(`${url}/console/?months=36`);
      const tile = page.locator(`[data-testid="dashboard-receivable"][data-currency="${invoice.currency}"]`);
      walk.openBefore = await tile.innerText();

      await page.goto(`${url}/console/invoices/${encodeURIComponent(walk.invoiceNumber)}`);
      await page.getByTestId('invoice-record-payment').click();
      await page.getByTestId('payment-create-screen').waitFor();
      // The form comes filled in from the invoice: client, number, amount due and currency.
      expect(await page.getByTestId('field-invoiceNumber').inputValue()).toBe(walk.invoiceNumber);
      expect(await page.getByTestId('field-amount').inputValue()).toBe(invoice.amountDue);
      expect(await page.getByTestId('field-currency').inputValue()).toBe(invoice.currency);
      await page.getByTestId('field-paymentId').fill('BANK-2026-11-20-001');
      await page.getByTestId('field-date').fill('2026-11-20');
      await page.getByTestId('field-reference').fill(walk.invoiceNumber);
      await screens.check(page, 'record a payment', { screenshot: 'payment-record' });
      await page.getByTestId('form-payment-submit').click();
      await page.getByTestId('payment-detail').waitFor();
      await poll(() => page.getByTestId('payment-allocations-row').count()).toBe(1);
      expect(await page.getByTestId('payment-allocations-row').innerText()).toContain(walk.invoiceNumber);
      await screens.check(page, 'payment', { screenshot: 'payment' });

      await page.getByRole('link', { name: walk.invoiceNumber, exact: true }).first().click();
      await page.getByTestId('invoice-detail').waitFor();
      await poll(() => page.getByTestId('invoice-detail').getByTestId('payment-status').getAttribute('data-status')).toBe('paid');

      await page.goto(`${url}/console/?months=36`);
      await poll(() => tile.innerText()).not.toBe(walk.openBefore);
      const after = (await (await server.request('/dashboard?months=36')).json()) as Dashboard;
      const open = (d: Dashboard) => Number(d.receivables.find((r) => r.currency === invoice.currency)?.open ?? 0);
      expect(open(before) - open(after)).toBeCloseTo(Number(invoice.amountDue), 6);

      for (const [nav, screen, shot] of [
        ['nav-payments', 'payments', 'payments'],
        ['nav-aging', 'aging', 'aging'],
        ['nav-credit-notes', 'credit-notes', undefined],
      ] as const) {
        await go(nav, screen);
        await screens.check(page, screen, { screenshot: shot });
      }
      await page.goto(`${url}/console/accounts?clientId=C-0001`);
      await page.getByTestId('client-balance').waitFor();
      await screens.check(page, 'client account', { screenshot: 'account' });
    }, STEP_MS);

    it('imports the example discount schemes for the next runs, and lists them', async () => {
      await go('nav-imports', 'imports');
      await page.getByTestId('field-kind').selectOption('discounts');
      for (const file of fs.readdirSync(path.join(EXAMPLES, 'discounts'))) {
        await page.getByTestId('field-file').setInputFiles(path.join(EXAMPLES, 'discounts', file));
        await page.getByTestId('form-import-submit').click();
        await page.getByTestId('import-summary').waitFor();
        expect(await countOf(page, 'import-rejected'), file).toBe(0);
      }
      await go('nav-discounts', 'discounts');
      await poll(() => page.getByTestId('discounts-table-row').count()).toBe(6);
      await screens.check(page, 'discounts', { screenshot: 'discounts' });
      await page.getByTestId('discounts-table-row').first().getByRole('link').first().click();
      await page.getByTestId('discount-detail').waitFor();
      await screens.check(page, 'discount detail');
    }, STEP_MS);

    it('creates a user of role auditor on the users screen; the auditor sees everything and changes nothing', async () => {
      await go('nav-api-keys', 'api-keys');
      await screens.check(page, 'api keys', { screenshot: 'api-keys' });
      await go('nav-users', 'users');
      await page.getByTestId('user-create').click();
      await page.getByTestId('user-create-screen').waitFor();
      await page.getByTestId('field-name').fill(AUDITOR.name);
      await page.getByTestId('field-password').fill(AUDITOR.password);
      await page.getByTestId('field-roles.auditor').check();
      await screens.check(page, 'user create', { screenshot: 'user-create' });
      await page.getByTestId('form-user-submit').click();
      await page.getByTestId('user-detail').waitFor();
      await go('nav-users', 'users');
      await poll(() => page.getByTestId('users-table-row').count()).toBe(2);
      await screens.check(page, 'users', { screenshot: 'users' });

      const auditorContext = await newContext(browser);
      try {
        const auditor = await auditorContext.newPage();
        await signIn(auditor, url, AUDITOR.name, AUDITOR.password);
        await auditor.getByTestId('dashboard').waitFor();
        // No navigation to what only others use: imports, API keys, users.
        for (const nav of ['nav-imports', 'nav-api-keys', 'nav-users']) expect(await auditor.getByTestId(nav).count(), nav).toBe(0);
        await auditor.getByTestId('nav-clients').click();
        await auditor.getByTestId('clients').waitFor();
        await poll(() => auditor.getByTestId('clients-table-row').count()).toBeGreaterThan(0);
        for (const control of ['client-create', 'client-import']) expect(await auditor.getByTestId(control).count(), control).toBe(0);
        await auditor.goto(`${url}/console/clients/C-0001`);
        await auditor.getByTestId('client-facts').waitFor();
        expect(await auditor.getByTestId('client-facts').innerText()).toContain('Andrássy út 60');
        for (const control of ['client-edit', 'client-status', 'contract-create']) expect(await auditor.getByTestId(control).count(), control).toBe(0);
        await screens.check(auditor, 'client detail (auditor)', { screenshot: 'auditor-client' });
        await auditor.goto(`${url}/console/bill-runs/${encodeURIComponent(walk.runId)}`);
        await auditor.getByTestId('control-report').waitFor();
        for (const control of ['bill-run-approve', 'bill-run-void']) expect(await auditor.getByTestId(control).count(), control).toBe(0);
        await auditor.goto(`${url}/console/invoices/${encodeURIComponent(walk.invoiceNumber)}`);
        await auditor.getByTestId('invoice-download-document').waitFor();
        for (const control of ['invoice-credit', 'invoice-record-payment']) expect(await auditor.getByTestId(control).count(), control).toBe(0);
        await screens.check(auditor, 'invoice (auditor)');

        // Trying anyway (the change screen by its address): the API refuses, and the problem's title is shown.
        const refusal = await auditor.evaluate(async () => {
          const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
          const res = await fetch('/clients/C-0001', { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken, 'Accept-Language': 'en' }, body: '{}' });
          return { status: res.status, problem: (await res.json()) as { title: string } };
        });
        expect(refusal.status).toBe(403);
        await auditor.goto(`${url}/console/clients/C-0001/edit`);
        await auditor.getByTestId('form-client').waitFor();
        await auditor.getByTestId('field-address.city').fill('Szeged');
        await auditor.getByTestId('form-client-submit').click();
        await auditor.getByTestId('error-banner').waitFor();
        expect(await auditor.getByTestId('error-banner').locator('.banner-title').innerText()).toBe(refusal.problem.title);
        await auditor.getByTestId('error-banner').evaluate((banner) => banner.scrollIntoView({ block: 'center' }));
        await screens.check(auditor, 'client edit refused (auditor)', { screenshot: 'auditor-refused' });
        const client = (await (await server.request('/clients/C-0001')).json()) as { address: { city: string } };
        expect(client.address.city).toBe('Budapest');

        // The same console in Hungarian, from the switcher in the header.
        await auditor.goto(`${url}/console/?months=36`);
        await auditor.getByTestId('dashboard').waitFor();
        const english = await auditor.locator('h1').first().innerText();
        await auditor.getByTestId('language-switcher').selectOption('hu');
        await poll(() => auditor.locator('h1').first().innerText()).not.toBe(english);
        expect(await auditor.evaluate(() => document.documentElement.lang)).toBe('hu');
        await screens.check(auditor, 'dashboard in Hungarian (auditor)', { screenshot: 'dashboard-hu' });
      } finally {
        await auditorContext.close();
      }
    }, STEP_MS);
  });
}
