/**
 * E-invoices: an issued invoice as a UBL 2.1 Invoice (type 380) and a credit note as a UBL 2.1
 * CreditNote (type 381), following EN 16931 and PEPPOL BIS Billing 3.0 (its customization and
 * profile ids). The amounts are billstream's own, as issued (RULES.md 10, 12, 14, 15), never
 * recomputed: lines, one VAT breakdown per group, the totals, and the VAT in the seller's national
 * currency as a second TaxTotal when the invoice is in another one (VAT Directive art. 230).
 *
 * Pure and fast: no file, clock or randomness, so the same input gives the same bytes; the XML is
 * built as strings, every text and attribute value through `xmlText`, with no DOM.
 *
 * What EN 16931 asks that billstream's data decides here:
 * - Reverse charge (AE) and outside the scope (O) carry their exemption reason code (VATEX-EU-AE,
 *   VATEX-EU-O) and the legal mention stored on the invoice as its text (BR-AE-10, BR-O-10).
 * - An invoice with O lines names no VAT identifier of either party (BR-O-02): the seller's VAT
 *   number is then stated as its tax registration (BT-32) and identifies it (BT-29, BR-CO-26),
 *   since the invoicing rules of its member state still ask for it (art. 226(3)).
 * - The item net price is never negative (BR-27): a negative line states a negative quantity at a
 *   positive price; its price is the line's whole net for its whole quantity (BaseQuantity), so
 *   quantity x price is the net exactly, with no rounded unit price.
 * - A credit note states positive amounts for what billstream stores as negative ones.
 * - The document's period (BG-14) spans the cycle and every line's period: an advance fee of the
 *   next cycle and late usage of an earlier one lie within it (PEPPOL-EN16931-R110, R111).
 * - One note at most (PEPPOL-EN16931-R002): a credit note's reason and the legal mentions that no
 *   VAT breakdown carries are joined into it, one per line.
 */
import { Decimal } from 'decimal.js';
import { addDays } from '../core/calendar-date.ts';
import { minorUnitDigits } from '../core/currencies.ts';
import type { CreditNote } from '../domain/invoice/credit-note.ts';
import type { InvoiceLine, InvoiceVatGroup } from '../domain/invoice/invoice.ts';
import type { PostalAddress } from '../domain/legal-entity/events.ts';
import { paymentReference, type PaymentDetails } from '../domain/legal-entity/payment.ts';

/** EN 16931 compliant, PEPPOL BIS Billing 3.0 (BT-24). */
export const UBL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
/** PEPPOL's billing process (BT-23). */
export const UBL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** A party as the e-invoice names it: a legal entity's or a client's details fit, with the optional fields below. */
export interface UblParty {
  /** The registered name (BT-27, BT-44). */
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** With its country prefix (HU12345676; EL for Greece). */
  vatId: string | null;
  /** Null: the address states the country only (EN 16931 needs the country, BR-09 and BR-11). */
  address: PostalAddress | null;
  /** The electronic address (scheme EM) when no `endpoint` is given. */
  email?: string | null;
  /** A known electronic address, e.g. a PEPPOL participant id (scheme from the EAS list): wins over the email. */
  endpoint?: { scheme: string; id: string } | null;
  /** Company register number (BT-30, BT-47). */
  registrationId?: string | null;
  /** billstream's id of the party: identifies the seller (BT-29) only when it has no VAT id or register number. */
  id?: string | null;
}

export interface UblSeller extends UblParty {
  /** The legal entity's account, the invoice's payment instructions (BG-16); absent or null: none. */
  payment?: PaymentDetails | null;
}

export type UblLine = Pick<InvoiceLine, 'code' | 'description' | 'quantity' | 'unit' | 'net' | 'vatCategory' | 'vatRate' | 'period' | 'originalPeriod'>;
export type UblVatGroup = Pick<InvoiceVatGroup, 'category' | 'rate' | 'taxable' | 'amount' | 'national' | 'mention'>;

/** An issued invoice as billstream stores it: an `InvoiceView` (or an invoice header joined with its body) fits. */
export interface UblInvoiceContent {
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  /** The cycle billed, `[start, end)`: the document's period, widened to its lines' periods. */
  period: { start: string; end: string };
  currency: string | null;
  contractId?: string | null;
  lines: readonly UblLine[];
  vat: readonly UblVatGroup[];
  totalNet: string | null;
  totalVat: string | null;
  total: string | null;
}

