/**
 * The identifier lookup index: which active service point an E.164 number, MAC address or
 * RADIUS user name belongs to. Rating resolves usage through it; imports check uniqueness
 * against it. Only active service points own identifiers, so a deactivated point frees its own.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { SERVICE_POINT_CHANGED, SERVICE_POINT_REGISTERED, type ServicePointDetails } from '../src/domain/service-point/decider.ts';

export const IDENTIFIERS = 'identifiers';
/** The projection's own memory of each point's identifiers, so a change knows which to release. */
const OWNED = 'identifier_owners';

export interface IdentifierDocument {
  [key: string]: unknown;
  id: string;
  servicePointId: string;
  contractId: string;
  clientId: string;
}

interface OwnedDocument {
  [key: string]: unknown;
  id: string;
  contractId: string;
  clientId: string;
  identifiers: string[];
  active: boolean;
}

export const identifiersProjection: Projection = {
  name: 'identifiers',
  version: 1,
  collections: [
    { name: IDENTIFIERS, indexes: ['servicePointId'] },
    { name: OWNED, indexes: [] },
  ],
  handles: [SERVICE_POINT_REGISTERED, SERVICE_POINT_CHANGED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const data = event.data as { servicePointId: string } & Partial<ServicePointDetails> & { changes?: Partial<ServicePointDetails> };
    const before = event.type === SERVICE_POINT_REGISTERED ? null : ((await uow.get(OWNED, data.servicePointId)) as OwnedDocument | null);
    const after: OwnedDocument | null = event.type === SERVICE_POINT_REGISTERED
      ? { id: data.servicePointId, contractId: data.contractId!, clientId: data.clientId!, identifiers: data.identifiers ?? [], active: data.active ?? true }
      : before && { ...before, ...pick(data.changes ?? {}) };
    if (!after) return;
    const owned = (doc: OwnedDocument | null) => (doc && doc.active ? doc.identifiers : []);
    for (const identifier of owned(before)) {
      if (owned(after).includes(identifier)) continue;
      const current = (await uow.get(IDENTIFIERS, identifier)) as IdentifierDocument | null;
      if (current?.servicePointId === data.servicePointId) uow.delete(IDENTIFIERS, identifier);
    }
    for (const identifier of owned(after)) {
      uow.put(IDENTIFIERS, identifier, { id: identifier, servicePointId: data.servicePointId, contractId: after.contractId, clientId: after.clientId } satisfies IdentifierDocument);
    }
    uow.put(OWNED, data.servicePointId, after);
  },
};

function pick(changes: Partial<ServicePointDetails>): Partial<OwnedDocument> {
  const out: Partial<OwnedDocument> = {};
  if (changes.identifiers) out.identifiers = changes.identifiers;
  if (changes.active !== undefined) out.active = changes.active;
  return out;
}
