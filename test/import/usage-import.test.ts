/** Usage ingestion: recorded once per (source, record id), bad rows rejected with line and column, the rest kept. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';

describe('usage import', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-usage-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const load = (file: string, allOrNothing = false) => importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: 'test' }, { allOrNothing });

  beforeAll(async () => {
    billstream = await openTestBillstream({ clock: ManualClock.at('2026-10-12T00:00:00Z') });
  });
  afterAll(async () => {
    await billstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records each record once: a duplicate in the file or in a later file is counted, never recorded twice', async () => {
    const file = write('usage.csv', [
      HEADER,
      'r1,sw1,+36 1 234 5678,voice,2026-10-11T08:15:00Z,125,+4930123456,,,',
      'r2,sw1,+3612345678,voice,2026-10-11T09:15:00+02:00,0,06201234567,,,',
      'r1,sw1,+3612345678,voice,2026-10-11T08:15:00Z,125,+4930123456,,,',
      'r1,sw2,+3612345678,voice,2026-10-11T08:15:00Z,125,+4930123456,,,',
      'd1,radius,anna@isp.example,data,2026-10-11T10:00:00Z,3600,,1000000,5000000,',
      'v1,vod,00:1A:2B:3C:4D:5E,vod,2026-10-11T20:00:00Z,,,,,',
    ]);
    expect(await load(file)).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0, errors: [], duplicates: 1, changedDuplicates: 0, warnings: [], unresolved: 5 });
    expect(await load(file)).toMatchObject({ created: 0, rejected: 0, duplicates: 6, changedDuplicates: 0, warnings: [] });
    const [recorded] = await billstream.eventStore.readStream(usageStream('sw1', 'r1'));
    expect(recorded!.data).toEqual({
      source: 'sw1', recordId: 'r1', identifier: '+3612345678', type: 'voice', startTime: '2026-10-11T08:15:00Z', durationSeconds: 125,
      calledNumber: '+4930123456', bytesIn: null, bytesOut: null, quantity: null,
    });
    const [vod] = await billstream.eventStore.readStream(usageStream('vod', 'v1'));
    expect(vod!.data).toMatchObject({ identifier: '00:1a:2b:3c:4d:5e', quantity: 1 });
  });

  it('keeps the first of a record sent again with other content, and warns at the row and the first column that differs', async () => {
    const first = write('changed-1.csv', [
      HEADER,
      'c1,sw9,+3612345678,voice,2026-10-12T08:00:00Z,60,+4930123456,,,',
      'c1,sw9,+3612345678,voice,2026-10-12T08:00:00Z,600,+4930123456,,,',
    ]);
    const inFile = await load(first);
    expect(inFile).toMatchObject({ created: 1, duplicates: 1, changedDuplicates: 1 });
    expect(inFile.warnings).toEqual([{ line: 3, column: 6, reason: "duration_s: record c1 of sw9 was recorded before with duration_s 60; this row's 600 is ignored (the first is kept)" }]);
    const later = write('changed-2.csv', [
      HEADER,
      'c1,sw9,+36 1 234 5678,voice,2026-10-12T08:00:00Z,60,+4930123456,,,',
      'c1,sw9,+3612345678,sms,2026-10-12T08:00:00Z,,+4930999999,,,2',
    ]);
    const again = await load(later);
    expect(again).toMatchObject({ created: 0, rejected: 0, duplicates: 2, changedDuplicates: 1 });
    expect(again.warnings.map((w) => [w.line, w.column, w.reason])).toEqual([
      [3, 4, "type: record c1 of sw9 was recorded before with type voice, duration_s 60, called_number +4930123456, quantity empty; this row's sms, empty, +4930999999, 2 is ignored (the first is kept)"],
    ]);
    const [recorded] = await billstream.eventStore.readStream(usageStream('sw9', 'c1'));
    expect(recorded!.data).toMatchObject({ type: 'voice', durationSeconds: 60 });
  });

  it('rejects unparseable rows, negative durations, unknown types and start times far in the future, and records the good rows', async () => {
    const summary = await load(write('bad.csv', [
      HEADER,
      'b1,sw1,+3612345678,voice,2026-10-11T08:15:00Z,-5,+4930123456,,,',
      'b2,sw1,+3612345678,fax,2026-10-11T08:15:00Z,5,+4930123456,,,',
      'b3,sw1,+3612345678,voice,2026-10-14T08:15:00Z,5,+4930123456,,,',
      'b4,sw1,+3612345678,voice,yesterday,5,+4930123456,,,',
      'b5,sw1,+3612345678,voice,2026-10-11T08:15:00Z,5,,,,',
      'b6,sw1,+3612345678,voice,2026-10-11T08:15:00Z',
      'g1,sw1,+3612345678,voice,2026-10-11T23:59:00Z,5,+4930123456,,,',
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 6, duplicates: 0 });
    expect(summary.errors).toEqual([
      { line: 2, column: 6, reason: 'duration_s: -5 is negative' },
      { line: 3, column: 4, reason: 'type: "fax" is not a usage type (voice, data, sms, mms, vod)' },
      { line: 4, column: 5, reason: 'start_time: 2026-10-14T08:15:00Z is more than 24 hours in the future' },
      { line: 5, column: 5, reason: 'start_time: "yesterday" is not an instant with an offset (like 2026-10-11T08:15:00Z)' },
      { line: 6, column: 7, reason: 'called_number: is required for voice' },
      { line: 7, column: 6, reason: 'expected 10 fields (as in the header), found 5' },
    ]);
  });

  it('refuses a start time before 2000 (a typo of the year) at its row and column, and records the good rows beside it', async () => {
    const summary = await load(write('old-times.csv', [
      HEADER,
      'y1,sw1,+3612345678,voice,2026-10-11T08:00:00Z,60,+4930123456,,,',
      'y2,sw1,+3612345678,voice,0001-01-06T09:00:00Z,60,+4930123456,,,',
      'y3,sw1,+3612345678,voice,1999-12-31T23:59:59+00:00,60,+4930123456,,,',
      'y4,sw1,+3612345678,voice,2000-01-01T00:59:59+01:00,60,+4930123456,,,',
      'y5,sw1,+3612345678,voice,2026-10-11T09:00:00Z,60,+4930123456,,,',
    ]));
    expect(summary).toMatchObject({ created: 2, rejected: 3 });
    expect(summary.errors).toEqual([
      { line: 3, column: 5, reason: 'start_time: 0001-01-06T09:00:00Z is before 2000-01-01T00:00:00Z, the earliest start time billstream takes: a typo of the year?' },
      { line: 4, column: 5, reason: 'start_time: 1999-12-31T23:59:59+00:00 is before 2000-01-01T00:00:00Z, the earliest start time billstream takes: a typo of the year?' },
      { line: 5, column: 5, reason: 'start_time: 2000-01-01T00:59:59+01:00 is before 2000-01-01T00:00:00Z, the earliest start time billstream takes: a typo of the year?' },
    ]);
  });

  it('tells a start time whose date or time does not exist from one without an offset', async () => {
    const summary = await load(write('bad-times.csv', [
      HEADER,
      't1,sw1,+3612345678,voice,2026-13-01T10:00:00Z,5,+4930123456,,,',
      't2,sw1,+3612345678,voice,2026-02-30T10:00:00Z,5,+4930123456,,,',
      't3,sw1,+3612345678,voice,2026-10-11T25:00:00+02:00,5,+4930123456,,,',
      't4,sw1,+3612345678,voice,2026-10-11T08:15:00,5,+4930123456,,,',
    ]));
    expect(summary).toMatchObject({ created: 0, rejected: 4 });
    expect(summary.errors).toEqual([
      { line: 2, column: 5, reason: 'start_time: "2026-13-01T10:00:00Z" is not a valid date and time (like 2026-10-11T08:15:00Z)' },
      { line: 3, column: 5, reason: 'start_time: "2026-02-30T10:00:00Z" is not a valid date and time (like 2026-10-11T08:15:00Z)' },
      { line: 4, column: 5, reason: 'start_time: "2026-10-11T25:00:00+02:00" is not a valid date and time (like 2026-10-11T08:15:00Z)' },
      { line: 5, column: 5, reason: 'start_time: "2026-10-11T08:15:00" is not an instant with an offset (like 2026-10-11T08:15:00Z)' },
    ]);
  });

  it('with all-or-nothing records nothing from a file with a bad row', async () => {
    const summary = await load(write('aon.csv', [HEADER, 'x1,sw1,+3612345678,voice,2026-10-11T08:15:00Z,5,+4930123456,,,', 'x2,sw1,+3612345678,voice,2026-10-11T08:15:00Z,-1,+4930123456,,,']), true);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(await billstream.eventStore.readStream(usageStream('sw1', 'x1'))).toEqual([]);
  });
});
