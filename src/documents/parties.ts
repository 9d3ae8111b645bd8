/**
 * The parties a document names (VAT Directive art. 226(5)) and what a document for them would
 * miss. Apart from the renderers, so that a bill run can check it without loading them.
 */
import type { InvoiceVatGroup } from '../domain/invoice/invoice.ts';
import type { PostalAddress } from '../domain/legal-entity/events.ts';
import type { PaymentDetails } from '../domain/legal-entity/payment.ts';

/** A party as the document names it (art. 226(5)): the client document and the legal entity document fit. */
export interface DocumentParty {
  name: string;
  country: string;
  vatId: string | null;
  address: PostalAddress | null;
}

export interface DocumentSeller extends DocumentParty {
  /** The national currency: VAT is also stated in it when the document is in another (art. 230). */
  currency: string;
  /** Absent or null: the document has no payment section. */
  payment?: PaymentDetails | null;
}

/** What a bill run holds an invoice for (`incomplete-document`), by the item's key (the flag's `params.item`). */
export const DOCUMENT_HOLDS = {
  'seller-vat-id': 'the legal entity has no VAT id (VAT Directive art. 226(3))',
  'buyer-vat-id': "reverse charge without the customer's VAT id (art. 226(4))",
  'seller-address': 'the legal entity has no address (art. 226(5))',
} as const;

/** An item of art. 226 a document would miss, which holds its invoice (its text: DOCUMENT_HOLDS). */
export type DocumentHold = keyof typeof DOCUMENT_HOLDS;

/**
 * The items of art. 226 that a document for these parties would miss: what a bill run's control
 * report holds an invoice for (a seller without VAT id; a reverse-charge buyer without one) or
 * warns about (no payment details), before anything is issued.
 */
export function missingDocumentItems(seller: DocumentSeller, buyer: DocumentParty, vat: readonly Pick<InvoiceVatGroup, 'category'>[]): { holds: DocumentHold[]; warnings: string[] } {
  const holds: DocumentHold[] = [];
  const warnings: string[] = [];
  if (!seller.vatId) holds.push('seller-vat-id');
  if (vat.some((g) => g.category === 'AE') && !buyer.vatId) holds.push('buyer-vat-id');
  if (!seller.address) holds.push('seller-address');
  if (!seller.payment) warnings.push('the legal entity has no payment details: the documents have no payment section');
  return { holds, warnings };
}
