/**
 * RULES.md 9 after a correction: one-time fees are reconciled with what earlier invoices billed,
 * like recurring fees. An end date withdrawn after its termination fee was invoiced takes the fee
 * back on the next invoice; a quantity corrected after the activation fee was invoiced charges the
 * units it missed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const SUBSCRIPTIONS = 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\n';

describe('one-time fees reconciled after a correction (RULES.md 9)', () => {
  it('takes a withdrawn end\'s termination fee back and charges the activation of units added later', async () => {
    const dir = temporaryDataDir('billstream-one-time-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 't' });
      fs.mkdirSync(path.join(dir, 'tariffs'));
      fs.writeFileSync(path.join(dir, 'tariffs/box.yaml'), 'id: BOX\nname: { en: Box }\ncurrency: EUR\nvalidFrom: 2026-01-01\ncategory: internet\noneTime:\n  - { code: SETUP, name: { en: Activation, de: Aktivierung }, amount: "20.00", on: activation }\n  - { code: TERM, name: { en: Termination, de: Kündigung }, amount: "15.00", on: termination }\n');
      await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
      const csv = async (kind: string, text: string) => {
        const summary = await importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
        expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
      };
      await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Anna,DE,en,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10115,\nC2,person,Bernd,DE,de,EUR,,Europe/Berlin,b@example.de,Str. 2,Berlin,10115,\n');
      await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,DE1,2026-10-01,,monthly,1,EUR,15\nK2,C2,DE1,2026-10-01,,monthly,1,EUR,15\n');
      await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,anna,Str. 1,Berlin,10115,DE\nP2,K2,bernd,Str. 2,Berlin,10115,DE\n');
      await csv('subscriptions', `${SUBSCRIPTIONS}S1,P1,BOX,2026-10-01,2026-10-20,1\nS2,P2,BOX,2026-10-01,2026-10-20,1\n`);
      await billstream.catchUp();
      const run = async (asOf: string, n: number) => {
        const { runId } = await startBillRun(billstream, { asOf }, { commandId: `run-${n}`, actor: 't' });
        await billstream.catchUp();
        await approveBillRun(billstream, runId, { includeHeld: true, issueDate: asOf }, { commandId: `approve-${n}`, actor: 't' });
        await billstream.catchUp();
        return findInvoices(billstream.readStore, { runId });
      };
      const lines = (invoice: { lines: { code: string; quantity: string; net: string; description: string }[] }) => invoice.lines.map((l) => [l.code, l.quantity, l.net, l.description]);

      const october = await run('2026-11-01', 1);
      expect(lines(october.find((i) => i.contractId === 'K1')!)).toEqual([['SETUP', '1', '20.00', 'Activation'], ['TERM', '1', '15.00', 'Termination']]);

      // The end was a mistake, and the line has 3 boxes, not 1 (K1); K2's end was a mistake too (German client).
      await csv('subscriptions', `${SUBSCRIPTIONS}S1,P1,BOX,2026-10-01,,3\nS2,P2,BOX,2026-10-01,,1\n`);
      await billstream.catchUp();
      const november = await run('2026-12-01', 2);
      const k1 = november.find((i) => i.contractId === 'K1')!;
      // 2 more activations at 20.00; the termination taken back: 40.00 - 15.00 = 25.00, VAT 19 % 4.75.
      expect(lines(k1)).toEqual([['SETUP', '2', '40.00', 'Activation'], ['TERM', '-1', '-15.00', 'Termination, taken back']]);
      expect([k1.totalNet, k1.totalVat, k1.total]).toEqual(['25.00', '4.75', '29.75']);
      expect(lines(november.find((i) => i.contractId === 'K2')!)).toEqual([['TERM', '-1', '-15.00', 'Kündigung, storniert']]);

      // Taken back once: nothing more to reconcile.
      const december = await run('2027-01-01', 3);
      expect(december).toEqual([]);
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
