/**
 * Rates usage again when the CRM changes under it (RULES.md 5: records are rated again after the
 * operator fixes the data). A stateless saga, event in, events out: when a subscription starts,
 * or its dates or tariff change, the service point's records from the first day the change
 * touches are rated again (every point of a contract when the contract's dates change: its
 * period bounds its subscriptions'); when a service point gets identifiers (registered, identifiers
 * changed, made active again), its unresolved records are. A plan change recorded after the
 * usage (S01 ends 07-20, S02 from 07-20) moves an August record rated to S01 to S02, or leaves it
 * unresolved and listed if nothing rates it; it never stays on a subscription that has ended.
 *
 * Idempotent by result: a record whose rating does not change gets no event, so a replay after a
 * crash appends nothing twice. A record rated again in an invoiced cycle carries `replaces`, and
 * the next bill run charges or credits the difference as late usage (RULES.md 6).
 *
 * The reference data rating reads is followed too: a tariff version published rates again the
 * unresolved records a tariff could price (`no-rate`, `no-subscription`) and the records, from its
 * `validFrom` on, of every service point with a subscription on that tariff (a version published
 * for past days prices them as RULES.md 2 says: the version valid at the call's start); a public
 * holiday set or removed rates the calls of that local day of the country's clients again (and
 * those of its year banded without a calendar); a client's time zone or country changed rates
 * all of the client's records again (their local dates, bands and holidays). Left to
 * `usage rerate`: an identifier moved from one point to another (docs/billing-rules.md: rated
 * against its holder, whatever the start time).
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { findAll, forEachDocument, type Filter } from '../src/readstore/port.ts';
import { deterministicId } from '../src/core/ids.ts';
import { addDays } from '../src/core/calendar-date.ts';
import { RatingContext } from '../src/app/usage/rate.ts';
import { rateRecordAgain } from '../src/app/usage/rerate.ts';
import { SUBSCRIPTION_CHANGED, SUBSCRIPTION_REGISTERED, subscriptionDecider, type SubscriptionDetails } from '../src/domain/subscription/decider.ts';
import type { Period } from '../src/domain/subscription/contract-period.ts';
import { fold, type Decider } from '../src/core/decider.ts';
import type { EntityCommand, EntityEvent, EntityState } from '../src/core/entity-decider.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED, type ServicePointDetails } from '../src/domain/service-point/decider.ts';
import { CONTRACT_CHANGED, contractDecider, type ContractDetails } from '../src/domain/contract/decider.ts';
import { TARIFF_VERSION_PUBLISHED } from '../src/domain/tariff/decider.ts';
import type { TariffDefinition } from '../src/domain/tariff/definition.ts';
import { CLIENT_CHANGED, type ClientDetails } from '../src/domain/client/decider.ts';
import { OPERATOR_HOLIDAY_SET, type OperatorHoliday } from '../src/domain/holiday/decider.ts';
import { CLIENTS } from '../projections/clients.projection.ts';
import { USAGE_WITHOUT_HOLIDAYS, type UsageWithoutHolidaysDocument } from '../projections/usage-without-holidays.projection.ts';
import { SERVICE_POINTS } from '../projections/service-points.projection.ts';
import { IDENTIFIERS, type IdentifierDocument } from '../projections/identifiers.projection.ts';
import { SUBSCRIPTIONS } from '../projections/subscriptions.projection.ts';
import { UNRESOLVED_USAGE } from '../projections/unresolved-usage.projection.ts';
import { USAGE_RECORDS, subscriptionDay, type UsageRecordDocument } from '../projections/usage-records.projection.ts';

/**
 * Which records of one service point to rate again: its unresolved records and its rated ones,
 * each from a local date on (null: every date; absent: none).
 */
export interface RerateScope {
  unresolvedFrom?: string | null;
  ratedFrom?: string | null;
}

/** The earlier of two "from" dates, where null is "from the beginning" and undefined "nothing". */
function earlier(a: string | null | undefined, b: string | null | undefined): string | null | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === null || b === null) return null;
  return a < b ? a : b;
}

type ChangedData<D> = { changes?: Partial<D> };

/**
 * The first local date whose rating a subscription change can alter: the earlier of the old and
 * the new value of a moved start or end (an end removed or added counts from the end that
 * exists), the whole subscription when its tariff changed. Null: nothing rating reads changed.
 */
export function firstDateTouched(before: Period & { tariffId?: string }, changes: Partial<Period & { tariffId: string }>): string | null {
  const dates: string[] = [];
  if ('startDate' in changes) dates.push(before.startDate, changes.startDate!);
  if ('endDate' in changes) for (const end of [before.endDate, changes.endDate]) if (end) dates.push(end);
  if ('tariffId' in changes) dates.push(before.startDate, changes.startDate ?? before.startDate);
  return dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null;
}

