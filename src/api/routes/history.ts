import type { Billstream } from '../../main.ts';
import type { RecordedEvent } from '../../eventstore/port.ts';
import { NotFoundError } from '../../core/errors.ts';
import { withSecretsWithheld } from '../../app/secrets/secret-box.ts';

/** An event as a history lists it: as stored (sealed secrets withheld), with who recorded it and when (its metadata). */
export function historyItem(e: RecordedEvent) {
  return { id: e.id, type: e.type, revision: e.revision, position: e.position, data: withSecretsWithheld(e.data) as Record<string, unknown>, metadata: e.metadata };
}

/** The audit trail of one entity: every event of its stream, as stored. */
export async function historyOf(billstream: Billstream, streamId: string, what: string) {
  const events = await billstream.eventStore.readStream(streamId);
  if (events.length === 0) throw new NotFoundError(`${what} does not exist`);
  return events.map(historyItem);
}
