/**
 * Printable invoices and credit notes (A4 .docx, written with `docx`): every item the VAT Directive
 * asks of an invoice (art. 226) that applies to it, the VAT in the seller's national currency when
 * the invoice is in another one (art. 230, RULES.md 14), the legal mention of reverse charge,
 * exemption or supply outside the scope (RULES.md 13), and the payment details of the legal entity.
 * Labels are in the client's language, through the translator the caller passes.
 *
 * `docx` writes the package and the markup of every kind of paragraph, run and table row once
 * (docx-template.ts); a document fills them with its text. No file, clock or randomness: the same
 * document renders to the same bytes (an issued invoice printed again is the same file), its
 * package dated the document's issue date, in the core properties and in every zip entry.
 */
import { Decimal } from 'decimal.js';
import { addDays } from '../core/calendar-date.ts';
import { minorUnitDigits } from '../core/currencies.ts';
import { printableIban } from '../core/iban.ts';
import type { CreditNote } from '../domain/invoice/credit-note.ts';
import type { FxRate, InvoiceLine, InvoiceVatGroup } from '../domain/invoice/invoice.ts';
import { paymentReference } from '../domain/legal-entity/payment.ts';
import type { Translator } from '../i18n/translator.ts';
import type { DocumentParty, DocumentSeller } from './parties.ts';
import { fill, logoMarkup, markup, pack, type Markup, type ParagraphKind, type RunKind, type TableKind } from './docx-template.ts';

/**
 * What the renderer needs of a translator (`translatorFor(client.language)`): the labels of
 * src/i18n/locales/<lang>/document.ftl, and the locale amounts and dates are written for.
 */
export { missingDocumentItems, type DocumentParty, type DocumentSeller } from './parties.ts';

export type DocumentTranslator = Pick<Translator, 'locale' | 't'>;

/** An invoice as issued: an `InvoiceView` of an issued invoice fits. */
export interface InvoiceContent {
  id: string;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  /** The cycle billed, `[start, end)`: the supply period (art. 226(7)). */
  period: { start: string; end: string };
  currency: string | null;
  lines: readonly InvoiceLine[];
  vat: readonly InvoiceVatGroup[];
  fxRates?: readonly FxRate[];
  mentions: readonly string[];
  totalNet: string | null;
  totalVat: string | null;
  total: string | null;
}

export interface InvoiceDocxInput {
  invoice: InvoiceContent;
  seller: DocumentSeller;
  buyer: DocumentParty;
  translator: DocumentTranslator;
  /** The legal entity's logo, PNG or JPEG bytes, printed above its name. */
  logo?: Uint8Array | null;
}

export interface CreditNoteDocxInput {
  creditNote: CreditNote;
  /** The invoice the note corrects (art. 219: a correcting document refers to it unambiguously). */
  invoice: Pick<InvoiceContent, 'number' | 'issueDate' | 'period' | 'fxRates'>;
  seller: DocumentSeller;
  buyer: DocumentParty;
  translator: DocumentTranslator;
  logo?: Uint8Array | null;
}

/** An issued document lacks what printing it needs (it was not issued, or not priced). */
export class NotPrintableError extends Error {
  override readonly name = 'NotPrintableError';
}

export async function invoiceDocx(input: InvoiceDocxInput): Promise<Uint8Array> {
  const { invoice } = input;
  const issued = {
    number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, currency: invoice.currency,
    totalNet: invoice.totalNet, totalVat: invoice.totalVat, total: invoice.total,
  };
  const missing = Object.entries(issued).filter(([, value]) => value === null).map(([key]) => key);
  if (missing.length) throw new NotPrintableError(`invoice ${invoice.id} has no ${missing.join(', ')}: only an issued invoice is printed`);
  return render({
    kind: 'invoice',
    number: issued.number!,
    issueDate: issued.issueDate!,
    dueDate: issued.dueDate,
    period: invoice.period,
    currency: issued.currency!,
    lines: invoice.lines,
    vat: invoice.vat,
    fxRates: invoice.fxRates ?? [],
    mentions: invoice.mentions,
    totalNet: issued.totalNet!,
    totalVat: issued.totalVat!,
    total: issued.total!,
    corrects: null,
    seller: input.seller,
    buyer: input.buyer,
    logo: input.logo ?? null,
  }, input.translator);
}