export interface UblInvoiceInput {
  invoice: UblInvoiceContent;
  seller: UblSeller;
  buyer: UblParty;
  /** The buyer's own reference for routing (BT-10); absent: the contract id. */
  buyerReference?: string | null;
}

export interface UblCreditNoteInput {
  creditNote: Pick<CreditNote, 'number' | 'issueDate' | 'currency' | 'contractId' | 'invoiceNumber' | 'reason' | 'lines' | 'vat' | 'totalNet' | 'totalVat' | 'total'>;
  /** The invoice the note corrects: its issue date goes with its number in the reference (BG-3), its period is the note's (widened to the note's lines' periods). */
  invoice: { issueDate: string | null; period?: { start: string; end: string } | null };
  seller: UblSeller;
  buyer: UblParty;
  buyerReference?: string | null;
}

/** XML 1.0 cannot hold these at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; unpaired surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'g');
const MARKUP = /[&<>"']/;
const MARKUP_ALL = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The one escaping function: any text as XML element content or a quoted attribute value. A
 * character XML cannot carry is dropped (as the printed invoice drops it) rather than make a
 * document no parser reads.
 */
export function xmlText(value: string): string {
  let text = value;
  if (NOT_XML.test(text)) text = text.replace(NOT_XML_ALL, '');
  return MARKUP.test(text) ? text.replace(MARKUP_ALL, (c) => ENTITIES[c]!) : text;
}

/**
 * UN/ECE Recommendation 20 code of a billstream unit (BT-130): fee periods are stored as codes
 * already (month, quarter, year), usage in seconds, pieces (C62, "one") and data units, decimal
 * and binary apart (MB 10^6 bytes, MiB 2^20).
 */
const REC20_UNITS: Readonly<Record<string, string>> = {
  MON: 'MON', QAN: 'QAN', ANN: 'ANN',
  s: 'SEC', pcs: 'C62',
  MB: '4L', GB: 'E34', TB: 'E35', MiB: 'E63', GiB: 'E62',
};

export function rec20Unit(unit: string): string {
  const code = Object.hasOwn(REC20_UNITS, unit) ? REC20_UNITS[unit] : undefined;
  if (code) return code;
  // A unit stored as a Rec 20 code already goes as it is; anything else would state a wrong quantity.
  if (/^[A-Z0-9]{2,3}$/.test(unit)) return unit;
  throw new RangeError(`unit ${JSON.stringify(unit)} has no UN/ECE Recommendation 20 code`);
}

/**
 * Electronic address schemes (EAS) built on a VAT number, by the number's prefix: the address
 * billstream can name for a party without an email or a known endpoint.
 */
const VAT_ADDRESS_SCHEMES: Readonly<Record<string, string>> = {
  AD: '9922', AL: '9923', AT: '9914', BA: '9924', BE: '9925', BG: '9926', CH: '9927', CY: '9928', CZ: '9929', DE: '9930',
  EE: '9931', EL: '9933', ES: '9920', FR: '9957', GB: '9932', HR: '9934', HU: '9910', IE: '9935', LI: '9936', LT: '9937',
  LU: '9938', LV: '9939', MC: '9940', ME: '9941', MK: '9942', MT: '9943', NL: '9944', PL: '9945', PT: '9946', RO: '9947',
  RS: '9948', SI: '9949', SK: '9950', SM: '9951', TR: '9952', VA: '9953',
};

const present = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null);

/** The party's electronic address (BT-34, BT-49), PEPPOL's delivery address: a known endpoint, else the email (EM), else its VAT number where a scheme exists. */
export function electronicAddress(party: UblParty): { scheme: string; id: string } | null {
  const endpoint = party.endpoint;
  if (endpoint && present(endpoint.id) && present(endpoint.scheme)) return { scheme: endpoint.scheme.trim(), id: endpoint.id.trim() };
  const email = present(party.email);
  if (email) return { scheme: 'EM', id: email };
  const vatId = present(party.vatId);
  const scheme = vatId ? VAT_ADDRESS_SCHEMES[vatId.slice(0, 2).toUpperCase()] : undefined;
  return vatId && scheme ? { scheme, id: vatId } : null;
}

/** Exemption reason codes (VATEX) of the categories that state one. */
const EXEMPTION_CODES: Partial<Record<string, string>> = { AE: 'VATEX-EU-AE', O: 'VATEX-EU-O' };
/** Categories whose breakdown carries an exemption reason; Z and S must not (BR-Z-10, BR-S-10). */
const EXEMPTION_CATEGORIES = new Set(['AE', 'O', 'E']);
/** When a group was stored without its mention, the words the category stands for. */
const DEFAULT_REASONS: Readonly<Record<string, string>> = { AE: 'Reverse charge', O: 'Not subject to VAT', E: 'Exempt from VAT' };

