/** Legal entities: the sellers that issue invoices (FORMATS.md legal-entities.yaml). */
import type { DomainEvent } from '../../core/decider.ts';
import type { PaymentDetails } from './payment.ts';
import type { LegalEntityLogo } from './logo.ts';

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
}

export interface LegalEntityDetails {
  name: string;
  /** ISO 3166-1 alpha-2: decides home VAT rules. */
  country: string;
  vatId: string | null;
  address: PostalAddress;
  /** National currency: VAT is also stated in it (VAT Directive art. 230). */
  currency: string;
  /** Invoice numbers are `{invoicePrefix}-{year}-{sequence}` (RULES.md 16). */
  invoicePrefix: string;
  /** Id in the operator's previous or main system. */
  externalId: string | null;
  /** The account printed on invoices; absent or null: the documents carry no payment section. */
  payment?: PaymentDetails | null;
  /**
   * The image printed above the name on its documents: its SHA-256 in the document store and its
   * media type, never the bytes. Absent or null: no logo.
   */
  logo?: LegalEntityLogo | null;
}

export type LegalEntityRegistered = DomainEvent<'LegalEntityRegistered', { legalEntityId: string } & LegalEntityDetails>;
/** Carries only the fields that changed, with their new values. */
export type LegalEntityDetailsChanged = DomainEvent<'LegalEntityDetailsChanged', { legalEntityId: string; changes: Partial<LegalEntityDetails> }>;

export type LegalEntityEvent = LegalEntityRegistered | LegalEntityDetailsChanged;
export const LEGAL_ENTITY_EVENT_TYPES: LegalEntityEvent['type'][] = ['LegalEntityRegistered', 'LegalEntityDetailsChanged'];