export async function creditNoteDocx(input: CreditNoteDocxInput): Promise<Uint8Array> {
  const note = input.creditNote;
  if (!input.invoice.issueDate) throw new NotPrintableError(`invoice ${note.invoiceNumber} has no issue date: a credit note corrects an issued invoice`);
  const national = input.invoice.fxRates?.filter((rate) => rate.base === note.currency && rate.quote === input.seller.currency) ?? [];
  return render({
    kind: 'credit-note',
    number: note.number,
    issueDate: note.issueDate,
    dueDate: null,
    period: input.invoice.period,
    currency: note.currency,
    lines: note.lines,
    vat: note.vat,
    // The note states its national VAT at the invoice's rate: that rate is the one to print.
    fxRates: note.vat.some((g) => g.national) ? national : [],
    mentions: [...new Set(note.vat.flatMap((g) => (g.mention ? [g.mention] : [])))],
    totalNet: note.totalNet,
    totalVat: note.totalVat,
    total: note.total,
    corrects: { number: note.invoiceNumber, issueDate: input.invoice.issueDate, reason: note.reason },
    seller: input.seller,
    buyer: input.buyer,
    logo: input.logo ?? null,
  }, input.translator);
}

interface Printable {
  kind: 'invoice' | 'credit-note';
  number: string;
  issueDate: string;
  dueDate: string | null;
  period: { start: string; end: string };
  currency: string;
  lines: readonly InvoiceLine[];
  vat: readonly InvoiceVatGroup[];
  fxRates: readonly FxRate[];
  mentions: readonly string[];
  totalNet: string;
  totalVat: string;
  total: string;
  corrects: { number: string; issueDate: string; reason: string } | null;
  seller: DocumentSeller;
  buyer: DocumentParty;
  logo: Uint8Array | null;
}

// ---------------------------------------------------------------------------------------------
// Text: what reaches the XML, and how numbers read in the client's language.

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab and line ends, lone surrogates, U+FFFE and
 * U+FFFF) are dropped; line breaks become spaces, since a name or an address line is one line.
 */
