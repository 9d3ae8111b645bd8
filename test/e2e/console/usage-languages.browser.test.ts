/**
 * The console's usage, tariff and API-key screens as an operator reads them (issue 16; the
 * console audit's findings): every allowance of a cycle (data and SMS, not only voice) with what
 * each line's allowance covered in the line's unit, the cycle shown to its last day, usage types,
 * bands, tariff categories, dates and a data rule's tiers in the language chosen, and the API keys
 * screen in Hungarian free of serious axe-core violations (a button's accessible name holds its
 * visible text, WCAG 2.5.3).
 *
 * A real `billstream serve` on the examples plus one client whose tariff has data and SMS
 * allowances (20 GB and 3 events; 25 GB and 5 SMS used), in Debian's Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../../tools/browser.ts';
import { temporaryDataDir } from '../../support/billstream.ts';
import { runBillstream, startServer, type ServerProcess } from '../../support/processes.ts';
import { axeViolations, createUser, openSignedInConsole, poll, settle, switchLanguage, type SignedInConsole } from './support.ts';

const chromium = chromiumPath();
const ADMIN = { name: 'olga', password: 'olga reads the usage screens' };
const EXAMPLES = path.resolve('examples');

/** A tariff with a data allowance (in GB, graduated) and an SMS allowance, and one client on it. */
const FIXTURE: Record<string, string> = {
  'tariffs/mix.yaml': `id: MIX
name: { en: Mix, hu: Mix }
currency: EUR
validFrom: 2025-01-01
category: internet
recurring:
  - { code: MIX, name: { en: Mix }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: data
    unit: GB
    tiering: graduated
    allowance: { quantity: 20 }
    tiers:
      - { upTo: null, price: "0.50" }
  - type: sms
    price: "0.10"
    allowance: { quantity: 3 }
`,
  'clients.csv': `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
MIX-C1,person,Mix Allowance,DE,de,EUR,,Europe/Berlin,mix@example.org,Teststr. 1,Berlin,10115,
`,
  'contracts.csv': `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start
MIX-K1,MIX-C1,DE1,2026-10-01,,monthly,1,EUR,14,
`,
  'service-points.csv': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
MIX-SP1,MIX-K1,mix-user@isp.example;+4930999000111,Teststr. 1,Berlin,10115,DE
`,
  'subscriptions.csv': `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
MIX-S1,MIX-SP1,MIX,2026-10-01,,1
`,
  'usage.csv': `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity
mix-d1,mix-src,mix-user@isp.example,data,2026-10-05T10:00:00Z,600,,15000000000,0,
mix-d2,mix-src,mix-user@isp.example,data,2026-10-06T10:00:00Z,600,,10000000000,0,
mix-s1,mix-src,+4930999000111,sms,2026-10-07T10:00:00Z,,,,,5
`,
};

describe.skipIf(chromium.path === null)(`usage, tariffs and API keys in the console's languages${chromium.reason ? ` (skipped: ${chromium.reason})` : ''}`, () => {
  const dataDir = temporaryDataDir('billstream-console-usage-');
  const fixtureDir = temporaryDataDir('billstream-console-usage-fixture-');
  let server: ServerProcess;
  let signedIn: SignedInConsole | undefined;
  let page: Page;

  const billstream = async (...args: string[]) => {
    const run = await runBillstream(['--data', dataDir, ...args], { timeoutMs: 120_000 });
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  };

  beforeAll(async () => {
    for (const [file, text] of Object.entries(FIXTURE)) {
      fs.mkdirSync(path.dirname(path.join(fixtureDir, file)), { recursive: true });
      fs.writeFileSync(path.join(fixtureDir, file), text);
    }
    await billstream('import', 'legal-entities', path.join(EXAMPLES, 'legal-entities.yaml'));
    await billstream('import', 'partners', path.join(EXAMPLES, 'partners.csv'));
    for (const kind of ['clients', 'contracts', 'service-points'] as const) await billstream('import', kind, path.join(EXAMPLES, `${kind}.csv`));
    await billstream('import', 'tariffs', path.join(EXAMPLES, 'tariffs'));
    await billstream('import', 'subscriptions', path.join(EXAMPLES, 'subscriptions.csv'));
    await billstream('import', 'usage', path.join(EXAMPLES, 'usage.csv'));
    await billstream('import', 'tariffs', path.join(fixtureDir, 'tariffs'));
    for (const kind of ['clients', 'contracts', 'service-points', 'subscriptions', 'usage'] as const) await billstream('import', kind, path.join(fixtureDir, `${kind}.csv`));
    await createUser(dataDir, ADMIN.name, ['admin'], ADMIN.password);
    server = await startServer(dataDir);
    // The key the Hungarian API keys screen lists (server.request signs with the admin key).
    const key = await server.request('/api-keys', { method: 'POST', body: JSON.stringify({ name: 'audit', roles: ['auditor'] }) });
    expect(key.status).toBe(201);
    signedIn = await openSignedInConsole(chromium.path!, server.url, ADMIN.name, ADMIN.password);
    page = signedIn.page;
  }, 300_000);

  afterAll(async () => {
    await signedIn?.close();
    await server?.stop();
  }, 30_000);

  const language = (code: string) => switchLanguage(page, code);
  const usageOf = async (clientId: string, date: string) => {
    await page.goto(`${server.url}/console/usage?clientId=${clientId}&date=${date}`);
    await page.getByTestId('cycle-usage').first().waitFor();
    await settle(page);
  };
  const cells = async (row: ReturnType<Page['getByTestId']>) => (await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

  it('shows every allowance of the cycle and what it covered per line, in the line’s unit, to the cycle’s last day', async () => {
    await usageOf('MIX-C1', '2026-10-15');
    const usage = page.getByTestId('cycle-usage');
    // The API's figures: 25 GB used, 20 of them in the allowance; 5 SMS, 3 in the allowance.
    expect(await usage.getByTestId('cycle-usage-allowance').count()).toBe(2);
    // The data unit is the tariff's (read with it): polled until it is there.
    await poll(() => usage.locator('[data-testid="cycle-usage-allowance"][data-type="data"]').innerText()).toBe('data allowance: 20 of 20 GB used');
    expect(await usage.locator('[data-testid="cycle-usage-allowance"][data-type="sms"]').innerText()).toBe('SMS allowance: 3 of 3 events used');
    expect(await usage.locator('thead th').allInnerTexts()).toContain('Covered by the allowance');
    const data = await cells(usage.locator('[data-testid="cycle-usage-line"][data-type="data"]'));
    expect([data[0], data[4], data[5], data[6]]).toEqual(['data', '25 GB', '20 GB', '€2.50']);
    const sms = await cells(usage.locator('[data-testid="cycle-usage-line"][data-type="sms"]'));
    expect([sms[0], sms[4], sms[5], sms[6]]).toEqual(['SMS', '5 events', '3 events', '€0.20']);
    // The API's end is exclusive (2026-11-01): the cycle is shown to its last day, as invoices show it.
    expect(await usage.locator('h3').innerText()).toBe('Subscription MIX-S1 (MIX), cycle Oct 1, 2026 – Oct 31, 2026');
    expect(await page.locator('h2').first().innerText()).toContain('Oct 15, 2026');
  }, 60_000);

  it('writes usage types, bands, dates and allowances in Hungarian', async () => {
    await language('hu');
    await usageOf('MIX-C1', '2026-10-15');
    await poll(() => page.locator('[data-testid="cycle-usage-allowance"][data-type="data"]').innerText()).toBe('adat: 20 GB keretből 20 felhasználva');
    expect(await page.locator('[data-testid="cycle-usage-allowance"][data-type="sms"]').innerText()).toBe('SMS: 3 darab keretből 3 felhasználva');
    expect(await page.getByTestId('cycle-usage').locator('h3').innerText()).toMatch(/ciklus: 2026\. okt\. 1\. – 2026\. okt\. 31\.$/);
    // A client with voice in peak and off-peak hours: no code is shown as it is.
    await usageOf('C-0001', '2026-10-31');
    const text = await page.getByTestId('usage').innerText();
    expect(text).toContain('hívás');
    expect(text).toContain('csúcsidő');
    expect(text).not.toMatch(/\b(voice|peak|offpeak)\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  }, 60_000);

  it('writes tariff categories, dates and a data rule’s tiers in Hungarian, never as codes or JSON', async () => {
    await page.getByTestId('nav-tariffs').click();
    await page.getByTestId('tariffs-table-row').first().waitFor();
    await settle(page);
    const list = await page.getByTestId('tariffs').innerText();
    expect(list).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(list).toContain('2025. jan. 1.');
    expect(await page.getByTestId('tariffs-filter-category').locator('option').allInnerTexts()).toContain('kábeltévé');
    await page.goto(`${server.url}/console/tariffs/FIBRE-100`);
    await page.getByTestId('tariff-rule-details').first().waitFor();
    // Intl puts a no-break space between an amount and its currency.
    const rule = (await page.getByTestId('tariff-rule-details').first().innerText()).replace(/[\u00a0\u202f]/g, ' ');
    expect(rule).toContain('Egység: GB');
    expect(rule).toContain('Sávozás: lépcsős');
    expect(rule).toContain('0 – 500 GB: 0,00 EUR / GB');
    expect(rule).toContain('500 GB felett: 0,50 EUR / GB');
    expect(rule).not.toContain('{');
  }, 60_000);

  it('the API keys screen in Hungarian: the revoke button’s accessible name holds its visible text; axe-core finds nothing serious', async () => {
    await page.getByTestId('nav-api-keys').click();
    await page.getByTestId('api-key-revoke').first().waitFor();
    await settle(page);
    const revoke = page.getByTestId('api-key-revoke').first();
    expect(await revoke.innerText()).toBe('Visszavonás');
    expect(await revoke.getAttribute('aria-label')).toBe('Visszavonás: audit');
    expect(await axeViolations(page, 'api keys (hu)')).toEqual([]);
  }, 60_000);
});
