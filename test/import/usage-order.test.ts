/**
 * RULES 4 and 5 end to end: allowances are consumed in start-time order per subscription and
 * cycle, so the cycle's charges do not depend on the order in which records arrive, late ones
 * included. The same records are fed in several seeded shuffles to separate stores.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, readCsvFile, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { cycleUsage } from '../../src/app/usage/cycle-usage.ts';
import { openTestBillstream } from '../support/billstream.ts';

const HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';

async function installation(): Promise<Billstream> {
  const billstream = await openTestBillstream({ clock: ManualClock.at('2026-12-01T00:00:00Z') });
  await importLegalEntities(billstream, fs.readFileSync('examples/legal-entities.yaml', 'utf8'), { actor: 'test' });
  await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
    const spec = CSV_IMPORTS[kind]!;
    await importCsvEntities(billstream, () => readCsvFile(path.join('examples', `${kind}.csv`), spec.columns), spec, { actor: 'test' });
  }
  await billstream.catchUp();
  return billstream;
}

/** A small seeded PRNG (mulberry32): the shuffles are the same on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('RULES 4 allowances and order independence', () => {
  it('gives the same cycle charges whatever order the records arrive in', async () => {
    // 48 calls of 3 to 5 minutes in October 2026 (HOME-VOIP: 6000 free billed seconds per cycle), peak and offpeak, to Hungary and Germany.
    const rows = Array.from({ length: 48 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const hour = String(6 + ((i * 5) % 14)).padStart(2, '0');
      const number = i % 3 === 0 ? '+4915112345678' : '+3612345678';
      return `c${String(i).padStart(2, '0')},sw1,+3612345678,voice,2026-10-${day}T${hour}:07:00Z,${180 + ((i * 37) % 120)},${number},,,`;
    });
    const results: string[] = [];
    for (const seed of [1, 2, 3]) {
      const billstream = await installation();
      try {
        const order = shuffled(rows, seed);
        // Arrival in four deliveries, so later deliveries bring records that start before ones already rated.
        for (let part = 0; part < 4; part++) {
          const text = [HEADER, ...order.slice(part * 12, part * 12 + 12)].join('\n');
          const summary = await importUsage(billstream, () => readCsv(textSource(text), USAGE_COLUMNS), { actor: 'test' });
          expect(summary).toMatchObject({ created: 12, rejected: 0, unresolved: 0 });
        }
        const usage = await cycleUsage(billstream, 'S-0002', '2026-10-15');
        expect(usage.cycle).toEqual({ start: '2026-10-01', end: '2026-11-01' });
        expect(usage.allowance).toEqual({ seconds: 6000, used: 6000 });
        results.push(JSON.stringify(usage));
      } finally {
        await billstream.close();
      }
    }
    expect(new Set(results).size).toBe(1);
    const usage = JSON.parse(results[0]!) as { lines: { charge: string; records: number }[]; total: string };
    expect(usage.lines.reduce((n, l) => n + l.records, 0)).toBe(48);
    expect(Number(usage.total)).toBeGreaterThan(0);
  }, 60_000);
});