export function printableText(text: string): string {
  return text
    .replace(/[\t\n\r]+/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: a run of them is written right to left. */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** Intl formatters cost 30 to 90 µs to build, a bill run prints thousands of documents: one per locale and shape, kept. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

/**
 * Amounts, numbers and dates as the translator writes them (`Translator.money`, `number`, `date`:
 * the same options, checked equal by test/documents/docx.test.ts), with the formatters kept.
 * Decimal strings go to Intl as strings: no binary float ever holds an amount.
 */
class Formats {
  constructor(private readonly locale: string) {}

  /**
   * An amount with the currency's minor-unit digits, or more when it has them (a unit price),
   * never rounded again: amounts are rounded where RULES.md says (Intl alone would print HUF
   * without its fillér).
   */
  money(amount: string, currency: string): string {
    const digits = Math.max(minorUnitDigits(currency), new Decimal(amount).decimalPlaces());
    const format = cached(`money ${this.locale} ${currency} ${digits}`, () => new Intl.NumberFormat(this.locale, {
      style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }));
    return format.format(amount as Intl.StringNumericLiteral);
  }

  /** A quantity or a rate as it is: every digit it has. */
  number(value: string): string {
    const digits = Math.min(new Decimal(value).decimalPlaces(), 100);
    const format = cached(`number ${this.locale} ${digits}`, () => new Intl.NumberFormat(this.locale, { maximumFractionDigits: digits }));
    return format.format(new Decimal(value).toFixed() as Intl.StringNumericLiteral);
  }

  /** A unit price: the net per unit to two digits beyond the currency's minor unit, half-up, trailing zeros dropped. */
  unitPrice(value: Decimal, currency: string): string {
    return this.money(value.toDecimalPlaces(minorUnitDigits(currency) + 2, Decimal.ROUND_HALF_UP).toFixed(), currency);
  }

  percent(rate: string): string {
    const format = cached(`percent ${this.locale}`, () => new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 4 }));
    return format.format(new Decimal(rate).dividedBy(100).toFixed() as Intl.StringNumericLiteral);
  }

  /** A calendar date (`2026-11-01`) written out: unambiguous in every country. */
  date(isoDate: string): string {
    const format = cached(`date ${this.locale}`, () => new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }));
    return format.format(Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))));
  }

  /** A cycle `[start, end)` as its first and last day. */
  period(period: { start: string; end: string }): string {
    const last = period.end > period.start ? addDays(period.end, -1) : period.end;
    return last === period.start ? this.date(period.start) : `${this.date(period.start)} – ${this.date(last)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Markup: the templates docx wrote (docx-template.ts), filled with escaped text.

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

class Body {
  constructor(private readonly markup: Markup) {}

  run(text: string, kind: RunKind = 'plain'): string {
    const value = printableText(text);
    const templates = this.markup.runs[kind];
    return fill(RIGHT_TO_LEFT.test(value) ? templates.rtl : templates.ltr, [escapeXml(value)]);
  }

  paragraph(kind: ParagraphKind, runs: string | string[] = []): string {
    return fill(this.markup.paragraphs[kind], [typeof runs === 'string' ? runs : runs.join('')]);
  }

  /** A paragraph of one run of `text`. */
  text(text: string, kind: ParagraphKind = 'left', run: RunKind = 'plain'): string {
    return this.paragraph(kind, [this.run(text, run)]);
  }

  /** A label (with its colon, `document-label`) and its value in bold. */
  fact(label: string, value: string, kind: ParagraphKind = 'left'): string {
    return this.paragraph(kind, [this.run(`${label} `), this.run(value, 'bold')]);
  }

  /** A table of `kind`, each cell given as the markup of its paragraphs (at least one). */
  table(kind: TableKind, head: string[] | null, rows: string[][]): string {
    const table = this.markup.tables[kind];
    const cells = (values: string[]) => values.map((v) => v || this.paragraph('left'));
    let out = table.open;
    if (table.head && head) out += fill(table.head, cells(head));
    for (const row of rows) out += fill(table.row, cells(row));
    return out + table.close;
  }

  /** A grid table of text: a header row of labels, then rows of values; `right` names the columns of figures. */
  grid(kind: TableKind, head: string[], rows: string[][], right: ReadonlySet<number>): string {
    const align = (i: number): ParagraphKind => (right.has(i) ? 'right' : 'left');
    return this.table(
      kind,
      head.map((label, i) => this.text(label, align(i), 'smallBold')),
      rows.map((row) => row.map((value, i) => this.text(value, align(i)))),
    );
  }
}

function addressLines(party: DocumentParty): string[] {
  const address = party.address;
  if (!address) return [party.country];
  return [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), party.country].filter((l): l is string => !!l);
}

async function render(doc: Printable, translator: DocumentTranslator): Promise<Uint8Array> {
  const f = new Formats(translator.locale);
  const t = (id: string, args?: Record<string, string | number>) => translator.t(id, args);
  /** "Number:", "Numéro :": a label as it stands before its value. */
  const label = (id: string) => t('document-label', { label: t(id) });
  const money = (amount: string) => f.money(amount, doc.currency);
  const title = t(doc.kind === 'invoice' ? 'document-invoice' : 'document-credit-note');
  const b = new Body(await markup());

  // Supplier (under its logo) and customer on the left; title, number and dates on the right.
  const seller = [b.text(t('document-supplier'), 'left', 'smallBold')];
  if (doc.logo) seller.push(await logoMarkup(doc.logo));
  seller.push(b.text(doc.seller.name, 'left', 'heading'));
  for (const line of addressLines(doc.seller)) seller.push(b.text(line));
  if (doc.seller.vatId) seller.push(b.text(`${label('document-vat-id')} ${doc.seller.vatId}`));

  const heading = [
    b.text(title, 'title', 'title'),
    b.fact(label('document-number'), doc.number, 'right'),
    b.fact(label('document-issue-date'), f.date(doc.issueDate), 'right'),
    b.fact(label('document-supply-period'), f.period(doc.period), 'right'),
  ];
  if (doc.dueDate) heading.push(b.fact(label('document-due-date'), f.date(doc.dueDate), 'right'));
  heading.push(b.fact(label('document-currency'), doc.currency, 'right'));
  if (doc.corrects) {
    heading.push(b.text(t('document-corrects-invoice', { number: doc.corrects.number, date: f.date(doc.corrects.issueDate) }), 'right', 'bold'));
    heading.push(b.text(`${label('document-reason')} ${doc.corrects.reason}`, 'right'));
  }

  const buyer = [b.paragraph('left'), b.text(t('document-customer'), 'left', 'smallBold'), b.text(doc.buyer.name, 'left', 'bold')];
  for (const line of addressLines(doc.buyer)) buyer.push(b.text(line));
  if (doc.buyer.vatId) buyer.push(b.text(`${label('document-vat-id')} ${doc.buyer.vatId}`));

  const body: string[] = [
    b.table('parties', null, [[seller.join(''), heading.join('')], [buyer.join(''), '']]),
    b.paragraph('spacer'),
  ];

  // Lines: what was supplied, how much, at which rate (art. 226(6), (8), (9)).
  const lineRows = doc.lines.map((line) => {
    const description = line.originalPeriod
      ? `${line.description} (${t('document-late-usage', { start: f.date(line.originalPeriod.start), end: f.date(addDays(line.originalPeriod.end, -1)) })})`
      : line.description;
    const quantity = new Decimal(line.quantity);
    // A fee's unit price is its net per unit; usage is priced per destination, band and tier, so it has none.
    const unitPrice = (line.kind === 'recurring' || line.kind === 'one-time') && !quantity.isZero() ? f.unitPrice(new Decimal(line.net).dividedBy(quantity), doc.currency) : '';
    return [description, f.number(line.quantity), t('document-unit-name', { unit: line.unit }), unitPrice, f.percent(line.vatRate), money(line.net)];
  });
  body.push(
    b.text(t('document-lines'), 'section', 'heading'),
    b.grid('lines', [t('document-description'), t('document-quantity'), t('document-unit'), t('document-unit-price'), t('document-vat-rate'), t('document-net')], lineRows, new Set([1, 3, 4, 5])),
    b.paragraph('spacer'),
  );

  // VAT per group (art. 226(8), (10)), and in the national currency when it differs (art. 230).
  const nationalCurrency = doc.vat.find((g) => g.national)?.national?.currency ?? null;
  const vatHead = [t('document-vat-category'), t('document-vat-rate'), t('document-taxable'), t('document-vat')];
  if (nationalCurrency) vatHead.push(t('document-vat-in', { currency: nationalCurrency }));
  const vatRows = doc.vat.map((g) => {
    const row = [t('document-vat-category-name', { category: g.category }), f.percent(g.rate), money(g.taxable), money(g.amount)];
    if (nationalCurrency) row.push(g.national ? f.money(g.national.amount, g.national.currency) : '');
    return row;
  });
  body.push(
    b.text(t('document-vat-summary'), 'section', 'heading'),
    b.grid(nationalCurrency ? 'vatNational' : 'vat', vatHead, vatRows, new Set([1, 2, 3, 4])),
    b.paragraph('spacer'),
  );

  const totalLabel = t(doc.kind === 'invoice' ? 'document-total' : 'document-amount-credited');
  body.push(b.table('totals', null, [
    ['', b.text(t('document-total-net')), b.text(money(doc.totalNet), 'right')],
    ['', b.text(t('document-total-vat')), b.text(money(doc.totalVat), 'right')],
    ['', b.text(totalLabel, 'left', 'heading'), b.text(money(doc.total), 'right', 'heading')],
  ]), b.paragraph('spacer'));

  // The legal mentions (art. 226(11), (11a), (12)) and the rates amounts were converted at.
  for (const mention of doc.mentions) body.push(b.text(mention, 'note', 'bold'));
  for (const rate of doc.fxRates) {
    body.push(b.text(t('document-exchange-rate', { base: rate.base, quote: rate.quote, rate: f.number(rate.rate), date: f.date(rate.date) }), 'note', 'small'));
  }

  const payment = doc.seller.payment;
  if (doc.kind === 'invoice' && payment) {
    body.push(b.paragraph('spacer'), b.text(t('document-payment'), 'section', 'heading'), b.fact(label('document-iban'), printableIban(payment.iban)));
    if (payment.bic) body.push(b.fact(label('document-bic'), payment.bic));
    body.push(b.fact(label('document-reference'), paymentReference(payment, doc.number)));
    if (doc.dueDate && new Decimal(doc.total).greaterThan(0)) {
      body.push(b.text(t('document-pay-by', { amount: money(doc.total), date: f.date(doc.dueDate) })));
    }
  }

  return pack(body.join(''), coreProperties(`${title} ${doc.number}`, doc.seller.name, doc.issueDate), doc.logo, doc.issueDate);
}

// ---------------------------------------------------------------------------------------------
// Same document, same bytes.

function xmlText(text: string): string {
  return printableText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The package's core properties with the issue date as created and modified (docx would write the time of rendering). */
function coreProperties(title: string, creator: string, issueDate: string): string {
  const at = `${issueDate}T00:00:00Z`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    + 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${xmlText(title)}</dc:title><dc:creator>${xmlText(creator)}</dc:creator><cp:lastModifiedBy>${xmlText(creator)}</cp:lastModifiedBy>`
    + `<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>`
    + `<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`;
}
