/**
 * Tamper evidence: every event stored carries `metadata.chain`, a SHA-256 hash over its own
 * content and the hash of the event before it. Editing, removing or reordering an event behind
 * billstream's back breaks the chain at that event; `billstream verify` walks it.
 *
 * Two scopes, because the tiers know different things at write time:
 * - `log` (embedded tier): the SQLite adapter appends under the file's single writer lock, so it
 *   knows the global predecessor and the event's position: one chain over the whole log.
 * - `stream` (EventStoreDB): only the server orders `$all`, and it assigns the position after the
 *   write, so no writer knows the global predecessor. Each event chains to its stream's previous
 *   event (revision - 1) instead, and its position is left out of what is hashed.
 *
 * Set by the adapters only: what a caller puts in `NewEvent.metadata.chain` is ignored.
 */
import { createHash } from 'node:crypto';
import type { EventMetadata } from './port.ts';

export type { ChainLink } from './port.ts';

export interface ChainedContent {
  /** Null on the `stream` scope, where the position is not known when the hash is computed. */
  position: number | null;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  /** The event's data as JSON text (JSON.stringify of the data). */
  dataJson: string;
  metadata: EventMetadata;
}

/**
 * The hash of one event. The small fields go in a JSON array (self-delimiting, so no field can
 * spill into the next), the data text last; metadata without `chain`, field by field, so a new
 * optional metadata field does not change the hash of events stored before it existed.
 */
export function chainHash(previous: string | null, event: ChainedContent): string {
  const m = event.metadata;
  const head = JSON.stringify([event.position, event.streamId, event.revision, event.id, event.type, m.correlationId, m.causationId, m.tenantId, m.actor, m.recordedAt, m.schemaVersion]);
  return createHash('sha256').update(`${previous ?? ''}\n${head}\n${event.dataJson}`).digest('hex');
}

/** The metadata a caller gave, without a chain it may have copied from a recorded event. */
export function withoutChain(metadata: EventMetadata): EventMetadata {
  if (metadata.chain === undefined) return metadata;
  const { chain: _chain, ...rest } = metadata;
  return rest;
}