const DECIMAL = /^-?\d+(\.\d+)?$/;
const isZero = (amount: string) => /^-?0+(\.0+)?$/.test(amount);
const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : isZero(amount) ? amount : `-${amount}`);

/** A document as both types render it; `sign` -1 turns billstream's negative credit amounts into the positive ones a CreditNote states. */
interface Document {
  type: 'Invoice' | 'CreditNote';
  number: string;
  issueDate: string;
  dueDate: string | null;
  notes: string[];
  currency: string;
  buyerReference: string | null;
  period: { start: string; end: string } | null;
  preceding: { number: string; issueDate: string | null } | null;
  contractId: string | null;
  lines: readonly UblLine[];
  vat: readonly UblVatGroup[];
  totalNet: string;
  totalVat: string;
  total: string;
  sign: 1 | -1;
}

const INDENTS = Array.from({ length: 8 }, (_, depth) => `\n${'  '.repeat(depth)}`);

/** Appends elements one per line, indented by depth; values and attributes go through `xmlText`. */
class Writer {
  private parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  open(tag: string, attributes = ''): void {
    this.parts.push(INDENTS[this.depth]!, '<', tag, attributes, '>');
    this.depth++;
  }

  close(tag: string): void {
    this.depth--;
    this.parts.push(INDENTS[this.depth]!, '</', tag, '>');
  }

  /** A leaf element; nothing at all when the value is null or blank. */
  leaf(tag: string, value: string | null | undefined, attributes = ''): void {
    if (value === null || value === undefined || value.trim() === '') return;
    this.parts.push(INDENTS[this.depth]!, '<', tag, attributes, '>', xmlText(value), '</', tag, '>');
  }

  amount(tag: string, value: string, currency: string): void {
    this.leaf(tag, value, ` currencyID="${xmlText(currency)}"`);
  }

  text(): string {
    return `${this.parts.join('')}\n`;
  }
}

/** Checks an amount EN 16931 can state (BR-DEC-*: at most 2 decimals) and signs it for the document. */
function signedAmount(value: string, doc: Document): string {
  if (!DECIMAL.test(value)) throw new RangeError(`amount ${JSON.stringify(value)} is not a decimal number`);
  return doc.sign === 1 ? value : negate(value);
}

function checkCurrency(currency: string): void {
  // EN 16931 states every amount with at most two decimals (BR-DEC-*): a three-decimal currency's amounts would have to be rounded again.
  if (minorUnitDigits(currency) > 2) throw new RangeError(`${currency} amounts have ${minorUnitDigits(currency)} decimals: EN 16931 states at most 2`);
}

function address(w: Writer, party: UblParty): void {
  w.open('cac:PostalAddress');
  const a = party.address;
  if (a) {
    w.leaf('cbc:StreetName', a.line1);
    w.leaf('cbc:AdditionalStreetName', a.line2);
    w.leaf('cbc:CityName', a.city);
    w.leaf('cbc:PostalZone', a.postalCode);
  }
  w.open('cac:Country');
  w.leaf('cbc:IdentificationCode', party.country);
  w.close('cac:Country');
  w.close('cac:PostalAddress');
}

function taxScheme(w: Writer, companyId: string, scheme: 'VAT' | 'TAX'): void {
  w.open('cac:PartyTaxScheme');
  w.leaf('cbc:CompanyID', companyId);
  w.open('cac:TaxScheme');
  w.leaf('cbc:ID', scheme);
  w.close('cac:TaxScheme');
  w.close('cac:PartyTaxScheme');
}

function party(w: Writer, p: UblParty, role: 'seller' | 'buyer', outsideScope: boolean): void {
  const wrapper = role === 'seller' ? 'cac:AccountingSupplierParty' : 'cac:AccountingCustomerParty';
  w.open(wrapper);
  w.open('cac:Party');
  const endpoint = electronicAddress(p);
  if (endpoint) w.leaf('cbc:EndpointID', endpoint.id, ` schemeID="${xmlText(endpoint.scheme)}"`);
  const vatId = present(p.vatId);
  const registrationId = present(p.registrationId);
  // BR-O-02: no VAT identifier on an invoice outside the scope of VAT.
  const statesVatId = vatId !== null && !outsideScope;
  // BR-CO-26: the seller is identified by its VAT id, register number or an identifier.
  const identifier = role === 'seller' && !statesVatId && !registrationId ? (vatId ?? present(p.id)) : null;
  if (identifier) {
    w.open('cac:PartyIdentification');
    w.leaf('cbc:ID', identifier);
    w.close('cac:PartyIdentification');
  }
  address(w, p);
  if (statesVatId) taxScheme(w, vatId, 'VAT');
  else if (role === 'seller' && vatId) taxScheme(w, vatId, 'TAX');
  w.open('cac:PartyLegalEntity');
  w.leaf('cbc:RegistrationName', present(p.name) ?? p.id ?? '?');
  w.leaf('cbc:CompanyID', registrationId);
  w.close('cac:PartyLegalEntity');
  w.close('cac:Party');
  w.close(wrapper);
}

