/** Service points (lines, connections) with their identifiers. */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED } from '../src/domain/service-point/decider.ts';

export const SERVICE_POINTS = 'service_points';

/** The stored document: the entity's fields as registered and last changed. */
export type ServicePointDocument = EntityDocument;

export const servicePointsProjection = entityProjection<ServicePointDocument>({
  name: 'service-points',
  version: 1,
  collection: SERVICE_POINTS,
  indexes: ['contractId', 'clientId', 'externalId', 'active'],
  registered: SERVICE_POINT_REGISTERED,
  changed: SERVICE_POINT_CHANGED,
  idKey: 'servicePointId',
});
