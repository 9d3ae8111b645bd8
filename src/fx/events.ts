/**
 * Exchange rates (FORMATS.md fx-rates.csv): one unit of `base` is `rate` units of `quote` on
 * `date`. Each (base, quote, date) is its own stream, so importing the same row again appends
 * nothing, and a different rate for a date already published is a correction in that stream:
 * `FxRateCorrected` names the rate it replaces, and the first rate stays in the history for the
 * auditors of every invoice that used it.
 */
import type { DomainEvent } from '../core/decider.ts';
import { streamName } from '../core/streams.ts';

export interface FxRate {
  /** ISO date (YYYY-MM-DD): the rate holds from this date until a newer one (RULES.md 11). */
  date: string;
  /** ISO 4217 codes. */
  base: string;
  quote: string;
  /** Units of `quote` per unit of `base`: a decimal string greater than 0. */
  rate: string;
}

export type FxRatePublished = DomainEvent<'FxRatePublished', FxRate>;
export type FxRateCorrected = DomainEvent<'FxRateCorrected', FxRate & { previousRate: string }>;
export type FxRateEvent = FxRatePublished | FxRateCorrected;

/**
 * `EUR-HUF-2026-01-01`: the stream id and the read model's document id. Codes have three letters
 * and dates a fixed width, so these keys sort by pair, then by date: the rate on or before a date
 * is one range scan on the key.
 */
export function fxRateKey(base: string, quote: string, date: string): string {
  return `${base}-${quote}-${date}`;
}

export function fxRateStream(base: string, quote: string, date: string): string {
  return streamName('fxRate', fxRateKey(base, quote, date));
}
