/**
 * Usage rated end to end on a real store: CRM, tariffs and usage imported as files, the rating
 * saga run by catch-up (RULES.md 1, 2, 5: band in the client's time zone, longest prefix,
 * billed seconds, each unresolved reason).
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
import { usageStream } from '../../src/domain/usage/events.ts';
import { ratingUnitsToDecimal } from '../../src/rating/amount.ts';
import { UNRESOLVED_USAGE } from '../../projections/unresolved-usage.projection.ts';
import { rerateUsage } from '../../src/app/usage/rerate.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';

describe('usage rating (RULES 1, 2, 5)', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-rating-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ clock: ManualClock.at('2026-12-01T00:00:00Z') });
    await importLegalEntities(billstream, fs.readFileSync('examples/legal-entities.yaml', 'utf8'), { actor: 'test' });
    await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
    for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(`examples/${kind}.csv`, spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    await billstream.catchUp();
  });
  afterAll(async () => {
    await billstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rates calls by band, destination and increments, and keeps each unresolved reason', async () => {
    // SP-0001 of client C-0001 (Europe/Budapest) subscribes to HOME-VOIP from the examples.
    const points = fs.readFileSync('examples/service-points.csv', 'utf8').split('\n');
    const identifier = points.find((l) => l.startsWith('SP-0001,'))!.split(',')[2]!.split(';')[0]!;
    const summary = await importUsage(billstream, () => readCsvFile(write('usage.csv', [
      HEADER,
      // Tuesday 2026-10-13 09:15 in Budapest (07:15Z): peak; Germany mobile 30/6, 0.12/min + 0.02 connect.
      `p1,sw1,${identifier},voice,2026-10-13T07:15:00Z,125,+4915112345678,,,`,
      // Saturday: offpeak; Hungary fixed 60/60 at 0.01/min.
      `p2,sw1,${identifier},voice,2026-10-17T10:00:00Z,61,+3612345678,,,`,
      // 23 October is a Hungarian public holiday (a Friday): offpeak all day.
      `p3,sw1,${identifier},voice,2026-10-23T09:00:00Z,60,+3612345678,,,`,
      `u1,sw1,+3699999999,voice,2026-10-13T07:15:00Z,60,+3612345678,,,`,
      `u2,sw1,${identifier},voice,2026-10-13T07:15:00Z,60,+999123,,,`,
      `u3,sw1,${identifier},mms,2026-10-13T07:15:00Z,,,,,1`,
    ]), USAGE_COLUMNS), { actor: 'test' });
    expect(summary).toMatchObject({ created: 6, rejected: 0, duplicates: 0, unresolved: 3 });

    const outcome = async (recordId: string) => (await billstream.eventStore.readStream(usageStream('sw1', recordId)))[1]!;
    const p1 = await outcome('p1');
    expect(p1.type).toBe('UsageRated');
    expect(p1.data).toMatchObject({ band: 'peak', billedSeconds: 126, tariffId: 'HOME-VOIP', currency: 'EUR', localDate: '2026-10-13', deckRow: { prefix: '4915', destination: 'Germany mobile' } });
    // 0.02 + 126 / 60 * 0.12 = 0.272
    expect(ratingUnitsToDecimal(BigInt((p1.data as { chargeUnits: string }).chargeUnits)).toString()).toBe('0.272');
    expect((await outcome('p2')).data).toMatchObject({ band: 'offpeak', billedSeconds: 120 });
    expect((await outcome('p3')).data).toMatchObject({ band: 'offpeak' });
    expect((await outcome('u1')).data).toMatchObject({ reason: 'unknown-identifier' });
    expect((await outcome('u2')).data).toMatchObject({ reason: 'no-rate' });
    expect((await outcome('u3')).data).toMatchObject({ reason: 'no-subscription' });

    const listed = await billstream.readStore.find(UNRESOLVED_USAGE, {}, { limit: 100 });
    expect(listed.items.map((d) => [d.recordId, d.reason]).sort()).toEqual([['u1', 'unknown-identifier'], ['u2', 'no-rate'], ['u3', 'no-subscription']]);
  });

  it('rates unresolved records again by itself once the CRM is fixed; the old result stays in the history', async () => {
    const summary = await importCsvEntities(billstream, () => readCsvFile(write('new-point.csv', [
      'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
      'SP-NEW,K-0001,+3699999999,Fő utca 1,Budapest,1011,HU',
    ]), CSV_IMPORTS['service-points']!.columns), CSV_IMPORTS['service-points']!, { actor: 'test' });
    expect(summary.created).toBe(1);
    await billstream.catchUp();
    // SP-NEW has no subscription yet: unknown-identifier became no-subscription, a changed result.
    const u1 = await billstream.eventStore.readStream(usageStream('sw1', 'u1'));
    expect(u1.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([['UsageRecorded', undefined], ['UsageUnresolved', 'unknown-identifier'], ['UsageUnresolved', 'no-subscription']]);
    // Rating again by hand finds nothing more to change.
    expect(await rerateUsage(billstream, { unresolvedOnly: true, since: null }, { actor: 'test' })).toMatchObject({ selected: 3, resolved: 0, unchanged: 3, unresolved: 3 });
    await importCsvEntities(billstream, () => readCsvFile(write('new-sub.csv', [
      'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
      'S-NEW,SP-NEW,HOME-VOIP,2026-01-01,,1',
    ]), CSV_IMPORTS.subscriptions!.columns), CSV_IMPORTS.subscriptions!, { actor: 'test' });
    await billstream.catchUp();
    const latest = (await billstream.eventStore.readStream(usageStream('sw1', 'u1'))).at(-1)!;
    expect(latest.data).toMatchObject({ servicePointId: 'SP-NEW', subscriptionId: 'S-NEW', band: 'peak' });
    expect((await billstream.readStore.find(UNRESOLVED_USAGE, {}, { limit: 10 })).items.map((d) => d.recordId).sort()).toEqual(['u2', 'u3']);
  });

  it('rates the unresolved records a tariff could price again once a tariff version is published', async () => {
    // u2 dialled +999123, which HOME-VOIP's deck does not price; a new version from October prices it.
    const tariff = fs.readFileSync('examples/tariffs/home-voip.yaml', 'utf8');
    const deckPath = /deck: (\S+)/.exec(tariff)![1]!;
    const deck = fs.readFileSync(path.join('examples/tariffs', deckPath), 'utf8');
    fs.mkdirSync(path.join(dir, 'tariffs', path.dirname(deckPath)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tariffs', deckPath), `${deck.trimEnd()}\n${deck.split('\n')[1]!.replace(/^[^,]*,[^,]*/, '999,Test destination')}\n`);
    fs.writeFileSync(path.join(dir, 'tariffs', 'home-voip.yaml'), tariff.replace(/validFrom: \S+/, 'validFrom: 2026-10-01'));
    await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' });
    await billstream.catchUp();
    expect((await billstream.eventStore.readStream(usageStream('sw1', 'u2'))).at(-1)!.data).toMatchObject({ deckRow: { prefix: '999', destination: 'Test destination' } });
    // u3 (an MMS no tariff of the point rates) stays unresolved.
    expect((await billstream.readStore.find(UNRESOLVED_USAGE, {}, { limit: 10 })).items.map((d) => d.recordId)).toEqual(['u3']);
  });

  it('rates a client\'s records again when its time zone changes; a rerate by hand then finds nothing left to change', async () => {
    // 2025-12-31 23:30 in Budapest, before S-NEW's first day: no subscription.
    const summary = await importUsage(billstream, () => readCsvFile(write('new-year.csv', [HEADER, 'ny1,sw1,+3699999999,voice,2025-12-31T22:30:00Z,60,+3612345678,,,']), USAGE_COLUMNS), { actor: 'test' });
    expect(summary).toMatchObject({ created: 1, unresolved: 1 });
    // The client moves to Tokyo: 07:30 on 1 January there, S-NEW's first day.
    const clients = fs.readFileSync('examples/clients.csv', 'utf8').split('\n');
    const spec = CSV_IMPORTS.clients!;
    const moved = await importCsvEntities(billstream, () => readCsvFile(write('clients-tokyo.csv', [clients[0]!, clients.find((l) => l.startsWith('C-0001,'))!.replace('Europe/Budapest', 'Asia/Tokyo')]), spec.columns), spec, { actor: 'test' });
    expect(moved.updated).toBe(1);
    await billstream.catchUp();
    expect((await billstream.eventStore.readStream(usageStream('sw1', 'ny1'))).at(-1)!.data).toMatchObject({ subscriptionId: 'S-NEW', localDate: '2026-01-01' });
    // Only the record no subscription covers in any time zone is left, and stays as it is.
    expect(await rerateUsage(billstream, { unresolvedOnly: true, since: null }, { actor: 'test' })).toMatchObject({ selected: 1, resolved: 0, changed: 0, unchanged: 1, unresolved: 1 });
  });

  it('rates a record once however often it arrives', async () => {
    const file = write('again.csv', [HEADER, 'p9,sw2,+3612345678,voice,2026-10-13T07:15:00Z,60,+3612345678,,,']);
    await importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: 'test' });
    const again = await importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: 'test' });
    expect(again).toMatchObject({ created: 0, duplicates: 1, unresolved: 0 });
    expect((await billstream.eventStore.readStream(usageStream('sw2', 'p9'))).length).toBe(2);
  });
});
