/**
 * Rating a recorded usage record (RULES.md 1-3, 5): find its service point by identifier, the
 * subscription active at its start (local date in the client's time zone) whose tariff rates its
 * type, the tariff version valid then, and price it. What cannot be priced is unresolved with
 * its reason and can be rated again after the operator fixes the CRM or the tariff.
 *
 * Not here yet: allowances (RULES 4) and data tiers (RULES 3) apply to a subscription's cycle in
 * start-time order; they need the billing cycles (RULES 6) and come with them. A rated record
 * carries its gross charge, billed units and quantity for that step.
 */
import { Temporal } from 'temporal-polyfill';
import type { Billstream } from '../../main.ts';
import { IDENTIFIERS, type IdentifierDocument } from '../../../projections/identifiers.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { COLLECTIONS, type ClientDocument } from '../../../projections/crm.projection.ts';
import { compileBands, isBandsProblems, type Bands } from '../../rating/bands.ts';
import { parseDeck, type Deck } from '../../rating/deck.ts';
import { textSource } from '../../import/csv.ts';
import { HolidayCalendar, holidayCalendar, NoHolidayDataError } from '../../rating/holidays.ts';
import { rateVoice } from '../../rating/rate-voice.ts';
import { zoneIndex, type ZoneIndex } from '../../rating/zone.ts';
import { dataQuantity } from '../../rating/tiers.ts';
import { parsePriceNano } from '../../rating/amount.ts';
import { deckStream } from '../tariff/decider.ts';
import type { UsageComponent } from '../tariff/definition.ts';
import { USAGE_RATED, USAGE_UNRESOLVED, type UsageRecord } from './events.ts';
import type { EventMetadata, NewEvent } from '../../eventstore/port.ts';

export const UNRESOLVED_REASONS = ['unknown-identifier', 'no-subscription', 'no-rate'] as const;
export type UnresolvedReason = (typeof UNRESOLVED_REASONS)[number];

export interface UsageRatedData {
  source: string;
  recordId: string;
  identifier: string;
  servicePointId: string;
  subscriptionId: string;
  clientId: string;
  tariffId: string;
  tariffValidFrom: string;
  currency: string;
  type: string;
  startTime: string;
  /** Local date of the start in the client's time zone: the day the cycle and tariff version are chosen by. */
  localDate: string;
  band: 'peak' | 'offpeak' | null;
  deckRow: { prefix: string; destination: string } | null;
  billedSeconds: number | null;
  /** Data in the tariff's unit (a decimal string), events by count, voice in billed seconds. */
  quantity: string;
  /** The gross charge before allowances and tiers, as a decimal string of rating units (1/60 nano-units of the currency). */
  chargeUnits: string;
  /** Voice prices used (nano-units), so allowances can be applied per cycle without the deck. */
  connectFeeNano: number | null;
  perMinuteNano: number | null;
}

export interface UsageUnresolvedData {
  source: string;
  recordId: string;
  reason: UnresolvedReason;
  detail: string;
  identifier: string;
  type: string;
  startTime: string;
}

interface SubscriptionDoc {
  id: string;
  servicePointId: string;
  clientId: string;
  tariffId: string;
  startDate: string;
  endDate: string | null;
}

/** Caches what many records share (decks, zones, holiday calendars) for one batch of rating. */
export class RatingContext {
  private readonly decks = new Map<string, Promise<Deck>>();
  private readonly bands = new Map<string, Bands>();
  private readonly zones = new Map<string, ZoneIndex>();
  private readonly holidays = new Map<string, HolidayCalendar>();
  private readonly tariffs = new Map<string, Promise<TariffDocument | null>>();

  constructor(private readonly billstream: Billstream) {}

  /** Tariffs are few and large; a batch of records reads each once. */
  tariff(tariffId: string): Promise<TariffDocument | null> {
    let tariff = this.tariffs.get(tariffId);
    if (!tariff) this.tariffs.set(tariffId, (tariff = this.billstream.readStore.get(TARIFFS, tariffId) as Promise<TariffDocument | null>));
    return tariff;
  }

  deck(deckId: string): Promise<Deck> {
    let deck = this.decks.get(deckId);
    if (!deck) {
      deck = (async () => {
        const [published] = await this.billstream.eventStore.readStream(deckStream(deckId));
        if (!published) throw new Error(`deck ${deckId} is not stored`);
        const { csv, fileName } = published.data as { csv: string; fileName: string };
        const parsed = await parseDeck(textSource(csv), fileName);
        if (!parsed.deck) throw new Error(`deck ${fileName} (${deckId}) does not parse: ${parsed.errors[0]?.reason}`);
        return parsed.deck;
      })();
      this.decks.set(deckId, deck);
    }
    return deck;
  }

  bandsOf(definition: unknown): Bands {
    const key = JSON.stringify(definition ?? null);
    let bands = this.bands.get(key);
    if (!bands) {
      const compiled = compileBands(definition ?? { peak: [] });
      if (isBandsProblems(compiled)) throw new Error(`bands do not compile: ${compiled.problems.join('; ')}`);
      bands = compiled;
      this.bands.set(key, bands);
    }
    return bands;
  }

  zone(timeZone: string, year: number): ZoneIndex {
    const key = `${timeZone}:${year}`;
    let zone = this.zones.get(key);
    if (!zone) this.zones.set(key, (zone = zoneIndex(timeZone, year - 1, year + 1)));
    return zone;
  }

  holidayCalendar(country: string): HolidayCalendar | null {
    if (!this.holidays.has(country)) {
      try {
        this.holidays.set(country, holidayCalendar(country));
      } catch {
        return null;
      }
    }
    return this.holidays.get(country) ?? null;
  }
}

