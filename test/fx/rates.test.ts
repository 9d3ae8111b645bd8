/** RULES.md 11: the rate used for a date is the newest one on or before it; never a guessed one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { fxRateOn, invertRate } from '../../src/app/fx/rates.ts';
import { publishFxRates } from '../../src/import/fx-rates.ts';
import { fxRateStream } from '../../src/fx/events.ts';
import { FX_RATES } from '../../projections/fx-rates.projection.ts';
import { openTestBillstream } from '../support/billstream.ts';

describe('the rate used for a date (RULES.md 11)', () => {
  let billstream: Billstream;
  const publish = async (rates: { date: string; base: string; quote: string; rate: string }[]) => {
    const summary = await publishFxRates(billstream, rates, { actor: 'test' });
    expect(summary.rejected).toBe(0);
    await billstream.catchUp();
    return summary;
  };
  const on = (base: string, quote: string, date: string) => fxRateOn(billstream.readStore, base, quote, date);

  beforeAll(async () => {
    billstream = await openTestBillstream();
    await publish([
      { date: '2026-01-01', base: 'EUR', quote: 'HUF', rate: '386.45' },
      { date: '2026-02-01', base: 'EUR', quote: 'HUF', rate: '384.20' },
      { date: '2026-03-01', base: 'EUR', quote: 'HUF', rate: '387.95' },
      { date: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1.1735' },
      // Another pair whose keys sort right after EUR/HUF's: must never leak into its lookups.
      { date: '2025-06-01', base: 'EUR', quote: 'ILS', rate: '4.05' },
    ]);
  });
  afterAll(() => billstream.close());

  it('uses the newest rate on or before the date, with that rate\'s date', async () => {
    expect(await on('EUR', 'HUF', '2026-01-31')).toEqual({ base: 'EUR', quote: 'HUF', rate: '386.45', date: '2026-01-01', inverted: false });
    expect(await on('EUR', 'HUF', '2026-02-15')).toEqual({ base: 'EUR', quote: 'HUF', rate: '384.20', date: '2026-02-01', inverted: false });
    expect(await on('EUR', 'HUF', '2026-12-31')).toMatchObject({ rate: '387.95', date: '2026-03-01' });
  });

  it('uses a rate published for exactly that date', async () => {
    expect(await on('EUR', 'HUF', '2026-02-01')).toMatchObject({ rate: '384.20', date: '2026-02-01' });
  });

  it('has no rate before the first one: null, never the next one or a guess', async () => {
    expect(await on('EUR', 'HUF', '2025-12-31')).toBeNull();
    expect(await on('EUR', 'PLN', '2026-06-30')).toBeNull();
  });

  it('inverts the opposite pair when the pair itself has no rate, at 18 significant digits', async () => {
    expect(await on('HUF', 'EUR', '2026-02-10')).toEqual({ base: 'HUF', quote: 'EUR', rate: '0.0026028110359187923', date: '2026-02-01', inverted: true, dividedBy: '384.20' });
    expect(await on('USD', 'EUR', '2025-12-31')).toBeNull();
    expect(invertRate('0.87215')).toBe('1.14659175600527432');
    expect(invertRate('4')).toBe('0.25');
  });

  it('prefers the pair\'s own rate to an inverted one', async () => {
    await publish([{ date: '2026-02-01', base: 'USD', quote: 'EUR', rate: '0.8500' }]);
    expect(await on('EUR', 'USD', '2026-02-15')).toMatchObject({ rate: '1.1735', date: '2026-01-01', inverted: false });
    expect(await on('USD', 'EUR', '2026-02-15')).toMatchObject({ rate: '0.8500', date: '2026-02-01', inverted: false });
  });

  it('never triangulates through a third currency', async () => {
    expect(await on('HUF', 'USD', '2026-02-15')).toBeNull();
  });

  it('is 1 for a currency to itself, dated the day asked for', async () => {
    expect(await on('HUF', 'HUF', '2026-05-05')).toEqual({ base: 'HUF', quote: 'HUF', rate: '1', date: '2026-05-05', inverted: false });
  });

  it('uses a corrected rate from then on, and the history keeps the first', async () => {
    expect(await publish([{ date: '2026-02-01', base: 'EUR', quote: 'HUF', rate: '384.30' }])).toMatchObject({ updated: 1 });
    expect(await on('EUR', 'HUF', '2026-02-15')).toMatchObject({ rate: '384.30', date: '2026-02-01' });
    expect(await on('HUF', 'EUR', '2026-02-15')).toMatchObject({ rate: '0.00260213374967473328', inverted: true });
    const history = await billstream.eventStore.readStream(fxRateStream('EUR', 'HUF', '2026-02-01'));
    expect(history.map((e) => e.type)).toEqual(['FxRatePublished', 'FxRateCorrected']);
  });

  it('refuses a malformed date or an unknown currency instead of answering', async () => {
    await expect(on('EUR', 'HUF', '2026-2-1')).rejects.toThrow(ValidationError);
    await expect(on('EUR', 'XYZ', '2026-02-01')).rejects.toThrow(/quote: "XYZ" is not an ISO 4217 currency code/);
  });

  it('rebuilds the read model from the events to the same documents', async () => {
    const all = async () => (await billstream.readStore.find(FX_RATES, {}, { limit: 1000 })).items;
    const before = await all();
    expect(before).toHaveLength(6);
    const consumer = billstream.consumers.find((c) => c.name === 'projection:fx-rates')!;
    await consumer.rebuild();
    expect(JSON.stringify(await all())).toBe(JSON.stringify(before));
  });
});
