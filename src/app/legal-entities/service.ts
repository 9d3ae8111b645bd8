/**
 * Legal entity use cases shared by the REST API and the CLI import: run the command, keep
 * invoice prefixes unique across entities (two sellers with one prefix would issue colliding
 * invoice numbers), and return the document once the read model reflects it.
 */
import { handleCommand, type CommandContext } from '../command-handler.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { LEGAL_ENTITIES, type LegalEntityDocument } from '../../../projections/legal-entities.projection.ts';
import type { LegalEntityCommand } from '../../domain/legal-entity/commands.ts';
import { legalEntityDecider } from '../../domain/legal-entity/decider.ts';
import type { LegalEntityEvent } from '../../domain/legal-entity/events.ts';
import { legalEntityStream } from '../../domain/legal-entity/stream.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

export async function findLegalEntity(billstream: AppDeps, legalEntityId: string): Promise<LegalEntityDocument | null> {
  return (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as LegalEntityDocument | null;
}

export async function assertInvoicePrefixFree(billstream: AppDeps, legalEntityId: string, invoicePrefix: string): Promise<void> {
  const { items } = await billstream.readStore.find(LEGAL_ENTITIES, { invoicePrefix }, { limit: 2 });
  const other = items.find((doc) => doc.id !== legalEntityId);
  if (other) throw new ConflictError(`invoice prefix ${invoicePrefix} is already used by legal entity ${String(other.id)}`);
}

export async function executeLegalEntityCommand(
  billstream: AppDeps,
  command: LegalEntityCommand,
  context: CommandContext,
): Promise<{ outcome: Outcome; document: LegalEntityDocument; position: number | null }> {
  await billstream.catchUp();
  await assertInvoicePrefixFree(billstream, command.legalEntityId, command.details.invoicePrefix);
  const result = await handleCommand(billstream, legalEntityDecider, legalEntityStream(command.legalEntityId), command, context);
  await billstream.catchUp(result.position);
  const document = await findLegalEntity(billstream, command.legalEntityId);
  if (!document) throw new NotFoundError(`legal entity ${command.legalEntityId} does not exist`);
  return { outcome: outcomeOf(result.events), document, position: result.position };
}

export function outcomeOf(events: LegalEntityEvent[]): Outcome {
  if (events.some((e) => e.type === 'LegalEntityRegistered')) return 'created';
  return events.length ? 'updated' : 'unchanged';
}
