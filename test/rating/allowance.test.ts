import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  compareUsageOrder,
  consumeAllowance,
  type DataAllowanceRecord,
  type EventAllowanceRecord,
  type EventUsageType,
  type UnitAllowanceResult,
  type VoiceAllowanceRecord,
} from '../../src/rating/allowance.ts';
import { parsePriceNano, ratingUnitsToDecimal } from '../../src/rating/amount.ts';
import { tieredCharge, type Tier } from '../../src/rating/tiers.ts';
import { voiceChargeUnits } from '../../src/rating/voice.ts';
import { int, seeded, shuffled } from './support.ts';

const CF = parsePriceNano('0.05');
const PM = parsePriceNano('0.10');
const call = (recordId: string, startEpochMs: number, billedSeconds: number, extra: Partial<VoiceAllowanceRecord> = {}): VoiceAllowanceRecord => ({
  recordId,
  source: 'sw',
  startEpochMs,
  billedSeconds,
  connectFeeNano: CF,
  perMinuteNano: PM,
  ...extra,
});
/** An event record rated as `quantity * price` (src/app/usage/rate.ts), in rating units. */
const event = (recordId: string, startEpochMs: number, quantity: number, price = '0.10', source = 'smsc'): EventAllowanceRecord => ({
  recordId,
  source,
  startEpochMs,
  quantity,
  chargeUnits: BigInt(parsePriceNano(price)) * 60n * BigInt(quantity),
});
const session = (recordId: string, startEpochMs: number, quantity: string | number): DataAllowanceRecord => ({ recordId, source: 'ggsn', startEpochMs, quantity: new Decimal(quantity) });
const money = (units: number | bigint) => ratingUnitsToDecimal(units).toString();
const voice = (records: VoiceAllowanceRecord[], allowance: number) => consumeAllowance({ type: 'voice', records }, allowance);
/** [record id, source, covered, charged, charge] per record, in consumption order. */
const shares = <R extends { recordId: string; source: string }>(result: UnitAllowanceResult<R>) =>
  result.records.map((s) => [s.record.recordId, s.record.source, s.covered, s.charged, money(s.chargeUnits)]);

const d = (v: string | number) => new Decimal(v);
const THREE: Tier[] = [
  { upTo: d(10), price: d('1.00') },
  { upTo: d(50), price: d('0.80') },
  { upTo: null, price: d('0.50') },
];

describe('RULES 4 allowances, voice: consumeAllowance', () => {
  it('fully covered pays nothing (no connect fee), partly covered pays the connect fee and the rest pro rata, uncovered pays in full', () => {
    const result = voice([call('c', 3000, 60), call('a', 1000, 60), call('b', 2000, 120)], 150);
    expect(shares(result)).toEqual([
      ['a', 'sw', 60, 0, '0'],
      ['b', 'sw', 90, 30, '0.1'], // 0.05 + 30/60 * 0.10
      ['c', 'sw', 0, 60, '0.15'], // 0.05 + 60/60 * 0.10
    ]);
    expect(result.records.map((s) => s.chargeUnits)).toEqual([0n, 6_000_000_000n, 9_000_000_000n]);
    expect([result.used, money(result.chargeUnits)]).toEqual([150, '0.25']);
  });

  it('a call that exactly uses up the allowance is fully covered', () => {
    expect(voice([call('a', 1, 60), call('b', 2, 60)], 60).records.map((r) => r.chargeUnits)).toEqual([0n, BigInt(voiceChargeUnits(60, CF, PM))]);
  });

  it('no allowance: everything is charged in full; unlimited: nothing is', () => {
    const records = [call('a', 1, 42), call('b', 2, 7)];
    expect(voice(records, 0).records.map((r) => r.chargeUnits)).toEqual([BigInt(voiceChargeUnits(42, CF, PM)), BigInt(voiceChargeUnits(7, CF, PM))]);
    expect(voice(records, Infinity).records.map((r) => r.chargeUnits)).toEqual([0n, 0n]);
  });

  it('a zero-length call uses no allowance and costs nothing', () => {
    expect(shares(voice([call('a', 1, 0), call('b', 2, 30)], 30))).toEqual([
      ['a', 'sw', 0, 0, '0'],
      ['b', 'sw', 30, 0, '0'],
    ]);
  });

  it('gives back the records it was given, so a caller finds its own (the cycle usage keys them by document id)', () => {
    const given = { ...call('a', 1, 60), id: 'doc-1' };
    expect(voice([given], 30).records[0]!.record).toBe(given);
  });

  it('rejects a record given twice and bad numbers', () => {
    expect(() => voice([call('a', 1, 60), call('a', 1, 60)], 10)).toThrow(/given twice/);
    expect(() => voice([call('a', 1, 60)], -1)).toThrow(/allowance/);
    expect(() => voice([call('a', 1, 60)], 1.5)).toThrow(/allowance/);
    expect(() => voice([call('a', 1, 1.5)], 10)).toThrow(/billed seconds/);
    expect(() => voice([call('a', Number.NaN, 60)], 10)).toThrow(/start/);
  });
});

