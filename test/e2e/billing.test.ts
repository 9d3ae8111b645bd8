/**
 * A small multi-country data set billed end to end on a real store (issue 5, "Done when"): files
 * imported as an operator would, two bill runs approved, and every total checked against a hand
 * computation written next to it (RULES.md 6-18).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { creditInvoice } from '../../src/app/credit-note/credit.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { ConflictError } from '../../src/core/errors.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { USAGE_HEADER } from '../support/small-billing.ts';

const LEGAL_ENTITIES = `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
- id: DE1
  name: Beispiel GmbH
  country: DE
  vatId: DE123456788
  address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }
  currency: EUR
  invoicePrefix: DE1
`;

const TARIFFS: Record<string, string> = {
  'voip.yaml': `id: T-VOIP
name: { en: Home VoIP, de: Heim-VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental, de: Anschluss }, amount: "10.00", period: monthly, billed: advance }
oneTime:
  - { code: SETUP, name: { en: Activation, de: Aktivierung }, amount: "20.00", on: activation }
usage:
  - type: voice
    deck: decks/de.csv
    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
`,
  'net.yaml': `id: T-NET
name: { en: Fibre }
currency: EUR
validFrom: 2026-01-01
category: internet
recurring:
  - { code: NET, name: { en: Fibre access }, amount: "30.00", period: monthly, billed: arrears }
`,
  'tv.yaml': `id: T-TV
name: { en: TV }
currency: USD
validFrom: 2026-01-01
category: catv
recurring:
  - { code: TV, name: { en: TV package }, amount: "12.00", period: monthly, billed: advance }
`,
};

const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.05,0,0,60,60
`;

const FX = `date,base,quote,rate
2026-10-01,EUR,HUF,400
2026-10-15,USD,EUR,0.9
2026-11-01,USD,EUR,0.8
2026-11-01,EUR,HUF,410
`;

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-DE,person,Max Muster,DE,de,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
C-RC,company,Muster AG,DE,de,EUR,DE811907980,Europe/Berlin,ap@muster.example,Industriestr. 1,München,80331,
C-AT,person,Anna Huber,AT,de,EUR,,Europe/Vienna,anna@example.at,Ring 1,Wien,1010,
C-US,person,John Doe,US,en,EUR,,America/New_York,john@example.com,1 Main St,New York,10001,
`;

const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-A,C-DE,DE1,2026-10-01,,monthly,1,EUR,14
K-B,C-RC,HU1,2026-10-01,,monthly,1,EUR,30
K-C,C-AT,HU1,2026-10-01,,monthly,1,EUR,15
K-D,C-US,DE1,2026-10-01,,monthly,1,EUR,15
`;

const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-A,K-A,+4930111111,Hauptstr. 2,Berlin,10115,DE
SP-B,K-B,muster-ag,Industriestr. 1,München,80331,DE
SP-C,K-C,anna-huber,Ring 1,Wien,1010,AT
SP-D,K-D,john-doe,1 Main St,New York,10001,US
`;

const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-A,SP-A,T-VOIP,2026-10-10,,1
S-B,SP-B,T-NET,2026-10-01,,1
S-C,SP-C,T-NET,2026-10-01,2026-10-21,1
S-D,SP-D,T-TV,2026-10-01,,1
`;


describe('billing a multi-country data set end to end (RULES.md 6-18)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-billing-');
  const file = fileWriter(dir);
  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };
  const invoiceOf = async (contractId: string, start: string) => {
    const all = await findInvoices(billstream.readStore, { contractId });
    return all.find((i) => i.period.start === start)!;
  };
  let runs = 0;
  const run = async (asOf: string, issueDate: string, includeHeld = false) => {
    runs += 1;
    const { runId } = await startBillRun(billstream, { asOf }, { commandId: `run-${runs}`, actor: 'test' });
    await billstream.catchUp();
    // RULES.md 17: the control report is ready, and nothing of the run is issued before approval.
    expect(((await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument).status).toBe('drafted');
    expect((await findInvoices(billstream.readStore, { runId })).filter((i) => i.status === 'issued')).toEqual([]);
    await approveBillRun(billstream, runId, { includeHeld, issueDate }, { commandId: `approve-${runs}`, actor: 'test' });
    await billstream.catchUp();
    return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    file('tariffs/decks/de.csv', DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    expect((await importFxRates(billstream, () => readCsvFile(file('fx.csv', FX), FX_RATE_COLUMNS), { actor: 'test' })).rejected).toBe(0);
    await importCrm('clients', CLIENTS);
    await importCrm('contracts', CONTRACTS);
    await importCrm('service-points', SERVICE_POINTS);
    await importCrm('subscriptions', SUBSCRIPTIONS);
    // Wednesday 2026-10-14 09:00 in Berlin (CEST): peak; 90 s billed as 120 s at 60/60.
    const usage = `${USAGE_HEADER}\ncdr-1,sw,+4930111111,voice,2026-10-14T07:00:00Z,90,+4940123456,,,\n`;
    expect((await importUsage(billstream, () => readCsvFile(file('usage-1.csv', usage), USAGE_COLUMNS), { actor: 'test' })).created).toBe(1);
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('issues the October invoices with exact amounts, gapless numbers per legal entity and due dates', async () => {
    const first = await run('2026-11-01', '2026-11-02');
    expect(first.status).toBe('completed');
    expect(first.result).toEqual({ issued: 4, held: 0, superseded: 0 });

    // Domestic VAT, proration in advance (DE1 -> DE consumer, EUR).
    // SETUP 20.00; LINE 2026-10-10..31 = 10 * 22/31 = 7.0967.. -> 7.10; LINE November in advance 10.00;
    // voice peak 120 s * 0.10/60 = 0.20. Net 37.30; VAT 19 % of 37.30 = 7.087 -> 7.09; total 44.39.
    const a = await invoiceOf('K-A', '2026-10-01');
    expect(a.lines.map((l) => [l.code, l.net, l.vatCategory, l.vatRate]).sort()).toEqual([
      ['LINE', '10.00', 'S', '19'], ['LINE', '7.10', 'S', '19'], ['SETUP', '20.00', 'S', '19'], ['USAGE-VOICE', '0.20', 'S', '19'],
    ]);
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['37.30', '7.09', '44.39']);
    // Issue 13: the lines' words in the client's language (de), the codes beside them; the
    // destination as the deck names it, the fees as the tariff names them.
    expect(a.lines.map((l) => l.description)).toEqual([
      'Telefonie · Germany · Hauptzeit', 'Anschluss 10.10.2026–31.10.2026 (22/31 Tage)', 'Anschluss 01.11.2026–30.11.2026', 'Aktivierung',
    ]);
    expect(a.lines[0]!.usage).toEqual({ type: 'voice', destination: 'Germany', band: 'peak' });
    expect(a.vat).toEqual([{ category: 'S', rate: '19', taxable: '37.30', amount: '7.09' }]);
    // RULES 18: 2026-11-02 + 14 days.
    expect([a.issueDate, a.dueDate]).toEqual(['2026-11-02', '2026-11-16']);

    // Reverse charge (HU1 -> DE business with a VAT id), arrears: NET October 30.00, AE 0 %;
    // EUR is not HU1's national currency, so the VAT is also stated in HUF: 0.00 (RULES 14).
    const b = await invoiceOf('K-B', '2026-10-01');
    expect([b.totalNet, b.totalVat, b.total]).toEqual(['30.00', '0.00', '30.00']);
    expect(b.vat).toEqual([{ category: 'AE', rate: '0', taxable: '30.00', amount: '0.00', national: { currency: 'HUF', amount: '0.00' }, mention: expect.stringContaining('Reverse charge'), mentionKey: 'AE' }]);
    expect(b.mentions.join(' ')).toContain('Reverse charge');
    expect(b.buyer.vatId).toBe('DE811907980');
    expect(b.seller?.vatId).toBe('HU12345676');
    expect(b.dueDate).toBe('2026-12-02');

    // OSS (HU1 -> AT consumer) and proration in arrears: the subscription ended 2026-10-21, so
    // NET = 30 * 20/31 = 19.354.. -> 19.35; AT VAT 20 %: 3.87; total 23.22. VAT in HUF at the
    // rate of the cycle's last day (EUR/HUF 400 of 2026-10-01): 3.87 * 400 = 1548.00 HUF.
    const c = await invoiceOf('K-C', '2026-10-01');
    expect([c.totalNet, c.totalVat, c.total]).toEqual(['19.35', '3.87', '23.22']);
    expect(c.vat).toEqual([{ category: 'S', rate: '20', taxable: '19.35', amount: '3.87', national: { currency: 'HUF', amount: '1548.00' } }]);
    expect(c.fx).toEqual({ base: 'EUR', quote: 'HUF', rate: '400', date: '2026-10-01' });

    // Outside the scope (DE1 -> US consumer) with a USD tariff on a EUR invoice: TV October and
    // November in advance, 12.00 USD each, converted at the newest rate on or before 2026-10-31
    // (USD/EUR 0.9 of 2026-10-15, not 0.8 of 2026-11-01): 10.80 + 10.80 = 21.60 EUR, category O.
    const d = await invoiceOf('K-D', '2026-10-01');
    expect(d.lines.map((l) => [l.code, l.net, l.vatCategory])).toEqual([['TV', '10.80', 'O'], ['TV', '10.80', 'O']]);
    expect([d.totalNet, d.totalVat, d.total]).toEqual(['21.60', '0.00', '21.60']);
    expect(d.fx).toEqual({ base: 'USD', quote: 'EUR', rate: '0.9', date: '2026-10-15' });
    expect(d.mentions).toHaveLength(1);
    // An English client's lines keep their English words and ISO dates.
    expect(d.lines.map((l) => l.description)).toEqual(['TV package 2026-10-01–2026-10-31', 'TV package 2026-11-01–2026-11-30']);
    expect(d.mentions).toEqual(['Outside the scope of EU VAT']);
    expect(b.mentions).toEqual(['Steuerschuldnerschaft des Leistungsempfängers / Reverse charge']);

    // RULES 16: per legal entity and year, from 000001, no gap.
    const numbers = (await findInvoices(billstream.readStore, { status: 'issued' })).map((i) => i.number).sort();
    expect(numbers).toEqual(['DE1-2026-000001', 'DE1-2026-000002', 'HU1-2026-000001', 'HU1-2026-000002']);
  }, 60_000);

  it('credits unused paid days and charges late usage on the next invoice, marked with its cycle', async () => {
    // The operator ends S-A on 2026-11-21, after November was paid in advance.
    await importCrm('subscriptions', SUBSCRIPTIONS.replace('S-A,SP-A,T-VOIP,2026-10-10,,1', 'S-A,SP-A,T-VOIP,2026-10-10,2026-11-21,1'));
    // A call of October arrives after October was invoiced: Tuesday 2026-10-20 10:00 Berlin, peak, 60 s: 0.10.
    clock.advance({ hours: 24 * 30 });
    const late = `${USAGE_HEADER}\ncdr-2,sw,+4930111111,voice,2026-10-20T08:00:00Z,60,+4940123456,,,\n`;
    await importUsage(billstream, () => readCsvFile(file('usage-2.csv', late), USAGE_COLUMNS), { actor: 'test' });

    const second = await run('2026-12-01', '2026-12-02', true);
    expect(second.status).toBe('completed');
    // Credit 2026-11-21..30 = 10 * 10/30 = 3.333.. -> -3.33; late voice of October +0.10; no
    // December in advance. Net -3.23; VAT 19 %: -0.6137 -> -0.61; total -3.84 (held as negative,
    // issued with the override).
    const a = await invoiceOf('K-A', '2026-11-01');
    expect(a.flags.map((f) => f.code)).toContain('zero-or-negative');
    const late0 = a.lines.find((l) => l.kind === 'late-usage')!;
    expect([late0.net, late0.originalPeriod]).toEqual(['0.10', { start: '2026-10-01', end: '2026-11-01' }]);
    // The quantity the late record added (October's invoice had cdr-1's 90 s on the same line), not the cycle's 150 s again.
    expect([late0.quantity, late0.unit]).toEqual(['60', 's']);
    const credit = a.lines.find((l) => l.kind === 'recurring')!;
    expect([credit.net, credit.period]).toEqual(['-3.33', { start: '2026-11-21', end: '2026-12-01' }]);
    expect(a.lines).toHaveLength(2);
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['-3.23', '-0.61', '-3.84']);
    expect(a.number).toMatch(/^DE1-2026-00000[34]$/);

    // Billed once: a third run for the same date finds nothing left to bill.
    const third = await run('2026-12-01', '2026-12-03');
    expect(third.report?.invoices).toBe(0);
  }, 60_000);

  it('credits an issued invoice in part and refuses to credit more than is left (RULES.md 17)', async () => {
    const invoice = await invoiceOf('K-A', '2026-10-01');
    const note = await creditInvoice(billstream, { invoice: invoice.number!, lines: [{ line: invoice.lines.findIndex((l) => l.code === 'SETUP'), amount: '5.00' }], reason: 'goodwill', issueDate: '2026-12-05' }, { commandId: 'credit-1', actor: 'test' });
    // -5.00 net at 19 %: -0.95 VAT, -5.95 total, numbered in the same series.
    expect([note.totalNet, note.totalVat, note.total, note.typeCode, note.invoiceNumber]).toEqual(['-5.00', '-0.95', '-5.95', 381, invoice.number]);
    expect(note.number).toMatch(/^DE1-2026-\d{6}$/);
    // The credited line in the invoice's language (de).
    expect(note.lines.map((l) => l.description)).toEqual([`Aktivierung (Gutschrift zu Rechnung ${invoice.number!})`]);
    await expect(creditInvoice(billstream, { invoice: invoice.number!, lines: [{ line: invoice.lines.findIndex((l) => l.code === 'SETUP'), amount: '15.01' }], reason: 'too much', issueDate: '2026-12-05' }, { commandId: 'credit-2', actor: 'test' }))
      .rejects.toThrow(ConflictError);
    await billstream.catchUp();
    // The issued invoice itself never changes.
    const after = await invoiceOf('K-A', '2026-10-01');
    expect([after.total, after.number, after.lines]).toEqual([invoice.total, invoice.number, invoice.lines]);
    // All numbers of the year, invoices and credit notes, form one gapless series per entity.
    const de = (await findInvoices(billstream.readStore, { legalEntityId: 'DE1' })).filter((i) => i.number).map((i) => Number(i.number!.slice(-6)));
    expect([...de, Number(note.number.slice(-6))].sort((x, y) => x - y)).toEqual(Array.from({ length: de.length + 1 }, (_, i) => i + 1));
  }, 60_000);
});
