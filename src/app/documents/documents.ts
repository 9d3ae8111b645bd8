/**
 * Issued invoices' documents (issue 13 items 3 and 5): the .docx and the UBL e-invoice, rendered
 * once after issue from the invoice as issued and the parties as they were then (the snapshot in
 * `InvoiceDocumentsRendered`), stored by content hash, and read back by hash. Rendering again from
 * the snapshot gives the same bytes (`verify`).
 */
import { createHash } from 'node:crypto';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError } from '../../core/errors.ts';
import { creditNoteStream, invoiceStream } from '../../domain/bill-run/events.ts';
import type { CreditNote } from '../../domain/invoice/credit-note.ts';
import { CREDIT_NOTES, CREDIT_NOTE_DOCUMENTS, type CreditNoteDocuments } from '../../../projections/credit-notes.projection.ts';
import { CREDIT_NOTE_DOCUMENTS_RENDERED, INVOICE_DOCUMENTS_RENDERED, type CreditNoteDocumentsRenderedData, type DocumentsSnapshot, type SellerSnapshot, type InvoiceDocumentsRenderedData } from '../../domain/invoice/documents.ts';
import { CLIENTS, type ClientDocument } from '../../../projections/clients.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import type { ClientDetails } from '../../domain/client/decider.ts';
import type { DocumentStore } from '../../docstore/port.ts';
import { creditNoteDocx, invoiceDocx, type InvoiceContent } from '../../documents/docx.ts';
import { ublCreditNote, ublInvoice } from '../../documents/ubl.ts';
import { DOCUMENT_RENDERER } from '../../documents/renderer.ts';
import { translatorFor } from '../../i18n/translator.ts';
import { findLegalEntity } from '../legal-entities/service.ts';
import { findInvoices, type FullInvoice } from '../invoice/view.ts';
import type { AppDeps } from '../deps.ts';
import { buyerOf, sellerOf } from './parties.ts';

export { buyerOf, sellerOf };
import { findAll } from '../../readstore/port.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The parties of an invoice as they are now (read models): what the snapshot records at rendering. */
export async function snapshotOf(deps: Pick<AppDeps, 'readStore'>, invoice: InvoiceDocument, issuedSeller?: SellerSnapshot): Promise<DocumentsSnapshot> {
  const entity = issuedSeller ? null : invoice.legalEntityId ? await findLegalEntity(deps as AppDeps, invoice.legalEntityId) : null;
  if (!issuedSeller && !entity) throw new NotFoundError(`invoice ${invoice.id} has no legal entity to print`);
  const client = (await deps.readStore.get(CLIENTS, invoice.clientId)) as (ClientDocument & ClientDetails) | null;
  if (!client) throw new NotFoundError(`client ${invoice.clientId} of invoice ${invoice.id} does not exist`);
  return { seller: issuedSeller ?? sellerOf(entity!), buyer: buyerOf(client), language: invoice.language, renderer: DOCUMENT_RENDERER };
}

/** Pages of a printed invoice, estimated: the header, parties and totals take most of page one; about 30 lines fit a page after. */
export function estimatedPages(lines: number, vatGroups: number): number {
  return 1 + Math.max(0, Math.ceil((lines + vatGroups - 12) / 30));
}

export interface RenderedInvoice {
  docx: Uint8Array;
  ubl: Uint8Array;
}

/**
 * The bytes of the logo a seller snapshot names, from the document store (null when it names none):
 * the image as it was when the snapshot was taken. Missing or changed bytes are an error, never a
 * document printed without its logo or with another; `verify` takes what is stored (`lenient`), so
 * that a logo lost or changed shows as a document that no longer renders to its stored bytes.
 */
export async function snapshotLogo(deps: Pick<AppDeps, 'documents'>, seller: SellerSnapshot, lenient = false): Promise<Uint8Array | null> {
  if (!seller.logo) return null;
  const bytes = deps.documents ? await deps.documents.get(seller.logo.sha256) : null;
  if (lenient) return bytes;
  if (!bytes) throw new NotFoundError(`the logo of legal entity ${seller.id} (sha256 ${seller.logo.sha256}) is missing from the document store`);
  if (sha256(bytes) !== seller.logo.sha256) throw new Error(`the logo of legal entity ${seller.id} in the document store does not match its SHA-256 ${seller.logo.sha256}: it was changed`);
  return bytes;
}

/** The documents of an issued invoice, from the invoice, a snapshot of its parties and the logo it names: the same input gives the same bytes. */
export async function renderInvoiceDocuments(invoice: InvoiceContent & Pick<FullInvoice, 'contractId'>, snapshot: DocumentsSnapshot, logo: Uint8Array | null = null): Promise<RenderedInvoice> {
  const docx = await invoiceDocx({ invoice, seller: snapshot.seller, buyer: snapshot.buyer, translator: translatorFor(snapshot.language), logo });
  const ubl = Buffer.from(ublInvoice({ invoice, seller: snapshot.seller, buyer: snapshot.buyer }), 'utf8');
  return { docx, ubl };
}

