/** Service points (lines, connections) with their identifiers. */
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED } from '../src/domain/service-point/decider.ts';
import { SERVICE_POINT_BLOCKED, SERVICE_POINT_UNBLOCKED, type ServicePointStatus } from '../src/domain/service-point/blocking.ts';
import { CREDENTIALS_CLEARED, CREDENTIALS_SET } from '../src/domain/service-point/credentials.ts';

export const SERVICE_POINTS = 'service_points';

/**
 * The stored document: the entity's fields as registered and last changed, and its blocking
 * status. RADIUS authentication (src/app/radius/authenticate.ts) refuses a point whose `status`
 * is `blocked` (reason `service-point-blocked`); `statusReason` says why, `statusChangedAt` since when.
 */
export type ServicePointDocument = EntityDocument & {
  status: ServicePointStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
};

const withStatus = (status: ServicePointStatus) => (document: ServicePointDocument, event: RecordedEvent): ServicePointDocument => ({
  ...document,
  status,
  statusReason: (event.data as { reason: string | null }).reason,
  statusChangedAt: event.metadata.recordedAt,
});

export const servicePointsProjection = entityProjection<ServicePointDocument>({
  name: 'service-points',
  // 2: the blocking status. 3: the revision counts credential changes (the ETag a PUT's If-Match must name).
  version: 3,
  collection: SERVICE_POINTS,
  indexes: ['contractId', 'clientId', 'externalId', 'active', 'status'],
  registered: SERVICE_POINT_REGISTERED,
  changed: SERVICE_POINT_CHANGED,
  idKey: 'servicePointId',
  more: {
    [SERVICE_POINT_BLOCKED]: withStatus('blocked'),
    [SERVICE_POINT_UNBLOCKED]: withStatus('active'),
    // Credentials are events of the point's stream: the document shows none of them, but its revision and time move with them.
    [CREDENTIALS_SET]: (document) => document,
    [CREDENTIALS_CLEARED]: (document) => document,
  },
  // Registered points are active; the fields are there from the start, so a reader never meets a gap.
  derive: (document) => (document.status ? document : { ...document, status: 'active', statusReason: null, statusChangedAt: null }),
});