/** A period as UBL states it, both dates included. */
interface Dates { start: string; end: string }

/** billstream's periods end on the day after (exclusive); a one-day charge may be stored with end = start. */
function inclusive(span: { start: string; end: string }): Dates {
  return { start: span.start, end: span.end > span.start ? addDays(span.end, -1) : span.start };
}

/** The period a line states: late usage is supplied in the cycle it belongs to (RULES.md 6). */
function linePeriod(item: UblLine): Dates {
  return inclusive(item.originalPeriod ?? item.period);
}

/**
 * The document's period (BG-14): the cycle billed, widened to every line's period, so that no
 * line's period starts before it or ends after it (PEPPOL-EN16931-R110, R111). An advance fee of
 * the next cycle moves its end; late usage of an earlier cycle moves its start.
 */
function documentPeriod(cycle: { start: string; end: string } | null, lines: readonly UblLine[]): Dates | null {
  const spans = [...(cycle ? [inclusive(cycle)] : []), ...lines.map(linePeriod)];
  if (spans.length === 0) return null;
  return spans.reduce((a, b) => ({ start: b.start < a.start ? b.start : a.start, end: b.end > a.end ? b.end : a.end }));
}

function period(w: Writer, tag: string, span: Dates): void {
  w.open(tag);
  w.leaf('cbc:StartDate', span.start);
  w.leaf('cbc:EndDate', span.end);
  w.close(tag);
}

function paymentMeans(w: Writer, payment: PaymentDetails, doc: Document): void {
  w.open('cac:PaymentMeans');
  // 58: SEPA credit transfer (euro); 30: credit transfer in any other currency.
  w.leaf('cbc:PaymentMeansCode', doc.currency === 'EUR' ? '58' : '30');
  w.leaf('cbc:PaymentID', paymentReference(payment, doc.number));
  w.open('cac:PayeeFinancialAccount');
  w.leaf('cbc:ID', payment.iban);
  if (present(payment.bic)) {
    w.open('cac:FinancialInstitutionBranch');
    w.leaf('cbc:ID', payment.bic);
    w.close('cac:FinancialInstitutionBranch');
  }
  w.close('cac:PayeeFinancialAccount');
  w.close('cac:PaymentMeans');
}

function taxCategory(w: Writer, tag: string, category: string, rate: string, reason: string | null): void {
  w.open(tag);
  w.leaf('cbc:ID', category);
  // BR-O-05 and BR-48: outside the scope there is no rate at all.
  if (category !== 'O') w.leaf('cbc:Percent', rate);
  if (reason !== null) {
    w.leaf('cbc:TaxExemptionReasonCode', EXEMPTION_CODES[category]);
    w.leaf('cbc:TaxExemptionReason', reason);
  }
  w.open('cac:TaxScheme');
  w.leaf('cbc:ID', 'VAT');
  w.close('cac:TaxScheme');
  w.close(tag);
}

function taxTotals(w: Writer, doc: Document, national: { currency: string; amount: string } | null): void {
  const { currency } = doc;
  w.open('cac:TaxTotal');
  w.amount('cbc:TaxAmount', signedAmount(doc.totalVat, doc), currency);
  for (const group of doc.vat) {
    w.open('cac:TaxSubtotal');
    w.amount('cbc:TaxableAmount', signedAmount(group.taxable, doc), currency);
    w.amount('cbc:TaxAmount', signedAmount(group.amount, doc), currency);
    const reason = EXEMPTION_CATEGORIES.has(group.category) ? (present(group.mention) ?? DEFAULT_REASONS[group.category]!) : null;
    taxCategory(w, 'cac:TaxCategory', group.category, group.rate, reason);
    w.close('cac:TaxSubtotal');
  }
  w.close('cac:TaxTotal');
  // Art. 230: the VAT also in the seller's national currency (BT-6, BT-111), when the document is in another one.
  if (national) {
    w.open('cac:TaxTotal');
    w.amount('cbc:TaxAmount', national.amount, national.currency);
    w.close('cac:TaxTotal');
  }
}

