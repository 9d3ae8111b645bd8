/**
 * Rating a recorded usage record (RULES.md 1-3, 5): find its service point by identifier, the
 * subscription active at its start (local date in the client's time zone) whose tariff rates its
 * type, the tariff version valid then, and price it. What cannot be priced is unresolved with
 * its reason and can be rated again after the operator fixes the CRM or the tariff.
 *
 * A record is rated alone; allowances (RULES 4) and data tiers (RULES 3) apply to a
 * subscription's whole cycle in start-time order, when the cycle is billed
 * (src/app/usage/cycle-usage.ts). A rated record carries its gross charge, billed units and
 * quantity for that step.
 */
import { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import { IDENTIFIERS, type IdentifierDocument } from '../../../projections/identifiers.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { activePeriod } from '../../domain/subscription/contract-period.ts';
import { CLIENTS, type ClientDocument } from '../../../projections/clients.projection.ts';
import { compileBands, isBandsProblems, type Bands } from '../../rating/bands.ts';
import { parseDeck, type Deck } from '../../rating/deck.ts';
import { textSource } from '../../import/csv.ts';
import type { HolidayCalendar } from '../../rating/holidays.ts';
import { holidayCalendarOf } from './holiday-calendar.ts';
import { epochDayOfMs } from '../../core/calendar-date.ts';
import { rateVoice } from '../../rating/rate-voice.ts';
import { zoneIndex, type ZoneIndex } from '../../rating/zone.ts';
import { dataQuantity } from '../../rating/tiers.ts';
import { parsePriceNano } from '../../rating/amount.ts';
import { deckStream } from '../../domain/tariff/decider.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import type { UsageComponent } from '../../domain/tariff/definition.ts';
import { firstRatingId, RADIUS_USAGE_SOURCE, USAGE_RATED, USAGE_RECORDED, USAGE_UNRESOLVED, usageRecordedEventId, usageStream, type UnresolvedReason, type UsageRatedData, type UsageRecord, type UsageUnresolvedData } from '../../domain/usage/events.ts';
import { EventIdConflictError, type AppendResult, type EventMetadata, type EventStore, type NewEvent } from '../../eventstore/port.ts';
import { parseUtcInstant } from '../../domain/usage/instant.ts';

export { UNRESOLVED_REASONS, type UnresolvedReason, type UsageRatedData, type UsageUnresolvedData } from '../../domain/usage/events.ts';

interface SubscriptionDoc {
  id: string;
  servicePointId: string;
  clientId: string;
  tariffId: string;
  startDate: string;
  endDate: string | null;
}

/** What rating needs to know about an identifier's owner: three read-store lookups, kept together. */
type Owner =
  | { unknown: string }
  | { servicePointId: string; clientId: string; timeZone: string; country: string; subscriptions: Pick<SubscriptionDoc, 'id' | 'tariffId' | 'startDate' | 'endDate'>[] };

/** Identifiers remembered per context: bounded, so a long import of many callers keeps its memory flat (~500 bytes each). */
const OWNER_CACHE_SIZE = 100_000;

/**
 * Caches what many records share (decks, zones, holiday calendars, tariffs, and each identifier's
 * service point, client and subscriptions) for one batch of rating, or for one whole import. No
 * invalidation within an import: the read models are brought up to date once, before its first
 * record, and the import itself changes no CRM entity or tariff, so it rates every record against
 * the CRM and tariffs as they were when it started. (A change another process makes meanwhile may
 * reach later records or not, as it could before; `rerate` brings such records up to date.) A
 * context must not outlive the import or batch it was made for.
 */
export class RatingContext {
  /** Least recently used first (a Map iterates in insertion order; a hit moves its entry last). */
  private readonly owners = new Map<string, Owner>();
  private readonly tariffs = new Map<string, TariffDocument | null>();
  private readonly decks = new Map<string, Deck>();
  /** Lookups in flight, so that records rated side by side share one read. */
  private readonly loading = new Map<string, Promise<unknown>>();

  private readonly bands = new Map<string, Bands>();
  private readonly zones = new Map<string, ZoneIndex>();
  private readonly holidays = new Map<string, HolidayCalendar>();

  constructor(private readonly billstream: AppDeps) {}

  /**
   * The identifier's service point, client and subscriptions (three lookups per record before,
   * one per identifier now), or a promise to wait for before asking again.
   */
  owner(identifier: string): Owner | Promise<unknown> {
    const cached = this.owners.get(identifier);
    if (cached) {
      this.owners.delete(identifier);
      this.owners.set(identifier, cached);
      return cached;
    }
    return this.load(`owner:${identifier}`, async () => {
      const owner = await this.lookUpOwner(identifier);
      if (this.owners.size >= OWNER_CACHE_SIZE) this.owners.delete(this.owners.keys().next().value!);
      this.owners.set(identifier, owner);
    });
  }

  private load(key: string, work: () => Promise<void>): Promise<unknown> {
    let promise = this.loading.get(key);
    if (!promise) {
      // A failed lookup stays failed for this context (as a stored rejected promise did before).
      promise = work().then(() => this.loading.delete(key));
      this.loading.set(key, promise);
    }
    return promise;
  }

  private async lookUpOwner(identifier: string): Promise<Owner> {
    const { readStore } = this.billstream;
    const found = (await readStore.get(IDENTIFIERS, identifier)) as IdentifierDocument | null;
    if (!found) return { unknown: `no active service point has the identifier ${identifier}` };
    const client = (await readStore.get(CLIENTS, found.clientId)) as ClientDocument | null;
    if (!client) return { unknown: `service point ${found.servicePointId} has no client` };
    const { items } = await readStore.find(SUBSCRIPTIONS, { servicePointId: found.servicePointId }, { limit: 1000 });
    // A subscription is active only while its contract is: a contract ended (or started) after the
    // subscription was recorded bounds it, as it bounds the subscription's fees in the bill run.
    const contract = (await readStore.get(CONTRACTS, found.contractId)) as { startDate: string; endDate: string | null } | null;
    // Only the fields rating reads: a cached entry stays small whatever else the documents hold.
    const subscriptions = (items as unknown as SubscriptionDoc[]).map((s) => ({ id: s.id, tariffId: s.tariffId, ...activePeriod(s, contract) }));
    return { servicePointId: found.servicePointId, clientId: found.clientId, timeZone: String(client.timeZone), country: String(client.country), subscriptions };
  }

  /** Tariffs are few and large; a batch of records reads each once. */
  tariff(tariffId: string): TariffDocument | null | Promise<unknown> {
    const tariff = this.tariffs.get(tariffId);
    if (tariff !== undefined) return tariff;
    return this.load(`tariff:${tariffId}`, async () => {
      this.tariffs.set(tariffId, (await this.billstream.readStore.get(TARIFFS, tariffId)) as TariffDocument | null);
    });
  }

  deck(deckId: string): Deck | Promise<unknown> {
    return this.decks.get(deckId) ?? this.load(`deck:${deckId}`, async () => {
      const [published] = await this.billstream.eventStore.readStream(deckStream(deckId));
      if (!published) throw new Error(`deck ${deckId} is not stored`);
      const { csv, fileName } = published.data as { csv: string; fileName: string };
      const parsed = await parseDeck(textSource(csv), fileName, { stored: true });
      if (!parsed.deck) throw new Error(`deck ${fileName} (${deckId}) does not parse: ${parsed.errors[0]?.reason}`);
      this.decks.set(deckId, parsed.deck);
    });
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

  /** The client's country's public holidays: the library's and the operator's, read once per context. */
  holidayCalendar(country: string): HolidayCalendar | Promise<unknown> {
    return this.holidays.get(country) ?? this.load(`holidays:${country}`, async () => {
      this.holidays.set(country, await holidayCalendarOf(this.billstream, country));
    });
  }
}

export type RatingResult = { rated: UsageRatedData } | { unresolved: UsageUnresolvedData };

export async function rateUsage(_billstream: AppDeps, context: RatingContext, record: UsageRecord): Promise<RatingResult> {
  for (;;) {
    const result = rateUsageNow(context, record);
    if (!(result instanceof Promise)) return result;
    await result;
  }
}

/**
 * Rates a record from what the context holds already, without waiting: nearly every record of an
 * import after the first few (an async function per record cost five awaits and their promises).
 * When a lookup is missing it returns the promise of that lookup: wait for it and ask again.
 */
export function rateUsageNow(context: RatingContext, record: UsageRecord): RatingResult | Promise<unknown> {
  const unresolved = (reason: UnresolvedReason, detail: string) => ({
    unresolved: { source: record.source, recordId: record.recordId, reason, detail, identifier: record.identifier, type: record.type, startTime: record.startTime },
  });
  const owner = context.owner(record.identifier);
  if (owner instanceof Promise) return owner;
  if ('unknown' in owner) return unresolved('unknown-identifier', owner.unknown);
  const timeZone = owner.timeZone;
  const startEpochMs = parseUtcInstant(record.startTime)?.epochMs ?? Temporal.Instant.from(record.startTime).epochMilliseconds;
  // The zone's offset table, not a zoned Temporal value per record (10x cheaper on imports).
  const zone = context.zone(timeZone, new Date(startEpochMs).getUTCFullYear());
  const localDate = new Date(zone.localMs(startEpochMs)).toISOString().slice(0, 10);

  // The subscription with the lowest id (in localeCompare order) among those whose tariff rates the
  // record; a session the RADIUS server recorded, among those whose tariff gives network access
  // first: the one its Access-Accept named (authentication takes the first such subscription).
  const fromRadius = record.source === RADIUS_USAGE_SOURCE;
  let chosen: { subscription: { id: string }; tariff: TariffDocument; version: TariffDocument['versions'][number]; component: UsageComponent; access: boolean } | null = null;
  for (const subscription of owner.subscriptions) {
    // Active from startDate (inclusive) to endDate (exclusive), by the client's local calendar.
    if (subscription.startDate > localDate || (subscription.endDate !== null && subscription.endDate <= localDate)) continue;
    const tariff = context.tariff(subscription.tariffId);
    if (tariff instanceof Promise) return tariff;
    if (!tariff) continue;
    const version = tariffVersionOn(tariff, localDate);
    const component = version?.usage.find((u) => (u as UsageComponent).type === record.type) as UsageComponent | undefined;
    if (!version || !component) continue;
    const access = fromRadius && version.radius !== undefined;
    if (chosen === null || (access && !chosen.access) || (access === chosen.access && subscription.id.localeCompare(chosen.subscription.id) < 0)) chosen = { subscription, tariff, version, component, access };
  }
  if (!chosen) return unresolved('no-subscription', `no subscription of service point ${owner.servicePointId} on ${localDate} has a tariff that rates ${record.type}`);
  const { subscription, tariff, version, component } = chosen;

  // Every result is built by `rated` with all its fields at once: spreading a shared base into
  // an object literal with more properties makes V8 build slow dictionary-mode objects.
  // `calledNumber` is undefined (and so absent from the stored JSON) but for voice: one shape for every result.
  const rated = (band: UsageRatedData['band'], deckRow: UsageRatedData['deckRow'], billedSeconds: number | null, quantity: string, chargeUnits: string, connectFeeNano: number | null, perMinuteNano: number | null, calledNumber: string | undefined) => ({
    rated: {
      source: record.source, recordId: record.recordId, identifier: record.identifier, servicePointId: owner.servicePointId, subscriptionId: subscription.id, clientId: owner.clientId,
      tariffId: tariff.id, tariffValidFrom: version.validFrom, currency: version.currency, type: record.type, startTime: record.startTime, localDate,
      band, deckRow, billedSeconds, quantity, chargeUnits, connectFeeNano, perMinuteNano, calledNumber,
    } satisfies UsageRatedData,
  });
  if (component.type === 'voice') {
    const deck = context.deck(component.deck);
    if (deck instanceof Promise) return deck;
    const bands = context.bandsOf(component.bands);
    const calendar = context.holidayCalendar(owner.country);
    if (calendar instanceof Promise) return calendar;
    const call = { dialled: record.calledNumber ?? '', startEpochMs, durationSeconds: record.durationSeconds ?? 0 };
    // A country (or year) without a holiday calendar is rated by weekday and time alone, and the
    // rating says so: the bill run flags the invoice (no-holiday-calendar).
    const result = rateVoice(call, { deck, bands }, zone, calendar);
    if (result.kind === 'unresolved') return unresolved('no-rate', `no prefix of tariff ${tariff.id}'s deck matches ${record.calledNumber}`);
    const voice = rated(result.band, { prefix: deck.prefix(result.row), destination: deck.destination(result.row) }, result.billedSeconds, String(result.billedSeconds), String(result.chargeUnits), result.connectFeeNano, result.perMinuteNano, call.dialled);
    if (!calendar.knowsEpochDay(epochDayOfMs(zone.localMs(startEpochMs)))) (voice.rated as UsageRatedData).noHolidayCalendar = owner.country;
    return voice;
  }
  if (component.type === 'data') {
    const quantity = dataQuantity(record.bytesIn ?? 0, record.bytesOut ?? 0, component.unit);
    // Tiers price the cycle's total, not a record: the charge is decided when the cycle closes.
    const data = rated(null, null, null, quantity.toString(), '0', null, null, undefined).rated as UsageRatedData;
    data.bytesIn = record.bytesIn;
    data.bytesOut = record.bytesOut;
    data.durationSeconds = record.durationSeconds;
    return { rated: data };
  }
  const quantity = record.quantity ?? 1;
  return rated(null, null, null, String(quantity), String(BigInt(parsePriceNano(component.price)) * 60n * BigInt(quantity)), null, null, undefined);
}



/** The event that stores a rating result in the record's stream: UsageRated or UsageUnresolved. */
export function ratingEvent(id: string, result: RatingResult, metadata: EventMetadata): NewEvent {
  return 'rated' in result ? { id, type: USAGE_RATED, data: result.rated, metadata } : { id, type: USAGE_UNRESOLVED, data: result.unresolved, metadata };
}

/**
 * Stores a record and its first rating in one append to the record's own stream (the importer
 * and RADIUS accounting both record this way: one write per record, and the rating saga skips a
 * record whose first rating follows it). Resolves to null when the record was stored before (the
 * same source and record id): a duplicate, never charged twice, whatever became of its rating.
 */
export function appendRatedRecord(eventStore: EventStore, record: UsageRecord, result: RatingResult, metadata: EventMetadata): Promise<AppendResult | null> {
  const recorded: NewEvent = { id: usageRecordedEventId(record.source, record.recordId), type: USAGE_RECORDED, data: record, metadata };
  // All fields in one literal: a spread followed by more properties builds a slower object.
  const rated = ratingEvent(firstRatingId(recorded.id), result, {
    correlationId: metadata.correlationId, causationId: recorded.id, tenantId: metadata.tenantId, actor: metadata.actor, recordedAt: metadata.recordedAt, schemaVersion: 1,
  });
  return eventStore.append(usageStream(record.source, record.recordId), [recorded, rated], 'noStream').then(
    (appended) => (appended.alreadyStored ? null : appended),
    (error: unknown) => {
      if (error instanceof EventIdConflictError) return null;
      throw error;
    },
  );
}
