/**
 * Issue 13 performance: renders N issued invoices of L lines each (default 10,000 x 20) to .docx
 * and UBL, hashes both and stores them in the content-addressed document store of a fresh
 * installation (what the documents saga does per invoice, without the event store), and prints
 * the seconds, ms per invoice and the resident memory at start, peak and end.
 *
 *   npm run bench:documents -- [--invoices 10000] [--lines 20]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { renderInvoiceDocuments } from '../../src/app/documents/documents.ts';
import type { DocumentsSnapshot } from '../../src/domain/invoice/documents.ts';
import type { InvoiceLine } from '../../src/domain/invoice/invoice.ts';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '10000' }, lines: { type: 'string', default: '20' } } });
const count = Number(values.invoices);
const lineCount = Number(values.lines);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-documents-'));
const billstream = await openBillstream({ ...loadConfig({}, { dataDir: dir }), adminKey: null });

const snapshot: DocumentsSnapshot = {
  seller: {
    id: 'HU1', name: 'Példa Telekom Kft.', country: 'HU', vatId: 'HU12345676', address: { line1: 'Váci út 1', city: 'Budapest', postalCode: '1062' }, currency: 'HUF',
    payment: { iban: 'HU42117730161111101800000000', bic: 'OTPVHUHB', reference: null },
  },
  buyer: { id: 'C-1', name: 'Kovács Anna', country: 'HU', vatId: null, address: { line1: 'Kossuth Lajos utca 12', city: 'Budapest', postalCode: '1052' }, email: 'anna@example.hu' },
  language: 'hu',
};
const period = { start: '2026-10-01', end: '2026-11-01' };
const lines: InvoiceLine[] = Array.from({ length: lineCount }, (_, i) => ({
  kind: i < 2 ? 'recurring' : 'usage', code: i < 2 ? `FEE-${i}` : `VOICE-${i}`, description: i < 2 ? `Havi díj ${i + 1}` : `Hívások, célország ${i}`,
  subscriptionId: 'S-1', serviceCategory: 'voip', quantity: String(10 + i), unit: i < 2 ? 'MON' : 's', period, net: `${(1000 + i * 37).toFixed(2)}`, vatCategory: 'S', vatRate: '27',
} as InvoiceLine));
const totalNet = lines.reduce((sum, l) => sum + Number(l.net), 0);
const vat = Math.round(totalNet * 0.27 * 100) / 100;
const invoiceOf = (i: number) => ({
  id: `inv-${i}`, number: `HU1-2026-${String(i + 1).padStart(6, '0')}`, contractId: `K-${i}`, issueDate: '2026-11-02', dueDate: '2026-11-17', period, currency: 'HUF',
  lines, vat: [{ category: 'S' as const, rate: '27', taxable: totalNet.toFixed(2), amount: vat.toFixed(2) }], fxRates: [], mentions: [],
  totalNet: totalNet.toFixed(2), totalVat: vat.toFixed(2), total: (totalNet + vat).toFixed(2),
});

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rssStart = process.memoryUsage().rss;
let rssPeak = rssStart;
const samples: number[] = [];
const store = billstream.documents;
const started = performance.now();
for (let i = 0; i < count; i++) {
  const rendered = await renderInvoiceDocuments(invoiceOf(i), snapshot);
  await Promise.all([store.put(rendered.docx), store.put(rendered.ubl)]);
  if (i % 500 === 0) {
    const rss = process.memoryUsage().rss;
    rssPeak = Math.max(rssPeak, rss);
    samples.push(rss);
    if (process.stderr.isTTY) process.stderr.write(`\r${i}/${count}`);
  }
}
const seconds = (performance.now() - started) / 1000;
const rssEnd = process.memoryUsage().rss;
rssPeak = Math.max(rssPeak, rssEnd);
if (process.stderr.isTTY) process.stderr.write('\r');
const files = fs.readdirSync(path.join(dir, 'documents')).length;
console.log(`${count} invoices of ${lineCount} lines -> docx + UBL, hashed and stored (${files} files): ${seconds.toFixed(1)} s, ${(seconds * 1000 / count).toFixed(2)} ms per invoice`);
console.log(`RSS start ${mb(rssStart)}, peak ${mb(rssPeak)}, end ${mb(rssEnd)}; after 10 %: ${mb(samples[Math.floor(samples.length / 10)] ?? rssEnd)}, after 50 %: ${mb(samples[Math.floor(samples.length / 2)] ?? rssEnd)}`);
await billstream.close();
fs.rmSync(dir, { recursive: true, force: true });
