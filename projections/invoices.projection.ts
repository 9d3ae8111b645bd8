/** Invoices, drafted and issued: a small header per invoice and its body (lines, VAT groups, rates) apart. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { INVOICE_CREDITED, INVOICE_DRAFT_ADOPTED, INVOICE_DRAFT_VOIDED, INVOICE_DRAFTED, INVOICE_ISSUED, type InvoiceDraftAdoptedData, type InvoiceDraftedData, type InvoiceIssuedData } from '../src/domain/bill-run/events.ts';
import type { InvoiceCreditedData } from '../src/domain/invoice/credit-note.ts';
import { INVOICE_DOCUMENTS_RENDERED, type InvoiceDocumentsRenderedData } from '../src/domain/invoice/documents.ts';
import type { InvoiceLine, InvoiceVatGroup, FxRate } from '../src/domain/invoice/invoice.ts';

export const INVOICES = 'invoices';
/** The lines, VAT groups and rates of each invoice: written once when drafted, so issuing rewrites only the small header. */
export const INVOICE_BODIES = 'invoice_bodies';

/** An invoice's header: what lists filter and sort by, and what issuing and crediting change. */
export interface InvoiceDocument {
  [key: string]: unknown;
  id: string;
  /** `voided`: a draft of a run that was voided or superseded before issuing; never issued. */
  status: 'draft' | 'issued' | 'voided';
  runId: string;
  number: string | null;
  clientId: string;
  contractId: string;
  legalEntityId: string | null;
  currency: string | null;
  issueDate: string | null;
  dueDate: string | null;
  period: { start: string; end: string };
  paymentTermsDays: number;
  seller: InvoiceDraftedData['seller'];
  buyer: InvoiceDraftedData['buyer'];
  totalNet: string | null;
  totalVat: string | null;
  total: string | null;
  flags: InvoiceDraftedData['flags'];
  held: boolean;
  usageCutoff: number;
  creditNotes: { id: string; net: string; vat: string; total: string }[];
  /** The client's language the draft was written in (a later run compares its draft with this one). */
  language: string;
  /** Revision of the invoice stream's last event: where an adoption or an issue appends. */
  streamRevision: number;
  /** SHA-256 of the stored documents, once rendered after issue; pages of the .docx, estimated. */
  documents?: { docx: string; ubl: string; pages: number };
}

export interface InvoiceBody extends InvoiceBodyFields {
  [key: string]: unknown;
  id: string;
}

export interface InvoiceBodyFields {
  lines: InvoiceLine[];
  vat: InvoiceVatGroup[];
  fx?: FxRate;
  fxRates: FxRate[];
  mentions: string[];
}

/** The invoice as users see it (REST and `--json` alike): one shape, one place. */
export function invoiceViewOf(header: InvoiceDocument, body: InvoiceBodyFields) {
  return {
    id: header.id,
    status: header.status,
    number: header.number,
    runId: header.runId,
    clientId: header.clientId,
    contractId: header.contractId,
    legalEntityId: header.legalEntityId,
    currency: header.currency,
    issueDate: header.issueDate,
    dueDate: header.dueDate,
    period: header.period,
    seller: header.seller,
    buyer: header.buyer,
    lines: body.lines,
    vat: body.vat,
    ...(body.fx ? { fx: body.fx } : {}),
    fxRates: body.fxRates,
    mentions: body.mentions,
    totalNet: header.totalNet,
    totalVat: header.totalVat,
    total: header.total,
    flags: header.flags,
    held: header.held,
    creditNotes: header.creditNotes,
  };
}

export type InvoiceView = ReturnType<typeof invoiceViewOf> & { [key: string]: unknown };

export const invoicesProjection: Projection = {
  name: 'invoices',
  version: 6,
  collections: [
    { name: INVOICES, indexes: ['runId', 'clientId', 'contractId', 'status', 'number', 'legalEntityId'] },
    { name: INVOICE_BODIES, indexes: [] },
  ],
  handles: [INVOICE_DRAFTED, INVOICE_DRAFT_ADOPTED, INVOICE_DRAFT_VOIDED, INVOICE_ISSUED, INVOICE_CREDITED, INVOICE_DOCUMENTS_RENDERED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    if (event.type === INVOICE_DRAFTED) {
      const data = event.data as InvoiceDraftedData;
      const invoice = data.invoice;
      const header = {
        id, status: 'draft', runId: data.runId, number: null, clientId: data.clientId, contractId: data.contractId, legalEntityId: data.legalEntityId,
        currency: invoice?.currency ?? null, issueDate: null, dueDate: null, period: data.period, paymentTermsDays: data.paymentTermsDays, seller: data.seller, buyer: data.buyer,
        totalNet: invoice?.totalNet ?? null, totalVat: invoice?.totalVat ?? null, total: invoice?.total ?? null,
        flags: data.flags, held: data.flags.length > 0, usageCutoff: data.usageCutoff, creditNotes: [],
        language: data.language, streamRevision: event.revision,
      } satisfies InvoiceDocument;
      const body = {
        id, lines: invoice?.lines ?? [], vat: invoice?.vat ?? [], ...(invoice?.fx ? { fx: invoice.fx } : {}), fxRates: invoice?.fxRates ?? [], mentions: invoice?.mentions ?? [],
      } satisfies InvoiceBody;
      uow.put(INVOICES, id, header);
      uow.put(INVOICE_BODIES, id, body);
      return;
    }
    const invoice = (await uow.get(INVOICES, id)) as InvoiceDocument | null;
    if (!invoice) return;
    const streamRevision = event.revision;
    let header: InvoiceDocument;
    if (event.type === INVOICE_DRAFT_ADOPTED) {
      const data = event.data as InvoiceDraftAdoptedData;
      header = { ...invoice, runId: data.runId, usageCutoff: data.usageCutoff, streamRevision };
    } else if (event.type === INVOICE_DRAFT_VOIDED) {
      header = { ...invoice, status: 'voided', streamRevision };
    } else if (event.type === INVOICE_ISSUED) {
      const data = event.data as InvoiceIssuedData;
      header = { ...invoice, status: 'issued', runId: data.runId, number: data.number, issueDate: data.issueDate, dueDate: data.dueDate, streamRevision };
    } else if (event.type === INVOICE_DOCUMENTS_RENDERED) {
      const data = event.data as InvoiceDocumentsRenderedData;
      header = { ...invoice, documents: { docx: data.docx, ubl: data.ubl, pages: data.pages }, streamRevision };
    } else {
      const data = event.data as InvoiceCreditedData;
      header = { ...invoice, creditNotes: [...invoice.creditNotes, { id: data.creditNoteId, net: data.totalNet, vat: data.totalVat, total: data.total }], streamRevision };
    }
    // Only the small header changes: the body was written once when drafted.
    uow.put(INVOICES, id, header);
  },
};
