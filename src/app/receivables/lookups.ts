/**
 * What the client ledger's commands need from the read models: an issued invoice's facts, the
 * legal entity that received a payment and its national currency, and rates on a date. Memoised
 * per instance, so an import of 100,000 payments reads each legal entity, client and rate once;
 * an import also reads a chunk's known payments and named invoices at once (`prefetch`), which
 * answer that chunk's lookups (per chunk: read models may move on while an import runs in `serve`).
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
import { PAYMENTS, type PaymentDocument } from '../../../projections/payments.projection.ts';
import type { Conversion, InvoiceFacts, PaymentInput } from '../../domain/receivables/decider.ts';
import { creditNoteReduction } from '../../domain/receivables/receivable.ts';

/** Ids per `$in` query: well within every adapter's bound on parameters. */
const IN_SLICE = 500;

/** What one chunk of an import read at once; a key absent from a map was not asked for. */
interface Prefetched {
  payments: Map<string, PaymentDocument | null>;
  /** The first invoice header by id with the number (as `find(..., { limit: 1 })` gives it), or null. */
  invoices: Map<string, InvoiceDocument | null>;
  bodies: Map<string, InvoiceBody | null>;
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

async function findIn<D>(readStore: ReadStore, collection: string, field: string, values: string[], visit: (doc: D) => void): Promise<void> {
  for (let i = 0; i < values.length; i += IN_SLICE) {
    for (const doc of await findAll(readStore, collection, { [field]: { $in: values.slice(i, i + IN_SLICE) } })) visit(doc as D);
  }
}

export class ReceivablesLookups {
  private readonly entities = new Map<string, Promise<LegalEntityDocument | null>>();
  private readonly clientEntities = new Map<string, Promise<string | null>>();
  private readonly rates = new Map<string, Promise<string | null>>();
  /** Clients read by `prefetch` that exist: their legal entity. */
  private readonly clients = new Map<string, { legalEntityId: string | null }>();
  /**
   * Clients the last `prefetch` found not to exist: the last chunk's only, and answered from here,
   * not memoised as refused promises, so a file of a million unknown clients keeps no million errors.
   */
  private unknownClients = new Set<string>();
  private prefetched: Prefetched | null = null;

  constructor(private readonly readStore: ReadStore) {}

  /**
   * Reads at once what the commands of these payments ask for: the payments known under their
   * ids, the invoices their numbers name (and the bodies of those in a foreign currency), and
   * the clients not read before with their contracts. Replaces what the previous call read.
   */
  async prefetch(payments: PaymentInput[]): Promise<void> {
    const chunk: Prefetched = { payments: new Map(), invoices: new Map(), bodies: new Map() };
    this.prefetched = null;
    const ids = unique(payments.map((p) => p.paymentId));
    for (const id of ids) chunk.payments.set(id, null);
    await findIn<PaymentDocument>(this.readStore, PAYMENTS, 'id', ids, (doc) => chunk.payments.set(doc.id, doc));
    const numbers = unique(payments.map((p) => p.invoiceNumber));
    for (const number of numbers) chunk.invoices.set(number, null);
    // Ascending ids: the first header read per number is the one `find` with limit 1 gives.
    await findIn<InvoiceDocument>(this.readStore, INVOICES, 'number', numbers, (doc) => {
      if (doc.number !== null && chunk.invoices.get(doc.number) === null) chunk.invoices.set(doc.number, doc);
    });
    const foreign = [...chunk.invoices.values()].filter((h): h is InvoiceDocument => !!h && h.status === 'issued' && !!h.seller?.currency && h.currency !== h.seller.currency);
    const bodyIds = unique(foreign.map((h) => h.id));
    for (const id of bodyIds) chunk.bodies.set(id, null);
    await findIn<InvoiceBody & { id: string }>(this.readStore, INVOICE_BODIES, 'id', bodyIds, (body) => chunk.bodies.set(body.id, body));
    this.unknownClients = new Set();
    const clientIds = unique(payments.map((p) => p.clientId)).filter((id) => !this.clientEntities.has(id) && !this.clients.has(id));
    const found = new Set<string>();
    await findIn<{ id: string }>(this.readStore, CLIENTS, 'id', clientIds, (client) => found.add(client.id));
    const contracts = new Map<string, ContractRef[]>();
    await findIn<ContractRef>(this.readStore, CONTRACTS, 'clientId', [...found], (contract) => {
      const list = contracts.get(contract.clientId);
      if (list) list.push(contract);
      else contracts.set(contract.clientId, [contract]);
    });
    for (const id of clientIds) {
      if (found.has(id)) this.clients.set(id, { legalEntityId: latestContract(contracts.get(id) ?? [])?.legalEntityId ?? null });
      else this.unknownClients.add(id);
    }
    this.prefetched = chunk;
  }

  /** The payment recorded under this id as the payments read model shows it, or null. */
  async knownPayment(paymentId: string): Promise<PaymentDocument | null> {
    const chunk = this.prefetched?.payments;
    if (chunk?.has(paymentId)) return chunk.get(paymentId)!;
    return (await this.readStore.get(PAYMENTS, paymentId)) as PaymentDocument | null;
  }

  /** The issued invoice with this number, or (when `byId`) this id; null when there is none. */
  async invoice(reference: string, byId = false): Promise<InvoiceFacts | null> {
    const chunk = this.prefetched?.invoices;
    const byNumber = chunk?.has(reference)
      ? (chunk.get(reference) ?? undefined)
      : ((await this.readStore.find(INVOICES, { number: reference }, { limit: 1 })).items[0] as InvoiceDocument | undefined);
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
      const bodies = this.prefetched?.bodies;
      const body = bodies?.has(header.id) ? bodies.get(header.id)! : ((await this.readStore.get(INVOICE_BODIES, header.id)) as InvoiceBody | null);
      const stated = body?.fxRates.find((r) => r.base === currency && r.quote === national) ?? body?.fx;
      if (!stated) throw new ValidationError(`invoice ${header.number} in ${currency} states no ${currency}/${national} rate`);
      invoiceRate = stated.rate;
    }
    const credited = header.creditNotes.reduce((sum, note) => sum.plus(creditNoteReduction(note.total)), new Decimal(0));
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
    const known = this.clients.get(clientId);
    if (known) return Promise.resolve(known.legalEntityId);
    if (this.unknownClients.has(clientId)) return Promise.reject(ValidationError.field('clientId', `client ${clientId} does not exist`));
    let found = this.clientEntities.get(clientId);
    if (!found) {
      found = (async () => {
        const client = await this.readStore.get(CLIENTS, clientId);
        if (!client) throw ValidationError.field('clientId', `client ${clientId} does not exist`);
        const contracts = await findAll<ContractRef>(this.readStore, CONTRACTS, { clientId });
        return latestContract(contracts)?.legalEntityId ?? null;
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

type ContractRef = { id: string; clientId: string; legalEntityId: string; startDate: string };

/** The most recent contract: latest start, then greatest id. */
function latestContract(contracts: ContractRef[]): ContractRef | undefined {
  return [...contracts].sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : a.id < b.id ? 1 : -1))[0];
}