export function documentsRenderedId(invoiceId: string): string {
  return deterministicId('documents', invoiceId);
}

/**
 * Renders and stores an issued invoice's documents and records their hashes. Idempotent: the
 * event id follows from the invoice, so a replay appends nothing twice (and stores the same bytes).
 */
export async function renderAndStoreInvoice(deps: AppDeps, documents: DocumentStore, invoice: FullInvoice, actor: string, correlationId?: string, issuedSeller?: SellerSnapshot): Promise<InvoiceDocumentsRenderedData> {
  const snapshot = await snapshotOf(deps, invoice, issuedSeller);
  const rendered = await renderInvoiceDocuments(invoice, snapshot, await snapshotLogo(deps, snapshot.seller));
  const [docx, ubl] = await Promise.all([documents.put(rendered.docx), documents.put(rendered.ubl)]);
  const data: InvoiceDocumentsRenderedData = {
    invoiceId: invoice.id, number: invoice.number!, docx, ubl, pages: estimatedPages(invoice.lines.length, invoice.vat.length), ...snapshot,
  };
  await deps.eventStore.append(invoiceStream(invoice.id), [{
    id: documentsRenderedId(invoice.id), type: INVOICE_DOCUMENTS_RENDERED, data,
    metadata: { correlationId: correlationId ?? invoice.id, causationId: invoice.id, tenantId: null, actor, recordedAt: deps.clock.now().toString(), schemaVersion: 1 },
  }], 'any');
  return data;
}

/** A credit note's documents, from the note, the invoice it corrects and the invoice's parties as snapshotted. */
export async function renderCreditNoteDocuments(creditNote: CreditNote, invoice: FullInvoice, snapshot: DocumentsSnapshot, logo: Uint8Array | null = null): Promise<RenderedInvoice> {
  const docx = await creditNoteDocx({ creditNote, invoice, seller: snapshot.seller, buyer: snapshot.buyer, translator: translatorFor(snapshot.language), logo });
  const ubl = Buffer.from(ublCreditNote({ creditNote, invoice, seller: snapshot.seller, buyer: snapshot.buyer }), 'utf8');
  return { docx, ubl };
}

/** Renders and stores an issued credit note's documents and records their hashes on its stream; idempotent like an invoice's. */
export async function renderAndStoreCreditNote(deps: AppDeps, documents: DocumentStore, note: CreditNote, actor: string, correlationId?: string): Promise<CreditNoteDocumentsRenderedData> {
  const [invoice] = await findInvoices(deps.readStore, { id: note.invoiceId });
  if (!invoice) throw new NotFoundError(`invoice ${note.invoiceId} of credit note ${note.number} does not exist`);
  const snapshot = await snapshotOf(deps, invoice);
  const rendered = await renderCreditNoteDocuments(note, invoice, snapshot, await snapshotLogo(deps, snapshot.seller));
  const [docx, ubl] = await Promise.all([documents.put(rendered.docx), documents.put(rendered.ubl)]);
  const data: CreditNoteDocumentsRenderedData = { creditNoteId: note.id, number: note.number, invoiceId: note.invoiceId, docx, ubl, ...snapshot };
  await deps.eventStore.append(creditNoteStream(note.id), [{
    id: documentsRenderedId(note.id), type: CREDIT_NOTE_DOCUMENTS_RENDERED, data,
    metadata: { correlationId: correlationId ?? note.id, causationId: note.id, tenantId: null, actor, recordedAt: deps.clock.now().toString(), schemaVersion: 1 },
  }], 'any');
  return data;
}

/** The stored bytes of a credit note's document, by the note's id or number. */
export async function creditNoteDocument(deps: AppDeps, idOrNumber: string, kind: 'docx' | 'ubl'): Promise<{ note: CreditNote; sha256: string; bytes: Buffer }> {
  const byId = (await deps.readStore.get(CREDIT_NOTES, idOrNumber)) as CreditNote | null;
  const note = byId ?? ((await deps.readStore.find(CREDIT_NOTES, { number: idOrNumber }, { limit: 1 })).items[0] as CreditNote | undefined) ?? null;
  if (!note) throw new NotFoundError(`credit note ${idOrNumber} does not exist`);
  const recorded = (await deps.readStore.get(CREDIT_NOTE_DOCUMENTS, note.id)) as CreditNoteDocuments | null;
  if (!recorded) throw new DocumentsNotReadyError(`the documents of credit note ${note.number} are being rendered: try again shortly`);
  const bytes = deps.documents ? await deps.documents.get(recorded[kind]) : null;
  if (!bytes) throw new NotFoundError(`the ${kind} of credit note ${note.number} (sha256 ${recorded[kind]}) is missing from the document store`);
  return { note, sha256: recorded[kind], bytes };
}