describe('RULES 4 consumption order: start time, then the record\'s own record_id, then its source (code-unit order)', () => {
  it('ties on start time go by record_id as a string (not numeric)', () => {
    expect(shares(voice([call('9', 1000, 60), call('10', 1000, 60)], 60)).map((s) => [s[0], s[2]])).toEqual([['10', 60], ['9', 0]]);
  });

  it('compares by code unit, not by locale: "V-b" (0x56) before "v-a" (0x76), though localeCompare says otherwise', () => {
    expect('v-a'.localeCompare('V-b')).toBeLessThan(0);
    // Austria "V-b" at 0.50/min with a 0.20 connect fee is covered; Germany "v-a" pays 0.05 + 0.10.
    const austria = call('V-b', 1000, 60, { connectFeeNano: parsePriceNano('0.20'), perMinuteNano: parsePriceNano('0.50') });
    const result = voice([call('v-a', 1000, 60), austria], 60);
    expect(shares(result)).toEqual([['V-b', 'sw', 60, 0, '0'], ['v-a', 'sw', 0, 60, '0.15']]);
    expect(money(result.chargeUnits)).toBe('0.15'); // in localeCompare (or internal id) order it would be 0.70
  });

  it('the same record_id from two sources at the same start goes by source', () => {
    const result = voice([call('c-1', 1000, 60, { source: 'sw-b' }), call('c-1', 1000, 60, { source: 'sw-a' }), call('c-0', 2000, 60, { source: 'sw-0' })], 90);
    expect(shares(result)).toEqual([
      ['c-1', 'sw-a', 60, 0, '0'],
      ['c-1', 'sw-b', 30, 30, '0.1'],
      ['c-0', 'sw-0', 0, 60, '0.15'],
    ]);
    // The same record id from two sources is two records, not a repetition.
    expect(() => voice([call('c-1', 1000, 60, { source: 'sw-a' }), call('c-1', 1000, 60, { source: 'sw-a' })], 90)).toThrow(/c-1 \(source sw-a\) is given twice/);
  });

  it('an earlier start always comes first, whatever the ids', () => {
    expect(compareUsageOrder({ startEpochMs: 1, recordId: 'z', source: 'z' }, { startEpochMs: 2, recordId: 'a', source: 'a' })).toBeLessThan(0);
    expect(compareUsageOrder({ startEpochMs: 2, recordId: 'a', source: 'b' }, { startEpochMs: 2, recordId: 'a', source: 'a' })).toBeGreaterThan(0);
    expect(compareUsageOrder({ startEpochMs: 2, recordId: 'a', source: 'a' }, { startEpochMs: 2, recordId: 'a', source: 'a' })).toBe(0);
  });
});

