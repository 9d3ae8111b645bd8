/**
 * Issue 13: every text billstream writes on an invoice is in the client's language (the fee
 * names from the tariff, the usage type and band, the dates), with the codes beside them; a
 * client's language without translations is billed in English, and the control report says so
 * without holding the invoice.
 */
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
import { startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { translatorFor } from '../../src/i18n/translator.ts';
import { runReport } from '../../tools/billing-commands.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { GERMAN_SELLER } from '../support/small-billing.ts';

const LEGAL_ENTITIES = GERMAN_SELLER;

const TARIFF = `id: T-VOIP
name: { en: Home VoIP, hu: Otthoni VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental, hu: Vonalbérlet, fr: Location de ligne }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: voice
    deck: decks/de.csv
`;

const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.10,0,0,60,60
`;

// [client, language, service point identifier]
const CLIENTS = [['EN', 'en', '+4930100001'], ['HU', 'hu-HU', '+4930100002'], ['FR', 'fr', '+4930100003'], ['IT', 'it', '+4930100004'], ['IT2', 'it', '+4930100005']] as const;
const CRM: Record<string, string> = {
  clients: `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
${CLIENTS.map(([i, language]) => `C-${i},person,Person ${i},DE,${language},EUR,,Europe/Berlin,${i}@example.de,Str. 1,Berlin,10115,`).join('\n')}
`,
  contracts: `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
${CLIENTS.map(([i]) => `K-${i},C-${i},DE1,2026-10-10,,monthly,1,EUR,14`).join('\n')}
`,
  'service-points': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
${CLIENTS.map(([i, , number]) => `SP-${i},K-${i},${number},Str. 1,Berlin,10115,DE`).join('\n')}
`,
  subscriptions: `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
${CLIENTS.map(([i]) => `S-${i},SP-${i},T-VOIP,2026-10-10,,1`).join('\n')}
`,
};

describe('invoices in the client\'s language (issue 13)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-language-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    file('tariffs/voip.yaml', TARIFF);
    file('tariffs/decks/de.csv', DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    // Wednesday 2026-10-14 09:00 in Berlin, 60 s, for every client: offpeak (the tariff names no peak hours).
    const usage = `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\n${
      CLIENTS.map(([i, , number]) => `cdr-${i},sw,${number},voice,2026-10-14T07:00:00Z,60,+4940123456,,,`).join('\n')}\n`;
    expect((await importUsage(billstream, () => readCsvFile(file('usage.csv', usage), USAGE_COLUMNS), { actor: 'test' })).created).toBe(CLIENTS.length);
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('writes each invoice in its client\'s language, keeps the codes beside the words, and reports the languages billed in English', async () => {
    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' });
    await billstream.catchUp();
    const invoices = await findInvoices(billstream.readStore, { runId });
    const texts = (client: string) => invoices.find((i) => i.clientId === `C-${client}`)!.lines.map((l) => l.description);

    expect(texts('EN')).toEqual(['voice · Germany · offpeak', 'Line rental 2026-10-10–2026-10-31 (22/31 days)', 'Line rental 2026-11-01–2026-11-30']);
    // The fee's name from the tariff in Hungarian, and billstream's own words and dates in it too.
    expect(texts('HU')).toEqual(['hívás · Germany · csúcsidőn kívül', 'Vonalbérlet 2026. 10. 10. – 2026. 10. 31. (22/31 nap)', 'Vonalbérlet 2026. 11. 01. – 2026. 11. 30.']);
    expect(texts('FR')).toEqual(['appels · Germany · heures creuses', 'Location de ligne du 10/10/2026 au 31/10/2026 (22/31 jours)', 'Location de ligne du 01/11/2026 au 30/11/2026']);
    // Italian has no translations: English, as for an English client.
    expect(texts('IT')).toEqual(texts('EN'));

    // The language-neutral codes stay beside the words.
    const hu = invoices.find((i) => i.clientId === 'C-HU')!;
    expect(hu.language).toBe('hu-HU');
    expect(hu.lines.map((l) => [l.kind, l.code, l.usage ?? null, l.unit])).toEqual([
      ['usage', 'USAGE-VOICE', { type: 'voice', destination: 'Germany', band: 'offpeak' }, 's'], ['recurring', 'LINE', null, 'MON'], ['recurring', 'LINE', null, 'MON'],
    ]);

    // Not a reason to hold an invoice: the report says which languages were billed in English, and how often.
    const report = ((await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument).report!;
    expect([report.invoices, report.held]).toEqual([CLIENTS.length, 0]);
    expect(report.languageFallback).toEqual([{ language: 'it', invoices: 2 }]);

    // The CLI prints the report in the operator's language (BILLSTREAM_LANGUAGE), English by default.
    const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
    const printed = (language: string) => runReport(run, translatorFor(language)).map((line) => line.replace(/[\u00a0\u202f]/g, ' '));
    // Five invoices: 10 x 22/31 = 7.10, November 10.00 and 0.10 of calls each (net 17.20, VAT 19 %: 3.27).
    expect(printed('en')).toEqual(expect.arrayContaining([
      `bill run ${runId} as of 2026-11-01: drafted`, '  5 invoices, 0 held (0 cannot be issued)', '  EUR: 5 invoices, net 86.00, VAT 16.35, total 102.35',
      '  VAT S 19 % (EUR): taxable 86.00, VAT 16.35', '  language it: no translations, 2 invoice(s) written in English',
    ]));
    expect(printed('de')).toEqual(expect.arrayContaining([
      `Abrechnungslauf ${runId} zum 2026-11-01: Entwürfe erstellt`, '  5 Rechnungen, 0 zurückgehalten (0 nicht ausstellbar)', '  EUR: 5 Rechnungen, netto 86,00, USt. 16,35, gesamt 102,35',
      '  Sprache it: keine Übersetzung, 2 Rechnungen auf Englisch',
    ]));
    expect(printed('hu')[1]).toBe('  5 számla, 0 visszatartva (ebből 0 nem állítható ki)');
    expect(printed('fr')[2]).toBe('  EUR : 5 factures, HT 86,00, TVA 16,35, TTC 102,35');
  }, 60_000);
});
