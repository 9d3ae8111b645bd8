/**
 * Issue 13 item 2, end to end: the legal entity's logo on its issued documents. A legal entity is
 * imported with a PNG logo from a file, a real bill run is issued, and the documents saga renders
 * each invoice with the logo the entity had at issue (its hash in InvoiceIssued's seller snapshot,
 * the bytes from the document store): the .docx holds the image (word/media/…, referenced from
 * document.xml). A later logo change (import and REST) changes no issued document, re-rendering
 * gives the same bytes (`verify`), and a credit note printed after the change carries the new logo.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { findInvoices } from '../../src/app/invoice/view.ts';
import { renderInvoiceDocuments, snapshotLogo, verifyDocuments } from '../../src/app/documents/documents.ts';
import { creditNoteStream, invoiceStream } from '../../src/domain/bill-run/events.ts';
import { CREDIT_NOTE_DOCUMENTS_RENDERED, INVOICE_DOCUMENTS_RENDERED, type CreditNoteDocumentsRenderedData, type InvoiceDocumentsRenderedData } from '../../src/domain/invoice/documents.ts';
import { unzip } from '../support/ooxml.ts';
import { jpeg, png } from '../support/images.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const ADMIN = 'documents-logo-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const entities = (logo: string) => `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
  payment: { iban: "HU42 1177 3016 1111 1018 0000 0000", bic: OTPVHUHB }
  logo: ${logo}
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
C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,
`,
  contracts: `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15
`,
  'service-points': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-1,+3611111111,Kossuth Lajos utca 12,Budapest,1052,HU
`,
  subscriptions: `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-NET,2026-10-01,,1
`,
};

/** The images in a .docx, and whether document.xml refers to each through a relationship. */
function imagesOf(docx: Uint8Array): { name: string; bytes: Buffer; referenced: boolean }[] {
  const files = unzip(docx);
  const xml = files.get('word/document.xml')!.toString('utf8');
  const rels = files.get('word/_rels/document.xml.rels')!.toString('utf8');
  const embedded = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => m[1]!);
  return [...files.keys()].filter((name) => name.startsWith('word/media/')).map((name) => {
    const target = name.slice('word/'.length);
    const id = new RegExp(`Id="([^"]+)"[^>]*Target="${target}"`).exec(rels)?.[1];
    return { name, bytes: files.get(name)!, referenced: id !== undefined && embedded.includes(id) };
  });
}

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('the legal entity logo on issued documents', () => {
  const LOGO = png(120, 40);
  const LATER = jpeg(64, 32);
  let billstream: Billstream;
  let app: Express;
  let runId: string;
  const dir = temporaryDataDir('billstream-documents-logo-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, dataDir: path.join(dir, 'data'), clock: ManualClock.at('2026-11-01T06:00:00Z') });
    await bootstrapAdminKey(billstream);
    fs.mkdirSync(path.join(dir, 'brand'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'brand', 'logo.png'), LOGO);
    const yaml = file('legal-entities.yaml', entities('brand/logo.png'));
    expect(await importLegalEntities(billstream, fs.readFileSync(yaml, 'utf8'), { actor: 'test' }, { baseDir: path.dirname(yaml) })).toMatchObject({ created: 1, rejected: 0 });
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

  it('prints the logo the entity had at issue: the hash in the seller snapshot, the image in the .docx', async () => {
    await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();
    // The logo changes after issue, before the documents are rendered: the issued one is printed.
    await request(app).put('/legal-entities/HU1/logo').set(auth).set('Content-Type', 'image/jpeg').send(LATER).expect(200);
    await billstream.catchUpDocuments();

    const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    const events = await billstream.eventStore.readStream(invoiceStream(invoice!.id));
    const issued = events.find((e) => e.type === 'InvoiceIssued')!;
    expect((issued.data as { seller: { logo?: unknown } }).seller.logo).toEqual({ sha256: sha256(LOGO), mediaType: 'image/png' });
    const rendered = events.find((e) => e.type === INVOICE_DOCUMENTS_RENDERED)!.data as InvoiceDocumentsRenderedData;
    expect(rendered.seller.logo).toEqual({ sha256: sha256(LOGO), mediaType: 'image/png' });

    const docx = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    expect(sha256(docx.body as Buffer)).toBe(rendered.docx);
    const images = imagesOf(docx.body as Buffer);
    expect(images).toHaveLength(1);
    expect(images[0]!.name).toMatch(/^word\/media\/.+\.png$/);
    expect(images[0]!.bytes.equals(LOGO)).toBe(true);
    expect(images[0]!.referenced).toBe(true);
    // The UBL names no logo; it is the same as it would be without one.
    const ubl = await request(app).get(`/invoices/${invoice!.number}/ubl`).set(auth).buffer(true).parse(binary).expect(200);
    expect((ubl.body as Buffer).toString('utf8')).not.toMatch(/logo|image\/png/i);

    // Rendering again from the snapshot and the stored logo gives the same bytes.
    const again = await renderInvoiceDocuments(invoice!, rendered, await snapshotLogo(billstream, rendered.seller));
    expect(sha256(again.docx)).toBe(rendered.docx);
    expect(await verifyDocuments(billstream)).toEqual({ checked: 1, earlierRenderer: 0, mismatches: [] });
  });

  it('a later logo change (import, REST) leaves the stored document as it was; a credit note printed now has the new logo', async () => {
    const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
    const before = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    const other = png(30, 30, 0x10);
    fs.writeFileSync(path.join(dir, 'brand', 'logo.png'), other);
    expect(await importLegalEntities(billstream, entities('brand/logo.png'), { actor: 'test' }, { baseDir: dir })).toMatchObject({ updated: 1, rejected: 0 });
    await billstream.catchUp();
    await billstream.catchUpDocuments();
    const after = await request(app).get(`/invoices/${invoice!.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(before.body as Buffer, after.body as Buffer)).toBe(0);
    expect(imagesOf(after.body as Buffer)[0]!.bytes.equals(LOGO)).toBe(true);
    expect(await verifyDocuments(billstream)).toEqual({ checked: 1, earlierRenderer: 0, mismatches: [] });

    const note = await creditInvoice(billstream, { invoice: invoice!.number!, lines: [{ line: 0, amount: '1000' }], reason: 'Kulancia', issueDate: '2026-11-20' }, { commandId: 'credit-1', actor: 'test' });
    await billstream.catchUp();
    await billstream.catchUpDocuments();
    const noteEvents = (await billstream.eventStore.readStream(creditNoteStream(note.id))).filter((e) => e.type === CREDIT_NOTE_DOCUMENTS_RENDERED);
    expect((noteEvents[0]!.data as CreditNoteDocumentsRenderedData).seller.logo).toEqual({ sha256: sha256(other), mediaType: 'image/png' });
    const noteDocx = await request(app).get(`/credit-notes/${note.number}/document`).set(auth).buffer(true).parse(binary).expect(200);
    const noteImages = imagesOf(noteDocx.body as Buffer);
    expect(noteImages.map((i) => i.referenced)).toEqual([true]);
    expect(noteImages[0]!.bytes.equals(other)).toBe(true);
    expect(await verifyDocuments(billstream)).toEqual({ checked: 2, earlierRenderer: 0, mismatches: [] });
  });

  it('verify names a document whose logo was changed in the store', async () => {
    const stored = path.join(dir, 'data', 'documents', sha256(LOGO));
    const original = fs.readFileSync(stored);
    fs.writeFileSync(stored, png(120, 40, 0xff));
    try {
      const result = await verifyDocuments(billstream);
      const [invoice] = await findInvoices(billstream.readStore, { runId, status: 'issued' });
      expect(result.mismatches).toEqual([expect.objectContaining({ number: invoice!.number, kind: 'docx' })]);
    } finally {
      fs.writeFileSync(stored, original);
    }
  });
});
