/** The service catalogue. */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { SERVICE_CHANGED, SERVICE_REGISTERED } from '../src/domain/catalog/decider.ts';

export const SERVICES = 'services';

/** The stored document: the entity's fields as registered and last changed. */
export type ServiceDocument = EntityDocument;

export const servicesProjection = entityProjection<ServiceDocument>({
  name: 'services',
  version: 1,
  collection: SERVICES,
  indexes: ['category', 'externalId'],
  registered: SERVICE_REGISTERED,
  changed: SERVICE_CHANGED,
  idKey: 'serviceId',
});