export async function rateUsage(billstream: Billstream, context: RatingContext, record: UsageRecord): Promise<{ rated: UsageRatedData } | { unresolved: UsageUnresolvedData }> {
  const unresolved = (reason: UnresolvedReason, detail: string) => ({
    unresolved: { source: record.source, recordId: record.recordId, reason, detail, identifier: record.identifier, type: record.type, startTime: record.startTime },
  });
  const owner = (await billstream.readStore.get(IDENTIFIERS, record.identifier)) as IdentifierDocument | null;
  if (!owner) return unresolved('unknown-identifier', `no active service point has the identifier ${record.identifier}`);
  const client = (await billstream.readStore.get(COLLECTIONS.clients, owner.clientId)) as ClientDocument | null;
  if (!client) return unresolved('unknown-identifier', `service point ${owner.servicePointId} has no client`);
  const timeZone = String(client.timeZone);
  const startEpochMs = Temporal.Instant.from(record.startTime).epochMilliseconds;
  // The zone's offset table, not a zoned Temporal value per record (10x cheaper on imports).
  const zone = context.zone(timeZone, new Date(startEpochMs).getUTCFullYear());
  const localDate = new Date(zone.localMs(startEpochMs)).toISOString().slice(0, 10);

  const { items } = await billstream.readStore.find(COLLECTIONS.subscriptions, { servicePointId: owner.servicePointId }, { limit: 1000 });
  const candidates: { subscription: SubscriptionDoc; tariff: TariffDocument; version: TariffDocument['versions'][number]; component: UsageComponent }[] = [];
  for (const subscription of items as unknown as SubscriptionDoc[]) {
    // Active from startDate (inclusive) to endDate (exclusive), by the client's local calendar.
    if (subscription.startDate > localDate || (subscription.endDate !== null && subscription.endDate <= localDate)) continue;
    const tariff = await context.tariff(subscription.tariffId);
    const version = tariff && [...tariff.versions].reverse().find((v) => v.validFrom <= localDate);
    const component = version?.usage.find((u) => (u as UsageComponent).type === record.type) as UsageComponent | undefined;
    if (tariff && version && component) candidates.push({ subscription, tariff, version, component });
  }
  candidates.sort((a, b) => a.subscription.id.localeCompare(b.subscription.id));
  const chosen = candidates[0];
  if (!chosen) return unresolved('no-subscription', `no subscription of service point ${owner.servicePointId} on ${localDate} has a tariff that rates ${record.type}`);

  // Every result is built by `rated` with all its fields at once: spreading a shared base into
  // an object literal with more properties makes V8 build slow dictionary-mode objects.
  const rated = (band: UsageRatedData['band'], deckRow: UsageRatedData['deckRow'], billedSeconds: number | null, quantity: string, chargeUnits: string, connectFeeNano: number | null, perMinuteNano: number | null) => ({
    rated: {
      source: record.source, recordId: record.recordId, identifier: record.identifier, servicePointId: owner.servicePointId, subscriptionId: chosen.subscription.id, clientId: owner.clientId,
      tariffId: chosen.tariff.id, tariffValidFrom: chosen.version.validFrom, currency: chosen.version.currency, type: record.type, startTime: record.startTime, localDate,
      band, deckRow, billedSeconds, quantity, chargeUnits, connectFeeNano, perMinuteNano,
    } satisfies UsageRatedData,
  });
  const component = chosen.component;
  if (component.type === 'voice') {
    const deck = await context.deck(component.deck);
    const bands = context.bandsOf(component.bands);
    const calendar = context.holidayCalendar(String(client.country));
    const call = { dialled: record.calledNumber ?? '', startEpochMs, durationSeconds: record.durationSeconds ?? 0 };
    let result: ReturnType<typeof rateVoice>;
    try {
      result = rateVoice(call, { deck, bands }, zone, calendar ?? NO_HOLIDAYS);
    } catch (error) {
      if (!(error instanceof NoHolidayDataError)) throw error;
      result = rateVoice(call, { deck, bands }, zone, NO_HOLIDAYS);
    }
    if (result.kind === 'unresolved') return unresolved('no-rate', `no prefix of tariff ${chosen.tariff.id}'s deck matches ${record.calledNumber}`);
    return rated(result.band, { prefix: deck.prefix(result.row), destination: deck.destination(result.row) }, result.billedSeconds, String(result.billedSeconds), String(result.chargeUnits), result.connectFeeNano, result.perMinuteNano);
  }
  if (component.type === 'data') {
    const quantity = dataQuantity(record.bytesIn ?? 0, record.bytesOut ?? 0, component.unit);
    // Tiers price the cycle's total, not a record: the charge is decided when the cycle closes.
    return rated(null, null, null, quantity.toString(), '0', null, null);
  }
  const quantity = record.quantity ?? 1;
  return rated(null, null, null, String(quantity), String(BigInt(parsePriceNano(component.price)) * 60n * BigInt(quantity)), null, null);
}

export type RatingResult = Awaited<ReturnType<typeof rateUsage>>;

/** The event that stores a rating result in the record's stream: UsageRated or UsageUnresolved. */
export function ratingEvent(id: string, result: RatingResult, metadata: EventMetadata): NewEvent {
  return 'rated' in result ? { id, type: USAGE_RATED, data: result.rated, metadata } : { id, type: USAGE_UNRESOLVED, data: result.unresolved, metadata };
}

/** Countries (or years) without holiday data rate by weekday and time only. */
const NO_HOLIDAYS = HolidayCalendar.of('none', [], 1970, 2199);
