/** The list of unresolved usage records (the seed's "list of unresolved calls"): a record leaves it once it is rated. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import type { UsageUnresolvedData } from '../src/domain/usage/rating.ts';

export const UNRESOLVED_USAGE = 'unresolved_usage';

export const unresolvedUsageProjection: Projection = {
  name: 'unresolved-usage',
  version: 1,
  collections: [{ name: UNRESOLVED_USAGE, indexes: ['reason', 'source', 'identifier', 'startTime', 'type'] }],
  handles: ['UsageUnresolved', 'UsageRated'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    if (event.type === 'UsageRated') {
      uow.delete(UNRESOLVED_USAGE, id);
      return;
    }
    const data = event.data as UsageUnresolvedData;
    uow.put(UNRESOLVED_USAGE, id, { id, ...data, unresolvedAt: event.metadata.recordedAt });
  },
};

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
    const ratings = (((await uow.get(USAGE_RECORDS, id)) as UsageRecordDocument | null)?.ratings ?? 0) + 1;
    const common = { id, source: String(data.source), recordId: String(data.recordId), identifier: String(data.identifier ?? ''), type: String(data.type), startTime: String(data.startTime) };
    if (event.type === 'UsageUnresolved') {
      uow.put(USAGE_RECORDS, id, {
        ...common, status: 'unresolved', reason: String(data.reason), localDate: null, subscriptionDay: null, servicePointId: null, subscriptionId: null, clientId: null, tariffId: null,
        band: null, destination: null, billedSeconds: null, quantity: null, chargeUnits: null, currency: null, connectFeeNano: null, perMinuteNano: null, ratings,
      } satisfies UsageRecordDocument);
      return;
    }
    uow.put(USAGE_RECORDS, id, {
      ...common, status: 'rated', reason: null, localDate: data.localDate as string, subscriptionDay: subscriptionDay(data.subscriptionId as string, data.localDate as string), servicePointId: data.servicePointId as string, subscriptionId: data.subscriptionId as string,
      clientId: data.clientId as string, tariffId: data.tariffId as string, band: (data.band as string | null) ?? null,
      destination: (data.deckRow as { destination: string } | null)?.destination ?? null, billedSeconds: (data.billedSeconds as number | null) ?? null,
      quantity: String(data.quantity), chargeUnits: String(data.chargeUnits), currency: data.currency as string,
      connectFeeNano: (data.connectFeeNano as number | null) ?? null, perMinuteNano: (data.perMinuteNano as number | null) ?? null, ratings,
    } satisfies UsageRecordDocument);
  },
};
