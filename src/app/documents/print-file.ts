/**
 * A bill run's print file (issue 13 item 3): one zip for a print house with every issued
 * invoice's .docx and UBL e-invoice, as stored at issue, and `index.csv` (number, client,
 * language, pages, total, currency, client_language), invoices in number order. Dated with the
 * run's issue date, so the same run gives the same file. `language` is the language the document
 * is written in (`hu` for a client's `hu-HU`, `en` for a language billstream has no texts for);
 * `client_language` the client's, as recorded on the invoice.
 */
import { NotFoundError } from '../../core/errors.ts';
import { deflatedEntry, writeZip, type ZipEntry } from '../../documents/zip.ts';
import { BILL_RUNS } from '../../../projections/bill-runs.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { findAll } from '../../readstore/port.ts';
import { translatorFor } from '../../i18n/translator.ts';
import type { AppDeps } from '../deps.ts';
import { DocumentsNotReadyError } from './documents.ts';

export const INDEX_COLUMNS = ['number', 'client', 'language', 'pages', 'total', 'currency', 'client_language'] as const;

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface PrintFile {
  zip: Uint8Array;
  invoices: number;
  index: string;
}

export async function printFile(deps: AppDeps, runId: string, onProgress?: (done: number, total: number) => void): Promise<PrintFile> {
  if (!(await deps.readStore.get(BILL_RUNS, runId))) throw new NotFoundError(`bill run ${runId} does not exist`);
  const invoices = (await findAll<InvoiceDocument>(deps.readStore, INVOICES, { runId, status: 'issued' }))
    .sort((a, b) => (a.number! < b.number! ? -1 : a.number! > b.number! ? 1 : 0));
  const pending = invoices.filter((i) => !i.documents).map((i) => i.number);
  if (pending.length) throw new DocumentsNotReadyError(`the documents of ${pending.length} invoices of run ${runId} are being rendered (first ${pending[0]}): try again shortly`);
  if (!deps.documents) throw new NotFoundError('no document store is configured');
  const entries: ZipEntry[] = [];
  const rows = [INDEX_COLUMNS.join(',')];
  for (const [i, invoice] of invoices.entries()) {
    const docs = invoice.documents!;
    for (const [kind, ext] of [['docx', 'docx'], ['ubl', 'xml']] as const) {
      const bytes = await deps.documents.get(docs[kind]);
      if (!bytes) throw new NotFoundError(`the ${kind} of invoice ${invoice.number} (sha256 ${docs[kind]}) is missing from the document store`);
      entries.push(deflatedEntry(`${kind === 'docx' ? 'invoices' : 'ubl'}/${invoice.number}.${ext}`, bytes));
    }
    // The documents are rendered in the language of the invoice (its snapshot's), English where it has no texts.
    const written = translatorFor(invoice.language).language;
    rows.push([invoice.number!, invoice.buyer.name, written, docs.pages, invoice.total ?? '', invoice.currency ?? '', invoice.language].map(csvField).join(','));
    onProgress?.(i + 1, invoices.length);
  }
  const index = `${rows.join('\r\n')}\r\n`;
  entries.unshift(deflatedEntry('index.csv', index));
  const date = invoices[0]?.issueDate ?? '1980-01-01';
  return { zip: writeZip(entries, date), invoices: invoices.length, index };
}
