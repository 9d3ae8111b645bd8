/**
 * Legal entity use cases shared by the REST API and the CLI import: run the command, keep
 * invoice prefixes unique across entities (two sellers with one prefix would issue colliding
 * invoice numbers), and return the document once the read model reflects it. A logo's bytes are
 * checked and stored in the document store here; the entity's events name them by hash.
 */
import { createHash } from 'node:crypto';
import { handleCommand, type CommandContext } from '../command-handler.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { LEGAL_ENTITIES, type LegalEntityDocument } from '../../../projections/legal-entities.projection.ts';
import { JOURNAL } from '../../../projections/journal.projection.ts';
import { INVOICES } from '../../../projections/invoices.projection.ts';
import type { LegalEntityCommand } from '../../domain/legal-entity/commands.ts';
import { legalEntityDecider } from '../../domain/legal-entity/decider.ts';
import type { LegalEntityEvent } from '../../domain/legal-entity/events.ts';
import { legalEntityStream } from '../../domain/legal-entity/stream.ts';
import { logoImage, type LegalEntityLogo } from '../../domain/legal-entity/logo.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

export async function findLegalEntity(billstream: AppDeps, legalEntityId: string): Promise<LegalEntityDocument | null> {
  return (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as LegalEntityDocument | null;
}

export async function assertInvoicePrefixFree(billstream: AppDeps, legalEntityId: string, invoicePrefix: string): Promise<void> {
  const { items } = await billstream.readStore.find(LEGAL_ENTITIES, { invoicePrefix }, { limit: 2 });
  const other = items.find((doc) => doc.id !== legalEntityId);
  if (!other) return;
  const message = `${invoicePrefix} is already used by legal entity ${String(other.id)}`;
  throw new ConflictError(`invoice prefix ${message}`, [{ field: 'invoicePrefix', message }]);
}

/**
 * The national currency is the currency of the legal entity's books (the journal) and of the VAT
 * its invoices state in it (RULES.md 14). Once an invoice is drafted or anything is posted, another
 * currency would mix two currencies in one ledger (a HUF payment booked in EUR, then allocated to
 * a HUF invoice as a bogus exchange loss): refused. A new currency is a new legal entity.
 */
export async function assertNationalCurrencyKept(billstream: AppDeps, legalEntityId: string, currency: string): Promise<void> {
  const current = await findLegalEntity(billstream, legalEntityId);
  if (!current || current.currency === currency) return;
  const posted = (await billstream.readStore.find(JOURNAL, { legalEntityId }, { limit: 1 })).items.length > 0;
  const invoiced = (await billstream.readStore.find(INVOICES, { legalEntityId, status: { $in: ['draft', 'issued'] } }, { limit: 1 })).items.length > 0;
  if (!posted && !invoiced) return;
  const message = `legal entity ${legalEntityId} keeps its books and states VAT in ${current.currency}, and it has ${invoiced ? 'invoices' : 'journal entries'} in it: the national currency cannot change to ${currency} (register another legal entity for ${currency})`;
  throw new ConflictError(`currency: ${message}`, [{ field: 'currency', message }]);
}

export async function executeLegalEntityCommand(
  billstream: AppDeps,
  command: LegalEntityCommand,
  context: CommandContext,
): Promise<{ outcome: Outcome; document: LegalEntityDocument; position: number | null }> {
  await billstream.catchUp();
  if (command.type !== 'ChangeLegalEntityLogo') {
    await assertInvoicePrefixFree(billstream, command.legalEntityId, command.details.invoicePrefix);
    await assertNationalCurrencyKept(billstream, command.legalEntityId, command.details.currency);
  }
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

/** The logo reference of image bytes (SHA-256 and media type), or why they cannot be a logo. */
export function logoOf(bytes: Uint8Array): { logo: LegalEntityLogo; problem: null } | { logo: null; problem: string } {
  const checked = logoImage(bytes);
  if (!checked.image) return { logo: null, problem: checked.problem };
  return { logo: { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: checked.image.mediaType }, problem: null };
}

/** Stores a checked logo's bytes in the document store (once: content-addressed). */
export async function storeLogo(billstream: AppDeps, bytes: Uint8Array, logo: LegalEntityLogo): Promise<void> {
  if (!billstream.documents) throw ValidationError.field('logo', 'no document store is configured to keep it');
  const stored = await billstream.documents.put(bytes);
  if (stored !== logo.sha256) throw new Error(`the document store keeps the logo as ${stored}, not as its SHA-256 ${logo.sha256}`);
}

/**
 * Sets a legal entity's logo from image bytes (checked, then stored by hash), or removes it with
 * null. `declared`: the media type the bytes came as, which must be what they are.
 */
export async function changeLegalEntityLogo(
  billstream: AppDeps,
  legalEntityId: string,
  bytes: Uint8Array | null,
  context: CommandContext,
  declared?: string,
): Promise<{ outcome: Outcome; document: LegalEntityDocument }> {
  let logo: LegalEntityLogo | null = null;
  if (bytes) {
    const checked = logoOf(bytes);
    if (!checked.logo) throw ValidationError.field('logo', `the image ${checked.problem}`);
    if (declared !== undefined && declared !== checked.logo.mediaType) {
      throw ValidationError.field('logo', `the image is ${checked.logo.mediaType === 'image/png' ? 'a PNG' : 'a JPEG'} (${checked.logo.mediaType}), sent as ${declared}`);
    }
    logo = checked.logo;
    if (!(await findLegalEntity(billstream, legalEntityId))) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
    await storeLogo(billstream, bytes, logo);
  }
  const { outcome, document } = await executeLegalEntityCommand(billstream, { type: 'ChangeLegalEntityLogo', legalEntityId, logo }, context);
  return { outcome, document };
}

/** The bytes of a legal entity's logo as it is now, with its media type. */
export async function legalEntityLogo(billstream: AppDeps, legalEntityId: string): Promise<{ logo: LegalEntityLogo; bytes: Buffer }> {
  const entity = await findLegalEntity(billstream, legalEntityId);
  if (!entity) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
  if (!entity.logo) throw new NotFoundError(`legal entity ${legalEntityId} has no logo`);
  const bytes = billstream.documents ? await billstream.documents.get(entity.logo.sha256) : null;
  if (!bytes) throw new NotFoundError(`the logo of legal entity ${legalEntityId} (sha256 ${entity.logo.sha256}) is missing from the document store`);
  return { logo: entity.logo, bytes };
}
