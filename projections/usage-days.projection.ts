/**
 * When each subscription's usage of each local day last changed (event-store position of the
 * latest rating touching it). A bill run finds late usage with it (RULES.md 6): days before the
 * cycle it closes whose usage changed after the usage cutoff of the invoice that billed them.
 * One small document per subscription and day, rewritten in place, so a batch of a thousand
 * records costs a few dozen writes.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';

export const USAGE_DAYS = 'usage_days';

export interface UsageDayDocument {
  [key: string]: unknown;
  id: string;
  subscriptionId: string;
  localDate: string;
  lastPosition: number;
  /** `subscriptionId|position`, zero-padded: "changed after position p" is one range per subscription. */
  changedAt: string;
}

const POSITION_DIGITS = 15;

export function usageChangeKey(subscriptionId: string, position: number): string {
  return `${subscriptionId}|${String(position).padStart(POSITION_DIGITS, '0')}`;
}

function touch(uow: UnitOfWork, subscriptionId: string, localDate: string, position: number): void {
  const id = `${subscriptionId}|${localDate}`;
  uow.put(USAGE_DAYS, id, { id, subscriptionId, localDate, lastPosition: position, changedAt: usageChangeKey(subscriptionId, position) } satisfies UsageDayDocument);
}

export const usageDaysProjection: Projection = {
  name: 'usage-days',
  version: 1,
  collections: [{ name: USAGE_DAYS, indexes: ['changedAt'] }],
  handles: ['UsageRated', 'UsageUnresolved'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const data = event.data as { subscriptionId?: string; localDate?: string; replaces?: { subscriptionId: string; localDate: string } };
    if (event.type === 'UsageRated' && data.subscriptionId && data.localDate) touch(uow, data.subscriptionId, data.localDate, event.position);
    if (data.replaces) touch(uow, data.replaces.subscriptionId, data.replaces.localDate, event.position);
  },
};
