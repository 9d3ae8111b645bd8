/**
 * An issued invoice's documents: the printable .docx and the UBL e-invoice, rendered once after
 * issue and stored by content hash. The event records the hashes and the parties as they were
 * rendered (a snapshot), so a later change of the legal entity's address or of a translation does
 * not change what was issued, and rendering again from the snapshot gives the same bytes.
 */
import type { PostalAddress } from '../legal-entity/events.ts';
import type { PaymentDetails } from '../legal-entity/payment.ts';
import type { LegalEntityLogo } from '../legal-entity/logo.ts';

export const INVOICE_DOCUMENTS_RENDERED = 'InvoiceDocumentsRendered';
export const CREDIT_NOTE_DOCUMENTS_RENDERED = 'CreditNoteDocumentsRendered';

export interface SellerSnapshot {
  id: string;
  name: string;
  country: string;
  vatId: string | null;
  address: PostalAddress | null;
  currency: string;
  payment: PaymentDetails | null;
  /**
   * The logo printed above the name, by its SHA-256 in the document store: the image as it was at
   * issue, whatever the entity's logo is later. Absent (snapshots from before logos, or none): no logo.
   */
  logo?: LegalEntityLogo | null;
}

export interface BuyerSnapshot {
  id: string;
  name: string;
  country: string;
  vatId: string | null;
  address: PostalAddress | null;
  email: string | null;
}

export interface DocumentsSnapshot {
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  /** The client's language the .docx is written in. */
  language: string;
  /**
   * The version of billstream's renderer that made the documents (DOCUMENT_RENDERER in
   * src/documents/renderer.ts); absent in documents rendered before it was recorded.
   */
  renderer?: number;
}

export interface InvoiceDocumentsRenderedData extends DocumentsSnapshot {
  invoiceId: string;
  number: string;
  /** SHA-256 (hex) of the .docx bytes. */
  docx: string;
  /** SHA-256 (hex) of the UBL XML (UTF-8). */
  ubl: string;
  /** Pages of the .docx, estimated from its lines (see README). */
  pages: number;
}

/** The same for a credit note, on the credit note's stream: the parties are its invoice's. */
export interface CreditNoteDocumentsRenderedData extends DocumentsSnapshot {
  creditNoteId: string;
  number: string;
  invoiceId: string;
  docx: string;
  ubl: string;
}
