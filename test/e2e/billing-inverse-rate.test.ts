/**
 * RULES.md 11 and 14 when only the inverse pair is published: amounts are divided by the published
 * rate, exactly, never multiplied by its rounded inverse (0.03 / 1.2 = 0.025, which rounds up to
 * 0.03; 0.03 x 0.833333333333333333 = 0.02499..., which would round down to 0.02).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

describe('RULES.md 11 and 14: a rate known only as its inverse', () => {
  it('divides a line and the national VAT by the published rate', async () => {
    const dir = temporaryDataDir('billstream-inverse-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 't' });
      fs.mkdirSync(path.join(dir, 'tariffs'));
      fs.writeFileSync(path.join(dir, 'tariffs/usd.yaml'), 'id: USD-FEE\nname: { en: Fee }\ncurrency: USD\nvalidFrom: 2026-01-01\ncategory: internet\nrecurring:\n  - { code: FEE, name: { en: Fee }, amount: "0.03", period: monthly, billed: arrears }\n');
      fs.writeFileSync(path.join(dir, 'tariffs/usd16.yaml'), 'id: USD-FEE16\nname: { en: Fee }\ncurrency: USD\nvalidFrom: 2026-01-01\ncategory: internet\nrecurring:\n  - { code: FEE16, name: { en: Fee }, amount: "0.16", period: monthly, billed: arrears }\n');
      await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
      const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
      await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Anna,DE,de,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10115,\n');
      // K-EUR: a USD fee on a EUR invoice (the line is converted); K-USD: a USD invoice from a EUR seller (its VAT is stated in EUR).
      await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK-EUR,C1,DE1,2026-10-01,,monthly,1,EUR,15\nK-USD,C1,DE1,2026-10-01,,monthly,1,USD,15\n');
      await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K-EUR,anna1,Str. 1,Berlin,10115,DE\nP2,K-USD,anna2,Str. 1,Berlin,10115,DE\n');
      await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,USD-FEE,2026-10-01,,1\nS2,P2,USD-FEE16,2026-10-01,,1\n');
      // Only EUR/USD is published: USD to EUR is its inverse.
      await importFxRates(billstream, () => readCsv(textSource('date,base,quote,rate\n2026-10-30,EUR,USD,1.2\n'), FX_RATE_COLUMNS), { actor: 't' });
      await billstream.catchUp();
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'inverse', actor: 't' });
      await billstream.catchUp();
      const invoices = await findInvoices(billstream.readStore, { runId });
      const of = (contractId: string) => invoices.find((i) => i.contractId === contractId)!;
      // 0.03 USD / 1.2 = 0.025 EUR -> 0.03.
      const eur = of('K-EUR');
      expect(eur.lines.map((l) => [l.code, l.net, l.priced])).toEqual([['FEE', '0.03', { currency: 'USD', amount: '0.03' }]]);
      expect(eur.fx).toEqual({ base: 'USD', quote: 'EUR', rate: '0.833333333333333333', date: '2026-10-30', dividedBy: '1.2' });
      // 0.16 USD, VAT 19 % = 0.0304 -> 0.03 USD, stated as 0.03 / 1.2 = 0.025 EUR -> 0.03 EUR.
      const usd = of('K-USD');
      expect(usd.vat.map((g) => [g.amount, g.national])).toEqual([['0.03', { currency: 'EUR', amount: '0.03' }]]);
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
