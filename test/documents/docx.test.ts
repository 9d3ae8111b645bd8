/**
 * Issue 13 item 2: printable invoices and credit notes (.docx). Invoices come from a real bill
 * run (files imported, run approved) for five cases: HU domestic in HUF, reverse charge from DE1
 * to an Austrian business, OSS to an Austrian consumer, outside the scope to a US consumer, and a
 * EUR invoice of the HUF legal entity HU1 (VAT also in HUF, art. 230); then partial credit notes.
 * Each document is unzipped and the text of word/document.xml is checked for every item of VAT
 * Directive art. 226 that applies, with the values the invoice holds, in the client's language
 * (the real translator and .ftl files). Also: text that must be escaped, determinism, the logo,
 * a seller without payment details, speed, and a PDF through LibreOffice where it is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { addDays } from '../../src/core/calendar-date.ts';
import { printableIban } from '../../src/core/iban.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { creditInvoice, type CreditNote } from '../../src/app/credit-note/credit.ts';
import { findInvoices, invoiceView } from '../../src/app/invoice/view.ts';
import { findLegalEntity } from '../../src/app/legal-entities/service.ts';
import { CLIENTS, type ClientDocument } from '../../projections/clients.projection.ts';
import type { InvoiceView } from '../../projections/invoices.projection.ts';
import type { LegalEntityDocument } from '../../projections/legal-entities.projection.ts';
import type { ClientDetails } from '../../src/domain/client/decider.ts';
import { translatorFor, type Translator } from '../../src/i18n/translator.ts';
import { buyerOf, sellerOf } from '../../src/app/documents/documents.ts';
import { creditNoteDocx, invoiceDocx, missingDocumentItems, NotPrintableError, type DocumentParty, type DocumentSeller } from '../../src/documents/docx.ts';
import { imageSize, LogoError, MAX_LOGO_BYTES } from '../../src/documents/docx-template.ts';
import { assertWellFormed, crc32, entryTimes, paragraphTexts, unzip } from '../support/ooxml.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const LEGAL_ENTITIES = `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
  payment: { iban: "HU42 1177 3016 1111 1018 0000 0000", bic: OTPVHUHB }
- id: DE1
  name: Beispiel Netz GmbH
  country: DE
  vatId: DE123456788
  address: { line1: "Friedrichstraße 100", city: Berlin, postalCode: "10117" }
  currency: EUR
  invoicePrefix: DE1
  payment: { iban: "DE89 3704 0044 0532 0130 00", reference: "Rechnung {number}" }
`;

const TARIFFS: Record<string, string> = {
  'net.yaml': `id: T-NET
name: { en: Fibre, de: Glasfaser, fr: Fibre }
currency: EUR
validFrom: 2026-01-01
category: internet
recurring:
  - { code: NET, name: { en: Fibre access, de: Glasfaseranschluss, fr: Accès fibre }, amount: "30.00", period: monthly, billed: arrears }
oneTime:
  - { code: SETUP, name: { en: Activation, de: Aktivierung, fr: Mise en service }, amount: "20.00", on: activation }
`,
  'hu.yaml': `id: T-HU
name: { en: Home, hu: Otthoni csomag }
currency: HUF
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE-HU, name: { en: Line rental, hu: Vonalbérlet }, amount: "8000", period: monthly, billed: arrears }
oneTime:
  - { code: SETUP-HU, name: { en: Activation, hu: Bekapcsolás }, amount: "5000", on: activation }
usage:
  - type: voice
    deck: decks/hu.csv
    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
`,
};

const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
36,Hungary,10,5,0,0,60,60
`;

const FX = `date,base,quote,rate
2026-10-01,EUR,HUF,400
`;

const CLIENT_ROWS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-HU,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,
C-RC,company,Muster Handels GmbH,AT,de,EUR,ATU12345675,Europe/Vienna,ap@muster.example,Ring 5,Wien,1010,
C-AT,person,Anna Huber,AT,de,EUR,,Europe/Vienna,anna@example.at,Ring 1,Wien,1010,
C-US,person,John Doe,US,en,EUR,,America/New_York,john@example.com,1 Main St,New York,10001,
C-FR,person,Jean Dupont,HU,fr,EUR,,Europe/Budapest,jean@example.fr,Andrássy út 5,Budapest,1061,
`;

const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-HU,C-HU,HU1,2026-10-01,,monthly,1,HUF,15
K-RC,C-RC,DE1,2026-10-01,,monthly,1,EUR,30
K-AT,C-AT,DE1,2026-10-01,,monthly,1,EUR,14
K-US,C-US,DE1,2026-10-01,,monthly,1,EUR,15
K-FR,C-FR,HU1,2026-10-01,,monthly,1,EUR,8
`;

const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-HU,K-HU,+3611111111,Kossuth Lajos utca 12,Budapest,1052,HU
SP-RC,K-RC,muster-handels,Ring 5,Wien,1010,AT
SP-AT,K-AT,anna-huber,Ring 1,Wien,1010,AT
SP-US,K-US,john-doe,1 Main St,New York,10001,US
SP-FR,K-FR,jean-dupont,Andrássy út 5,Budapest,1061,HU
`;

const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-HU,SP-HU,T-HU,2026-10-01,,1
S-RC,SP-RC,T-NET,2026-10-01,,1
S-AT,SP-AT,T-NET,2026-10-01,,1
S-US,SP-US,T-NET,2026-10-01,,1
S-FR,SP-FR,T-NET,2026-10-01,,1
`;

// Wednesday 2026-10-14 09:00 in Budapest: peak, 90 s billed as 120 s at 10 HUF a minute: 20.00 HUF.
const USAGE = `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity
cdr-1,sw,+3611111111,voice,2026-10-14T07:00:00Z,90,+3612345678,,,
`;

/** A PNG of `width` x `height` grey pixels, written here so the test needs no image file. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.from([0, ...Array.from({ length: width }, () => 128)])));
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]));
}

/** The paragraphs of the document, as a reader sees them. */
function paragraphsOf(bytes: Uint8Array): string[] {
  return paragraphTexts(unzip(bytes).get('word/document.xml')!.toString('utf8'));
}

