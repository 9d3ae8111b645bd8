/**
 * Issue 12, "nothing priced silently": a cycle with voice calls rated without a public holiday
 * calendar (the client's country has none for the year) is flagged `no-holiday-calendar`
 * (non-blocking); once the operator imports the country's holidays and the calls are rated
 * again, the next run drafts it without the flag.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { HOLIDAY_COLUMNS, importHolidays } from '../../src/import/holidays.ts';
import { rerateUsage } from '../../src/app/usage/rerate.ts';
import { startBillRun } from '../../src/app/bill-run/issue.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

describe('bill run: no holiday calendar', () => {
  it('flags the invoice of a cycle with calls rated without holidays, and not once they are rated with the operator\'s', async () => {
    const dir = temporaryDataDir('billstream-holiday-flag-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await importLegalEntities(billstream, '- { id: HU1, name: Példa Kft., country: HU, vatId: HU12345676, address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }, currency: HUF, invoicePrefix: HU1 }', { actor: 't' });
      fs.mkdirSync(path.join(dir, 'tariffs/decks'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'tariffs/decks/d.csv'), 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment\n36,Hungary,20,10,0,0,60,60\n');
      fs.writeFileSync(path.join(dir, 'tariffs/voip.yaml'), 'id: VOIP\nname: { en: VoIP }\ncurrency: HUF\nvalidFrom: 2026-01-01\ncategory: voip\nusage:\n  - type: voice\n    deck: decks/d.csv\n    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }\n');
      expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' })).rejected).toBe(0);
      const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
      // C1 in Qatar (no calendar in the holiday library), C2 in Hungary.
      await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Amal,QA,en,HUF,,Asia/Qatar,a@example.qa,Corniche 1,Doha,00000,\nC2,person,Anna,HU,hu,HUF,,Europe/Budapest,b@example.hu,Fő utca 1,Budapest,1011,\n');
      await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,HU1,2026-10-01,,monthly,1,HUF,15\nK2,C2,HU1,2026-10-01,,monthly,1,HUF,15\n');
      await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,+97411110000,Corniche 1,Doha,00000,QA\nP2,K2,+3611110000,Fő utca 1,Budapest,1011,HU\n');
      await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,VOIP,2026-10-01,,1\nS2,P2,VOIP,2026-10-01,,1\n');
      await billstream.catchUp();
      const usage = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\n'
        + 'q1,sw,+97411110000,voice,2026-10-14T07:00:00Z,60,+3612345678,,,\n'
        + 'h1,sw,+3611110000,voice,2026-10-14T08:00:00Z,60,+3612345678,,,\n';
      expect(await importUsage(billstream, () => readCsv(textSource(usage), USAGE_COLUMNS), { actor: 't' })).toMatchObject({ created: 2, unresolved: 0 });
      await billstream.catchUp();

      const flagsOf = async (n: number) => {
        const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: `run-${n}`, actor: 't' });
        await billstream.catchUp();
        const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
        return run.report!.flags.map((f) => [f.contractId, f.flags.map((x) => [x.code, x.blocking])]);
      };
      expect(await flagsOf(1)).toEqual([['K1', [['no-holiday-calendar', false]]]]);
      const run1 = (await billstream.readStore.find(BILL_RUNS, {}, { limit: 10 })).items[0] as BillRunDocument;
      expect(run1.report!.flags[0]!.flags[0]!.message).toMatch(/no holiday calendar for QA in 2026/);

      await importHolidays(billstream, () => readCsv(textSource('country,date,name\nQA,2026-12-18,National Day\n'), HOLIDAY_COLUMNS), { actor: 't' });
      await billstream.catchUp();
      await rerateUsage(billstream, { unresolvedOnly: false, since: '2026-10-01' }, { actor: 't' });
      expect(await flagsOf(2)).toEqual([]);
    } finally {
      await billstream.close();
    }
  }, 60_000);
});
