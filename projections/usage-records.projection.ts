/** Every rated or unresolved usage record with its latest rating (see usageRecordsProjection). */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { isFirstRating } from '../src/domain/usage/events.ts';

export const USAGE_RECORDS = 'usage_records';

export function subscriptionDay(subscriptionId: string, localDate: string): string {
  return `${subscriptionId}|${localDate}`;
}

export interface UsageRecordDocument {
  [key: string]: unknown;
  id: string;
  source: string;
  recordId: string;
  identifier: string;
  type: string;
  startTime: string;
  status: 'rated' | 'unresolved';
  reason: string | null;
  localDate: string | null;
  /** `subscriptionId|localDate`: a subscription's records in a cycle are one range of it. */
  subscriptionDay: string | null;
  servicePointId: string | null;
  subscriptionId: string | null;
  clientId: string | null;
  tariffId: string | null;
  band: string | null;
  destination: string | null;
  billedSeconds: number | null;
  quantity: string | null;
  chargeUnits: string | null;
  currency: string | null;
  connectFeeNano: number | null;
  perMinuteNano: number | null;
  /**
   * Voice: the called number (price overrides match it, RULES.md 22). Absent otherwise, and for
   * voice ratings stored before it was kept: the documents of those events stay as they were.
   */
  calledNumber?: string | undefined;
  /** Data: the record's bytes and duration (a RADIUS session's interval). Absent for other types and from documents of ratings made before they were kept. */
  bytesIn?: number | null | undefined;
  bytesOut?: number | null | undefined;
  durationSeconds?: number | null | undefined;
  /** How often it was rated: re-ratings are events too, the latest wins here. */
  ratings: number;
}

/**
 * Every rated or unresolved usage record with its latest rating: the rated records view, what
 * `rerate --since` selects by, and what a cycle's usage is computed from. Written once per
 * rating (not when recorded), so a record costs one document write.
 */
export const usageRecordsProjection: Projection = {
  name: 'usage-records',
  version: 3,
  // Two indexes only (each costs a B-tree insert per record): `subscriptionDay` serves "a
  // subscription's records in a cycle" as one range, `startTime` the re-rating by date.
  collections: [{ name: USAGE_RECORDS, indexes: ['startTime', 'subscriptionDay'] }],
  handles: ['UsageRated', 'UsageUnresolved'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    const data = event.data as Record<string, unknown>;
    // A first rating starts the document: nothing to read (one lookup less per record on import).
    // Revision 1 (right after the record: the importer's rating) is a first rating without
    // hashing its id; any other goes through the id check.
    const ratings = event.revision === 1 || isFirstRating(event) ? 1 : (((await uow.get(USAGE_RECORDS, id)) as UsageRecordDocument | null)?.ratings ?? 0) + 1;
    // Written field by field: an object spread followed by twenty properties makes V8 build a
    // dictionary-mode object, which cost ~40 µs per record here (more than its SQLite write).
    const rated = event.type === 'UsageRated';
    const deckRow = rated ? (data.deckRow as { destination: string } | null) : null;
    const document: UsageRecordDocument = {
      id,
      source: String(data.source),
      recordId: String(data.recordId),
      identifier: String(data.identifier ?? ''),
      type: String(data.type),
      startTime: String(data.startTime),
      status: rated ? 'rated' : 'unresolved',
      reason: rated ? null : String(data.reason),
      localDate: rated ? (data.localDate as string) : null,
      subscriptionDay: rated ? subscriptionDay(data.subscriptionId as string, data.localDate as string) : null,
      servicePointId: rated ? (data.servicePointId as string) : null,
      subscriptionId: rated ? (data.subscriptionId as string) : null,
      clientId: rated ? (data.clientId as string) : null,
      tariffId: rated ? (data.tariffId as string) : null,
      band: rated ? ((data.band as string | null) ?? null) : null,
      destination: deckRow?.destination ?? null,
      billedSeconds: rated ? ((data.billedSeconds as number | null) ?? null) : null,
      quantity: rated ? String(data.quantity) : null,
      chargeUnits: rated ? String(data.chargeUnits) : null,
      currency: rated ? (data.currency as string) : null,
      connectFeeNano: rated ? ((data.connectFeeNano as number | null) ?? null) : null,
      perMinuteNano: rated ? ((data.perMinuteNano as number | null) ?? null) : null,
      // undefined (not stored) unless the rating has one.
      calledNumber: rated ? (data.calledNumber as string | undefined) : undefined,
      // undefined (not stored) unless the rating has them: documents of other records stay as they were.
      bytesIn: rated ? (data.bytesIn as number | null | undefined) : undefined,
      bytesOut: rated ? (data.bytesOut as number | null | undefined) : undefined,
      durationSeconds: rated ? (data.durationSeconds as number | null | undefined) : undefined,
      ratings,
    };
    uow.put(USAGE_RECORDS, id, document);
  },
};