/** `expected` appears in `paragraphs` as consecutive paragraphs (a table row is one paragraph per cell); null matches any. */
function expectSequence(paragraphs: string[], expected: (string | null)[]): void {
  const found = paragraphs.some((_, start) => expected.every((text, i) => start + i < paragraphs.length && (text === null || paragraphs[start + i] === text)));
  expect(found, `no consecutive paragraphs ${JSON.stringify(expected)} in\n${paragraphs.join('\n')}`).toBe(true);
}

/** Intl writes narrow and non-breaking spaces; the extracted text has plain ones. */
const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('printable invoices and credit notes (docx, VAT Directive art. 226)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-docx-');
  const file = fileWriter(dir);
  const invoices = new Map<string, InvoiceView>();
  const sellers = new Map<string, DocumentSeller>();
  const buyers = new Map<string, DocumentParty & { language: string }>();
  const notes: CreditNote[] = [];

  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    expect((await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' })).rejected).toBe(0);
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    file('tariffs/decks/hu.csv', DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    expect((await importFxRates(billstream, () => readCsvFile(file('fx.csv', FX), FX_RATE_COLUMNS), { actor: 'test' })).rejected).toBe(0);
    await importCrm('clients', CLIENT_ROWS);
    await importCrm('contracts', CONTRACTS);
    await importCrm('service-points', SERVICE_POINTS);
    await importCrm('subscriptions', SUBSCRIPTIONS);
    expect((await importUsage(billstream, () => readCsvFile(file('usage.csv', USAGE), USAGE_COLUMNS), { actor: 'test' })).created).toBe(1);
    await billstream.catchUp();

    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();

    for (const invoice of await findInvoices(billstream.readStore, { status: 'issued' })) {
      invoices.set(invoice.contractId, invoiceView(invoice));
      const entity = (await findLegalEntity(billstream, invoice.legalEntityId!)) as LegalEntityDocument;
      sellers.set(entity.id, sellerOf(entity));
      const client = (await billstream.readStore.get(CLIENTS, invoice.clientId)) as ClientDocument & ClientDetails;
      buyers.set(invoice.contractId, { ...buyerOf(client), language: client.language });
    }
    expect([...invoices.keys()].sort()).toEqual(['K-AT', 'K-FR', 'K-HU', 'K-RC', 'K-US']);

    // Partial credit notes: 5.00 of the Austrian consumer's activation; 10.00 of the EUR invoice of HU1.
    const lineOf = (contract: string, code: string) => invoices.get(contract)!.lines.findIndex((l) => l.code === code);
    notes.push(await creditInvoice(billstream, { invoice: invoices.get('K-AT')!.number!, lines: [{ line: lineOf('K-AT', 'SETUP'), amount: '5.00' }], reason: 'Kulanz', issueDate: '2026-11-20' }, { commandId: 'credit-1', actor: 'test' }));
    notes.push(await creditInvoice(billstream, { invoice: invoices.get('K-FR')!.number!, lines: [{ line: lineOf('K-FR', 'NET'), amount: '10.00' }], reason: 'Geste commercial', issueDate: '2026-11-21' }, { commandId: 'credit-2', actor: 'test' }));
  }, 120_000);
  afterAll(async () => billstream?.close());

  const render = (contract: string, changes: { seller?: Partial<DocumentSeller>; buyer?: Partial<DocumentParty>; logo?: Uint8Array } = {}) => {
    const invoice = invoices.get(contract)!;
    const buyer = buyers.get(contract)!;
    return invoiceDocx({
      invoice,
      seller: { ...sellers.get(invoice.legalEntityId!)!, ...changes.seller },
      buyer: { ...buyer, ...changes.buyer },
      translator: translatorFor(buyer.language),
      logo: changes.logo ?? null,
    });
  };

  /**
   * Art. 226 items every invoice carries, with the invoice's own values in the client's language:
   * (1) issue date, (2) number, (3) supplier's VAT id, (5) names and addresses, (6) quantity and
   * nature of each line, (7) supply period, (8) taxable amount per rate, unit price, (9) rate,
   * (10) VAT payable; and the due date and total.
   */
  function expectArticle226(paragraphs: string[], invoice: InvoiceView, seller: DocumentSeller, buyer: DocumentParty, tr: Translator): void {
    const money = (amount: string) => plain(tr.money(amount, invoice.currency!));
    const fact = (id: string, value: string) => expect(paragraphs).toContain(plain(`${tr.t('document-label', { label: tr.t(id) })} ${value}`));
    fact('document-issue-date', tr.date(invoice.issueDate!));
    fact('document-number', invoice.number!);
    fact('document-due-date', tr.date(invoice.dueDate!));
    fact('document-supply-period', `${tr.date(invoice.period.start)} – ${tr.date(addDays(invoice.period.end, -1))}`);
    expect(paragraphs).toContain(plain(`${tr.t('document-label', { label: tr.t('document-vat-id') })} ${seller.vatId}`));
    for (const party of [seller, buyer]) {
      expect(paragraphs).toContain(party.name);
      expect(paragraphs).toContain(party.address!.line1);
      expect(paragraphs).toContain(`${party.address!.postalCode} ${party.address!.city}`);
    }
    expect(invoice.lines.length).toBeGreaterThan(0);
    for (const line of invoice.lines) {
      const unitPrice = line.kind === 'usage' ? '' : money(line.net);
      expectSequence(paragraphs, [line.description, plain(tr.number(line.quantity)), tr.t('document-unit-name', { unit: line.unit }), unitPrice, null, money(line.net)]);
    }
    for (const group of invoice.vat) {
      const row = [tr.t('document-vat-category-name', { category: group.category }), null, money(group.taxable), money(group.amount)];
      expectSequence(paragraphs, group.national ? [...row, plain(tr.money(group.national.amount, group.national.currency))] : row);
    }
    expectSequence(paragraphs, [tr.t('document-total-net'), money(invoice.totalNet!)]);
    expectSequence(paragraphs, [tr.t('document-total-vat'), money(invoice.totalVat!)]);
    expectSequence(paragraphs, [tr.t('document-total'), money(invoice.total!)]);
    // (11), (11a), (12): the legal mention of reverse charge, exemption or supply outside the scope.
    for (const mention of invoice.mentions) expect(paragraphs).toContain(mention);
  }

  it('HU domestic (HU1 -> HU consumer, HUF, in Hungarian): every art. 226 item, 27 %, usage and fees, payment details', async () => {
    const invoice = invoices.get('K-HU')!;
    // LINE-HU 8000.00 (October, arrears) + SETUP-HU 5000.00 + voice 120 s at 10 HUF a minute 20.00 = 13020.00; 27 %: 3515.40.
    expect([invoice.currency, invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['HUF', '13020.00', '3515.40', '16535.40']);
    const paragraphs = paragraphsOf(await render('K-HU'));
    const tr = translatorFor('hu');
    expectArticle226(paragraphs, invoice, sellers.get('HU1')!, buyers.get('K-HU')!, tr);
    expect(paragraphs[paragraphs.indexOf('Számla')]).toBe('Számla');
    expect(paragraphs).toContain(`Sorszám: ${invoice.number}`);
    expect(paragraphs).toContain('Kiállítás dátuma: 2026. november 2.');
    expect(paragraphs).toContain('Teljesítési időszak: 2026. október 1. – 2026. október 31.');
    expect(paragraphs).toContain('Adószám: HU12345676');
    expectSequence(paragraphs, ['Általános kulcs', '27%', '13 020,00 Ft', '3515,40 Ft']);
    expectSequence(paragraphs, ['Bruttó összesen', '16 535,40 Ft']);
    const description = (code: string) => invoice.lines.find((l) => l.code === code)!.description;
    expectSequence(paragraphs, [description('LINE-HU'), '1', 'hónap', '8000,00 Ft', '27%', '8000,00 Ft']);
    expectSequence(paragraphs, [description('SETUP-HU'), '1', 'db', '5000,00 Ft', '27%', '5000,00 Ft']);
    // Usage is priced per destination and band: no unit price.
    expectSequence(paragraphs, [description('USAGE-VOICE'), '120', 'mp', '', '27%', '20,00 Ft']);
    // Payment (IBAN in groups of four; the reference is the number: HU1 sets no pattern).
    expect(paragraphs).toContain(`IBAN: ${printableIban('HU42117730161111101800000000')}`);
    expect(paragraphs).toContain('BIC: OTPVHUHB');
    expect(paragraphs).toContain(`Közlemény: ${invoice.number}`);
    expect(paragraphs).toContain('Kérjük, fizessen 16 535,40 Ft összeget 2026. november 17. napjáig.');
    // No mention and no national column: domestic, in the national currency.
    expect(paragraphs.some((p) => p.startsWith('Áfa HUF'))).toBe(false);
    expect(paragraphs.some((p) => p.startsWith('Árfolyam'))).toBe(false);
  });

  it('reverse charge (DE1 -> Austrian business, in German): both VAT ids and the words "Reverse charge"', async () => {
    const invoice = invoices.get('K-RC')!;
    expect(invoice.vat).toEqual([expect.objectContaining({ category: 'AE', rate: '0', taxable: '50.00', amount: '0.00' })]);
    const paragraphs = paragraphsOf(await render('K-RC'));
    expectArticle226(paragraphs, invoice, sellers.get('DE1')!, buyers.get('K-RC')!, translatorFor('de'));
    expect(paragraphs).toContain('Rechnung');
    expect(paragraphs).toContain('USt-IdNr.: DE123456788');
    expect(paragraphs).toContain('USt-IdNr.: ATU12345675');
    // The legal mention as the invoice states it, with the words "Reverse charge" in every language (RULES.md 13).
    expect(invoice.mentions).toHaveLength(1);
    expect(invoice.mentions[0]).toContain('Reverse charge');
    expect(paragraphs).toContain(invoice.mentions[0]);
    expectSequence(paragraphs, ['Steuerschuldnerschaft des Leistungsempfängers', '0 %', '50,00 €', '0,00 €']);
    // DE1's pattern: "Rechnung {number}".
    expect(paragraphs).toContain(`Verwendungszweck: Rechnung ${invoice.number}`);
  });

  it('OSS (DE1 -> Austrian consumer, in German): the Austrian rate, no VAT id of the buyer', async () => {
    const invoice = invoices.get('K-AT')!;
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['50.00', '10.00', '60.00']);
    const paragraphs = paragraphsOf(await render('K-AT'));
    expectArticle226(paragraphs, invoice, sellers.get('DE1')!, buyers.get('K-AT')!, translatorFor('de'));
    expectSequence(paragraphs, ['Regelsteuersatz', '20 %', '50,00 €', '10,00 €']);
    expectSequence(paragraphs, ['Aktivierung', '1', 'Stk.', '20,00 €', '20 %', '20,00 €']);
    expect(paragraphs.filter((p) => p.startsWith('USt-IdNr.'))).toEqual(['USt-IdNr.: DE123456788']);
  });

  it('outside the scope (DE1 -> US consumer, in English): category O and its mention', async () => {
    const invoice = invoices.get('K-US')!;
    expect(invoice.vat).toEqual([expect.objectContaining({ category: 'O', taxable: '50.00', amount: '0.00' })]);
    const paragraphs = paragraphsOf(await render('K-US'));
    expectArticle226(paragraphs, invoice, sellers.get('DE1')!, buyers.get('K-US')!, translatorFor('en'));
    expect(invoice.mentions).toHaveLength(1);
    expect(paragraphs).toContain(invoice.mentions[0]);
    expectSequence(paragraphs, ['Outside the scope of VAT', '0%', '€50.00', '€0.00']);
    expect(paragraphs).toContain('Issue date: November 2, 2026');
    expect(paragraphs).toContain('Please pay €50.00 by November 17, 2026.');
  });

  it('a EUR invoice of HU1 (in French): the VAT also in HUF at the invoice\'s rate (art. 230), and the rate', async () => {
    const invoice = invoices.get('K-FR')!;
    expect(invoice.vat).toEqual([{ category: 'S', rate: '27', taxable: '50.00', amount: '13.50', national: { currency: 'HUF', amount: '5400.00' } }]);
    const paragraphs = paragraphsOf(await render('K-FR'));
    expectArticle226(paragraphs, invoice, sellers.get('HU1')!, buyers.get('K-FR')!, translatorFor('fr'));
    expect(paragraphs).toContain('Facture');
    expect(paragraphs).toContain('TVA en HUF');
    expectSequence(paragraphs, ['Taux normal', '27 %', '50,00 €', '13,50 €', '5 400,00 HUF']);
    expect(paragraphs).toContain('Taux de change : 1 EUR = 400 HUF (1 octobre 2026)');
    expect(paragraphs).toContain('Date d\'échéance : 10 novembre 2026');
  });

  it('a partial credit note names the invoice it corrects, its date and the reason; VAT of the credited group', async () => {
    const [note] = notes;
    const invoice = invoices.get('K-AT')!;
    expect([note!.totalNet, note!.totalVat, note!.total]).toEqual(['-5.00', '-1.00', '-6.00']);
    const bytes = await creditNoteDocx({ creditNote: note!, invoice, seller: sellers.get('DE1')!, buyer: buyers.get('K-AT')!, translator: translatorFor('de') });
    const paragraphs = paragraphsOf(bytes);
    expect(paragraphs).toContain('Rechnungskorrektur (Gutschrift)');
    expect(paragraphs).toContain(`Rechnungsnummer: ${note!.number}`);
    expect(paragraphs).toContain('Rechnungsdatum: 20. November 2026');
    expect(paragraphs).toContain(`Korrigiert die Rechnung ${invoice.number} vom 2. November 2026`);
    expect(paragraphs).toContain('Grund: Kulanz');
    expect(paragraphs).toContain('Leistungszeitraum: 1. Oktober 2026 – 31. Oktober 2026');
    expect(paragraphs).toContain('USt-IdNr.: DE123456788');
    expect(note!.lines).toHaveLength(1);
    expectSequence(paragraphs, [note!.lines[0]!.description, '1', 'Stk.', '-5,00 €', '20 %', '-5,00 €']);
    expectSequence(paragraphs, ['Regelsteuersatz', '20 %', '-5,00 €', '-1,00 €']);
    expectSequence(paragraphs, ['Gutgeschriebener Betrag', '-6,00 €']);
    // Nothing to pay on a credit note.
    expect(paragraphs.some((p) => p.startsWith('IBAN'))).toBe(false);
  });

  it('a credit note of a EUR invoice of HU1 states its VAT in HUF at the invoice\'s rate', async () => {
    const note = notes[1]!;
    expect(note.vat).toEqual([{ category: 'S', rate: '27', taxable: '-10.00', amount: '-2.70', national: { currency: 'HUF', amount: '-1080.00' } }]);
    const invoice = invoices.get('K-FR')!;
    const paragraphs = paragraphsOf(await creditNoteDocx({ creditNote: note, invoice, seller: sellers.get('HU1')!, buyer: buyers.get('K-FR')!, translator: translatorFor('fr') }));
    expect(paragraphs).toContain('Avoir');
    expect(paragraphs).toContain(`Rectifie la facture ${invoice.number} du 2 novembre 2026`);
    expectSequence(paragraphs, ['Taux normal', '27 %', '-10,00 €', '-2,70 €', '-1 080,00 HUF']);
    expect(paragraphs).toContain('Taux de change : 1 EUR = 400 HUF (1 octobre 2026)');
  });

  it('renders the same bytes again: entries and core properties dated the issue date', async () => {
    const first = await render('K-FR', { logo: png(40, 20) });
    const second = await render('K-FR', { logo: png(40, 20) });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(new Set(entryTimes(first).map((e) => `${e.date} ${e.time}`))).toEqual(new Set(['2026-11-02 0']));
    const core = unzip(first).get('docProps/core.xml')!.toString('utf8');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-02T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-02T00:00:00Z</dcterms:modified>');
    // A credit note too.
    const note = () => creditNoteDocx({ creditNote: notes[0]!, invoice: invoices.get('K-AT')!, seller: sellers.get('DE1')!, buyer: buyers.get('K-AT')!, translator: translatorFor('de') });
    expect(Buffer.from(await note()).equals(Buffer.from(await note()))).toBe(true);
  });

  it('prints the logo from bytes (PNG), scaled into its box; refuses bytes that are no image', async () => {
    const files = unzip(await render('K-HU', { logo: png(400, 100) }));
    const media = [...files.keys()].filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(files.get(media[0]!)!.subarray(1, 4).toString('ascii')).toBe('PNG');
    const xml = files.get('word/document.xml')!.toString('utf8');
    // 400 x 100 px into 170 x 68: 170 x 43 px, in EMU (9525 a pixel).
    expect(xml).toContain(`<wp:extent cx="${170 * 9525}" cy="${43 * 9525}"/>`);
    const rels = files.get('word/_rels/document.xml.rels')!.toString('utf8');
    const embed = /r:embed="([^"]+)"/.exec(xml)![1];
    expect(rels).toContain(`Id="${embed}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/`);
    await expect(render('K-HU', { logo: new Uint8Array([1, 2, 3, 4]) })).rejects.toThrow(LogoError);
    await expect(render('K-HU', { logo: new Uint8Array(MAX_LOGO_BYTES + 1) })).rejects.toThrow(`the logo has ${MAX_LOGO_BYTES + 1} bytes`);
  });

  it('reads the size of PNG and JPEG logos from their headers', () => {
    expect(imageSize(png(40, 20))).toEqual({ type: 'png', width: 40, height: 20 });
    // SOI, an APP0 segment of 16 bytes, then SOF0: precision 8, height 32, width 64.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x40, 0x03, ...new Array(12).fill(0)]);
    expect(imageSize(jpeg)).toEqual({ type: 'jpg', width: 64, height: 32 });
    expect(imageSize(new TextEncoder().encode('GIF89a....'))).toBeNull();
  });

  it('leaves the payment section out for a legal entity without payment details, and says what a seller lacks', async () => {
    const paragraphs = paragraphsOf(await render('K-HU', { seller: { payment: null } }));
    expect(paragraphs.some((p) => p.startsWith('IBAN') || p === 'Fizetés' || p.startsWith('Kérjük'))).toBe(false);
    expect(paragraphs).toContain(`Sorszám: ${invoices.get('K-HU')!.number}`);

    const hu1 = sellers.get('HU1')!;
    expect(missingDocumentItems(hu1, buyers.get('K-HU')!, invoices.get('K-HU')!.vat)).toEqual({ holds: [], warnings: [] });
    expect(missingDocumentItems({ ...hu1, vatId: null, payment: null }, buyers.get('K-HU')!, invoices.get('K-HU')!.vat)).toEqual({
      holds: ['seller-vat-id'],
      warnings: ['the legal entity has no payment details: the documents have no payment section'],
    });
    expect(missingDocumentItems(sellers.get('DE1')!, { ...buyers.get('K-RC')!, vatId: null }, invoices.get('K-RC')!.vat).holds).toEqual(['buyer-vat-id']);
  });

  it('refuses to print an invoice that is not issued', async () => {
    const invoice = { ...invoices.get('K-HU')!, number: null, issueDate: null };
    await expect(invoiceDocx({ invoice, seller: sellers.get('HU1')!, buyer: buyers.get('K-HU')!, translator: translatorFor('hu') }))
      .rejects.toThrow(new NotPrintableError(`invoice ${invoice.id} has no number, issueDate: only an issued invoice is printed`));
  });

  const awkward = {
    seller: { name: 'Példa & Társa <Kft.> "Telekom" \'HU\'', address: { line1: 'Váci út 1 ]]> <w:p>', city: 'Budapest', postalCode: '1062' } },
    buyer: { name: `Kovács & Fiai 🚀 "Bt." <script>\u0007\u0000 ${'Ω'.repeat(170)}`, address: { line1: 'שדרות רוטשילד 1', line2: 'شارع الملك فيصل', city: 'תל אביב', postalCode: '6688101' } },
  };

  it('keeps names with &, <, quotes, emoji, right-to-left scripts and 200 characters valid and readable', async () => {
    const bytes = await render('K-HU', awkward);
    const files = unzip(bytes);
    for (const [name, content] of files) if (/\.(xml|rels)$/.test(name)) assertWellFormed(content.toString('utf8'));
    const paragraphs = paragraphsOf(bytes);
    expect(paragraphs).toContain(awkward.seller.name);
    expect(paragraphs).toContain('Váci út 1 ]]> <w:p>');
    // Control characters, which XML cannot hold, are dropped; the rest stays as written.
    expect(paragraphs).toContain(`Kovács & Fiai 🚀 "Bt." <script> ${'Ω'.repeat(170)}`);
    expect(awkward.buyer.name.length).toBeGreaterThanOrEqual(200);
    expect(paragraphs).toContain('שדרות רוטשילד 1');
    expect(paragraphs).toContain('6688101 תל אביב');
    // Right-to-left runs are marked so.
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml).toMatch(/<w:rtl\/>[\s\S]*?שדרות רוטשילד 1/);
  });

  it('renders an invoice of 20 lines well under 5 ms', async () => {
    const invoice = invoices.get('K-FR')!;
    const twenty = { ...invoice, lines: Array.from({ length: 20 }, (_, i) => ({ ...invoice.lines[i % invoice.lines.length]! })) };
    const input = { invoice: twenty, seller: sellers.get('HU1')!, buyer: buyers.get('K-FR')!, translator: translatorFor('fr') };
    await invoiceDocx(input);
    const count = 200;
    const started = performance.now();
    for (let i = 0; i < count; i += 1) await invoiceDocx(input);
    const perInvoice = (performance.now() - started) / count;
    console.log(`docx: ${perInvoice.toFixed(2)} ms per invoice of 20 lines`);
    // Generous for a shared CI machine; measured about 1.2 ms.
    expect(perInvoice).toBeLessThan(5);
  });

  const soffice = ['soffice', 'libreoffice'].find((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) ?? null;
  it.skipIf(!soffice)(
    soffice ? 'converts to PDF with LibreOffice (soffice --headless --convert-to pdf)' : 'converts to PDF with LibreOffice: skipped, no soffice on PATH (Debian: apt-get install libreoffice-writer-nogui)',
    async () => {
      const out = temporaryDataDir('billstream-pdf-');
      const docx = path.join(out, 'invoice.docx');
      fs.writeFileSync(docx, await render('K-HU', { ...awkward, logo: png(40, 20) }));
      execFileSync(soffice!, [`-env:UserInstallation=file://${path.join(out, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'pipe', timeout: 120_000 });
      const pdf = fs.readFileSync(path.join(out, 'invoice.pdf'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/Type\s*\/Page[^s]/);
    },
    150_000,
  );
  if (!soffice) console.log('docx test: PDF conversion skipped: no soffice on PATH (Debian: apt-get install libreoffice-writer-nogui)');
});
