/**
 * Issue 13 items 3 and 5: issued documents stored once by content hash. A real bill run is
 * issued; the documents saga renders each invoice's .docx and UBL after issue and records their
 * SHA-256; REST serves the stored bytes (hash equal to the event's), drafts have none (404),
 * rendering again from the recorded snapshot gives the same bytes, a later change of the legal
 * entity's address changes no stored document, and the run's print file holds every document and
 * an index.csv with one row per invoice.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Billstream } from '../../src/main.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { creditInvoice } from '../../src/app/credit-note/credit.ts';
import { creditNoteStream } from '../../src/domain/bill-run/events.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { renderInvoiceDocuments, verifyDocuments } from '../../src/app/documents/documents.ts';
import { invoiceStream } from '../../src/domain/bill-run/events.ts';
import { CREDIT_NOTE_DOCUMENTS_RENDERED, INVOICE_DOCUMENTS_RENDERED, type CreditNoteDocumentsRenderedData, type InvoiceDocumentsRenderedData } from '../../src/domain/invoice/documents.ts';
import { docxText, unzip } from '../support/ooxml.ts';
import { documentsCommand, verifyCommand } from '../../tools/document-commands.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const ADMIN = 'documents-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const entities = (street: string) => `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "${street}", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
  payment: { iban: "HU42 1177 3016 1111 1018 0000 0000", bic: OTPVHUHB }
`;

const TARIFF = `id: T-NET
name: { en: Fibre, hu: Optika }
currency: HUF
validFrom: 2026-01-01
category: internet
recurring:
  - { code: NET, name: { en: Fibre access, hu: Optikai hozzáférés }, amount: "8000", period: monthly, billed: arrears }
`;

const FILES: Record<string, string> = {
  clients: `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,"Kovács, Anna",HU,hu-HU,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,
C-2,person,John Doe,HU,pt-BR,HUF,,Europe/Budapest,john@example.com,Andrássy út 5,Budapest,1061,
C-3,person,Held Later,HU,en,HUF,,Europe/Budapest,held@example.com,Andrássy út 7,Budapest,1061,
`,
  contracts: `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15
K-2,C-2,HU1,2026-10-01,,monthly,1,HUF,15
`,
  'service-points': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-1,+3611111111,Kossuth Lajos utca 12,Budapest,1052,HU
SP-2,K-2,+3611111112,Andrássy út 5,Budapest,1061,HU
`,
  subscriptions: `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-NET,2026-10-01,,1
S-2,SP-2,T-NET,2026-10-01,,1
`,
};

describe('issued documents: stored once, served as stored, the print file', () => {
  let billstream: Billstream;
  let app: Express;
  let runId: string;
  const dir = temporaryDataDir('billstream-documents-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, dataDir: path.join(dir, 'data'), clock: ManualClock.at('2026-11-01T06:00:00Z') });
    await bootstrapAdminKey(billstream);
    expect((await importLegalEntities(billstream, entities('Váci út 1'), { actor: 'test' })).rejected).toBe(0);
    file('tariffs/net.yaml', TARIFF);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    for (const [kind, text] of Object.entries(FILES)) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    await billstream.catchUp();
    ({ runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' }));
    await billstream.catchUp();
    app = await createApp(billstream, { validateResponses: true });
  }, 120_000);
  afterAll(async () => billstream?.close());

  it('has no documents for a draft (404)', async () => {
    const [draft] = await findInvoices(billstream.readStore, { runId, status: 'draft' });
    expect(draft).toBeDefined();
    const res = await request(app).get(`/invoices/${draft!.id}/document`).set(auth).expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/not issued/);
    await request(app).get(`/invoices/${draft!.id}/ubl`).set(auth).expect(404);
  });

  it('renders the documents after issue and serves the stored bytes', async () => {
    await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();
    // Issued, and catch-up does not wait for the documents: they are rendered in the background.
    const [pending] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    expect(pending!.documents).toBeUndefined();
    await request(app).get(`/invoices/${pending!.number}/document`).set(auth).expect(404).expect((res) => expect(res.body.detail).toMatch(/being rendered/));
    await billstream.catchUpDocuments();
    const issued = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    expect(issued).toHaveLength(2);
    for (const invoice of issued) {
      const events = await billstream.eventStore.readStream(invoiceStream(invoice.id));
      const rendered = events.filter((e) => e.type === INVOICE_DOCUMENTS_RENDERED);
      expect(rendered).toHaveLength(1);
      const data = rendered[0]!.data as InvoiceDocumentsRenderedData;
      expect(invoice.documents).toEqual({ docx: data.docx, ubl: data.ubl, pages: 1 });
      expect(data.seller.address?.line1).toBe('Váci út 1');
      // The seller is snapshotted when the invoice is issued, whenever the documents are rendered.
      const issuedEvent = events.find((e) => e.type === 'InvoiceIssued')!;
      expect((issuedEvent.data as { seller?: { address: { line1: string } } }).seller?.address.line1).toBe('Váci út 1');

      for (const reference of [invoice.number!, invoice.id]) {
        const docx = await request(app).get(`/invoices/${encodeURIComponent(reference)}/document`).set(auth).buffer(true).parse(binary).expect(200);
        expect(docx.headers['content-type']).toMatch(/wordprocessingml/);
        expect(sha256(docx.body as Buffer)).toBe(data.docx);
        expect(unzip(docx.body as Buffer).has('word/document.xml')).toBe(true);
      }
      const ubl = await request(app).get(`/invoices/${encodeURIComponent(invoice.number!)}/ubl`).set(auth).buffer(true).parse(binary).expect(200);
      expect(ubl.headers['content-type']).toMatch(/application\/xml/);
      expect(sha256(ubl.body as Buffer)).toBe(data.ubl);
      expect((ubl.body as Buffer).toString('utf8')).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);

      // The same input, the same bytes.
      const again = await renderInvoiceDocuments(invoice, data);
      expect(sha256(again.docx)).toBe(data.docx);
      expect(sha256(again.ubl)).toBe(data.ubl);
      // Stored content-addressed under the data folder.
      expect(fs.existsSync(path.join(dir, 'data', 'documents', data.docx))).toBe(true);
    }
    // A replay of the saga appends nothing twice.
    await billstream.catchUpDocuments();
    const [first] = issued;
    expect((await billstream.eventStore.readStream(invoiceStream(first!.id))).filter((e) => e.type === INVOICE_DOCUMENTS_RENDERED)).toHaveLength(1);
    expect(await verifyDocuments(billstream)).toEqual({ checked: 2, earlierRenderer: 0, mismatches: [] });
  });

  it('keeps an issued document when the legal entity moves', async () => {
    const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    const before = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    expect((await importLegalEntities(billstream, entities('Bartók Béla út 99'), { actor: 'test' })).rejected).toBe(0);
    await billstream.catchUp();
    const after = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(before.body as Buffer, after.body as Buffer)).toBe(0);
    expect(docxText(after.body as Buffer)).toContain('Váci út 1');
    expect(docxText(after.body as Buffer)).not.toContain('Bartók Béla');
    expect(await verifyDocuments(billstream)).toEqual({ checked: 2, earlierRenderer: 0, mismatches: [] });
  });

  it("answers the run's print file: every document and index.csv, naming the language each document is written in", async () => {
    const res = await request(app).get(`/bill-runs/${runId}/documents`).set(auth).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/zip/);
    const entries = unzip(res.body as Buffer);
    const issued = (await findInvoices(billstream.readStore, { runId, status: 'issued' })).sort((a, b) => a.number!.localeCompare(b.number!));
    expect([...entries.keys()].sort()).toEqual(['index.csv', ...issued.flatMap((i) => [`invoices/${i.number}.docx`, `ubl/${i.number}.xml`])].sort());
    expect(sha256(entries.get(`invoices/${issued[0]!.number}.docx`)!)).toBe(issued[0]!.documents!.docx);
    // Anna asked for hu-HU: written in Hungarian. John asked for pt-BR, which billstream has no texts for: written in English.
    const [anna, john] = issued;
    expect([anna!.clientId, john!.clientId]).toEqual(['C-1', 'C-2']);
    expect(entries.get('index.csv')!.toString('utf8').split('\r\n')).toEqual([
      'number,client,language,pages,total,currency,client_language',
      `${anna!.number},"Kovács, Anna",hu,1,${anna!.total},HUF,hu-HU`,
      `${john!.number},John Doe,en,1,${john!.total},HUF,pt-BR`,
      '',
    ]);
    expect(docxText(entries.get(`invoices/${anna!.number}.docx`)!)).toMatch(/^Számla/m);
    expect(docxText(entries.get(`invoices/${john!.number}.docx`)!)).toMatch(/^Invoice/m);
    await request(app).get('/bill-runs/no-such-run/documents').set(auth).expect(404);
  });

  it("stores and serves a credit note's documents", async () => {
    const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    const note = await creditInvoice(billstream, { invoice: invoice!.number!, lines: [{ line: 0, amount: '1000' }], reason: 'Kulancia', issueDate: '2026-11-20' }, { commandId: 'credit-1', actor: 'test' });
    await billstream.catchUp();
    await request(app).get(`/credit-notes/${note.number}/document`).set(auth).expect(404);
    await billstream.catchUpDocuments();
    const events = (await billstream.eventStore.readStream(creditNoteStream(note.id))).filter((e) => e.type === CREDIT_NOTE_DOCUMENTS_RENDERED);
    expect(events).toHaveLength(1);
    const data = events[0]!.data as CreditNoteDocumentsRenderedData;
    const docx = await request(app).get(`/credit-notes/${note.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    expect(sha256(docx.body as Buffer)).toBe(data.docx);
    expect(docxText(docx.body as Buffer)).toContain(invoice!.number!);
    const ubl = await request(app).get(`/credit-notes/${note.id}/ubl`).set(auth).buffer(true).parse(binary).expect(200);
    expect(sha256(ubl.body as Buffer)).toBe(data.ubl);
    expect((ubl.body as Buffer).toString('utf8')).toContain('<CreditNote');
    expect(await verifyDocuments(billstream)).toEqual({ checked: 3, earlierRenderer: 0, mismatches: [] });
    await request(app).get('/credit-notes/no-such-note/ubl').set(auth).expect(404);
  });

  it('writes the print file from the CLI, and verify names a stored document that changed', async () => {
    const out = path.join(dir, 'print');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await documentsCommand(billstream, { run: runId, out })).toBe(0);
      const entries = unzip(fs.readFileSync(path.join(out, `${runId}-documents.zip`)));
      expect(entries.get('index.csv')!.toString('utf8').split('\r\n')).toHaveLength(4);
      expect(log.mock.calls.flat().join('\n')).toMatch(/2 invoices \(\.docx and UBL\) and index\.csv/);
      expect(await verifyCommand(billstream)).toBe(0);
      const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
      const stored = path.join(dir, 'data', 'documents', invoice!.documents!.ubl);
      const original = fs.readFileSync(stored);
      fs.writeFileSync(stored, Buffer.concat([original, Buffer.from(' ')]));
      try {
        expect(await verifyCommand(billstream)).toBe(1);
        expect(error.mock.calls.flat().join('\n')).toContain(`${invoice!.number} ubl`);
      } finally {
        fs.writeFileSync(stored, original);
      }
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });

  it('renders in the background as serve runs it', async () => {
    billstream.startProcessing();
    const issued = (await findInvoices(billstream.readStore, { runId, status: 'issued' })).sort((a, b) => a.number!.localeCompare(b.number!));
    const note = await creditInvoice(billstream, { invoice: issued[1]!.number!, reason: 'Storno', issueDate: '2026-11-21' }, { commandId: 'credit-2', actor: 'test' });
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(app).get(`/credit-notes/${note.number}/ubl`).set(auth)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  }, 60_000);

  it('says PDF is not available, or converts, as LibreOffice allows', async () => {
    const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    const refused = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).set('Accept', 'text/html').expect(406);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    const soffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
    const pdf = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).set('Accept', 'application/pdf').buffer(true).parse(binary);
    if (soffice) {
      expect(pdf.status).toBe(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } else {
      expect(pdf.status).toBe(406);
      expect(JSON.parse((pdf.body as Buffer).toString('utf8')).detail).toMatch(/PDF is not available/);
    }
  }, 180_000);
});

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
