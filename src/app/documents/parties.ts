/**
 * The parties a document names, from the legal entity and client read models: the one mapping the
 * documents saga, issuing (which snapshots the seller) and the document tests use.
 */
import type { LegalEntityDocument } from '../../../projections/legal-entities.projection.ts';
import type { ClientDocument } from '../../../projections/clients.projection.ts';
import type { ClientDetails } from '../../domain/client/decider.ts';
import type { BuyerSnapshot, SellerSnapshot } from '../../domain/invoice/documents.ts';

/** The seller a document names, from the legal entity's read model: the one mapping documents use. */
export function sellerOf(entity: LegalEntityDocument): SellerSnapshot {
  return {
    id: entity.id, name: entity.name, country: entity.country, vatId: entity.vatId ?? null, address: entity.address ?? null, currency: entity.currency, payment: entity.payment ?? null,
    // Only with a logo: a snapshot without one stays as it was before entities had logos.
    ...(entity.logo ? { logo: entity.logo } : {}),
  };
}

/** The buyer a document names, from the client's read model. */
export function buyerOf(client: ClientDocument & ClientDetails): BuyerSnapshot {
  return { id: client.id, name: client.name, country: client.country, vatId: client.vatId ?? null, address: client.address ?? null, email: client.email ?? null };
}

