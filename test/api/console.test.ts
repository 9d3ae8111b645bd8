/**
 * Issue 16: `billstream serve` serves the operator console at /console with no build step for the
 * user: the page for every console path, the bundle esbuild makes in the server process (content
 * hashed, cached for a year, under a strict Content-Security-Policy), and the texts of each
 * language; the four console.ftl files say the same messages.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import type { components } from '../../src/api/openapi.d.ts';
import { INVOICE_FLAG_CODES } from '../../src/domain/bill-run/events.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LANGUAGES = ['en', 'hu', 'de', 'fr'];
const run = promisify(execFile);

/** The asset names the page links to. */
function assetsOf(html: string): { script: string; stylesheet: string } {
  const script = /<script type="module" src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const stylesheet = /<link rel="stylesheet" href="(\/console\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  expect(script, 'the page loads a script').toBeDefined();
  expect(stylesheet, 'the page loads a stylesheet').toBeDefined();
  return { script: script!, stylesheet: stylesheet! };
}

function messageIds(language: string): string[] {
  const resource = new FluentResource(fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8'));
  return resource.body.map((entry) => entry.id).sort();
}

describe('the console, served', () => {
  let billstream: Billstream;
  let app: Express;

  beforeAll(async () => {
    billstream = await openTestBillstream();
    app = await createApp(billstream);
  });
  afterAll(() => billstream.close());

  it('answers the page for /console and every client-side route, without a key, under a strict CSP and never cached stale', async () => {
    for (const route of ['/console', '/console/', '/console/clients', '/console/clients/C-1/edit']) {
      const res = await request(app).get(route).expect(200);
      expect(res.headers['content-type'], route).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // No inline script for the CSP to refuse: every script comes from a file.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves the bundle and the stylesheet by content-hashed names, as JavaScript and CSS cached for a year', async () => {
    const page = await request(app).get('/console').expect(200);
    const { script, stylesheet } = assetsOf(page.text);
    const js = await request(app).get(script).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const body = js.body as Buffer;
    // Minified, and small: the first screen must be interactive within a second.
    expect(body.toString('utf8')).not.toMatch(/\n\s{2,}\S/);
    expect(gzipSync(body).length).toBeLessThan(100_000);
    console.log(`console bundle ${script}: ${body.length} bytes, ${gzipSync(body).length} gzipped`);

    const css = await request(app).get(stylesheet).expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(stylesheet).toBe(`/console/assets/console-${createHash('sha256').update(css.text).digest('hex').slice(0, 12)}.css`);

    // The same name every time (the page may be cached while the assets are not), and nothing else under it.
    expect(assetsOf((await request(app).get('/console/clients').expect(200)).text)).toEqual({ script, stylesheet });
    await request(app).get('/console/assets/console-00000000.js').expect(404);
  });

  it.each(LANGUAGES)('serves the %s texts as Fluent, from src/i18n/locales', async (language) => {
    const res = await request(app).get(`/console/locales/${language}.ftl`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe(fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8'));
  });

  it('has no texts for a language without them, and no file outside the locales', async () => {
    await request(app).get('/console/locales/xx.ftl').expect(404);
    await request(app).get('/console/locales/en.json').expect(404);
    await request(app).get('/console/locales/..%2Fen%2Fapi.ftl').expect(404);
    await request(app).get('/console/locales/api.ftl').expect(404);
  });

  it('leaves the API as it was: a change under /console is not the console\'s, and the API still wants a key', async () => {
    await request(app).post('/console').expect(401);
    await request(app).get('/clients').expect(401);
  });
});

describe('the console texts (src/i18n/locales/<lang>/console.ftl)', () => {
  it('have the same messages in English, Hungarian, German and French, each parsed whole and named console-*', () => {
    const english = messageIds('en');
    expect(english.length).toBeGreaterThan(50);
    for (const id of english) expect(id).toMatch(/^console-/);
    for (const language of LANGUAGES) {
      const resource = new FluentResource(fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8'));
      // A line @fluent/bundle cannot parse is skipped silently: count the messages the file starts.
      const starts = [...fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8').matchAll(/^(-?[a-z][\w-]*)\s*=/gm)].length;
      expect(resource.body.length, `${language}: every message parses`).toBe(starts);
      expect(messageIds(language), language).toEqual(english);
    }
  });

  it('have every message the console names in its source', () => {
    const english = new Set(messageIds('en'));
    const named = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(file)) for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(console-[a-z0-9-]+)'/g)) named.add(m[1]!);
      }
    };
    walk(path.join(ROOT, 'console/src'));
    expect(named.size).toBeGreaterThan(50);
    expect([...named].filter((id) => !english.has(id))).toEqual([]);
  });
});

describe('held invoices\' reasons in the console (console/src/flags.ts)', () => {
  type Flag = components['schemas']['InvoiceFlag'];
  type Format = { t(id: string, args?: Record<string, string | number>): string };
  let say: (flag: Flag, language: string) => string;

  beforeAll(async () => {
    // The console's own modules (typed by console/tsconfig.json), loaded as the browser runs them.
    const { makeI18n } = (await import(pathToFileURL(path.join(ROOT, 'console/src/i18n.tsx')).href)) as { makeI18n(language: string, bundles: FluentBundle[]): Format };
    const { flagText } = (await import(pathToFileURL(path.join(ROOT, 'console/src/flags.ts')).href)) as { flagText(flag: Flag, f: Format): string };
    const bundle = (language: string) => {
      const b = new FluentBundle(language, { useIsolating: false });
      b.addResource(new FluentResource(fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8')));
      return b;
    };
    // Intl separates thousands and currencies with no-break spaces: compared as plain spaces.
    say = (flag, language) => flagText(flag, makeI18n(language, [bundle(language), ...(language === 'en' ? [] : [bundle('en')])])).replace(/[\u00a0\u202f]/g, ' ');
  });

  it('has a message for every flag code in English, Hungarian, German and French', () => {
    for (const language of LANGUAGES) {
      const ids = messageIds(language);
      expect(INVOICE_FLAG_CODES.filter((code) => !ids.includes(`console-flag-message-${code}`)), language).toEqual([]);
    }
    // The console names each of them (src/flags.ts), so the check above covers every code it shows.
    const source = fs.readFileSync(path.join(ROOT, 'console/src/flags.ts'), 'utf8');
    expect(INVOICE_FLAG_CODES.filter((code) => !source.includes(`'console-flag-message-${code}'`))).toEqual([]);
  });

  const totalChanged: Flag = {
    code: 'total-changed', blocking: false,
    message: "total 19985.89 differs from the previous cycle's 21914.32 by 8.8 % (threshold 1 %)",
    params: { total: '19985.89', previousTotal: '21914.32', currency: 'HUF', changePercent: '8.8', thresholdPercent: '1' },
  };

  it('says a total that changed in the console\'s language, with amounts and percentages written for it', () => {
    expect(say(totalChanged, 'en')).toBe("total HUF 19,985.89 differs from the previous cycle's HUF 21,914.32 by 8.8 % (threshold 1 %)");
    expect(say(totalChanged, 'hu')).toBe('végösszeg: 19 985,89 Ft, az előző időszaké: 21 914,32 Ft, eltérés: 8,8% (küszöb: 1%)');
    expect(say(totalChanged, 'de')).toBe('Gesamtbetrag 19.985,89 HUF weicht um 8,8 % vom vorigen Zeitraum ab (21.914,32 HUF; Schwelle 1 %)');
    expect(say(totalChanged, 'fr')).toBe('le total 19 985,89 HUF s\'écarte de 8,8 % de celui de la période précédente (21 914,32 HUF ; seuil 1 %)');
  });

  it('says every code from the params a bill run gives (openapi.yaml InvoiceFlag), in every language, leaving no figure unformatted', () => {
    const samples: Flag[] = [
      totalChanged,
      { code: 'zero-or-negative', blocking: false, message: 'total -1250.00 EUR', params: { total: '-1250.00', currency: 'EUR' } },
      { code: 'discount-share', blocking: false, message: 'discounts 1400.00 EUR are 70 % of the charges 2000.00 EUR (threshold 50 %)', params: { discounts: '1400.00', charges: '2000.00', currency: 'EUR', sharePercent: '70', thresholdPercent: '50' } },
      { code: 'discount-share', blocking: false, message: 'discounts 1400.00 EUR are more than the charges 0.00 EUR (threshold 50 %)', params: { discounts: '1400.00', charges: '0.00', currency: 'EUR', thresholdPercent: '50' } },
      { code: 'unresolved-usage', blocking: false, message: "12345 unresolved usage record(s) of this contract's service points in the period", params: { records: '12345' } },
      { code: 'missing-fx-rate', blocking: true, message: 'no exchange rate on or before 2025-11-30 for EUR/HUF', params: { pairs: 'EUR/HUF', date: '2025-11-30' } },
      { code: 'no-vat-rate', blocking: true, message: 'no VAT rate known for HU on 1990-01-31: ...', params: { country: 'HU', date: '1990-01-31' } },
      { code: 'b2b-without-vat-id', blocking: false, message: 'company C2 in AT has no VAT id: ...', params: { clientId: 'C2', country: 'AT' } },
      { code: 'b2b-without-vat-id', blocking: false, message: 'company C2 in AT has an invalid VAT id ATU1: ...', params: { clientId: 'C2', country: 'AT', vatId: 'ATU1' } },
      { code: 'vat-id-of-seller-country', blocking: false, message: 'company C1 in AT is reverse charged on DE273948161, ...', params: { clientId: 'C1', country: 'AT', vatId: 'DE273948161', sellerCountry: 'DE' } },
      { code: 'no-legal-entity', blocking: true, message: 'contract K1 has no legal entity that could issue it (XX9)', params: { contractId: 'K1', legalEntityId: 'XX9' } },
      { code: 'no-legal-entity', blocking: true, message: 'contract K1 has no legal entity that could issue it (none)', params: { contractId: 'K1' } },
      { code: 'invalid-time-zone', blocking: true, message: 'client C1 has an invalid time zone "Mars/Base"', params: { clientId: 'C1', timeZone: 'Mars/Base' } },
      { code: 'waits-for-earlier-cycle', blocking: true, message: "waits for the contract's cycle 2025-11-01 to 2025-11-30, which is blocked: ...", params: { cycleStart: '2025-11-01', cycleLastDay: '2025-11-30', status: 'blocked' } },
      { code: 'no-holiday-calendar', blocking: false, message: '2 voice call(s) of this cycle were rated without public holidays: ...', params: { calls: '2', calendars: 'QA 2026', since: '2026-12-17' } },
      ...(['seller-vat-id', 'buyer-vat-id', 'seller-address'] as const).map((item): Flag => ({ code: 'incomplete-document', blocking: true, message: `the invoice's documents would lack an item the law requires: ${item}`, params: { item } })),
    ];
    expect(new Set(samples.map((f) => f.code))).toEqual(new Set(INVOICE_FLAG_CODES));
    for (const flag of samples) {
      // Said from the params, not the API's message (English may say the same sentence).
      const said = LANGUAGES.map((language) => say({ ...flag, message: '(the API message)' }, language));
      for (const [i, text] of said.entries()) {
        const where = `${LANGUAGES[i]} ${flag.code} ${JSON.stringify(flag.params)}: ${text}`;
        expect(text, where).not.toBe('(the API message)');
        expect(text, where).not.toMatch(/[{}]|console-/);
        if (LANGUAGES[i] !== 'en') expect(text, `${where}: a selector's key shown`).not.toMatch(/\b(none|held|blocked|seller-vat-id)\b/);
        // Dates, amounts and counts as the language writes them (grouped), never as the API sends
        // them; the one ISO date left is the --since of the command to run.
        expect(text, where).not.toMatch(/\d{4}-\d{2}-\d{2}(?!\))/);
        for (const value of Object.values(flag.params ?? {}).filter((v) => /^-?\d{4,}(\.\d+)?$/.test(v))) expect(text, where).not.toContain(value);
      }
      expect(new Set(said).size, `${flag.code}: four languages, four texts`).toBe(4);
    }
  });

  it('falls back to the API\'s message for a flag without params (recorded before them) or a code it has no message for', () => {
    const { params: _, ...older } = totalChanged;
    expect(say(older, 'hu')).toBe(totalChanged.message);
    expect(say({ ...totalChanged, params: { total: '19985.89' } }, 'de')).toBe(totalChanged.message);
    expect(say({ ...totalChanged, code: 'brand-new-reason' as Flag['code'] }, 'fr')).toBe(totalChanged.message);
  });
});

describe('the console bundle, built where billstream is installed', () => {
  it('builds from its own files whatever the working folder', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-console-cwd-'));
    const module = pathToFileURL(path.join(ROOT, 'src/api/console.ts')).href;
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const script = `const { consoleBuild } = await import(${JSON.stringify(module)}); const b = await consoleBuild(); console.log(JSON.stringify({ script: b.script, size: b.assets.get(b.script).body.length }));`;
    const { stdout } = await run(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { cwd });
    const built = JSON.parse(stdout) as { script: string; size: number };
    expect(built.script).toMatch(/^console-[A-Z0-9]+\.js$/);
    expect(built.size).toBeGreaterThan(1000);
  }, 60_000);
});

describe('the history tab names every field of an entity\'s events (console/src/history-fields.ts)', () => {
  type Event = { id: string; type: string; revision: number; position: number; data: Record<string, unknown>; metadata: { recordedAt: string; actor: string } };
  type Change = { field: string };
  type Format = { t(id: string, args?: Record<string, string | number>): string };
  let labels: (entity: string, events: Event[], language: string) => string[][];

  /** Events as GET /<things>/{id}/history gives them (data as recorded by the deciders). */
  const events = (...items: [string, Record<string, unknown>][]): Event[] =>
    items.map(([type, data], i) => ({ id: `e${i}`, type, revision: i, position: i, data, metadata: { recordedAt: '2026-11-02T10:00:00Z', actor: 'user:erika' } }));
  const address = { line1: 'Kossuth Lajos utca 12', line2: '3. em. 7.', city: 'Budapest', postalCode: '1052' };
  const SAMPLES: Record<string, Event[]> = {
    client: events(
      ['ClientRegistered', { clientId: 'C1', type: 'person', name: 'Kovács Anna', country: 'HU', language: 'hu', currency: 'HUF', vatId: null, timeZone: 'Europe/Budapest', email: 'a@example.org', address, partnerId: null, agentId: null, externalId: 'X1', status: 'active' }],
      ['ClientDetailsChanged', { clientId: 'C1', changes: { timeZone: 'Europe/Vienna', address: { ...address, city: 'Szeged' } } }],
      ['ClientStatusChanged', { clientId: 'C1', from: 'active', to: 'suspended', reason: 'unpaid' }],
      ['ContactPersonSaved', { clientId: 'C1', contactId: 'P1', name: 'Kovács Béla', role: 'spouse', email: 'b@example.org', phone: '+36301234567' }],
      ['ContactPersonRemoved', { clientId: 'C1', contactId: 'P1' }],
      ['ClientCommunicationLogged', { clientId: 'C1', entryId: 'E1', kind: 'call', at: '2026-11-03T10:00:00Z', author: 'erika', subject: 'Invoice', body: 'Asked' }],
    ),
    contract: events(
      ['ContractConcluded', { contractId: 'K1', number: 'K1', billingStart: '2026-01-01', agentId: null, externalId: 'K1', clientId: 'C1', legalEntityId: 'HU1', startDate: '2025-03-01', endDate: null, billingCycle: 'monthly', cycleAnchorDay: 1, currency: 'HUF', paymentTermsDays: 15 }],
      ['ContractDetailsChanged', { contractId: 'K1', changes: { endDate: '2027-12-01', paymentTermsDays: 30 } }],
    ),
    'service-point': events(
      ['ServicePointRegistered', { servicePointId: 'SP1', clientId: 'C1', active: true, externalId: 'SP1', contractId: 'K1', identifiers: ['+3612345678'], address, country: 'HU' }],
      ['ServicePointDetailsChanged', { servicePointId: 'SP1', changes: { active: false } }],
      ['ServicePointBlocked', { servicePointId: 'SP1', reason: 'fraud' }],
      ['ServicePointUnblocked', { servicePointId: 'SP1', reason: 'cleared' }],
      ['ServicePointCredentialsSet', { servicePointId: 'SP1', userName: 'anna@isp.example', sealed: 'withheld' }],
      ['ServicePointCredentialsCleared', { servicePointId: 'SP1', userName: 'anna@isp.example' }],
    ),
    subscription: events(
      ['SubscriptionStarted', { subscriptionId: 'S1', contractId: 'K1', clientId: 'C1', externalId: 'S1', servicePointId: 'SP1', tariffId: 'FIBRE-100', startDate: '2025-03-01', endDate: null, quantity: 1 }],
      ['SubscriptionDetailsChanged', { subscriptionId: 'S1', changes: { endDate: '2027-01-01', quantity: 2 } }],
    ),
    tariff: events(
      ['TariffVersionPublished', { id: 'FIBRE-100', name: { en: 'Fibre 100', hu: 'Optika 100' }, currency: 'EUR', validFrom: '2025-01-01', category: 'internet', recurring: [], oneTime: [], usage: [], contentHash: 'a' }],
      ['TariffVersionPublished', { id: 'FIBRE-100', name: { en: 'Fibre 100', hu: 'Optika 100' }, currency: 'EUR', validFrom: '2025-01-01', category: 'internet', recurring: [], oneTime: [], usage: [], radius: { rateLimit: { upBitsPerSecond: 1, downBitsPerSecond: 2 }, sessionTimeout: null, interimInterval: 300, framedPool: 'pool', attributes: {} }, contentHash: 'b' }],
    ),
    discount: events(
      ['DiscountVersionPublished', { id: 'D1', name: { en: 'D' }, validFrom: '2026-01-01', validTo: null, scope: { everyone: true, clients: [], contracts: [], subscriptions: [], tariffs: [], partners: [] }, kind: 'percentage', percent: '12', on: { charges: ['recurring'], usageTypes: ['voice'], categories: ['voip'], codes: ['X'] }, when: { categoriesActive: ['internet'], tenureMonths: 12, firstCycles: 3 }, priority: 10, group: 'household', cap: null, contentHash: 'a' }],
      ['DiscountVersionPublished', { id: 'D1', name: { en: 'D' }, validFrom: '2026-02-01', validTo: null, scope: {}, kind: 'price-override', usageType: 'voice', prefixes: ['36'], peak: '0.1', offpeak: '0.05', currency: 'EUR', on: {}, when: {}, priority: 10, group: null, cap: null, contentHash: 'b' }],
      ['DiscountVersionPublished', { id: 'D1', name: { en: 'D' }, validFrom: '2026-03-01', validTo: null, scope: {}, kind: 'commitment', minimum: '50', currency: 'EUR', category: 'voip', on: {}, when: {}, priority: 10, group: null, cap: null, contentHash: 'c' }],
      ['DiscountVersionPublished', { id: 'D1', name: { en: 'D' }, validFrom: '2026-04-01', validTo: null, scope: {}, kind: 'volume', thresholds: [{ from: '1', percent: '3' }], amount: '1', quantity: '2', on: {}, when: {}, priority: 10, group: null, cap: null, contentHash: 'd' }],
    ),
    invoice: events(
      ['InvoiceDrafted', { invoiceId: 'I1', runId: 'R1', contractId: 'K1', clientId: 'C1', legalEntityId: 'HU1', period: { start: '2026-01-01', end: '2026-02-01' }, paymentTermsDays: 15, language: 'hu', seller: { id: 'HU1', name: 'Példa Kft.' }, buyer: { id: 'C1', name: 'Nagy Gábor' }, invoice: { currency: 'HUF', lines: [], vat: [], fx: null, fxRates: [], mentions: [], discounts: [], totalNet: '1.00', totalVat: '0.27', total: '1.27' }, flags: [], usageCutoff: 12 }],
      ['InvoiceDraftAdopted', { invoiceId: 'I1', runId: 'R2', fromRunId: 'R1', usageCutoff: 13 }],
      ['InvoiceIssued', { invoiceId: 'I1', runId: 'R2', number: 'HU1-2026-000011', issueDate: '2026-11-02', dueDate: '2026-11-17', seller: { id: 'HU1', name: 'Példa Kft.' } }],
      ['InvoiceDocumentsRendered', { invoiceId: 'I1', number: 'HU1-2026-000011', docx: 'ab', ubl: 'cd', pages: 1, seller: { id: 'HU1', name: 'Példa Kft.' }, buyer: { id: 'C1', name: 'Nagy Gábor' }, language: 'hu', renderer: 1 }],
      ['InvoiceCredited', { creditNoteId: 'CN1', invoiceId: 'I1', invoiceNumber: 'HU1-2026-000011', issueDate: '2026-12-07', reason: 'goodwill', lines: [], vat: [], totalNet: '-1.00', totalVat: '-0.27', total: '-1.27' }],
      ['InvoiceDraftVoided', { invoiceId: 'I1', runId: 'R1' }],
    ),
    'credit-note': events(
      ['CreditNoteIssued', { creditNoteId: 'CN1', invoiceId: 'I1', invoiceNumber: 'HU1-2026-000011', issueDate: '2026-12-07', reason: 'goodwill', lines: [], vat: [], totalNet: '-1.00', totalVat: '-0.27', total: '-1.27', id: 'CN1', number: 'HU1-2026-000128', typeCode: 381, clientId: 'C1', contractId: 'K1', legalEntityId: 'HU1', currency: 'HUF' }],
      ['CreditNoteDocumentsRendered', { creditNoteId: 'CN1', number: 'HU1-2026-000128', invoiceId: 'I1', docx: 'ab', ubl: 'cd', seller: { id: 'HU1', name: 'Példa Kft.' }, buyer: { id: 'C1', name: 'Nagy Gábor' }, language: 'hu', renderer: 1 }],
    ),
    payment: events(
      ['PaymentReceived', { paymentId: 'PAY-1', clientId: 'C1', legalEntityId: 'HU1', date: '2026-11-10', amount: '40000.00', currency: 'HUF', reference: 'bank 1', invoiceNumber: 'HU1-2026-000011', nationalCurrency: 'HUF', rate: '1' }],
      ['PaymentAllocated', { allocationId: 'A1', paymentId: 'PAY-1', clientId: 'C1', legalEntityId: 'HU1', invoiceId: 'I1', invoiceNumber: 'HU1-2026-000011', date: '2026-11-10', amount: '29222.34', currency: 'HUF', invoiceAmount: '29222.34', invoiceCurrency: 'HUF', nationalCurrency: 'HUF', paymentRate: '1', invoiceRate: '1', releases: 'A0' }],
      ['PaymentRefunded', { refundId: 'F1', paymentId: 'PAY-1', clientId: 'C1', legalEntityId: 'HU1', date: '2026-11-12', amount: '1000.00', currency: 'HUF', reference: 'back', nationalCurrency: 'HUF', rate: '1' }],
    ),
  };

  beforeAll(async () => {
    const { makeI18n } = (await import(pathToFileURL(path.join(ROOT, 'console/src/i18n.tsx')).href)) as { makeI18n(language: string, bundles: FluentBundle[]): Format };
    const { changesOf } = (await import(pathToFileURL(path.join(ROOT, 'console/src/components/history.tsx')).href)) as { changesOf(events: Event[], history: unknown): { changes: Change[] }[] };
    const { fieldLabel, HISTORIES } = (await import(pathToFileURL(path.join(ROOT, 'console/src/history-fields.ts')).href)) as { fieldLabel(history: unknown, type: string, field: string, f: Format): string; HISTORIES: Record<string, unknown> };
    const bundle = (language: string) => {
      const b = new FluentBundle(language, { useIsolating: false });
      b.addResource(new FluentResource(fs.readFileSync(path.join(ROOT, 'src/i18n/locales', language, 'console.ftl'), 'utf8')));
      return b;
    };
    labels = (entity, items, language) => {
      // Only the language's own texts: a label English answers for a language lacking it would pass unseen.
      const i18n = makeI18n(language, [bundle(language)]);
      return changesOf(items, HISTORIES[entity]).map(({ changes }, i) => changes.map((c) => fieldLabel(HISTORIES[entity], items[i]!.type, c.field, i18n)));
    };
  });

  it('labels every field of every event type of the nine entities in each language, never by its name in the data', () => {
    for (const language of LANGUAGES) {
      for (const [entity, items] of Object.entries(SAMPLES)) {
        const shown = labels(entity, items, language);
        const fields = (changes: string[][]) => changes.flat();
        const raw = fields(shown).filter((label) => /^[a-z]+([A-Z][a-z]*)*(\.[a-zA-Z]+)?$/.test(label) && !/\s/.test(label) || label.startsWith('console-'));
        expect(raw, `${entity} in ${language}`).toEqual([]);
        expect(fields(shown).length, `${entity} in ${language}`).toBeGreaterThan(0);
      }
    }
  });

  it('shows a field no entry names (a later event\'s) by its own name, never an empty label', () => {
    const shown = labels('contract', events(['ContractConcluded', { contractId: 'K1', paymentTermsDays: 15 }], ['ContractRenegotiated', { contractId: 'K1', noticePeriodDays: 30 }]), 'hu');
    expect(shown).toEqual([['Fizetési határidő (nap)'], ['noticePeriodDays']]);
  });
});
