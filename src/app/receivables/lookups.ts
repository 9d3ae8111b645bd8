/**
 * What the client ledger's commands need from the read models: an issued invoice's facts, the
 * legal entity that received a payment and its national currency, and rates on a date. Memoised
 * per instance, so an import of 100,000 payments reads each legal entity, client and rate once.
 */
import { Decimal } from 'decimal.js';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { ReadStore } from '../../readstore/port.ts';
import { fxRateOn } from '../fx/rates.ts';
import { INVOICE_BODIES, INVOICES, type InvoiceBody, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { LEGAL_ENTITIES, type LegalEntityDocument } from '../../../projections/legal-entities.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { findAll } from '../../readstore/port.ts';
import type { Conversion, InvoiceFacts } from '../../domain/receivables/decider.ts';

export class ReceivablesLookups {
  private readonly entities = new Map<string, Promise<LegalEntityDocument | null>>();
  private readonly clientEntities = new Map<string, Promise<string | null>>();
  private readonly rates = new Map<string, Promise<string | null>>();

  constructor(private readonly readStore: ReadStore) {}

  /** The issued invoice with this number, or (when `byId`) this id; null when there is none. */
  async invoice(reference: string, byId = false): Promise<InvoiceFacts | null> {
    const byNumber = (await this.readStore.find(INVOICES, { number: reference }, { limit: 1 })).items[0] as InvoiceDocument | undefined;
    const header = byNumber ?? (byId ? ((await this.readStore.get(INVOICES, reference)) as InvoiceDocument | null) : null);
    if (!header || header.status !== 'issued') return null;
    return this.factsOf(header);
  }

  async factsOf(header: InvoiceDocument): Promise<InvoiceFacts> {
    const legalEntityId = header.legalEntityId!;
    const currency = header.currency!;
    const national = header.seller?.currency ?? (await this.legalEntity(legalEntityId)).currency;
    let invoiceRate = '1';
    if (currency !== national) {
      // The rate the invoice stated its VAT in the national currency with (RULES.md 14), as issued.
      const body = (await this.readStore.get(INVOICE_BODIES, header.id)) as InvoiceBody | null;
      const stated = body?.fxRates.find((r) => r.base === currency && r.quote === national) ?? body?.fx;
      if (!stated) throw new ValidationError(`invoice ${header.number} in ${currency} states no ${currency}/${national} rate`);
      invoiceRate = stated.rate;
    }
    const credited = header.creditNotes.reduce((sum, note) => sum.plus(new Decimal(note.total).abs()), new Decimal(0));
    return {
      invoiceId: header.id, invoiceNumber: header.number!, clientId: header.clientId, legalEntityId, currency, total: header.total!,
      credited: credited.toFixed(), issueDate: header.issueDate!, dueDate: header.dueDate!, nationalCurrency: national, invoiceRate,
    };
  }

  legalEntity(id: string): Promise<LegalEntityDocument> {
    let found = this.entities.get(id);
    if (!found) this.entities.set(id, (found = this.readStore.get(LEGAL_ENTITIES, id) as Promise<LegalEntityDocument | null>));
    return found.then((entity) => {
      if (!entity) throw new NotFoundError(`legal entity ${id} does not exist`);
      return entity;
    });
  }

  /** Whether the client exists; its legal entity: the one of its most recent contract (latest start). */
  clientLegalEntity(clientId: string): Promise<string | null> {
    let found = this.clientEntities.get(clientId);
    if (!found) {
      found = (async () => {
        const client = await this.readStore.get(CLIENTS, clientId);
        if (!client) throw ValidationError.field('clientId', `client ${clientId} does not exist`);
        const contracts = await findAll<{ id: string; legalEntityId: string; startDate: string }>(this.readStore, CONTRACTS, { clientId });
        contracts.sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : a.id < b.id ? 1 : -1));
        return contracts[0]?.legalEntityId ?? null;
      })();
      this.clientEntities.set(clientId, found);
    }
    return found;
  }

  /** Units of `quote` per unit of `base` on `date` (RULES.md 11, newest on or before); null when there is none. */
  rate(base: string, quote: string, date: string): Promise<string | null> {
    if (base === quote) return Promise.resolve('1');
    const key = `${base}/${quote}/${date}`;
    let found = this.rates.get(key);
    if (!found) this.rates.set(key, (found = fxRateOn(this.readStore, base, quote, date).then((r) => r?.rate ?? null)));
    return found;
  }

  async conversion(base: string, quote: string, date: string): Promise<Conversion | null> {
    const rate = await this.rate(base, quote, date);
    return rate === null ? null : { to: quote, rate };
  }
}
