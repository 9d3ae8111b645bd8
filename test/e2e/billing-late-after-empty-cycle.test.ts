/**
 * RULES.md 6, late usage, for a contract with a cycle that had nothing to bill: the contract
 * signed on the 20th with the line activated on the 1st, or a month without a single call on a
 * usage-only tariff. Such a cycle is closed without an invoice and drafted again by every later
 * run (in case something arrives for it), and it comes first in each run. Late usage of the
 * cycles after it must still reach "the next invoice". Real store, files imported as an operator does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importCrmText, importSmallBilling, USAGE_HEADER } from '../support/small-billing.ts';

const LINE_TARIFF = `id: T-VOIP
name: { en: Home VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: arrears }
usage:
  - type: voice
    deck: decks/de.csv
`;
const CALLS_ONLY_TARIFF = `id: T-CALLS
name: { en: Calls only }
currency: EUR
validFrom: 2026-01-01
category: voip
usage:
  - type: voice
    deck: decks/de.csv
`;
const SETUP_TARIFF = `id: T-SETUP
name: { en: Line with setup }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
oneTime:
  - { code: SETUP, name: { en: Activation }, amount: "20.00", on: activation }
`;
const DECK = 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment\n49,Germany,0.10,,0,0,60,60\n';

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
`;
// K-SIGNED: signed 2026-09-20, line active from 2026-10-01, so 09-20..10-01 has nothing to bill.
// K-QUIET: calls only, and no call in November. K-ENDED: signed like K-SIGNED, ended with October.
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-SIGNED,C-1,DE1,2026-09-20,,monthly,1,EUR,14
K-QUIET,C-1,DE1,2026-10-01,,monthly,1,EUR,14
K-ENDED,C-1,DE1,2026-09-20,2026-11-01,monthly,1,EUR,14
K-SETUP,C-1,DE1,2026-09-20,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-SIGNED,+4930111111,Hauptstr. 2,Berlin,10115,DE
SP-2,K-QUIET,+4930222222,Hauptstr. 2,Berlin,10115,DE
SP-3,K-ENDED,+4930333333,Hauptstr. 2,Berlin,10115,DE
SP-4,K-SETUP,+4930444444,Hauptstr. 2,Berlin,10115,DE
`;
const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-VOIP,2026-10-01,,1
S-2,SP-2,T-CALLS,2026-10-01,,1
S-3,SP-3,T-VOIP,2026-10-01,2026-11-01,1
S-4,SP-4,T-SETUP,2026-10-01,,1
`;

describe('late usage after a cycle that had nothing to bill still goes on the next invoice', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-late-empty-');
  const file = fileWriter(dir);
  let runs = 0;
  const run = (asOf: string, issueDate: string) => approvedBillRun(billstream, asOf, issueDate, { includeHeld: true, commandId: `run-${++runs}` });
  const calls = async (name: string, rows: string[]) => {
    clock.advance({ hours: 24 });
    const summary = await importUsage(billstream, () => readCsvFile(file(name, `${USAGE_HEADER}\n${rows.join('\n')}\n`), USAGE_COLUMNS), { actor: 'test' });
    expect([summary.created, summary.rejected, summary.unresolved]).toEqual([rows.length, 0, 0]);
  };
  const invoicesOf = async (contractId: string) => (await findInvoices(billstream.readStore, { contractId })).sort((a, b) => a.period.start.localeCompare(b.period.start));
  const lines = (invoice: { lines: { kind: string; net: string; quantity: string; originalPeriod?: { start: string } | null }[] }) =>
    invoice.lines.map((l) => [l.kind, l.net, l.quantity, l.originalPeriod?.start ?? null]);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'voip.yaml': LINE_TARIFF, 'calls.yaml': CALLS_ONLY_TARIFF, 'setup.yaml': SETUP_TARIFF, 'decks/de.csv': DECK }, [
      ['clients', CLIENTS], ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS],
    ]);
    await calls('october.csv', ['o-1,sw,+4930111111,voice,2026-10-14T07:00:00Z,60,+4940123456,,,', 'o-2,sw,+4930222222,voice,2026-10-14T07:00:00Z,60,+4940123456,,,', 'o-5,sw,+4930333333,voice,2026-10-14T07:00:00Z,60,+4940123456,,,']);
    const first = await run('2026-11-01', '2026-11-02');
    expect([first.result?.issued, first.report?.nothingToBill]).toEqual([4, 3]);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('a contract whose first cycle had nothing to bill: the late call of October is on the November invoice', async () => {
    clock.advance({ hours: 24 * 29 });
    // Late calls of October for both contracts; K-QUIET has no call in November.
    await calls('late-october.csv', [
      'o-3,sw,+4930111111,voice,2026-10-20T08:00:00Z,120,+4940123456,,,', 'o-4,sw,+4930222222,voice,2026-10-21T08:00:00Z,180,+4940123456,,,', 'o-6,sw,+4930333333,voice,2026-10-22T08:00:00Z,300,+4940123456,,,',
    ]);
    const second = await run('2026-12-01', '2026-12-02');
    // K-SIGNED's first cycle is looked at again, but not counted again: the first run closed it.
    expect(second.report?.nothingToBill).toBe(0);
    const [october, november] = await invoicesOf('K-SIGNED');
    expect(lines(october!)).toEqual([['usage', '0.10', '60', null], ['recurring', '10.00', '1', null]]);
    // 120 s at 0.10 a minute = 0.20, marked with October.
    expect(lines(november!)).toEqual([['recurring', '10.00', '1', null], ['late-usage', '0.20', '120', '2026-10-01']]);
    expect(november!.total).toBe('12.14');
  });

  it('an ended contract whose first cycle had nothing to bill: the late call is settled on an invoice after its end', async () => {
    const [october, settlement] = await invoicesOf('K-ENDED');
    expect(lines(october!)).toEqual([['usage', '0.10', '60', null], ['recurring', '10.00', '1', null]]);
    // 300 s = 0.50, on the invoice of the cycle after the end, marked with October.
    expect(settlement!.period).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(lines(settlement!)).toEqual([['late-usage', '0.50', '300', '2026-10-01']]);
  });

  it('the first invoice after an empty first cycle is not what the second is compared with (it bills two periods and the setup)', async () => {
    const [october, november] = await invoicesOf('K-SETUP');
    // October: its own days, November in advance, the activation: 40.00; November: December in advance, 10.00.
    expect([october!.totalNet, november!.totalNet]).toEqual(['40.00', '10.00']);
    expect(november!.status).toBe('issued');
    expect(november!.flags.map((f) => f.code)).not.toContain('total-changed');
  });

  it('a month without usage, then a billed one: the late call of the billed month is on the invoice after it', async () => {
    const [, november] = await invoicesOf('K-QUIET');
    expect(november!.period.start).toBe('2026-11-01');
    expect(lines(november!)).toEqual([['late-usage', '0.30', '180', '2026-10-01']]);

    // December: no call, closed with nothing to bill. January: one call, invoiced. Then another call of January arrives.
    clock.advance({ hours: 24 * 30 });
    await run('2027-01-01', '2027-01-02');
    clock.advance({ hours: 24 * 10 });
    await calls('january.csv', ['j-1,sw,+4930222222,voice,2027-01-10T08:00:00Z,60,+4940123456,,,']);
    clock.advance({ hours: 24 * 21 });
    await run('2027-02-01', '2027-02-02');
    clock.advance({ hours: 24 * 10 });
    await calls('late-january.csv', ['j-2,sw,+4930222222,voice,2027-01-20T08:00:00Z,240,+4940123456,,,']);
    clock.advance({ hours: 24 * 18 });
    await run('2027-03-01', '2027-03-02');
    const quiet = await invoicesOf('K-QUIET');
    expect(quiet.map((i) => i.period.start)).toEqual(['2026-10-01', '2026-11-01', '2027-01-01', '2027-02-01']);
    expect(lines(quiet[2]!)).toEqual([['usage', '0.10', '60', null]]);
    // 240 s = 0.40, on February's invoice, marked with January.
    expect(lines(quiet[3]!)).toEqual([['late-usage', '0.40', '240', '2027-01-01']]);
  });

  it('an end recorded late is credited on the next invoice, not on the empty first cycle drafted again', async () => {
    // K-SETUP's line was paid in advance up to March; its end on 2026-10-15, in its first month, is recorded now.
    await importCrmText(billstream, file, 'subscriptions', SUBSCRIPTIONS.replace('S-4,SP-4,T-SETUP,2026-10-01,,1', 'S-4,SP-4,T-SETUP,2026-10-01,2026-10-15,1'));
    clock.advance({ hours: 24 * 31 });
    await run('2027-04-01', '2027-04-02');
    const invoices = await invoicesOf('K-SETUP');
    // No invoice for 2026-09-20..10-01, when nothing was active: the credit is March's invoice's.
    expect(invoices.map((i) => i.period.start)).toEqual(['2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01']);
    const march = invoices[5]!;
    // 2026-10-15..31 (17 of 31 days: 5.48) and November to March (5 x 10.00), all taken back.
    expect(march.lines.map((l) => [l.kind, l.net, l.period?.start])).toEqual([
      ['recurring', '-5.48', '2026-10-15'], ['recurring', '-10.00', '2026-11-01'], ['recurring', '-10.00', '2026-12-01'], ['recurring', '-10.00', '2027-01-01'], ['recurring', '-10.00', '2027-02-01'], ['recurring', '-10.00', '2027-03-01'],
    ]);
  });

  it('what a passed-over cycle gets later (a call, an earlier start) goes on the next invoice, never on an invoice of that old cycle', async () => {
    // K-QUIET's December 2026 had no call (closed with nothing to bill, January and February invoiced since): a December call arrives.
    await calls('late-december.csv', ['d-1,sw,+4930222222,voice,2026-12-15T08:00:00Z,120,+4940123456,,,']);
    // K-SIGNED's line started on September 25th, not October 1st: its first cycle, passed over, now has 6 days to bill.
    const corrected = SUBSCRIPTIONS.replace('S-4,SP-4,T-SETUP,2026-10-01,,1', 'S-4,SP-4,T-SETUP,2026-10-01,2026-10-15,1').replace('S-1,SP-1,T-VOIP,2026-10-01,,1', 'S-1,SP-1,T-VOIP,2026-09-25,,1');
    await importCrmText(billstream, file, 'subscriptions', corrected);
    clock.advance({ hours: 24 * 30 });
    await run('2027-05-01', '2027-05-02');
    const quiet = await invoicesOf('K-QUIET');
    // March and April had no call either and were still open: the next invoice is the run's newest,
    // April's, not one for March, which has nothing of its own.
    expect(quiet.map((i) => i.period.start)).toEqual(['2026-10-01', '2026-11-01', '2027-01-01', '2027-02-01', '2027-04-01']);
    // 120 s = 0.20, marked with December.
    expect(lines(quiet[4]!)).toEqual([['late-usage', '0.20', '120', '2026-12-01']]);
    const signed = await invoicesOf('K-SIGNED');
    expect(signed.map((i) => i.period.start).filter((start) => start < '2026-10-01')).toEqual([]);
    // April's arrears, and September 25th to 30th: 6 of 30 days of 10.00 = 2.00.
    expect(signed.at(-1)!.lines.map((l) => [l.kind, l.net, l.period?.start])).toEqual([['recurring', '2.00', '2026-09-25'], ['recurring', '10.00', '2027-04-01']]);
  });
});

