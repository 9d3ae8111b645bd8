/**
 * RADIUS credentials by user name: which service point a User-Name belongs to and its sealed
 * password, for the RADIUS server's directory. A credential counts only while its user name is
 * still one of the point's identifiers and the point is active (as the identifier index), so
 * removing the identifier or deactivating the point ends the login, and undoing either brings it
 * back. The projection remembers each point's credentials and identifiers to decide that.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED, type ServicePointDetails } from '../src/domain/service-point/decider.ts';
import { CREDENTIALS_CLEARED, CREDENTIALS_SET, type Credentials } from '../src/domain/service-point/credentials.ts';

export const RADIUS_CREDENTIALS = 'radius_credentials';
const OWNERS = 'radius_credential_owners';

export interface RadiusCredentialDocument {
  [key: string]: unknown;
  /** The normalized user name. */
  id: string;
  servicePointId: string;
  sealed: string;
}

interface OwnerDocument {
  [key: string]: unknown;
  id: string;
  identifiers: string[];
  active: boolean;
  credentials: Credentials | null;
}

function usable(owner: OwnerDocument | null): Credentials | null {
  const credentials = owner?.credentials ?? null;
  return credentials && owner!.active && owner!.identifiers.includes(credentials.userName) ? credentials : null;
}

export const radiusCredentialsProjection: Projection = {
  name: 'radius-credentials',
  version: 1,
  collections: [
    { name: RADIUS_CREDENTIALS, indexes: ['servicePointId'] },
    { name: OWNERS, indexes: [] },
  ],
  handles: [SERVICE_POINT_REGISTERED, SERVICE_POINT_CHANGED, CREDENTIALS_SET, CREDENTIALS_CLEARED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const data = event.data as { servicePointId: string; changes?: Partial<ServicePointDetails>; userName?: string; sealed?: string } & Partial<ServicePointDetails>;
    const servicePointId = data.servicePointId;
    const before = event.type === SERVICE_POINT_REGISTERED ? null : ((await uow.get(OWNERS, servicePointId)) as OwnerDocument | null);
    let after: OwnerDocument | null;
    switch (event.type) {
      case SERVICE_POINT_REGISTERED:
        after = { id: servicePointId, identifiers: data.identifiers ?? [], active: data.active ?? true, credentials: null };
        break;
      case SERVICE_POINT_CHANGED:
        after = before && {
          ...before,
          ...(data.changes?.identifiers ? { identifiers: data.changes.identifiers } : {}),
          ...(data.changes?.active !== undefined ? { active: data.changes.active } : {}),
        };
        break;
      case CREDENTIALS_SET:
        after = before && { ...before, credentials: { userName: data.userName!, sealed: data.sealed! } };
        break;
      default:
        after = before && { ...before, credentials: null };
    }
    if (!after) return;
    const was = usable(before);
    const now = usable(after);
    if (was && was.userName !== now?.userName) {
      const current = (await uow.get(RADIUS_CREDENTIALS, was.userName)) as RadiusCredentialDocument | null;
      if (current?.servicePointId === servicePointId) uow.delete(RADIUS_CREDENTIALS, was.userName);
    }
    if (now) uow.put(RADIUS_CREDENTIALS, now.userName, { id: now.userName, servicePointId, sealed: now.sealed } satisfies RadiusCredentialDocument);
    uow.put(OWNERS, servicePointId, after);
  },
};
