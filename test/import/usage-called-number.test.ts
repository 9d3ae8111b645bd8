/**
 * A called number written with its international prefix spaced out or in parentheses
 * (`(0043) 1-888`, `(00)431888`) is imported and rated by the deck's longest prefix (RULES.md 2),
 * the import and rating reading it alike: separators removed first, then a leading `+` or `00`
 * dropped. A number with a dot is refused at its line and column (docs/formats.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmExamples } from '../support/crm-examples.ts';

const HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';

describe('called numbers with the international prefix among separators', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-called-number-');

  beforeAll(async () => {
    // The examples' tariffs, their deck with Vienna (431) beside Austria fixed (43).
    fs.cpSync('examples/tariffs', path.join(dir, 'tariffs'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'tariffs', 'decks', 'voice-eur.csv'), '431,Austria Vienna,0.04,0.03,0,0,60,60\n');
    billstream = await openTestBillstream({ clock: ManualClock.at('2026-12-01T00:00:00Z') });
    await importCrmExamples(billstream, path.join(dir, 'tariffs'));
  });
  afterAll(async () => {
    await billstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rates (0043) 1-888, (00)431888, 0 0 43 1 888 and (+43) 1 888 as 431888 against the prefix 431; refuses a dot', async () => {
    // SP-0001 (+3612345678) subscribes to HOME-VOIP.
    const file = path.join(dir, 'usage.csv');
    fs.writeFileSync(file, [
      HEADER,
      'n1,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,(0043) 1-888,,,',
      'n2,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,(00)431888,,,',
      'n3,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,0 0 43 1 888,,,',
      'n4,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,(+43) 1 888,,,',
      'n5,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,+43.1.888,,,',
      'n6,sw,+3612345678,voice,2026-10-06T10:00:00Z,60,43 (1) 888 +1,,,',
      '',
    ].join('\n'));
    const summary = await importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: 'test' });
    expect(summary).toMatchObject({ created: 4, rejected: 2, unresolved: 0 });
    expect(summary.errors).toEqual([
      { line: 6, column: 7, reason: 'called_number: "+43.1.888" is not a dialled number' },
      { line: 7, column: 7, reason: 'called_number: "43 (1) 888 +1" is not a dialled number' },
    ]);
    await billstream.catchUp();
    for (const recordId of ['n1', 'n2', 'n3', 'n4']) {
      const rated = (await billstream.eventStore.readStream(usageStream('sw', recordId))).at(-1)!;
      expect(rated.type, recordId).toBe('UsageRated');
      expect(rated.data, recordId).toMatchObject({ deckRow: { prefix: '431', destination: 'Austria Vienna' } });
    }
  });
});
