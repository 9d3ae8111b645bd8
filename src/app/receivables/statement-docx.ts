/**
 * A client's statement as a .docx in the client's language: the printable documents' templates
 * (src/documents/docx-template.ts) filled with the statement's lines per currency, the words (the
 * lines' descriptions too) from src/i18n/locales/<lang>/statement.ftl and amounts and dates
 * formatted for the language as invoices write them.
 */
import { Decimal } from 'decimal.js';
import { fill, markup, pack, type Markup, type ParagraphKind, type RunKind } from '../../documents/docx-template.ts';
import { printableText } from '../../documents/docx.ts';
import { translatorFor, type Translator } from '../../i18n/translator.ts';
import type { ReadStore } from '../../readstore/port.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { clientStatement, type DescribeLine, type Statement } from './views.ts';

function escapeXml(text: string): string {
  return printableText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function coreProperties(title: string, date: string): string {
  const at = `${date}T00:00:00Z`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    + 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${escapeXml(title)}</dc:title><cp:revision>1</cp:revision>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`;
}

/** A statement line's description in the translator's language; dates written out as an invoice writes its due date. */
export function describeIn(t: Translator): DescribeLine {
  return (detail) => {
    switch (detail.text) {
      case 'invoice': return t.t('statement-line-invoice', { number: detail.number, due: t.date(detail.dueDate) });
      case 'credit-note': return t.t('statement-line-credit-note', { number: detail.number });
      case 'write-off': return t.t('statement-line-write-off', { number: detail.number });
      case 'write-off-reduced': return t.t('statement-line-write-off-reduced', { number: detail.number });
      case 'payment': return detail.reference ? t.t('statement-line-payment-reference', { reference: detail.reference }) : t.t('statement-line-payment');
      case 'refund': return detail.reference ? t.t('statement-line-refund-reference', { reference: detail.reference }) : t.t('statement-line-refund');
      case 'applied': return t.t('statement-line-applied', { amount: t.money(detail.amount, detail.currency), invoice: detail.invoice });
      case 'settled': return t.t('statement-line-settled', { invoice: detail.invoice, payment: detail.payment, amount: t.money(detail.amount, detail.currency) });
      default: {
        const unknown: never = detail;
        throw new Error(`unknown statement line ${JSON.stringify(unknown)}`);
      }
    }
  };
}

/**
 * The .docx of a client's statement for `[from, to]` (404 for a client that does not exist); the
 * same statement gives the same bytes (dated by its last day, not by the time of rendering).
 */
export async function statementDocx(readStore: ReadStore, clientId: string, from: string, to: string): Promise<Uint8Array> {
  const client = (await readStore.get(CLIENTS, clientId)) as { name?: string; language?: string } | null;
  const t = translatorFor(client?.language ?? 'en');
  const statement = await clientStatement(readStore, clientId, from, to, describeIn(t));
  const m = await markup();
  const run = (text: string, kind: RunKind = 'plain') => fill(m.runs[kind].ltr, [escapeXml(text)]);
  const paragraph = (kind: ParagraphKind, text: string, style: RunKind = 'plain') => fill(m.paragraphs[kind], [run(text, style)]);
  const cell = (text: string, right = false, style: RunKind = 'small') => paragraph(right ? 'right' : 'left', text, style);
  const body: string[] = [
    paragraph('title', t.t('statement-title'), 'title'),
    paragraph('left', `${t.t('statement-client')}: ${client?.name ?? statement.clientId} (${statement.clientId})`, 'bold'),
    paragraph('spacer', t.t('statement-period', { from: t.date(statement.from), to: t.date(statement.to) })),
  ];
  if (statement.currencies.length === 0) body.push(paragraph('left', t.t('statement-nothing')));
  for (const c of statement.currencies) {
    body.push(paragraph('section', t.t('statement-currency', { currency: c.currency }), 'heading'));
    body.push(table(m, t, statement, c.currency, cell));
    body.push(paragraph('spacer', ''));
  }
  return pack(body.join(''), coreProperties(`${t.t('statement-title')} ${statement.clientId} ${statement.from}`, statement.to), null, statement.to);
}

function table(m: Markup, t: Translator, statement: Statement, currency: string, cell: (text: string, right?: boolean, style?: RunKind) => string): string {
  const spec = m.tables.lines;
  const money = (amount: string) => (amount === '' || new Decimal(amount).isZero() ? '' : t.money(amount, currency));
  const totals = statement.currencies.find((c) => c.currency === currency)!;
  const rows: string[] = [];
  if (spec.head) rows.push(fill(spec.head, [t.t('statement-date'), t.t('statement-reference'), t.t('statement-description'), t.t('statement-debit'), t.t('statement-credit'), t.t('statement-balance')].map((h, i) => cell(h, i >= 3, 'smallBold'))));
  rows.push(fill(spec.row, [cell(t.date(statement.from, 'numeric')), cell(''), cell(t.t('statement-opening'), false, 'smallBold'), cell(''), cell(''), cell(t.money(totals.opening, currency), true, 'smallBold')]));
  for (const line of statement.lines.filter((l) => l.currency === currency)) {
    rows.push(fill(spec.row, [
      cell(t.date(line.date, 'numeric')), cell(line.reference), cell(line.description),
      cell(money(line.debit), true), cell(money(line.credit), true), cell(t.money(line.balance, currency), true),
    ]));
  }
  rows.push(fill(spec.row, [cell(t.date(statement.to, 'numeric')), cell(''), cell(t.t('statement-closing'), false, 'smallBold'), cell(money(totals.debits), true), cell(money(totals.credits), true), cell(t.money(totals.closing, currency), true, 'smallBold')]));
  return spec.open + rows.join('') + spec.close;
}
