/**
 * A billstream with a prepaid tariff for card tests: voice to Hungary fixed (36) at 0.05 EUR/min
 * by 60/60, Hungary mobile (3620) 0.20 peak / 0.10 offpeak EUR/min, 0.02 connect fee, by 30/6 (peak
 * Mon-Fri 08:00-18:00), and data by GiB, volume tiers 1.00 up to 10 GiB, then 0.50.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../src/core/clock.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { openTestBillstream, temporaryDataDir } from './billstream.ts';
import type { Billstream } from '../../src/main.ts';

export const PREPAID_TARIFF = `id: PREPAID-EUR
name: { en: Prepaid card }
currency: EUR
validFrom: 2025-01-01
category: voip
usage:
  - type: voice
    deck: decks/prepaid.csv
    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
  - type: data
    unit: GiB
    tiering: volume
    tiers:
      - { upTo: 10, price: "1.00" }
      - { upTo: null, price: "0.50" }
`;

export const PREPAID_DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
36,Hungary fixed,0.05,0.05,0,0,60,60
3620,Hungary mobile,0.20,0.10,0.02,0,30,6
`;

/** A Monday, 10:00 UTC: peak. */
export const MONDAY_PEAK = '2026-12-07T10:00:00Z';

export async function openPrepaidBillstream(at = MONDAY_PEAK, options: { adminKey?: string } = {}): Promise<{ billstream: Billstream; clock: ManualClock; dataDir: string }> {
  const dataDir = temporaryDataDir('billstream-prepaid-');
  const clock = ManualClock.at(at);
  const billstream = await openTestBillstream({ dataDir, clock, ...options });
  const tariffs = path.join(dataDir, 'tariffs');
  fs.mkdirSync(path.join(tariffs, 'decks'), { recursive: true });
  fs.writeFileSync(path.join(tariffs, 'prepaid.yaml'), PREPAID_TARIFF);
  fs.writeFileSync(path.join(tariffs, 'decks', 'prepaid.csv'), PREPAID_DECK);
  const summary = await importTariffs(billstream, tariffs, { actor: 'test' });
  if (summary.errors.length) throw new Error(`prepaid tariff: ${JSON.stringify(summary.errors)}`);
  await billstream.catchUp();
  return { billstream, clock, dataDir };
}