/** An invoice by its id or its number. */
export async function findInvoiceByIdOrNumber(deps: Pick<AppDeps, 'readStore'>, idOrNumber: string): Promise<InvoiceDocument | null> {
  const byId = (await deps.readStore.get(INVOICES, idOrNumber)) as InvoiceDocument | null;
  if (byId) return byId;
  const { items } = await deps.readStore.find(INVOICES, { number: idOrNumber }, { limit: 1 });
  return (items[0] as InvoiceDocument | undefined) ?? null;
}

/** An issued invoice whose documents were not stored yet, or a draft. */
export class DocumentsNotReadyError extends NotFoundError {}

/** The stored bytes of an invoice's document (`docx` or `ubl`). */
export async function invoiceDocument(deps: AppDeps, idOrNumber: string, kind: 'docx' | 'ubl'): Promise<{ invoice: InvoiceDocument; bytes: Buffer }> {
  const invoice = await findInvoiceByIdOrNumber(deps, idOrNumber);
  if (!invoice) throw new NotFoundError(`invoice ${idOrNumber} does not exist`);
  if (invoice.status !== 'issued') throw new DocumentsNotReadyError(`invoice ${idOrNumber} is not issued: only an issued invoice has documents`);
  const hash = invoice.documents?.[kind];
  if (!hash) throw new DocumentsNotReadyError(`the documents of invoice ${invoice.number} are being rendered: try again shortly`);
  const bytes = deps.documents ? await deps.documents.get(hash) : null;
  if (!bytes) throw new NotFoundError(`the ${kind} of invoice ${invoice.number} (sha256 ${hash}) is missing from the document store`);
  return { invoice, bytes };
}

export interface VerifyResult {
  checked: number;
  /** Of those checked, documents an earlier renderer made: their stored bytes were checked against their hashes, not rendered again. */
  earlierRenderer: number;
  mismatches: { number: string; kind: 'docx' | 'ubl'; expected: string; actual: string | null }[];
}

/**
 * Checks every issued invoice's and credit note's documents: the stored bytes must have their
 * recorded hashes, and documents of the current renderer must render again from their snapshot
 * to the same bytes. An earlier renderer's output cannot be reproduced by this one (a document is
 * never rendered anew once issued), so for those the stored bytes alone are checked.
 */
export async function verifyDocuments(deps: AppDeps, onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
  const issued = await findInvoices(deps.readStore, { status: 'issued' });
  const result: VerifyResult = { checked: 0, earlierRenderer: 0, mismatches: [] };
  const check = async (number: string, data: DocumentsSnapshot & { docx: string; ubl: string }, renderAgain: () => Promise<RenderedInvoice>) => {
    const current = data.renderer === DOCUMENT_RENDERER;
    const again = current ? await renderAgain() : null;
    for (const kind of ['docx', 'ubl'] as const) {
      const actual = again ? sha256(again[kind]) : data[kind];
      const stored = deps.documents ? await deps.documents.get(data[kind]) : null;
      const storedHash = stored ? sha256(stored) : null;
      if (actual !== data[kind] || storedHash !== data[kind]) result.mismatches.push({ number, kind, expected: data[kind], actual: actual !== data[kind] ? actual : storedHash });
    }
    result.checked++;
    if (!current) result.earlierRenderer++;
  };
  for (const invoice of issued) {
    if (!invoice.documents) continue;
    const events = await deps.eventStore.readStream(invoiceStream(invoice.id));
    const rendered = events.find((e) => e.type === INVOICE_DOCUMENTS_RENDERED);
    if (!rendered) continue;
    const data = rendered.data as InvoiceDocumentsRenderedData;
    await check(invoice.number!, data, async () => renderInvoiceDocuments(invoice, data, await snapshotLogo(deps, data.seller, true)));
    onProgress?.(result.checked, issued.length);
  }
  const invoices = new Map(issued.map((i) => [i.id, i]));
  for (const recorded of await findAll<CreditNoteDocuments>(deps.readStore, CREDIT_NOTE_DOCUMENTS, {})) {
    const events = await deps.eventStore.readStream(creditNoteStream(recorded.id));
    const rendered = events.find((e) => e.type === CREDIT_NOTE_DOCUMENTS_RENDERED);
    const note = (await deps.readStore.get(CREDIT_NOTES, recorded.id)) as CreditNote | null;
    const invoice = note ? invoices.get(note.invoiceId) : undefined;
    if (!rendered || !note || !invoice) continue;
    const data = rendered.data as CreditNoteDocumentsRenderedData;
    await check(note.number, data, async () => renderCreditNoteDocuments(note, invoice, data, await snapshotLogo(deps, data.seller, true)));
  }
  return result;
}
