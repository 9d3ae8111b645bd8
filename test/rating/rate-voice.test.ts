import { describe, expect, it } from 'vitest';
import { compileBands, isBandsProblems } from '../../src/rating/bands.ts';
import { Deck } from '../../src/rating/deck.ts';
import { libraryCalendar } from '../../src/app/usage/holiday-calendar.ts';
import { rateVoice } from '../../src/rating/rate-voice.ts';
import { ratingUnitsToDecimal } from '../../src/rating/amount.ts';
import { zoneIndex } from '../../src/rating/zone.ts';
import { at } from './support.ts';

const deck = Deck.fromRows([
  { prefix: '36', destination: 'Hungary', peakPerMinute: '0.10', offpeakPerMinute: '0.05', connectFee: '0.02', minSeconds: 0, firstIncrement: 30, nextIncrement: 6 },
  { prefix: '361', destination: 'Hungary Budapest', peakPerMinute: '0.08', offpeakPerMinute: '0.04', connectFee: '0', minSeconds: 0, firstIncrement: 60, nextIncrement: 60 },
  { prefix: '4930', destination: 'Germany Berlin', peakPerMinute: '0.01', offpeakPerMinute: '0.01', minSeconds: 0, firstIncrement: 1, nextIncrement: 1 },
]);
const compiled = compileBands({ peak: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '18:00' } });
if (isBandsProblems(compiled)) throw new Error('bands');
const tariff = { deck, bands: compiled };
const zone = zoneIndex('Europe/Budapest', 2024, 2028);
const hu = await libraryCalendar('HU');

describe('RULES 1 voice + RULES 2 destination: rateVoice', () => {
  it('rates a peak call: longest prefix, 30/6 increments, connect fee, exact charge', () => {
    const result = rateVoice({ dialled: '+36301234567', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: 37 }, tariff, zone, hu);
    expect(result).toEqual({
      kind: 'rated',
      row: 0,
      band: 'peak',
      billedSeconds: 42,
      chargeUnits: 20_000_000 * 60 + 42 * 100_000_000,
      connectFeeNano: 20_000_000,
      perMinuteNano: 100_000_000,
    });
    if (result.kind === 'rated') expect(ratingUnitsToDecimal(result.chargeUnits).toString()).toBe('0.09'); // 0.02 + 42/60 * 0.10
  });

  it('offpeak price outside the window and on a public holiday', () => {
    const evening = rateVoice({ dialled: '0036301234567', startEpochMs: at('2026-03-04T18:00:00Z'), durationSeconds: 60 }, tariff, zone, hu);
    expect(evening).toMatchObject({ band: 'offpeak', perMinuteNano: 50_000_000 });
    const workday = rateVoice({ dialled: '36301234567', startEpochMs: at('2026-03-16T09:00:00Z'), durationSeconds: 60 }, tariff, zone, hu);
    expect(workday).toMatchObject({ band: 'peak' }); // Monday 16 March 2026: a working day
    const nationalDay = rateVoice({ dialled: '36301234567', startEpochMs: at('2027-03-15T09:00:00Z'), durationSeconds: 60 }, tariff, zone, hu);
    expect(nationalDay).toMatchObject({ band: 'offpeak' }); // Monday 15 March 2027: a holiday
  });

  it('a call crossing a DST change keeps the band of its start', () => {
    // Budapest springs forward on Sunday 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST.
    const nightBands = compileBands({ peak: { days: ['Sun'], from: '03:00', to: '24:00' } });
    if (isBandsProblems(nightBands)) throw new Error('bands');
    // Starts 01:50 CET on 2026-03-29 (offpeak), lasts 30 min, ends 03:20 CEST (inside the peak window).
    const crossing = rateVoice({ dialled: '3612345', startEpochMs: at('2026-03-29T00:50:00Z'), durationSeconds: 1800 }, { deck, bands: nightBands }, zone, hu);
    expect(crossing).toMatchObject({ band: 'offpeak', billedSeconds: 1800, perMinuteNano: 40_000_000 });
    const after = rateVoice({ dialled: '3612345', startEpochMs: at('2026-03-29T01:00:00Z'), durationSeconds: 60 }, { deck, bands: nightBands }, zone, hu);
    expect(after).toMatchObject({ band: 'peak', perMinuteNano: 80_000_000 });
  });

  it('a zero-length call is rated at 0, connect fee included', () => {
    expect(rateVoice({ dialled: '3630', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: 0 }, tariff, zone, hu)).toMatchObject({ kind: 'rated', billedSeconds: 0, chargeUnits: 0 });
  });

  it('0.01/min for 7 s at 1/1 is exactly 0.0011666…', () => {
    const result = rateVoice({ dialled: '+49301234', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: 7 }, tariff, zone, hu);
    expect(result.kind === 'rated' && ratingUnitsToDecimal(result.chargeUnits).toFixed(20)).toBe('0.00116666666666666667');
  });

  it('no matching prefix: unresolved, reason no-rate', () => {
    expect(rateVoice({ dialled: '+44207946000', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: 60 }, tariff, zone, hu)).toEqual({ kind: 'unresolved', reason: 'no-rate' });
    expect(rateVoice({ dialled: 'anonymous', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: 60 }, tariff, zone, hu)).toEqual({ kind: 'unresolved', reason: 'no-rate' });
  });

  it('throws on a negative duration (callers reject those records first)', () => {
    expect(() => rateVoice({ dialled: '36', startEpochMs: at('2026-03-04T09:00:00Z'), durationSeconds: -1 }, tariff, zone, hu)).toThrow(/non-negative/);
  });
});
