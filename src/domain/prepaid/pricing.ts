/**
 * What a card's call or data session costs, by the rating engine's own rules (RULES.md 1 for
 * voice: billed seconds by increments, connect fee, per-minute price; RULES 3 for data: the
 * tariff's tiers over the session's quantity), and the inverse a prepaid authorization needs: how
 * long a call, or how many bytes, the available balance pays for. Charges are rounded once, half
 * up, to the currency's minor unit (the one rounding of money).
 */
import { Decimal } from 'decimal.js';
import { fromMinorUnits, roundToMinorUnit, toMinorUnits } from '../../core/money.ts';
import { billedSeconds, voiceChargeUnits } from '../../rating/voice.ts';
import { NANO_PER_UNIT, parsePriceNano, ratingUnitsToDecimal } from '../../rating/amount.ts';
import { dataQuantity, isDataUnit, tieredCharge, tiersFromDefinition, type Tier } from '../../rating/tiers.ts';
import type { SessionPrice } from './events.ts';

const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN });

/** The session's cost for its totals so far, in minor units of `currency`. */
export function sessionChargeMinor(price: SessionPrice, seconds: number, bytes: bigint, currency: string): bigint {
  if (price.service === 'voice') {
    const billed = billedSeconds(seconds, price.minSeconds, price.firstIncrement, price.nextIncrement);
    const units = voiceChargeUnits(billed, parsePriceNano(price.connectFee), parsePriceNano(price.perMinute));
    return toMinorUnits(roundToMinorUnit(ratingUnitsToDecimal(units), currency), currency);
  }
  const quantity = dataQuantity(bytes, 0n, dataUnit(price.unit));
  return toMinorUnits(roundToMinorUnit(tieredCharge(quantity, dataTiers(price), price.tiering), currency), currency);
}

/**
 * The longest call the `availableMinor` balance pays for in full, on the increments of the
 * destination's rate: 10.00 EUR at 0.05 EUR/min by 60/60 -> 12000 s. 0 when not even the first
 * increment (or the minimum) is paid for; null when the destination costs nothing per minute.
 */
export function affordableSeconds(price: Extract<SessionPrice, { service: 'voice' }>, availableMinor: bigint, currency: string): number | null {
  const availableNano = BigInt(new Decimal(minorToDecimalText(availableMinor, currency)).times(NANO_PER_UNIT).toFixed(0));
  const connectNano = BigInt(parsePriceNano(price.connectFee));
  const perMinuteNano = BigInt(parsePriceNano(price.perMinute));
  if (connectNano > availableNano) return 0;
  if (perMinuteNano === 0n) return null;
  // b billed seconds cost b * perMinute / 60 beyond the connect fee: the most the balance covers.
  const payable = ((availableNano - connectNano) * 60n) / perMinuteNano;
  const first = BigInt(price.firstIncrement);
  const smallestBilled = first > BigInt(price.minSeconds) ? first : BigInt(price.minSeconds);
  if (payable < smallestBilled) return 0;
  const seconds = first + ((payable - first) / BigInt(price.nextIncrement)) * BigInt(price.nextIncrement);
  return seconds > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(seconds);
}

/**
 * The most bytes the balance pays for at the tariff's dearest data price (whatever tier a
 * session reaches, it never pays more per byte): 10.00 EUR at 1.00 EUR/GiB -> 10737418240.
 * Null when every tier is free.
 */
export function affordableBytes(price: Extract<SessionPrice, { service: 'data' }>, availableMinor: bigint, currency: string): bigint | null {
  const dearest = dataTiers(price).reduce((max, tier) => (tier.price.greaterThan(max) ? tier.price : max), new Decimal(0));
  if (dearest.isZero()) return null;
  const perByte = new Exact(dearest).times(new Exact(dataQuantity(1n, 0n, dataUnit(price.unit))));
  return BigInt(new Exact(minorToDecimalText(availableMinor, currency)).div(perByte).toFixed(0, Decimal.ROUND_DOWN));
}

/** What the next `interimSeconds` of a call cost after `seconds` already spoken (the first interval carries the connect fee). */
export function nextIntervalMinor(price: Extract<SessionPrice, { service: 'voice' }>, seconds: number, interimSeconds: number, currency: string): bigint {
  return sessionChargeMinor(price, seconds + interimSeconds, 0n, currency) - sessionChargeMinor(price, seconds, 0n, currency);
}

function dataUnit(unit: string) {
  if (!isDataUnit(unit)) throw new RangeError(`data unit ${unit} is not one the tariffs price in`);
  return unit;
}

function dataTiers(price: Extract<SessionPrice, { service: 'data' }>): Tier[] {
  const tiers = tiersFromDefinition(price.tiers);
  if ('problems' in tiers) throw new RangeError(`data tiers: ${tiers.problems.join('; ')}`);
  return tiers;
}

function minorToDecimalText(minor: bigint, currency: string): string {
  return fromMinorUnits(minor, currency).toFixed();
}
