/** Subscriptions of service points to tariffs, with their dates and quantity. */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { SUBSCRIPTION_CHANGED, SUBSCRIPTION_REGISTERED } from '../src/domain/subscription/decider.ts';

export const SUBSCRIPTIONS = 'subscriptions';

/** The stored document: the entity's fields as registered and last changed. */
export type SubscriptionDocument = EntityDocument;

export const subscriptionsProjection = entityProjection<SubscriptionDocument>({
  name: 'subscriptions',
  version: 1,
  collection: SUBSCRIPTIONS,
  indexes: ['servicePointId', 'contractId', 'clientId', 'tariffId', 'externalId'],
  registered: SUBSCRIPTION_REGISTERED,
  changed: SUBSCRIPTION_CHANGED,
  idKey: 'subscriptionId',
});
