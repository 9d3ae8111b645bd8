/**
 * Held invoices (issue 5, control report): a missing exchange rate holds an invoice and even an
 * override cannot issue it (there is no correct amount); once the rate is imported the next run
 * drafts it again and issues it. A non-blocking flag is issued only with the override.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile, readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

describe('held invoices', () => {
  it('holds a missing rate even under override, and bills it in the next run once the rate exists', async () => {
    const dir = temporaryDataDir('billstream-held-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await importLegalEntities(billstream, '- { id: HU1, name: Példa Kft., country: HU, vatId: HU12345676, address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }, currency: HUF, invoicePrefix: HU1 }', { actor: 't' });
      fs.mkdirSync(path.join(dir, 'tariffs'));
      fs.writeFileSync(path.join(dir, 'tariffs/net.yaml'), 'id: NET\nname: { en: Net }\ncurrency: EUR\nvalidFrom: 2026-01-01\ncategory: internet\nrecurring:\n  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }\n');
      await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
      const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
      await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Anna,HU,hu,EUR,,Europe/Budapest,a@example.hu,Fő utca 1,Budapest,1011,\nC2,company,GmbH,AT,de,HUF,,Europe/Vienna,b@example.at,Ringstraße 2,Wien,1010,\n');
      await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,HU1,2026-10-01,,monthly,1,EUR,15\nK2,C2,HU1,2026-10-01,,monthly,1,HUF,15\n');
      await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,anna,Fő utca 1,Budapest,1011,HU\nP2,K2,kft,Fő utca 2,Budapest,1011,HU\n');
      await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,NET,2026-10-01,,1\nS2,P2,NET,2026-10-01,,1\n');
      await billstream.catchUp();

      const run = async (n: number, includeHeld: boolean) => {
        const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: `run-${n}`, actor: 't' });
        await billstream.catchUp();
        const drafted = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
        await approveBillRun(billstream, runId, { includeHeld, issueDate: '2026-11-02' }, { commandId: `approve-${n}`, actor: 't' });
        await billstream.catchUp();
        return { drafted, completed: (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument };
      };
      // No EUR rate at all: K1 (EUR invoice, VAT also in HUF) and K2 (EUR tariff on a HUF invoice) cannot be priced.
      const first = await run(1, true);
      expect(first.drafted.report!.flags.map((f) => [f.contractId, f.flags.map((x) => [x.code, x.blocking])])).toEqual([
        ['K1', [['missing-fx-rate', true]]],
        ['K2', [['missing-fx-rate', true], ['b2b-without-vat-id', false]]],
      ]);
      expect(first.completed.result).toEqual({ issued: 0, held: 2, superseded: 0 });

      fs.writeFileSync(path.join(dir, 'fx.csv'), 'date,base,quote,rate\n2026-10-01,EUR,HUF,400\n');
      await importFxRates(billstream, () => readCsvFile(path.join(dir, 'fx.csv'), FX_RATE_COLUMNS), { actor: 't' });
      // Without the override only K1 is issued; K2 (a company in another member state without a VAT id) stays held ...
      const second = await run(2, false);
      expect(second.completed.result).toEqual({ issued: 1, held: 1, superseded: 0 });
      // ... until a run is approved with it: 20 EUR * 400 = 8000.00 HUF, Austrian VAT 20 % as for a consumer 1600.00.
      const third = await run(3, true);
      expect(third.completed.result).toEqual({ issued: 1, held: 0, superseded: 0 });
      const issued = (await findInvoices(billstream.readStore, { status: 'issued' })).map((i) => [i.contractId, i.number, i.total, i.currency]).sort();
      expect(issued).toEqual([['K1', 'HU1-2026-000001', '25.40', 'EUR'], ['K2', 'HU1-2026-000002', '9600.00', 'HUF']]);
    } finally {
      await billstream.close();
    }
  });

  it('holds a company reverse charged on a VAT id of the seller\'s own country, and not one with its own country\'s id', async () => {
    const dir = temporaryDataDir('billstream-held-vat-id-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 't' });
      fs.mkdirSync(path.join(dir, 'tariffs'));
      fs.writeFileSync(path.join(dir, 'tariffs/net.yaml'), 'id: NET\nname: { en: Net }\ncurrency: EUR\nvalidFrom: 2026-01-01\ncategory: internet\nrecurring:\n  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }\n');
      await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
      const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
      // C1: an Austrian company with a German VAT id; C2: one with its Austrian id.
      await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,company,Eins GmbH,AT,de,EUR,DE273948161,Europe/Vienna,a@example.at,Ring 1,Wien,1010,\nC2,company,Zwei GmbH,AT,de,EUR,ATU13585627,Europe/Vienna,b@example.at,Ring 2,Wien,1010,\n');
      await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,DE1,2026-10-01,,monthly,1,EUR,15\nK2,C2,DE1,2026-10-01,,monthly,1,EUR,15\n');
      await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,eins,Ring 1,Wien,1010,AT\nP2,K2,zwei,Ring 2,Wien,1010,AT\n');
      await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,NET,2026-10-01,,1\nS2,P2,NET,2026-10-01,,1\n');
      await billstream.catchUp();
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'vat-id', actor: 't' });
      await billstream.catchUp();
      const drafted = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
      expect(drafted.report!.flags.map((f) => [f.contractId, f.flags.map((x) => [x.code, x.blocking, x.params])])).toEqual([
        ['K1', [['vat-id-of-seller-country', false, { clientId: 'C1', country: 'AT', vatId: 'DE273948161', sellerCountry: 'DE' }]]],
      ]);
      // Both are reverse charged as drafted; only K1 waits for someone to look.
      const invoices = await findInvoices(billstream.readStore, { runId });
      expect(invoices.map((i) => [i.contractId, i.vat.map((g) => g.category), i.held]).sort()).toEqual([['K1', ['AE'], true], ['K2', ['AE'], false]]);
    } finally {
      await billstream.close();
    }
  });
});
