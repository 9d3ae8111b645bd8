/**
 * RULES.md 1, 2 and 5: a call is priced by the tariff version valid at its start, in the band of
 * its start in the client's time zone, offpeak on the public holidays of the client's country.
 * When that reference data changes after the calls were rated (a version published for past
 * days, a holiday set or removed, the client's time zone or country corrected), billstream
 * rates the affected calls again by itself (sagas/usage-rerating.saga.ts), so the result does
 * not depend on the order the operator imported things in. Real store, files imported as an
 * operator does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { importHolidays, HOLIDAY_COLUMNS } from '../../src/import/holidays.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { idOf } from '../../src/core/streams.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importCrmText, importSmallBilling, SUBSCRIPTIONS_HEADER, USAGE_HEADER, SERVICE_POINTS_HEADER } from '../support/small-billing.ts';

const DECK_HEADER = 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment';
// Peak is weekdays 08:00-18:00 local time; one minute costs 0.10 peak, 0.02 offpeak (0.20 / 0.04 from June in version 2).
const voiceTariff = (validFrom: string, deck: string) => `id: T-VOICE
name: { en: Voice }
currency: EUR
validFrom: ${validFrom}
category: voip
recurring:
  - { code: LINE, name: { en: Line }, amount: "5.00", period: monthly, billed: arrears }
usage:
  - type: voice
    deck: decks/${deck}
    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
`;

const CLIENTS_HEADER = 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\n';
const client = (id: string, country: string, timeZone: string) => `${id},person,Client ${id},${country},en,EUR,,${timeZone},${id.toLowerCase()}@example.org,Street 1,City,1000,\n`;
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-HOL,C-HOL,DE1,2026-05-01,,monthly,1,EUR,14
K-TZ,C-TZ,DE1,2026-05-01,,monthly,1,EUR,14
K-PRICE,C-PRICE,DE1,2026-05-01,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `${SERVICE_POINTS_HEADER}SP-HOL,K-HOL,+4930200001,Street 1,Berlin,10115,DE
SP-TZ,K-TZ,+4930200002,Street 1,Berlin,10115,DE
SP-PRICE,K-PRICE,+4930200003,Street 1,Berlin,10115,DE
`;
const SUBSCRIPTIONS = `${SUBSCRIPTIONS_HEADER}S-HOL,SP-HOL,T-VOICE,2026-05-01,,1
S-TZ,SP-TZ,T-VOICE,2026-05-01,,1
S-PRICE,SP-PRICE,T-VOICE,2026-05-01,,1
`;

// A call's charge as rating stores it (integer units of the tariff currency, unrounded): one minute at each price.
const PEAK = '6000000000';
const OFFPEAK = '1200000000';
const PEAK_V2 = '12000000000';

describe('usage is rated again by itself when the reference data rating reads changes', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-06-20T06:00:00Z');
  const dir = temporaryDataDir('billstream-reference-rerate-');
  const file = fileWriter(dir);
  const record = async (recordId: string) => (await billstream.readStore.get(USAGE_RECORDS, idOf(usageStream('sw', recordId)))) as UsageRecordDocument;
  const rating = async (recordId: string) => {
    const doc = await record(recordId);
    return [doc.localDate, doc.band, doc.chargeUnits, doc.ratings];
  };
  const later = async <T>(work: () => Promise<T>): Promise<T> => {
    clock.advance({ hours: 1 });
    const result = await work();
    await billstream.catchUp();
    return result;
  };
  const holidays = (name: string, rows: string) =>
    later(() => importHolidays(billstream, () => readCsvFile(file(name, `country,date,name\n${rows}`), HOLIDAY_COLUMNS), { actor: 'test' }));

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, {
      'decks/v1.csv': `${DECK_HEADER}\n49,Germany,0.10,0.02,0,0,60,60\n`,
      'voice.yaml': voiceTariff('2026-01-01', 'v1.csv'),
    }, [
      ['clients', CLIENTS_HEADER + client('C-HOL', 'DE', 'Europe/Berlin') + client('C-TZ', 'DE', 'Europe/Berlin') + client('C-PRICE', 'DE', 'Europe/Berlin')],
      ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS],
    ]);
    // Each a one-minute call to a German number. Monday 2026-06-15 is a working day in Germany.
    const imported = await later(() => importUsage(billstream, () => readCsvFile(file('calls.csv', `${USAGE_HEADER}
hol,sw,+4930200001,voice,2026-06-15T08:00:00Z,60,+493011111,,,
hol-next,sw,+4930200001,voice,2026-06-16T08:00:00Z,60,+493011111,,,
tz,sw,+4930200002,voice,2026-06-15T16:30:00Z,60,+493011111,,,
tz-early,sw,+4930200002,voice,2026-05-31T22:30:00Z,60,+493011111,,,
may,sw,+4930200003,voice,2026-05-20T08:00:00Z,60,+493011111,,,
june,sw,+4930200003,voice,2026-06-10T08:00:00Z,60,+493011111,,,
`), USAGE_COLUMNS), { actor: 'test' }));
    expect([imported.created, imported.unresolved]).toEqual([6, 0]);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('a public holiday imported after the calls makes that day\'s calls offpeak, and removing it makes them peak again', async () => {
    expect(await rating('hol')).toEqual(['2026-06-15', 'peak', PEAK, 1]);
    const set = await holidays('holiday.csv', 'DE,2026-06-15,Company founding day\n');
    expect([set.created, set.rejected]).toEqual([1, 0]);
    expect(await rating('hol')).toEqual(['2026-06-15', 'offpeak', OFFPEAK, 2]);
    // The day after is not a holiday: untouched.
    expect(await rating('hol-next')).toEqual(['2026-06-16', 'peak', PEAK, 1]);
    await holidays('holiday-removed.csv', 'DE,2026-06-15,-\n');
    expect(await rating('hol')).toEqual(['2026-06-15', 'peak', PEAK, 3]);
  });

  it('a client\'s time zone corrected after the calls moves them to their local day and band there', async () => {
    // 16:30 UTC is 18:30 in Berlin (offpeak); 22:30 UTC on 05-31 is already June 1st there.
    expect(await rating('tz')).toEqual(['2026-06-15', 'offpeak', OFFPEAK, 1]);
    expect(await rating('tz-early')).toEqual(['2026-06-01', 'offpeak', OFFPEAK, 1]);
    await later(() => importCrmText(billstream, file, 'clients', CLIENTS_HEADER + client('C-TZ', 'DE', 'Atlantic/Reykjavik')));
    // In Reykjavik (UTC all year) it is 16:30, peak; the other call is on May 31st, a Sunday.
    expect(await rating('tz')).toEqual(['2026-06-15', 'peak', PEAK, 2]);
    expect(await rating('tz-early')).toEqual(['2026-05-31', 'offpeak', OFFPEAK, 2]);
    // A change rating does not read (the e-mail address) rates nothing again.
    await later(() => importCrmText(billstream, file, 'clients', CLIENTS_HEADER + client('C-TZ', 'DE', 'Atlantic/Reykjavik').replace('c-tz@', 'billing@')));
    expect((await record('tz')).ratings).toBe(2);
  });

  it('a tariff version published for past days prices the calls from its validFrom, and an invoiced cycle gets the difference as late usage', async () => {
    const june = await approvedBillRun(billstream, '2026-07-01', '2026-07-01', { includeHeld: true, commandId: 'june' });
    expect(june.result?.issued).toBeGreaterThan(0);
    expect([await rating('may'), await rating('june')]).toEqual([['2026-05-20', 'peak', PEAK, 1], ['2026-06-10', 'peak', PEAK, 1]]);
    // Version 2 from June 1st doubles the prices; published after June was invoiced.
    const v2 = path.join(dir, 'tariffs-v2');
    fileWriter(v2)('decks/v2.csv', `${DECK_HEADER}\n49,Germany,0.20,0.04,0,0,60,60\n`);
    fileWriter(v2)('voice.yaml', voiceTariff('2026-06-01', 'v2.csv'));
    const published = await later(() => importTariffs(billstream, v2, { actor: 'test' }));
    expect(published.rejected).toBe(0);
    // May keeps version 1's price; June's call is priced by version 2.
    expect([await rating('may'), await rating('june')]).toEqual([['2026-05-20', 'peak', PEAK, 1], ['2026-06-10', 'peak', PEAK_V2, 2]]);
    const july = await approvedBillRun(billstream, '2026-08-01', '2026-08-01', { includeHeld: true, commandId: 'july' });
    expect(july.result?.issued).toBeGreaterThan(0);
    const invoice = (await findInvoices(billstream.readStore, { contractId: 'K-PRICE' })).find((i) => i.period.start === '2026-07-01')!;
    // June's call was invoiced at 0.10 and costs 0.20 now: 0.10 more, in a line naming June.
    const late = invoice.lines.filter((l) => l.kind === 'late-usage').map((l) => [l.subscriptionId, l.net, l.originalPeriod?.start]);
    expect(late).toEqual([['S-PRICE', '0.10', '2026-06-01']]);
  });
});
