/**
 * NAS clients (RADIUS network access servers) as registered and last changed; a removed one is
 * gone from here (its stream keeps its history). Documents hold the sealed secret, which the
 * RADIUS server opens (src/app/radius/nas.ts) and the REST layer never shows.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { documentProjection } from '../src/processing/projection.ts';
import { entityProjection, type EntityDocument } from '../src/processing/entity-projection.ts';
import { NAS_CHANGED, NAS_REGISTERED, NAS_REMOVED, type NasDetails } from '../src/domain/nas/decider.ts';

export const NAS_CLIENTS = 'nas_clients';

export type NasDocument = EntityDocument & NasDetails;

const registry = entityProjection<NasDocument>({
  name: 'nas',
  version: 1,
  collection: NAS_CLIENTS,
  indexes: ['address'],
  registered: NAS_REGISTERED,
  changed: NAS_CHANGED,
  idKey: 'nasId',
});

export const nasProjection = documentProjection<NasDocument>({
  ...registry,
  handles: [...registry.handles, NAS_REMOVED],
  evolve: (document: NasDocument | null, event: RecordedEvent) => (event.type === NAS_REMOVED ? null : registry.evolve(document, event)),
});
