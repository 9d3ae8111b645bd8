/**
 * Issue 12, "nothing priced silently": public holidays from the library with the operator's days
 * over them (`billstream import holidays`), used by rating; a client country without a calendar is
 * rated without holidays and the rating says so, for the bill run to flag.
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
import { HOLIDAY_COLUMNS, importHolidays } from '../../src/import/holidays.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { operatorHolidayStream } from '../../src/domain/holiday/decider.ts';
import { rerateUsage } from '../../src/app/usage/rerate.ts';
import { holidayCalendarFlag, holidayCalendarOf } from '../../src/app/usage/holiday-calendar.ts';
import { HOLIDAYS } from '../../projections/holidays.projection.ts';
import { USAGE_WITHOUT_HOLIDAYS } from '../../projections/usage-without-holidays.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const USAGE_HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';
const DECEMBER = { start: '2026-12-01', end: '2027-01-01' };

describe('public holidays: library, operator days, and rating without a calendar', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-holidays-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const holidays = (name: string, lines: string[], allOrNothing = false) =>
    importHolidays(billstream, () => readCsvFile(write(name, ['country,date,name', ...lines]), HOLIDAY_COLUMNS), { actor: 'test' }, { allOrNothing });
  const usage = (name: string, lines: string[]) => importUsage(billstream, () => readCsvFile(write(name, [USAGE_HEADER, ...lines]), USAGE_COLUMNS), { actor: 'test' });
  const latest = async (recordId: string) => (await billstream.eventStore.readStream(usageStream('sw', recordId))).at(-1)!.data as Record<string, unknown>;

  beforeAll(async () => {
    billstream = await openTestBillstream({ clock: ManualClock.at('2027-01-05T00:00:00Z') });
    await importLegalEntities(billstream, fs.readFileSync('examples/legal-entities.yaml', 'utf8'), { actor: 'test' });
    await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
    const crm: Record<string, string[]> = {
      clients: [
        'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
        'C-H,person,Kiss Péter,HU,hu,HUF,,Europe/Budapest,peter@example.hu,Fő utca 1,Budapest,1011,',
        // Qatar: a country the holiday library has no calendar for.
        'C-Q,person,Amal Al-Thani,QA,en,HUF,,Asia/Qatar,amal@example.qa,Corniche 1,Doha,00000,',
      ],
      contracts: [
        'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
        'K-H,C-H,HU1,2026-01-01,,monthly,1,HUF,15,',
        'K-Q,C-Q,HU1,2026-01-01,,monthly,1,HUF,15,',
      ],
      'service-points': [
        'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
        'SP-H,K-H,+3611110000,Fő utca 1,Budapest,1011,HU',
        'SP-Q,K-Q,+97411110000,Corniche 1,Doha,00000,QA',
      ],
      subscriptions: [
        'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
        'S-H,SP-H,HOME-VOIP,2026-01-01,,1',
        'S-Q,SP-Q,HOME-VOIP,2026-01-01,,1',
      ],
    };
    for (const [kind, lines] of Object.entries(crm)) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(write(`${kind}.csv`, lines), spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    await billstream.catchUp();
  });
  afterAll(async () => {
    await billstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rates by the library\'s nationwide public holidays, and a country without a calendar by weekday and time, saying so', async () => {
    const summary = await usage('before.csv', [
      'h1,sw,+3611110000,voice,2026-12-24T09:00:00Z,60,+3612345678,,,', // Thu 10:00 Budapest: Christmas Eve is no public holiday in HU
      'h2,sw,+3611110000,voice,2026-10-23T08:00:00Z,60,+3612345678,,,', // Fri 10:00, the national day
      'q1,sw,+97411110000,voice,2026-12-18T07:00:00Z,60,+3612345678,,,', // Fri 10:00 Doha, Qatar's National Day
      'q2,sw,+97411110000,voice,2026-12-17T20:00:00Z,60,+3612345678,,,', // Thu 23:00 Doha: offpeak anyway
    ]);
    expect(summary).toMatchObject({ created: 4, rejected: 0, unresolved: 0 });
    expect(await latest('h1')).toMatchObject({ band: 'peak' });
    expect(await latest('h1')).not.toHaveProperty('noHolidayCalendar');
    expect(await latest('h2')).toMatchObject({ band: 'offpeak' });
    expect(await latest('q1')).toMatchObject({ band: 'peak', noHolidayCalendar: 'QA' });
    expect(await latest('q2')).toMatchObject({ band: 'offpeak', noHolidayCalendar: 'QA' });
    await billstream.catchUp();
    const marked = (await billstream.readStore.find(USAGE_WITHOUT_HOLIDAYS, {}, { limit: 10 })).items.map((d) => [d.subscriptionId, d.localDate, d.country]);
    expect(marked.sort()).toEqual([['S-Q', '2026-12-17', 'QA'], ['S-Q', '2026-12-18', 'QA']]);
    const flag = await holidayCalendarFlag(billstream, ['S-Q'], DECEMBER);
    expect(flag).toEqual({ code: 'no-holiday-calendar', blocking: false, message: expect.stringMatching(/^2 voice call\(s\) of this cycle were rated without public holidays: no holiday calendar for QA in 2026\. .*billstream import holidays FILE\): the import rates these calls again$/), params: { calls: '2', calendars: 'QA 2026', since: '2026-12-17' } });
    expect(await holidayCalendarFlag(billstream, ['S-H'], DECEMBER)).toBeNull();
    expect(await holidayCalendarFlag(billstream, ['S-Q'], { start: '2026-11-01', end: '2026-12-01' })).toBeNull();
  });

  it('imports the operator\'s days, keeping the good rows and naming each bad one by line and column', async () => {
    const summary = await holidays('holidays.csv', [
      'HU,2026-12-24,Szenteste',
      'hu,2026-10-23,-',
      'XX,2026-01-05,Nope',
      'HU,2026-02-30,Nope',
      'HU,2026-12-31,',
      'HU,2026-12-24,Again',
      'HU,1969-12-31,Old',
      'QA,2026-12-18,National Day',
    ]);
    expect(summary).toEqual({
      created: 3, updated: 0, unchanged: 0, rejected: 5,
      errors: [
        { line: 4, column: 1, reason: 'country: "XX" is not an ISO 3166-1 alpha-2 country code' },
        { line: 5, column: 2, reason: 'date: "2026-02-30" is not a calendar date' },
        { line: 6, column: 3, reason: 'name: is required (the holiday\'s name, or - to remove a day of the holiday library)' },
        { line: 7, column: 2, reason: 'date: HU 2026-12-24 appears twice in this file (first at line 2)' },
        { line: 8, column: 2, reason: 'date: 1969-12-31 is outside the years 1970-2199 that holiday calendars cover' },
      ],
    });
    await billstream.catchUp();
    expect((await billstream.readStore.get(HOLIDAYS, 'HU-2026-10-23'))).toMatchObject({ country: 'HU', date: '2026-10-23', name: null, revision: 0 });

    expect(await holidays('again.csv', ['HU,2026-12-24,Szenteste', 'HU,2026-10-23,-', 'QA,2026-12-18,National Day'])).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await holidays('rename.csv', ['HU,2026-12-24,Christmas Eve'])).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const history = await billstream.eventStore.readStream(operatorHolidayStream('HU', '2026-12-24'));
    expect(history.map((e) => e.data)).toEqual([
      { country: 'HU', date: '2026-12-24', name: 'Szenteste' },
      { country: 'HU', date: '2026-12-24', name: 'Christmas Eve', previousName: 'Szenteste' },
    ]);
    expect(await holidays('all-or-nothing.csv', ['HU,2026-12-31,Szilveszter', 'HU,2026-13-01,Bad'], true)).toMatchObject({ created: 0, rejected: 1 });
    const header = await importHolidays(billstream, () => readCsvFile(write('header.csv', ['country,day,name', 'HU,2026-12-31,x']), HOLIDAY_COLUMNS), { actor: 'test' });
    expect(header.rejected).toBe(1);
    expect(header.errors[0]!.reason).toMatch(/date/);

    await billstream.catchUp();
    const hu = await holidayCalendarOf(billstream, 'HU');
    expect([hu.isHoliday('2026-12-24'), hu.nameOf('2026-12-24'), hu.isHoliday('2026-10-23'), hu.isHoliday('2026-12-31'), hu.isHoliday('2026-12-25')]).toEqual([true, 'Christmas Eve', false, false, true]);
    const qa = await holidayCalendarOf(billstream, 'QA');
    expect([qa.knowsYear(2026), qa.isHoliday('2026-12-18'), qa.knowsYear(2027)]).toEqual([true, true, false]);
  });

  it('rates with the operator\'s days: new records at once, rated ones as soon as the days are imported, which also clears the no-calendar mark', async () => {
    expect(await usage('after.csv', ['h3,sw,+3611110000,voice,2026-12-24T10:00:00Z,60,+3612345678,,,'])).toMatchObject({ created: 1 });
    expect(await latest('h3')).toMatchObject({ band: 'offpeak' });

    // The import rated the calls of the days it changed, and Qatar's calls of the year it gave a calendar, again by itself.
    expect(await latest('h1')).toMatchObject({ band: 'offpeak' }); // operator's Christmas Eve
    expect(await latest('h2')).toMatchObject({ band: 'peak' }); // the national day, removed by the operator
    expect(await latest('q1')).toMatchObject({ band: 'offpeak' });
    expect(await latest('q1')).not.toHaveProperty('noHolidayCalendar');
    expect(await latest('q2')).not.toHaveProperty('noHolidayCalendar'); // same band, rated again for the mark alone
    await billstream.catchUp();
    expect((await billstream.readStore.find(USAGE_WITHOUT_HOLIDAYS, {}, { limit: 10 })).items).toEqual([]);
    expect(await holidayCalendarFlag(billstream, ['S-Q'], DECEMBER)).toBeNull();
    // Nothing is left for a rerate by hand to change.
    expect(await rerateUsage(billstream, { unresolvedOnly: false, since: '2026-10-01' }, { actor: 'test' })).toMatchObject({ selected: 5, changed: 0, unchanged: 5 });
    // 2027 is still unknown for Qatar: a call then is marked again.
    await usage('2027.csv', ['q3,sw,+97411110000,voice,2027-01-04T07:00:00Z,60,+3612345678,,,']);
    expect(await latest('q3')).toMatchObject({ noHolidayCalendar: 'QA' });
  });
});
