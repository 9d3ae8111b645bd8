/**
 * The price of a card's session, looked up with the rating engine's own caches and rules: the
 * card tariff's version valid on the session's local date (in the batch's time zone), its voice
 * deck's longest prefix of the dialled number and the band at the start (src/rating/rate-voice.ts),
 * or its data tiers. The lookups are kept a minute, so a published tariff reaches new sessions
 * within a minute without a read per authorization.
 */
import type { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import { RatingContext } from '../usage/rate.ts';
import { rateVoice } from '../../rating/rate-voice.ts';
import { HolidayCalendar } from '../../rating/holidays.ts';
import { nanoToDecimalString } from '../../rating/amount.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import type { UsageComponent } from '../../domain/tariff/definition.ts';
import type { CardIssuedData, SessionPrice } from '../../domain/prepaid/events.ts';
import type { EventStore } from '../../eventstore/port.ts';

const CONTEXT_TTL_MS = 60_000;
const contexts = new WeakMap<EventStore, { context: RatingContext; madeAtMs: number }>();

function ratingContext(deps: AppDeps): RatingContext {
  const now = deps.clock.now().epochMilliseconds;
  const held = contexts.get(deps.eventStore);
  if (held && now - held.madeAtMs < CONTEXT_TTL_MS && now >= held.madeAtMs) return held.context;
  const context = new RatingContext(deps);
  contexts.set(deps.eventStore, { context, madeAtMs: now });
  return context;
}

/** The value a RatingContext lookup gives, once it has it. */
async function settled<T>(lookup: () => T | Promise<unknown>): Promise<T> {
  for (;;) {
    const value = lookup();
    if (!(value instanceof Promise)) return value;
    await value;
  }
}

export type PriceLookup = { price: SessionPrice } | { reason: 'no-rate' | 'no-called-number'; detail: string };

export async function sessionPrice(deps: AppDeps, card: CardIssuedData, service: 'voice' | 'data', calledNumber: string | null, at: Temporal.Instant): Promise<PriceLookup> {
  const context = ratingContext(deps);
  const tariff = await settled(() => context.tariff(card.tariffId));
  if (!tariff) return { reason: 'no-rate', detail: `the card's tariff ${card.tariffId} does not exist` };
  const startEpochMs = at.epochMilliseconds;
  const zone = context.zone(card.timeZone, new Date(startEpochMs).getUTCFullYear());
  const localDate = new Date(zone.localMs(startEpochMs)).toISOString().slice(0, 10);
  const version = tariffVersionOn(tariff, localDate);
  if (!version) return { reason: 'no-rate', detail: `tariff ${card.tariffId} has no version valid on ${localDate}` };
  if (version.currency !== card.currency) return { reason: 'no-rate', detail: `tariff ${card.tariffId} prices in ${version.currency}, the card is in ${card.currency}` };
  const component = version.usage.find((u) => (u as UsageComponent).type === service) as UsageComponent | undefined;
  if (!component) return { reason: 'no-rate', detail: `tariff ${card.tariffId} does not price ${service}` };
  if (component.type === 'data') return { price: { service: 'data', unit: component.unit, tiering: component.tiering, tiers: component.tiers.map((t) => ({ upTo: t.upTo === null ? null : String(t.upTo), price: String(t.price) })) } };
  if (component.type !== 'voice') return { reason: 'no-rate', detail: `tariff ${card.tariffId} does not price ${service}` };
  if (!calledNumber) return { reason: 'no-called-number', detail: 'a call needs the dialled number (Called-Station-Id) to be priced' };
  const deck = await settled(() => context.deck(component.deck));
  const holidays = card.country ? await settled(() => context.holidayCalendar(card.country!)) : HolidayCalendar.none('none');
  const rated = rateVoice({ dialled: calledNumber, startEpochMs, durationSeconds: 0 }, { deck, bands: context.bandsOf(component.bands) }, zone, holidays);
  if (rated.kind !== 'rated') return { reason: 'no-rate', detail: `no prefix of tariff ${card.tariffId}'s deck matches ${calledNumber}` };
  const row = deck.row(rated.row);
  return {
    price: {
      service: 'voice',
      prefix: row.prefix,
      destination: row.destination,
      perMinute: nanoToDecimalString(rated.perMinuteNano),
      connectFee: nanoToDecimalString(rated.connectFeeNano),
      minSeconds: row.minSeconds,
      firstIncrement: row.firstIncrement,
      nextIncrement: row.nextIncrement,
      band: rated.band,
    },
  };
}
