/**
 * Usage records (CDRs and sessions) as recorded, before rating. A record is identified by
 * `(source, recordId)`: its stream and its event id derive from that pair, so the second arrival
 * of a record appends nothing (the store ignores a stored event id) and is counted as a
 * duplicate, never charged twice.
 */
import { deterministicId } from '../../core/ids.ts';
import { streamName } from '../../core/streams.ts';
import type { DomainEvent } from '../../core/decider.ts';

/** Usage measured in seconds (voice), bytes (data), or counted (the event types). */
export const EVENT_USAGE_TYPES = ['sms', 'mms', 'vod'] as const;
export const USAGE_TYPES = ['voice', 'data', ...EVENT_USAGE_TYPES] as const;
export type UsageType = (typeof USAGE_TYPES)[number];

export interface UsageRecord {
  source: string;
  recordId: string;
  /** Normalized like service point identifiers (E.164, MAC, user name). */
  identifier: string;
  type: UsageType;
  /** ISO instant. */
  startTime: string;
  durationSeconds: number | null;
  calledNumber: string | null;
  bytesIn: number | null;
  bytesOut: number | null;
  quantity: number | null;
}

export type UsageRecorded = DomainEvent<'UsageRecorded', UsageRecord>;

/** What a record says about the usage (all but its source and id). */
const USAGE_CONTENT = ['identifier', 'type', 'startTime', 'durationSeconds', 'calledNumber', 'bytesIn', 'bytesOut', 'quantity'] as const;

/**
 * The fields in which a record sent again under the same source and id differs from the one
 * recorded first (FORMATS.md: the first is kept, the other counted as a duplicate); empty when it
 * is the same record. Both are validated records, so equal usage is equal values.
 */
export function differingUsageFields(recorded: UsageRecord, again: UsageRecord): (typeof USAGE_CONTENT)[number][] {
  return USAGE_CONTENT.filter((field) => (recorded[field] ?? null) !== (again[field] ?? null));
}

export const USAGE_RECORDED = 'UsageRecorded';

export function usageRecordKey(source: string, recordId: string): string {
  return deterministicId('usage', source, recordId);
}

export function usageStream(source: string, recordId: string): string {
  return streamName('usage', usageRecordKey(source, recordId));
}

/** The id of the UsageRecorded event of a record: the same for every arrival of it. */
export function usageRecordedEventId(source: string, recordId: string): string {
  return deterministicId('usage', source, recordId, 'recorded');
}

/** The source of every usage record made from RADIUS accounting. */
export const RADIUS_USAGE_SOURCE = 'radius';

export const USAGE_RATED = 'UsageRated';
export const USAGE_UNRESOLVED = 'UsageUnresolved';

/**
 * The id of a record's first rating result, whoever rates it (the importer inline, or the rating
 * saga for records recorded any other way): both derive the same id, so a crash between the two
 * or a replay of the saga can never store a second first rating.
 */
export function firstRatingId(recordedEventId: string): string {
  return deterministicId('rating', recordedEventId);
}

/** A first rating is known by its id alone: the read models need not look for a previous one. */
export function isFirstRating(event: { id: string; metadata: { causationId: string | null } }): boolean {
  return event.metadata.causationId !== null && event.id === firstRatingId(event.metadata.causationId);
}

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
  /**
   * Voice only, and only when it happened: the client's country (ISO 3166-1 alpha-2) had no public
   * holiday calendar for the call's year, so the call was banded by weekday and time alone
   * (RULES.md 1). Absent otherwise, so older ratings compare equal on a re-rating.
   */
  noHolidayCalendar?: string;
  /**
   * Voice only: the called number as in the record, so a price override (RULES.md 22) can match
   * its prefixes when the cycle is read. Absent from ratings made before it was stored (the cycle
   * then reads it from the record) and ignored when a re-rating compares results.
   */
  calledNumber?: string | undefined;
  /**
   * Data only: the record's bytes and duration as recorded (a RADIUS session's interval), so the
   * records view shows them beside the quantity. Absent from ratings made before they were kept,
   * and ignored when a re-rating compares results (they are the record's, not the rating's).
   */
  bytesIn?: number | null;
  bytesOut?: number | null;
  durationSeconds?: number | null;
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