/** The document's VAT in the seller's national currency: the sum of its groups' (RULES.md 14), or null when the document is in that currency. */
function nationalVat(doc: Document): { currency: string; amount: string } | null {
  const groups = doc.vat.filter((g) => g.national && g.national.currency !== doc.currency);
  if (groups.length === 0) return null;
  const currency = groups[0]!.national!.currency;
  checkCurrency(currency);
  if (groups.length !== doc.vat.length || groups.some((g) => g.national!.currency !== currency)) {
    throw new RangeError(`the VAT groups of ${doc.number} are not all stated in one national currency`);
  }
  let sum = new Decimal(0);
  for (const g of groups) sum = sum.plus(signedAmount(g.national!.amount, doc));
  return { currency, amount: (sum.isZero() ? new Decimal(0) : sum).toFixed(minorUnitDigits(currency)) };
}

/**
 * Quantity and price of a line so that quantity x price / base quantity is its net and the price
 * is not negative (BR-27): the sign goes on the quantity. A line that charges without a quantity
 * (a correction of usage re-rated to nothing) states one unit (C62) for its net.
 */
function quantityAndPrice(line: UblLine, net: string): { quantity: string; base: string | null; unit: string } {
  if (!DECIMAL.test(line.quantity)) throw new RangeError(`quantity ${JSON.stringify(line.quantity)} of line ${line.code} is not a decimal number`);
  const negative = net.startsWith('-');
  const magnitude = line.quantity.startsWith('-') ? line.quantity.slice(1) : line.quantity;
  if (isZero(magnitude)) return isZero(net) ? { quantity: magnitude, base: null, unit: rec20Unit(line.unit) } : { quantity: negative ? '-1' : '1', base: null, unit: 'C62' };
  return { quantity: negative ? `-${magnitude}` : magnitude, base: /^0*1(\.0+)?$/.test(magnitude) ? null : magnitude, unit: rec20Unit(line.unit) };
}