export function usageReratingSaga(billstream: AppDeps): ConsumerDefinition {
  const { readStore, eventStore } = billstream;

  /** The subscription or contract as its own decider had it just before `event` (a change's data holds only what changed). */
  async function stateBefore<D extends object>(event: RecordedEvent, decider: Decider<EntityState<D>, EntityCommand<D>, EntityEvent>): Promise<Extract<EntityState<D>, { exists: true }> | null> {
    const history = (await eventStore.readStream(event.streamId)).filter((e) => e.revision < event.revision);
    const state = fold(decider, history as unknown as EntityEvent[]);
    return state.exists ? state : null;
  }

  async function scopesOf(event: RecordedEvent): Promise<{ servicePointId: string; scope: RerateScope }[]> {
    if (event.type === SUBSCRIPTION_REGISTERED) {
      const data = event.data as SubscriptionDetails;
      return [{ servicePointId: data.servicePointId, scope: { unresolvedFrom: data.startDate, ratedFrom: data.startDate } }];
    }
    if (event.type === SUBSCRIPTION_CHANGED) {
      const before = await stateBefore(event, subscriptionDecider);
      const from = before && firstDateTouched(before.details, (event.data as ChangedData<SubscriptionDetails>).changes ?? {});
      return before && from ? [{ servicePointId: before.details.servicePointId, scope: { unresolvedFrom: from, ratedFrom: from } }] : [];
    }
    if (event.type === CONTRACT_CHANGED) {
      // A contract's period bounds its subscriptions' (rating and the bill run alike): every point of it.
      const before = await stateBefore(event, contractDecider);
      const from = before && firstDateTouched(before.details, (event.data as ChangedData<ContractDetails>).changes ?? {});
      if (!before || !from) return [];
      const points = await findAll<{ id: string }>(readStore, SERVICE_POINTS, { contractId: before.id });
      return points.map((point) => ({ servicePointId: point.id, scope: { unresolvedFrom: from, ratedFrom: from } }));
    }
    if (event.type === TARIFF_VERSION_PUBLISHED) {
      // The version decides the price of every record from its validFrom on (until a later
      // version's, where rating again changes nothing), on each point with a subscription on it.
      const { id: tariffId, validFrom } = event.data as TariffDefinition;
      const points = new Set((await findAll<{ servicePointId: string }>(readStore, SUBSCRIPTIONS, { tariffId })).map((s) => s.servicePointId));
      return [...points].map((servicePointId) => ({ servicePointId, scope: { ratedFrom: validFrom } }));
    }
    if (event.type === CLIENT_CHANGED) {
      // The time zone places a start time on a local date and in a band; the country chooses the holidays.
      const changes = (event.data as ChangedData<ClientDetails>).changes ?? {};
      if (!('timeZone' in changes) && !('country' in changes)) return [];
      const points = await findAll<{ id: string }>(readStore, SERVICE_POINTS, { clientId: (event.data as { clientId: string }).clientId });
      return points.map((point) => ({ servicePointId: point.id, scope: { unresolvedFrom: null, ratedFrom: null } }));
    }
    if (event.type === OPERATOR_HOLIDAY_SET) return [];
    const data = event.data as { servicePointId: string; changes?: Partial<ServicePointDetails> };
    // Identifiers given (or freed again by an active point): records nobody could place may be its.
    if (event.type === SERVICE_POINT_REGISTERED || data.changes?.identifiers || data.changes?.active === true) {
      return [{ servicePointId: data.servicePointId, scope: { unresolvedFrom: null } }];
    }
    return [];
  }

  /** The service point's records the scope names: unresolved ones by identifier, rated ones by subscription and day. */
  async function recordsOf(servicePointId: string, scope: RerateScope): Promise<Map<string, UsageRecordDocument>> {
    const records = new Map<string, UsageRecordDocument>();
    const keep = (doc: UsageRecordDocument) => void records.set(doc.id, doc);
    if (scope.unresolvedFrom !== undefined) {
      const identifiers = (await findAll<IdentifierDocument>(readStore, IDENTIFIERS, { servicePointId })).map((i) => i.id);
      if (identifiers.length) {
        // Start times are UTC instants, the scope a local date: a day earlier covers every time zone.
        const filter: Filter = { identifier: { $in: identifiers } };
        if (scope.unresolvedFrom !== null) filter.startTime = { $gte: addDays(scope.unresolvedFrom, -1) };
        await forEachDocument<UsageRecordDocument>(readStore, UNRESOLVED_USAGE, filter, keep);
      }
    }
    if (scope.ratedFrom !== undefined) {
      for (const subscription of await findAll<{ id: string }>(readStore, SUBSCRIPTIONS, { servicePointId })) {
        const range = { $gte: subscriptionDay(subscription.id, scope.ratedFrom ?? ''), $lt: `${subscription.id}|\uffff` };
        await forEachDocument<UsageRecordDocument>(readStore, USAGE_RECORDS, { subscriptionDay: range }, keep);
      }
    }
    return records;
  }

  /**
   * The rated records a public holiday set or removed can band differently: those of that local
   * day of the country's clients, and those of the day's year rated without a calendar for the
   * country (one holiday of the operator's gives a country the library lacks a calendar for the year).
   */
  async function recordsOfHoliday({ country, date }: OperatorHoliday): Promise<UsageRecordDocument[]> {
    const clients = new Set((await findAll<{ id: string }>(readStore, CLIENTS, { country })).map((c) => c.id));
    if (clients.size === 0) return [];
    const records = new Map<string, UsageRecordDocument>();
    // Start times are UTC instants, the day a local date: a day either side covers every time zone.
    await forEachDocument<UsageRecordDocument>(readStore, USAGE_RECORDS, { startTime: { $gte: addDays(date, -1), $lt: addDays(date, 2) } }, (doc) => {
      if (doc.status === 'rated' && doc.localDate === date && doc.clientId !== null && clients.has(doc.clientId)) records.set(doc.id, doc);
    });
    // Normally empty (a record costs a row only when rated without a calendar): read through.
    for (const marked of await findAll<UsageWithoutHolidaysDocument>(readStore, USAGE_WITHOUT_HOLIDAYS, {})) {
      if (marked.country !== country || marked.localDate.slice(0, 4) !== date.slice(0, 4) || records.has(marked.id)) continue;
      const doc = (await readStore.get(USAGE_RECORDS, marked.id)) as UsageRecordDocument | null;
      if (doc) records.set(doc.id, doc);
    }
    return [...records.values()];
  }

  return {
    name: 'saga:usage-rerating',
    version: 1,
    handles: [SUBSCRIPTION_REGISTERED, SUBSCRIPTION_CHANGED, CONTRACT_CHANGED, SERVICE_POINT_REGISTERED, SERVICE_POINT_CHANGED, TARIFF_VERSION_PUBLISHED, CLIENT_CHANGED, OPERATOR_HOLIDAY_SET],
    async applyBatch(events: RecordedEvent[]) {
      // Before the first usage record there is nothing to rate again (a CRM's first import).
      if ((await readStore.find(USAGE_RECORDS, {}, { limit: 1 })).items.length === 0) return;
      // The CRM as it is after these events: every record is rated against the latest details.
      await billstream.readModelsReached(events[events.length - 1]!.position);
      const scopes = new Map<string, { scope: RerateScope; cause: RecordedEvent }>();
      for (const event of events) for (const found of await scopesOf(event)) {
        const known = scopes.get(found.servicePointId)?.scope ?? {};
        scopes.set(found.servicePointId, {
          scope: { unresolvedFrom: earlier(known.unresolvedFrom, found.scope.unresolvedFrom), ratedFrom: earlier(known.ratedFrom, found.scope.ratedFrom) },
          cause: event,
        });
      }
      const published = events.findLast((event) => event.type === TARIFF_VERSION_PUBLISHED);
      const holidays = events.filter((event) => event.type === OPERATOR_HOLIDAY_SET);
      if (scopes.size === 0 && !published && holidays.length === 0) return;
      const context = new RatingContext(billstream);
      const recordedAt = billstream.clock.now().toString();
      const rateAgain = async (records: UsageRecordDocument[], cause: RecordedEvent) => {
        // A few at a time: a point with a year of records must not hold every stream in memory at once.
        for (let i = 0; i < records.length; i += 100) {
          await Promise.all(records.slice(i, i + 100).map((doc) => rateRecordAgain(billstream, context, doc, (stream) => deterministicId('crm-rerate', cause.id, stream), {
            correlationId: cause.metadata.correlationId, tenantId: cause.metadata.tenantId, actor: 'saga:usage-rerating', recordedAt,
          })));
        }
      };
      for (const [servicePointId, { scope, cause }] of scopes) await rateAgain([...(await recordsOf(servicePointId, scope)).values()], cause);
      for (const holiday of holidays) await rateAgain(await recordsOfHoliday(holiday.data as OperatorHoliday), holiday);
      if (published) {
        // A tariff version published: the unresolved records a tariff could price (no rate for the
        // number, no subscription whose tariff rates the type that day) may be priced now.
        let after: string | undefined;
        do {
          const page = await readStore.find(UNRESOLVED_USAGE, { reason: { $in: ['no-rate', 'no-subscription'] } }, { limit: 1000, ...(after ? { after } : {}) });
          await rateAgain(page.items as UsageRecordDocument[], published);
          after = page.next ?? undefined;
        } while (after);
      }
    },
    // Its effects are events; nothing derived to drop.
    reset: async () => undefined,
  };
}