describe.each(['sms', 'mms', 'vod'] as EventUsageType[])('RULES 4 allowances, events (%s): quantity * price, the first units free', (type) => {
  it('covers the first units in consumption order; a record partly covered pays for its uncovered units', () => {
    // 2, 2, 1 events at 0.10 with 3 free: the first is covered, the second pays 1 of its 2, the third pays 1.
    const result = consumeAllowance({ type, records: [event('e3', 3000, 1), event('e1', 1000, 2), event('e2', 2000, 2)] }, 3);
    expect(shares(result)).toEqual([
      ['e1', 'smsc', 2, 0, '0'],
      ['e2', 'smsc', 1, 1, '0.1'],
      ['e3', 'smsc', 0, 1, '0.1'],
    ]);
    expect([result.used, money(result.chargeUnits)]).toEqual([3, '0.2']);
  });

  it('an allowance larger than the usage covers everything; none charges every record in full', () => {
    const records = [event('e1', 1000, 4, '3.50'), event('e2', 2000, 1, '3.50')];
    expect([consumeAllowance({ type, records }, 10).used, money(consumeAllowance({ type, records }, 10).chargeUnits)]).toEqual([5, '0']);
    expect(money(consumeAllowance({ type, records }, 0).chargeUnits)).toBe('17.5');
    expect(money(consumeAllowance({ type, records }, 4).chargeUnits)).toBe('3.5');
  });

  it('prices each record at its own rated price (a record rated under an earlier tariff version keeps it)', () => {
    const result = consumeAllowance({ type, records: [event('e1', 1000, 3, '0.10'), event('e2', 2000, 3, '0.20')] }, 4);
    expect(shares(result)).toEqual([['e1', 'smsc', 3, 0, '0'], ['e2', 'smsc', 1, 2, '0.4']]);
  });

  it('charges beyond 2^53 rating units stay exact (BigInt)', () => {
    const result = consumeAllowance({ type, records: [event('big', 1, 10_000_000, '99.99')] }, 1);
    expect(money(result.chargeUnits)).toBe('999899900.01'); // 9,999,999 * 99.99
  });

  it('rejects a charge that is not quantity * a price, and a bad quantity', () => {
    expect(() => consumeAllowance({ type, records: [{ ...event('e1', 1, 3), chargeUnits: 7n }] }, 1)).toThrow(/not 3 \* a price/);
    expect(() => consumeAllowance({ type, records: [{ ...event('e1', 1, 3), quantity: 1.5 }] }, 1)).toThrow(/quantity 1.5/);
  });
});

describe('RULES 4 allowances, data: the first units of the cycle\'s total, the tiers (RULES 3) on what remains, from zero', () => {
  it('graduated: the tiers price the remainder counted from zero, not where the allowance ended', () => {
    // 25 + 35 = 60 units, 20 free: 40 priced as 10 * 1.00 + 30 * 0.80 = 34 (not 47, the tiers on all
    // 60, nor 29, units 20..60 priced where they fall: 30 * 0.80 + 10 * 0.50).
    const result = consumeAllowance({ type: 'data', records: [session('d2', 2000, 35), session('d1', 1000, 25)], tiers: THREE, tiering: 'graduated' }, 20);
    expect([result.quantity, result.used, result.charged, result.charge].map(String)).toEqual(['60', '20', '40', '34']);
    expect(tieredCharge(d(60), THREE, 'graduated').toString()).toBe('47');
  });

  it('volume: the tier the remainder falls in prices every remaining unit', () => {
    // 60 units, 20 free: 40 left, in the 10..50 tier: 40 * 0.80 = 32 (the total, 60, would be 60 * 0.50 = 30).
    const result = consumeAllowance({ type: 'data', records: [session('d1', 1000, 25), session('d2', 2000, 35)], tiers: THREE, tiering: 'volume' }, 20);
    expect([result.charged, result.charge].map(String)).toEqual(['40', '32']);
    // 15 free: 45 left, still 0.80 each = 36; 55 free: 5 left, first tier: 5 * 1.00 = 5.
    expect(consumeAllowance({ type: 'data', records: [session('d1', 1000, 60)], tiers: THREE, tiering: 'volume' }, 15).charge.toString()).toBe('36');
    expect(consumeAllowance({ type: 'data', records: [session('d1', 1000, 60)], tiers: THREE, tiering: 'volume' }, 55).charge.toString()).toBe('5');
  });

  it('an allowance of at least the total leaves nothing to price; none prices the whole total', () => {
    const records = [session('d1', 1000, '1.5'), session('d2', 2000, '2.25')];
    const covered = consumeAllowance({ type: 'data', records, tiers: THREE, tiering: 'graduated' }, 4);
    expect([covered.used, covered.charged, covered.charge].map(String)).toEqual(['3.75', '0', '0']);
    expect(consumeAllowance({ type: 'data', records, tiers: THREE, tiering: 'graduated' }, 0).charge.toString()).toBe('3.75');
    expect(consumeAllowance({ type: 'data', records: [], tiers: THREE, tiering: 'volume' }, 5).charge.toString()).toBe('0');
  });

  it('sums fractional units exactly, beyond decimal.js\'s default 20 digits (MiB quantities have up to 20 decimals)', () => {
    const tiny = '0.00000000000000000001';
    const result = consumeAllowance({ type: 'data', records: [session('d1', 1, '100000'), session('d2', 2, tiny)], tiers: [{ upTo: null, price: d(1) }], tiering: 'graduated' }, 0);
    expect(result.quantity.toFixed()).toBe(`100000${tiny.slice(1)}`);
  });

  it('rejects a negative quantity and invalid tiers', () => {
    expect(() => consumeAllowance({ type: 'data', records: [session('d1', 1, -1)], tiers: THREE, tiering: 'graduated' }, 1)).toThrow(/non-negative/);
    expect(() => consumeAllowance({ type: 'data', records: [session('d1', 1, 1)], tiers: [{ upTo: d(1), price: d(1) }], tiering: 'graduated' }, 0)).toThrow(/invalid tiers/);
  });
});