function line(w: Writer, doc: Document, item: UblLine, position: number): void {
  const tag = doc.type === 'Invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
  const net = signedAmount(item.net, doc);
  const { quantity, base, unit } = quantityAndPrice(item, net);
  const unitCode = ` unitCode="${xmlText(unit)}"`;
  w.open(tag);
  w.leaf('cbc:ID', String(position));
  w.leaf(doc.type === 'Invoice' ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity', quantity, unitCode);
  w.amount('cbc:LineExtensionAmount', net, doc.currency);
  period(w, 'cac:InvoicePeriod', linePeriod(item));
  w.open('cac:Item');
  w.leaf('cbc:Name', present(item.description) ?? item.code);
  if (present(item.code)) {
    w.open('cac:SellersItemIdentification');
    w.leaf('cbc:ID', item.code);
    w.close('cac:SellersItemIdentification');
  }
  taxCategory(w, 'cac:ClassifiedTaxCategory', item.vatCategory, item.vatRate, null);
  w.close('cac:Item');
  w.open('cac:Price');
  w.amount('cbc:PriceAmount', net.startsWith('-') ? net.slice(1) : net, doc.currency);
  if (base !== null) w.leaf('cbc:BaseQuantity', base, unitCode);
  w.close('cac:Price');
  w.close(tag);
}

function render(doc: Document, seller: UblSeller, buyer: UblParty): string {
  checkCurrency(doc.currency);
  if (doc.lines.length === 0) throw new RangeError(`${doc.number} has no lines: EN 16931 needs at least one (BR-16)`);
  const w = new Writer();
  const ns = doc.type === 'Invoice' ? 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' : 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
  w.open(doc.type, ` xmlns="${ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"`);
  w.leaf('cbc:CustomizationID', UBL_CUSTOMIZATION_ID);
  w.leaf('cbc:ProfileID', UBL_PROFILE_ID);
  w.leaf('cbc:ID', doc.number);
  w.leaf('cbc:IssueDate', doc.issueDate);
  if (doc.type === 'Invoice') {
    w.leaf('cbc:DueDate', doc.dueDate);
    w.leaf('cbc:InvoiceTypeCode', '380');
  } else {
    w.leaf('cbc:CreditNoteTypeCode', '381');
  }
  // PEPPOL-EN16931-R002: at most one note, so a credit note's reason and a legal mention share it.
  const note = [...new Set(doc.notes.map((n) => n.trim()).filter((n) => n !== ''))].join('\n');
  w.leaf('cbc:Note', note);
  w.leaf('cbc:DocumentCurrencyCode', doc.currency);
  const national = nationalVat(doc);
  if (national) w.leaf('cbc:TaxCurrencyCode', national.currency);
  w.leaf('cbc:BuyerReference', doc.buyerReference);
  const span = documentPeriod(doc.period, doc.lines);
  if (span) period(w, 'cac:InvoicePeriod', span);
  if (doc.preceding) {
    w.open('cac:BillingReference');
    w.open('cac:InvoiceDocumentReference');
    w.leaf('cbc:ID', doc.preceding.number);
    w.leaf('cbc:IssueDate', doc.preceding.issueDate);
    w.close('cac:InvoiceDocumentReference');
    w.close('cac:BillingReference');
  }
  if (present(doc.contractId)) {
    w.open('cac:ContractDocumentReference');
    w.leaf('cbc:ID', doc.contractId);
    w.close('cac:ContractDocumentReference');
  }
  const outsideScope = doc.lines.some((l) => l.vatCategory === 'O');
  party(w, seller, 'seller', outsideScope);
  party(w, buyer, 'buyer', outsideScope);
  if (doc.type === 'Invoice' && seller.payment && present(seller.payment.iban)) paymentMeans(w, seller.payment, doc);
  taxTotals(w, doc, national);
  w.open('cac:LegalMonetaryTotal');
  w.amount('cbc:LineExtensionAmount', signedAmount(doc.totalNet, doc), doc.currency);
  w.amount('cbc:TaxExclusiveAmount', signedAmount(doc.totalNet, doc), doc.currency);
  w.amount('cbc:TaxInclusiveAmount', signedAmount(doc.total, doc), doc.currency);
  w.amount('cbc:PayableAmount', signedAmount(doc.total, doc), doc.currency);
  w.close('cac:LegalMonetaryTotal');
  doc.lines.forEach((item, i) => line(w, doc, item, i + 1));
  w.close(doc.type);
  return w.text();
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined || value === '') throw new RangeError(`an e-invoice needs the ${what}: only an issued invoice has one`);
  return value;
}

/** Legal mentions that no VAT breakdown carries as its exemption reason (zero rating, BR-Z-10): stated as notes. */
function otherMentions(vat: readonly UblVatGroup[]): string[] {
  return vat.flatMap((g) => (!EXEMPTION_CATEGORIES.has(g.category) && present(g.mention) ? [g.mention!] : []));
}

/** The UBL 2.1 Invoice of an issued invoice. */
export function ublInvoice(input: UblInvoiceInput): string {
  const { invoice } = input;
  const number = required(invoice.number, 'invoice number');
  return render({
    type: 'Invoice',
    number,
    issueDate: required(invoice.issueDate, 'issue date'),
    dueDate: invoice.dueDate,
    notes: otherMentions(invoice.vat),
    currency: required(invoice.currency, 'currency'),
    buyerReference: present(input.buyerReference) ?? present(invoice.contractId),
    period: invoice.period,
    preceding: null,
    contractId: invoice.contractId ?? null,
    lines: invoice.lines,
    vat: invoice.vat,
    totalNet: required(invoice.totalNet, 'net total'),
    totalVat: required(invoice.totalVat, 'VAT total'),
    total: required(invoice.total, 'total'),
    sign: 1,
  }, input.seller, input.buyer);
}

/** The UBL 2.1 CreditNote of an issued credit note, referencing the invoice it corrects (BG-3). */
export function ublCreditNote(input: UblCreditNoteInput): string {
  const note = input.creditNote;
  return render({
    type: 'CreditNote',
    number: required(note.number, 'credit note number'),
    issueDate: required(note.issueDate, 'issue date'),
    dueDate: null,
    notes: [...(present(note.reason) ? [note.reason] : []), ...otherMentions(note.vat)],
    currency: note.currency,
    buyerReference: present(input.buyerReference) ?? present(note.contractId),
    period: input.invoice.period ?? null,
    preceding: { number: note.invoiceNumber, issueDate: input.invoice.issueDate },
    contractId: note.contractId,
    lines: note.lines,
    vat: note.vat,
    totalNet: note.totalNet,
    totalVat: note.totalVat,
    total: note.total,
    sign: -1,
  }, input.seller, input.buyer);
}
