/**
 * The per-record voice rating used by the pipeline: RULES.md 2 (destination: longest prefix of the
 * deck, else unresolved `no-rate`) and RULES 1 (band from the start instant in the client's zone
 * and holidays; billed seconds; charge in rating units). Pure: no I/O, no clock, no allocation
 * beyond the result. Allowances (RULES 4) apply afterwards, per subscription and cycle
 * (allowance.ts).
 */
import { bandAt, type Band, type Bands } from './bands.ts';
import type { Deck } from './deck.ts';
import type { HolidayCalendar } from './holidays.ts';
import { billedSeconds, voiceChargeUnits } from './voice.ts';
import type { ZoneIndex } from './zone.ts';

export interface VoiceRecord {
  /** The called number as in the CDR (`+4930123`, `004930123`, `4930123`). */
  dialled: string;
  startEpochMs: number;
  /** Seconds, >= 0. */
  durationSeconds: number;
}

export interface VoiceTariff {
  deck: Deck;
  bands: Bands;
}

export interface VoiceRated {
  kind: 'rated';
  /** Deck row index (deck.row(row) for its prefix and destination). */
  row: number;
  band: Band;
  billedSeconds: number;
  /** connect fee * 60 + billed * per-minute, in rating units (1/60 nano-units; 0 for a 0-second call). */
  chargeUnits: number;
  connectFeeNano: number;
  /** The per-minute price of the band. */
  perMinuteNano: number;
}

export interface VoiceUnresolved {
  kind: 'unresolved';
  reason: 'no-rate';
}

export type VoiceRating = VoiceRated | VoiceUnresolved;

const NO_RATE: VoiceUnresolved = Object.freeze({ kind: 'unresolved', reason: 'no-rate' });

/**
 * Rates one voice record. Throws for a negative or non-finite duration (callers reject those
 * records first) and NoHolidayDataError when the start needs holiday data the calendar lacks.
 */
export function rateVoice(record: VoiceRecord, tariff: VoiceTariff, zone: ZoneIndex, holidays: HolidayCalendar): VoiceRating {
  const duration = record.durationSeconds;
  if (!(duration >= 0) || duration === Infinity) throw new RangeError(`call duration ${duration} is not a non-negative number of seconds`);
  const deck = tariff.deck;
  const row = deck.match(record.dialled);
  if (row < 0) return NO_RATE;
  const band = bandAt(tariff.bands, record.startEpochMs, zone, holidays);
  const perMinuteNano = band === 'peak' ? deck.peakPerMinuteNano(row) : deck.offpeakPerMinuteNano(row);
  const connectFeeNano = deck.connectFeeNano(row);
  const billed = billedSeconds(duration, deck.minSeconds(row), deck.firstIncrement(row), deck.nextIncrement(row));
  return {
    kind: 'rated',
    row,
    band,
    billedSeconds: billed,
    chargeUnits: voiceChargeUnits(billed, connectFeeNano, perMinuteNano),
    connectFeeNano,
    perMinuteNano,
  };
}