describe('RULES 5 order independence: allowance results never depend on arrival order', () => {
  it('property, voice: shuffling the input many times gives the same result (seeded)', () => {
    const random = seeded(2026);
    for (let round = 0; round < 200; round++) {
      const n = int(random, 1, 40);
      const records: VoiceAllowanceRecord[] = [];
      for (let i = 0; i < n; i++) {
        // Few distinct starts, ids and sources: many ties, broken by record id, then source.
        records.push(
          call(`r${int(random, 0, 5)}`, int(random, 0, 5) * 60_000, int(random, 0, 5) === 0 ? 0 : int(random, 1, 900), {
            source: `s${i}`,
            connectFeeNano: int(random, 0, 3) * 10_000_000,
            perMinuteNano: int(random, 0, 50) * 1_000_000,
          }),
        );
      }
      const allowance = int(random, 0, 3) === 0 ? 0 : int(random, 0, 6000);
      const reference = voice(records, allowance);
      for (let k = 0; k < 25; k++) expect(voice(shuffled(records, random), allowance)).toEqual(reference);

      // Invariants: covered + charged = billed, the allowance is never exceeded, at most one call is partly covered.
      let covered = 0;
      let partly = 0;
      for (const share of reference.records) {
        const input = share.record;
        expect(share.covered + share.charged).toBe(input.billedSeconds);
        covered += share.covered;
        if (share.covered > 0 && share.charged > 0) partly++;
        if (share.charged === 0) expect(share.chargeUnits).toBe(0n);
        else expect(share.chargeUnits).toBe(BigInt(input.connectFeeNano * 60 + share.charged * input.perMinuteNano));
      }
      expect(covered).toBe(Math.min(allowance, records.reduce((s, r) => s + r.billedSeconds, 0)));
      expect(reference.used).toBe(covered);
      expect(partly).toBeLessThanOrEqual(1);
    }
  });

  it('property, events and data: the same result in any order; events pay exactly for the units the allowance leaves', () => {
    const random = seeded(12);
    for (let round = 0; round < 100; round++) {
      const n = int(random, 0, 30);
      const events = Array.from({ length: n }, (_, i) => event(`e${int(random, 0, 4)}`, int(random, 0, 4), int(random, 1, 5), '0.25', `src${i}`));
      const sessions = Array.from({ length: n }, (_, i) => session(`d${i}`, int(random, 0, 4), `${int(random, 0, 30)}.${int(random, 0, 999)}`));
      const allowance = int(random, 0, 60);
      const eventsResult = consumeAllowance({ type: 'sms', records: events }, allowance);
      const dataResult = consumeAllowance({ type: 'data', records: sessions, tiers: THREE, tiering: 'graduated' }, allowance);
      for (let k = 0; k < 10; k++) {
        expect(consumeAllowance({ type: 'sms', records: shuffled(events, random) }, allowance)).toEqual(eventsResult);
        expect(consumeAllowance({ type: 'data', records: shuffled(sessions, random), tiers: THREE, tiering: 'graduated' }, allowance)).toEqual(dataResult);
      }
      const units = events.reduce((s, e) => s + e.quantity, 0);
      expect(eventsResult.used).toBe(Math.min(units, allowance));
      expect(money(eventsResult.chargeUnits)).toBe(d(units - eventsResult.used).times('0.25').toString());
      const total = sessions.reduce((s, r) => s.plus(r.quantity), d(0));
      expect(dataResult.charge.toString()).toBe(tieredCharge(Decimal.max(0, total.minus(allowance)), THREE, 'graduated').toString());
    }
  });
});
