/**
 * E-invoices (issue 13 item 4): every invoice and credit note of a real bill run, in each VAT
 * situation billstream bills (HU domestic, DE reverse charge, AT OSS, US outside the scope, EUR
 * invoices of a HUF legal entity, partial and full credit notes), plus invoices built by the
 * pricing functions for the rarer shapes (negative lines, zero rating, exemption, a seller
 * without VAT, text XML must escape), rendered as UBL 2.1 and checked as a receiver would: the
 * OASIS UBL 2.1 schemas (xmllint) and the EN 16931 rules (Saxon-HE), no fatal rule failing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { creditInvoice, type CreditNote } from '../../src/app/credit-note/credit.ts';
import { findInvoices, type FullInvoice } from '../../src/app/invoice/view.ts';
import type { InvoiceLine } from '../../src/domain/invoice/invoice.ts';
import { invoiceTotal, vatPerGroup, type VatCategory } from '../../src/tax/vat.ts';
import { formatMoney } from '../../src/core/money.ts';
import { LEGAL_ENTITIES, type LegalEntityDocument } from '../../projections/legal-entities.projection.ts';
import { CLIENTS, type ClientDocument } from '../../projections/clients.projection.ts';
import type { ClientDetails } from '../../src/domain/client/decider.ts';
import { buyerOf, sellerOf } from '../../src/app/documents/documents.ts';
import { electronicAddress, rec20Unit, ublCreditNote, ublInvoice, xmlText, type UblInvoiceContent, type UblParty, type UblSeller } from '../../src/documents/ubl.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { describeFailures, en16931Reports, saxonMissing, schemaErrors, UBL_SCHEMAS, xmllintMissing, type RuleReport } from '../support/ubl-validation.ts';
import { childrenNamed, parseXml, peppolFailures, textAt } from '../support/peppol-rules.ts';

const ENTITIES = `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
`;

const TARIFFS: Record<string, string> = {
  'hu-net.yaml': `id: T-HUNET
name: { en: Fibre, hu: Optika }
currency: HUF
validFrom: 2026-01-01
category: internet
recurring:
  - { code: HUNET, name: { en: Fibre 100, hu: Optika 100 }, amount: "5990.00", period: monthly, billed: arrears }
usage:
  - type: data
    unit: GB
    tiering: graduated
    tiers:
      - { upTo: null, price: "10.00" }
`,
  'voip.yaml': `id: T-VOIP
name: { en: Business VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: voice
    deck: decks/de.csv
    bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
`,
  'net.yaml': `id: T-NET
name: { en: Fibre }
currency: EUR
validFrom: 2026-01-01
category: internet
recurring:
  - { code: NET, name: { en: Fibre access }, amount: "30.00", period: monthly, billed: arrears }
`,
};

const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.05,0,0,60,60
`;

const CLIENTS_CSV = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-HU,company,Minta Bt.,HU,hu,HUF,HU11223346,Europe/Budapest,szamla@minta.example,Fő utca 1,Budapest,1011,
C-RC,company,Muster AG,DE,de,EUR,DE811907980,Europe/Berlin,ap@muster.example,Industriestr. 1,München,80331,
C-AT,person,Anna Huber,AT,de,EUR,,Europe/Vienna,anna@example.at,Ring 1,Wien,1010,
C-US,company,Example Inc.,US,en,EUR,US987654321,America/New_York,,1 Main St,New York,10001,
`;

const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-HU,C-HU,HU1,2026-10-01,,monthly,1,HUF,8
K-RC,C-RC,HU1,2026-10-01,,monthly,1,EUR,30
K-AT,C-AT,HU1,2026-10-01,,monthly,1,EUR,15
K-US,C-US,HU1,2026-10-01,,monthly,1,EUR,15
`;

const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-HU,K-HU,minta-bt,Fő utca 1,Budapest,1011,HU
SP-RC,K-RC,+4989111111,Industriestr. 1,München,80331,DE
SP-AT,K-AT,anna-huber,Ring 1,Wien,1010,AT
SP-US,K-US,example-inc,1 Main St,New York,10001,US
`;

const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-HU,SP-HU,T-HUNET,2026-10-01,,1
S-RC,SP-RC,T-VOIP,2026-10-01,,1
S-AT,SP-AT,T-NET,2026-10-01,,1
S-US,SP-US,T-NET,2026-10-01,,1
`;

// Wednesday 2026-10-14 09:00 in Munich: a peak call of 90 s (120 s billed); 3 GB of data in Budapest.
const USAGE = `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity
cdr-1,sw,+4989111111,voice,2026-10-14T07:00:00Z,90,+4940123456,,,
acct-1,radius,minta-bt,data,2026-10-14T07:00:00Z,3600,,2500000000,500000000,
`;

const FX = `date,base,quote,rate
2026-10-01,EUR,HUF,400
`;

/** Every generated document, by file name: all of them are validated at the end. */
const documents = new Map<string, string>();
const outDir = temporaryDataDir('billstream-ubl-');
const xmlDir = path.join(outDir, 'xml');
fs.mkdirSync(xmlDir);

function keep(name: string, xml: string): string {
  documents.set(name, xml);
  fs.writeFileSync(path.join(xmlDir, name), xml);
  return xml;
}

/** What the caller passes besides the invoice: the parties' details from the legal entity and client read models. */
async function partiesOf(billstream: Billstream, doc: { legalEntityId: string | null; clientId: string }): Promise<{ seller: UblSeller; buyer: UblParty }> {
  const entity = (await billstream.readStore.get(LEGAL_ENTITIES, doc.legalEntityId!)) as LegalEntityDocument;
  const client = (await billstream.readStore.get(CLIENTS, doc.clientId)) as ClientDocument & ClientDetails;
  return {
    seller: { ...sellerOf(entity), payment: { iban: 'HU42117730161111101800000000', bic: 'OTPVHUHB', reference: 'INV {number}' } },
    buyer: buyerOf(client),
  };
}

/** The text of the first element named `tag` (prefix included) that follows `after`, if any. */
function textOf(xml: string, tag: string, after = ''): string | undefined {
  const from = after ? xml.indexOf(after) : 0;
  if (from < 0) return undefined;
  return xml.slice(from).match(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`))?.[1];
}

describe('UBL e-invoices of a real bill run (EN 16931, PEPPOL BIS Billing 3.0)', () => {
  let billstream: Billstream;
  const invoices = new Map<string, FullInvoice>();
  const xml = new Map<string, string>();
  let partial: CreditNote;
  let full: CreditNote;
  const dir = temporaryDataDir('billstream-ubl-run-');

  beforeAll(async () => {
    const file = fileWriter(dir);
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock: ManualClock.at('2026-11-01T06:00:00Z') });
    await importLegalEntities(billstream, ENTITIES, { actor: 'test' });
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    file('tariffs/decks/de.csv', DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    expect((await importFxRates(billstream, () => readCsvFile(file('fx.csv', FX), FX_RATE_COLUMNS), { actor: 'test' })).rejected).toBe(0);
    for (const [kind, text] of [['clients', CLIENTS_CSV], ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS]] as const) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    expect((await importUsage(billstream, () => readCsvFile(file('usage.csv', USAGE), USAGE_COLUMNS), { actor: 'test' })).created).toBe(2);
    await billstream.catchUp();

    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();
    for (const invoice of await findInvoices(billstream.readStore, { status: 'issued' })) invoices.set(invoice.contractId, invoice);

    const hu = invoices.get('K-HU')!;
    partial = await creditInvoice(billstream, { invoice: hu.number!, lines: [{ line: hu.lines.findIndex((l) => l.code === 'HUNET'), amount: '1000.00' }], reason: 'Service outage 2026-10-20', issueDate: '2026-11-10' }, { commandId: 'credit-1', actor: 'test' });
    full = await creditInvoice(billstream, { invoice: invoices.get('K-AT')!.number!, reason: 'Cancelled within the trial month', issueDate: '2026-11-10' }, { commandId: 'credit-2', actor: 'test' });
    await billstream.catchUp();

    for (const [contract, invoice] of invoices) xml.set(contract, keep(`invoice-${contract}.xml`, ublInvoice({ invoice, ...(await partiesOf(billstream, invoice)) })));
    for (const [name, note] of [['partial', partial], ['full', full]] as const) {
      const invoice = [...invoices.values()].find((i) => i.number === note.invoiceNumber)!;
      xml.set(name, keep(`credit-note-${name}.xml`, ublCreditNote({ creditNote: note, invoice, ...(await partiesOf(billstream, note)) })));
    }
  }, 120_000);
  afterAll(async () => {
    await billstream?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('issues the four invoices the data set bills, each as an Invoice of type 380 with PEPPOL BIS 3.0 ids', () => {
    expect([...invoices.keys()].sort()).toEqual(['K-AT', 'K-HU', 'K-RC', 'K-US']);
    for (const contract of invoices.keys()) {
      const doc = xml.get(contract)!;
      expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"')).toBe(true);
      expect(textOf(doc, 'cbc:CustomizationID')).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0');
      expect(textOf(doc, 'cbc:ProfileID')).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
      expect(textOf(doc, 'cbc:InvoiceTypeCode')).toBe('380');
      expect(textOf(doc, 'cbc:ID')).toBe(invoices.get(contract)!.number);
    }
  });

  it('states a domestic HUF invoice with 27 % VAT, both VAT ids, the invoice period and Rec 20 units', () => {
    const invoice = invoices.get('K-HU')!;
    const doc = xml.get('K-HU')!;
    // 5990.00 + 3 GB at 10.00 = 6020.00; 27 %: 1625.40.
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['6020.00', '1625.40', '7645.40']);
    expect(doc).toContain('<cbc:TaxAmount currencyID="HUF">1625.40</cbc:TaxAmount>');
    expect(doc).toContain('<cbc:PayableAmount currencyID="HUF">7645.40</cbc:PayableAmount>');
    expect(doc).not.toContain('<cbc:TaxCurrencyCode>');
    expect(doc).toContain('<cbc:CompanyID>HU12345676</cbc:CompanyID>');
    expect(doc).toContain('<cbc:CompanyID>HU11223346</cbc:CompanyID>');
    expect(doc).toContain('<cbc:EndpointID schemeID="9910">HU12345676</cbc:EndpointID>');
    expect(doc).toContain('<cbc:EndpointID schemeID="EM">szamla@minta.example</cbc:EndpointID>');
    expect(doc).toContain('<cac:InvoicePeriod>\n    <cbc:StartDate>2026-10-01</cbc:StartDate>\n    <cbc:EndDate>2026-10-31</cbc:EndDate>');
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="MON">1</cbc:InvoicedQuantity>');
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="E34">3</cbc:InvoicedQuantity>');
    expect([textOf(doc, 'cbc:IssueDate'), textOf(doc, 'cbc:DueDate')]).toEqual(['2026-11-02', '2026-11-10']);
    expect(textOf(doc, 'cbc:PaymentID')).toBe(`INV ${invoice.number}`);
    expect(textOf(doc, 'cbc:PaymentMeansCode')).toBe('30');
  });

  it('states reverse charge as category AE at 0 % with the exemption reason "Reverse charge" and both VAT ids', () => {
    const doc = xml.get('K-RC')!;
    expect(textOf(doc, 'cbc:ID', '<cac:TaxCategory>')).toBe('AE');
    expect(textOf(doc, 'cbc:TaxExemptionReasonCode')).toBe('VATEX-EU-AE');
    expect(textOf(doc, 'cbc:TaxExemptionReason')).toContain('Reverse charge');
    expect(doc).toContain('<cbc:CompanyID>HU12345676</cbc:CompanyID>');
    expect(doc).toContain('<cbc:CompanyID>DE811907980</cbc:CompanyID>');
    // A voice call in seconds, October's and November's line rental.
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="SEC">120</cbc:InvoicedQuantity>');
    expect(doc.match(/<cbc:InvoicedQuantity unitCode="MON">1</g)).toHaveLength(2);
    expect(doc).toContain('<cbc:TaxAmount currencyID="HUF">0.00</cbc:TaxAmount>');
  });

  it('states an invoice period that holds the advance fee of the next cycle (PEPPOL-EN16931-R111)', () => {
    const root = parseXml(xml.get('K-RC')!);
    const lines = childrenNamed(root, 'cac:InvoiceLine').map((l) => [textAt(l, 'cac:InvoicePeriod/cbc:StartDate'), textAt(l, 'cac:InvoicePeriod/cbc:EndDate')]);
    // October's line rental in arrears, November's in advance; the call of October.
    expect(lines).toContainEqual(['2026-11-01', '2026-11-30']);
    expect([textAt(root, 'cac:InvoicePeriod/cbc:StartDate'), textAt(root, 'cac:InvoicePeriod/cbc:EndDate')]).toEqual(['2026-10-01', '2026-11-30']);
    expect(peppolFailures(xml.get('K-RC')!)).toEqual([]);
  });

  it('states the VAT of a EUR invoice of a HUF legal entity also in HUF, in a second TaxTotal (art. 230)', () => {
    const invoice = invoices.get('K-AT')!;
    const doc = xml.get('K-AT')!;
    // OSS: Austrian 20 % of 30.00 = 6.00 EUR, at EUR/HUF 400: 2400.00 HUF.
    expect(invoice.vat).toEqual([expect.objectContaining({ category: 'S', rate: '20', amount: '6.00', national: { currency: 'HUF', amount: '2400.00' } })]);
    expect(textOf(doc, 'cbc:DocumentCurrencyCode')).toBe('EUR');
    expect(textOf(doc, 'cbc:TaxCurrencyCode')).toBe('HUF');
    expect(doc).toContain('<cac:TaxTotal>\n    <cbc:TaxAmount currencyID="HUF">2400.00</cbc:TaxAmount>\n  </cac:TaxTotal>');
    expect(doc.match(/<cac:TaxTotal>/g)).toHaveLength(2);
    expect(doc.match(/<cac:TaxSubtotal>/g)).toHaveLength(1);
    expect(textOf(doc, 'cbc:PaymentMeansCode')).toBe('58');
  });

  it('states a supply outside the scope as category O without a rate and without any VAT identifier (BR-O-02)', () => {
    const doc = xml.get('K-US')!;
    expect(doc).toContain('<cac:ClassifiedTaxCategory>\n        <cbc:ID>O</cbc:ID>\n        <cac:TaxScheme>');
    expect(textOf(doc, 'cbc:TaxExemptionReasonCode')).toBe('VATEX-EU-O');
    expect(textOf(doc, 'cbc:TaxExemptionReason')).toBe(invoices.get('K-US')!.vat[0]!.mention);
    expect(doc).not.toContain('<cbc:Percent>');
    expect(doc).not.toContain('US987654321');
    expect(doc).not.toMatch(/<cbc:CompanyID>[^<]*<\/cbc:CompanyID>\s*<cac:TaxScheme>\s*<cbc:ID>VAT</);
    // The seller's VAT number stays on the invoice as its tax registration and identifier.
    expect(doc).toContain('<cbc:CompanyID>HU12345676</cbc:CompanyID>\n        <cac:TaxScheme>\n          <cbc:ID>TAX</cbc:ID>');
    expect(textOf(doc, 'cbc:ID', '<cac:PartyIdentification>')).toBe('HU12345676');
    // No email and no VAT scheme for the buyer: no electronic address.
    expect(doc.match(/<cbc:EndpointID/g)).toHaveLength(1);
  });

  it('references the invoice a credit note corrects, with positive amounts, partial and full', () => {
    const hu = invoices.get('K-HU')!;
    const doc = xml.get('partial')!;
    expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"')).toBe(true);
    expect(textOf(doc, 'cbc:CreditNoteTypeCode')).toBe('381');
    expect(doc).toContain(`<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n      <cbc:ID>${hu.number}</cbc:ID>\n      <cbc:IssueDate>2026-11-02</cbc:IssueDate>`);
    expect(textOf(doc, 'cbc:Note')).toBe('Service outage 2026-10-20');
    // -1000.00 net, 27 %: -270.00 VAT, stated as a credit of 1270.00.
    expect([partial.totalNet, partial.totalVat, partial.total]).toEqual(['-1000.00', '-270.00', '-1270.00']);
    expect(doc).toContain('<cbc:CreditedQuantity unitCode="MON">1</cbc:CreditedQuantity>');
    expect(doc).toContain('<cbc:PayableAmount currencyID="HUF">1270.00</cbc:PayableAmount>');
    expect(doc).not.toContain('>-');

    const whole = xml.get('full')!;
    expect(textOf(whole, 'cbc:ID', '<cac:BillingReference>')).toBe(invoices.get('K-AT')!.number);
    expect(textOf(whole, 'cbc:TaxCurrencyCode')).toBe('HUF');
    expect(whole).toContain('<cbc:TaxAmount currencyID="HUF">2400.00</cbc:TaxAmount>');
    expect(whole).toContain('<cbc:PayableAmount currencyID="EUR">36.00</cbc:PayableAmount>');
  });

  it('renders the same bytes for the same invoice, however its object was built', async () => {
    for (const [contract, invoice] of invoices) {
      const again = ublInvoice({ invoice: JSON.parse(JSON.stringify(invoice)) as FullInvoice, ...(await partiesOf(billstream, invoice)) });
      expect(again).toBe(xml.get(contract));
    }
  });
});

/** An invoice as billstream prices and issues it, from lines given directly (RULES.md 10, 12, 15). */
function priced(lines: (Partial<InvoiceLine> & Pick<InvoiceLine, 'net' | 'vatCategory' | 'vatRate'>)[], options: { currency?: string; mentions?: Partial<Record<VatCategory, string>> } = {}): UblInvoiceContent {
  const currency = options.currency ?? 'EUR';
  const full: InvoiceLine[] = lines.map((l, i) => ({
    kind: 'recurring', code: `FEE-${i + 1}`, description: `Fee ${i + 1}`, subscriptionId: 'S-1', serviceCategory: 'internet', quantity: '1', unit: 'MON',
    period: { start: '2026-10-01', end: '2026-11-01' }, ...l,
  }));
  const groups = vatPerGroup(full.map((l) => ({ net: new Decimal(l.net), category: l.vatCategory, rate: new Decimal(l.vatRate) })), currency);
  const vat = groups.map((g) => {
    const mention = options.mentions?.[g.category];
    return { category: g.category, rate: g.rate.toString(), taxable: formatMoney(g.taxable, currency), amount: formatMoney(g.amount, currency), ...(mention ? { mention } : {}) };
  });
  const nets = full.map((l) => new Decimal(l.net));
  return {
    number: 'X1-2026-000042', issueDate: '2026-11-02', dueDate: '2026-11-16', period: { start: '2026-10-01', end: '2026-11-01' }, currency, contractId: 'K-X',
    lines: full, vat,
    totalNet: formatMoney(nets.reduce((a, b) => a.plus(b), new Decimal(0)), currency),
    totalVat: formatMoney(groups.reduce((a, g) => a.plus(g.amount), new Decimal(0)), currency),
    total: formatMoney(invoiceTotal(nets, groups), currency),
  };
}

const SELLER: UblSeller = { id: 'DE1', name: 'Beispiel GmbH', country: 'DE', vatId: 'DE123456788', address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115' } };
const BUYER: UblParty = { id: 'C-1', name: 'Max Muster', country: 'DE', vatId: null, address: { line1: 'Hauptstr. 2', city: 'Berlin', postalCode: '10115' }, email: 'max@example.de' };

describe('UBL e-invoices of the rarer shapes', () => {
  it('states a negative line with a negative quantity at a positive price, and a zero-quantity correction as one unit', () => {
    const invoice = priced([
      { net: '10.00', vatCategory: 'S', vatRate: '19' },
      { net: '-3.33', vatCategory: 'S', vatRate: '19', description: 'Line rental, unused days credited 2026-11-21–2026-11-30 (10/30 days)', period: { start: '2026-11-21', end: '2026-12-01' } },
      { kind: 'late-usage', code: 'USAGE-VOICE', description: 'voice · Germany · peak', net: '-0.10', quantity: '0', unit: 's', vatCategory: 'S', vatRate: '19', originalPeriod: { start: '2026-09-01', end: '2026-10-01' } },
      { kind: 'usage', code: 'USAGE-DATA', description: 'data', net: '0.00', quantity: '12.5', unit: 'GiB', vatCategory: 'S', vatRate: '19' },
    ]);
    const doc = keep('negative-lines.xml', ublInvoice({ invoice, seller: SELLER, buyer: BUYER }));
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['6.57', '1.25', '7.82']);
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="MON">-1</cbc:InvoicedQuantity>\n    <cbc:LineExtensionAmount currencyID="EUR">-3.33</cbc:LineExtensionAmount>');
    expect(doc).toContain('<cbc:PriceAmount currencyID="EUR">3.33</cbc:PriceAmount>');
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="C62">-1</cbc:InvoicedQuantity>');
    // Late usage is stated in the cycle it belongs to.
    expect(doc).toContain('<cbc:StartDate>2026-09-01</cbc:StartDate>\n      <cbc:EndDate>2026-09-30</cbc:EndDate>');
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="E62">12.5</cbc:InvoicedQuantity>');
    expect(doc).toContain('<cbc:BaseQuantity unitCode="E62">12.5</cbc:BaseQuantity>');
  });

  it('states a document period that holds an advance fee and late usage, on the invoice and on a credit note copying them (PEPPOL-EN16931-R110, R111)', () => {
    const invoice = priced([
      { net: '30.00', vatCategory: 'S', vatRate: '19', description: 'Fibre access, October' },
      { net: '10.00', vatCategory: 'S', vatRate: '19', code: 'LINE', description: 'Line rental, November (in advance)', period: { start: '2026-11-01', end: '2026-12-01' } },
      { kind: 'late-usage', code: 'USAGE-VOICE', description: 'voice · Germany · peak (September)', net: '0.20', quantity: '120', unit: 's', vatCategory: 'S', vatRate: '19', originalPeriod: { start: '2026-09-01', end: '2026-10-01' } },
    ]);
    const dates = (doc: string, line?: number) => {
      const root = parseXml(doc);
      const at = line === undefined ? root : childrenNamed(root, root.name === 'Invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine')[line]!;
      return [textAt(at, 'cac:InvoicePeriod/cbc:StartDate'), textAt(at, 'cac:InvoicePeriod/cbc:EndDate')];
    };
    const doc = keep('advance-and-late-usage.xml', ublInvoice({ invoice, seller: SELLER, buyer: BUYER }));
    // The cycle is October; the document's period runs from the late usage's September to the advance fee's November.
    expect(dates(doc)).toEqual(['2026-09-01', '2026-11-30']);
    expect([dates(doc, 0), dates(doc, 1), dates(doc, 2)]).toEqual([['2026-10-01', '2026-10-31'], ['2026-11-01', '2026-11-30'], ['2026-09-01', '2026-09-30']]);
    expect(peppolFailures(doc)).toEqual([]);

    // A credit note of the advance fee and the late usage, on the invoice's October period.
    const lines = [1, 2].map((i) => ({ ...(invoice.lines[i] as InvoiceLine), net: `-${invoice.lines[i]!.net}`, invoiceLine: i }));
    const note = {
      number: 'X1-2026-000043', issueDate: '2026-11-20', currency: 'EUR', contractId: 'K-X', invoiceNumber: invoice.number!, reason: 'Cancelled before November',
      lines, vat: [{ category: 'S' as const, rate: '19', taxable: '-10.20', amount: '-1.94' }], totalNet: '-10.20', totalVat: '-1.94', total: '-12.14',
    };
    const credit = keep('credit-advance-and-late-usage.xml', ublCreditNote({ creditNote: note, invoice, seller: SELLER, buyer: BUYER }));
    expect(dates(credit)).toEqual(['2026-09-01', '2026-11-30']);
    expect(peppolFailures(credit)).toEqual([]);

    // A one-day charge stored with end = start lies within a period that ends that day.
    const oneDay = priced([{ net: '5.00', vatCategory: 'S', vatRate: '19', period: { start: '2026-11-05', end: '2026-11-05' } }]);
    const oneDayDoc = ublInvoice({ invoice: oneDay, seller: SELLER, buyer: BUYER });
    expect(dates(oneDayDoc)).toEqual(['2026-10-01', '2026-11-05']);
    expect(peppolFailures(oneDayDoc)).toEqual([]);
  });

  it('states a discount scheme\'s lines (RULES.md 21) as negative invoice lines in the group they discount', () => {
    const invoice = priced([
      { net: '30.00', vatCategory: 'S', vatRate: '19' },
      { net: '10.00', vatCategory: 'S', vatRate: '7', serviceCategory: 'catv' },
      { kind: 'discount', code: 'TRIPLE-PLAY', description: 'Triple-Play-Paket', subscriptionId: null, net: '-3.60', unit: 'pcs', vatCategory: 'S', vatRate: '19', discounted: [0] },
      { kind: 'discount', code: 'TRIPLE-PLAY', description: 'Triple-Play-Paket', subscriptionId: null, net: '-1.20', unit: 'pcs', vatCategory: 'S', vatRate: '7', serviceCategory: 'catv', discounted: [1] },
    ]);
    const doc = keep('discount-lines.xml', ublInvoice({ invoice, seller: SELLER, buyer: BUYER }));
    // 26.40 at 19 % = 5.016 -> 5.02; 8.80 at 7 % = 0.616 -> 0.62.
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['35.20', '5.64', '40.84']);
    expect(doc).toContain('<cbc:LineExtensionAmount currencyID="EUR">-3.60</cbc:LineExtensionAmount>');
    expect(doc).toContain('<cbc:PriceAmount currencyID="EUR">3.60</cbc:PriceAmount>');
    expect(doc).toContain('<cbc:Name>Triple-Play-Paket</cbc:Name>');
  });

  it('states an invoice whose total is negative as it is', () => {
    const invoice = priced([{ net: '-3.33', vatCategory: 'S', vatRate: '19' }, { net: '0.10', vatCategory: 'S', vatRate: '19' }]);
    const doc = keep('negative-total.xml', ublInvoice({ invoice, seller: SELLER, buyer: BUYER }));
    expect(doc).toContain('<cbc:PayableAmount currencyID="EUR">-3.84</cbc:PayableAmount>');
  });

  it('states zero rating without an exemption reason (BR-Z-10) and its mention as a note, exemption with its reason', () => {
    const zero = priced([{ net: '50.00', vatCategory: 'Z', vatRate: '0' }, { net: '10.00', vatCategory: 'S', vatRate: '7' }], { mentions: { Z: 'Zero-rated' } });
    const doc = keep('zero-rated.xml', ublInvoice({ invoice: zero, seller: SELLER, buyer: BUYER }));
    expect(textOf(doc, 'cbc:Note')).toBe('Zero-rated');
    expect(doc).not.toContain('TaxExemptionReason');
    const exempt = priced([{ net: '50.00', vatCategory: 'E', vatRate: '0' }], { mentions: { E: 'Exempt from VAT (Directive 2006/112/EC, Title IX)' } });
    const exemptDoc = keep('exempt.xml', ublInvoice({ invoice: exempt, seller: SELLER, buyer: BUYER }));
    expect(textOf(exemptDoc, 'cbc:TaxExemptionReason')).toBe('Exempt from VAT (Directive 2006/112/EC, Title IX)');
  });

  it('states a zero-rated credit note\'s reason and its mention in one note (PEPPOL-EN16931-R002)', () => {
    const invoice = priced([{ net: '50.00', vatCategory: 'Z', vatRate: '0' }, { net: '10.00', vatCategory: 'S', vatRate: '7' }], { mentions: { Z: 'Zero-rated' } });
    const note = {
      number: 'X1-2026-000044', issueDate: '2026-11-20', currency: 'EUR', contractId: 'K-X', invoiceNumber: invoice.number!, reason: 'Service outage 2026-10-20',
      lines: [{ ...(invoice.lines[0] as InvoiceLine), net: '-50.00', invoiceLine: 0 }],
      vat: [{ category: 'Z' as const, rate: '0', taxable: '-50.00', amount: '0.00', mention: 'Zero-rated' }], totalNet: '-50.00', totalVat: '0.00', total: '-50.00',
    };
    const doc = keep('credit-zero-rated.xml', ublCreditNote({ creditNote: note, invoice, seller: SELLER, buyer: BUYER }));
    const notes = childrenNamed(parseXml(doc), 'cbc:Note').map((n) => n.text);
    expect(notes).toEqual(['Service outage 2026-10-20\nZero-rated']);
    expect(peppolFailures(doc)).toEqual([]);
  });

  it('identifies a seller without a VAT id (a country without VAT) by its id, and a party without address by its country', () => {
    const invoice = priced([{ net: '99.00', vatCategory: 'O', vatRate: '0', quantity: '3', unit: 'pcs' }], { currency: 'USD', mentions: { O: 'Not subject to VAT' } });
    const seller: UblSeller = { id: 'US1', name: 'Example Telecom LLC', country: 'US', vatId: null, address: { line1: '5 Broad St', city: 'New York', postalCode: '10004' } };
    const doc = keep('no-vat-seller.xml', ublInvoice({ invoice, seller, buyer: { name: 'Jane Roe', country: 'US', vatId: null, address: null } }));
    expect(textOf(doc, 'cbc:ID', '<cac:PartyIdentification>')).toBe('US1');
    expect(doc).toContain('<cbc:InvoicedQuantity unitCode="C62">3</cbc:InvoicedQuantity>');
    expect(doc).toContain('<cbc:BaseQuantity unitCode="C62">3</cbc:BaseQuantity>');
    expect(doc).not.toContain('<cac:PaymentMeans>');
  });

  it('states amounts of a currency without decimals, and refuses one with three (EN 16931 states at most two)', () => {
    const yen = priced([{ net: '1234', vatCategory: 'S', vatRate: '10' }], { currency: 'JPY' });
    keep('jpy.xml', ublInvoice({ invoice: yen, seller: SELLER, buyer: BUYER }));
    const dinar = priced([{ net: '1.234', vatCategory: 'S', vatRate: '10' }], { currency: 'BHD' });
    expect(() => ublInvoice({ invoice: dinar, seller: SELLER, buyer: BUYER })).toThrow(/BHD amounts have 3 decimals/);
  });

  it('refuses a draft (no number yet) rather than write an e-invoice without one', () => {
    const draft = { ...priced([{ net: '1.00', vatCategory: 'S', vatRate: '19' }]), number: null };
    expect(() => ublInvoice({ invoice: draft, seller: SELLER, buyer: BUYER })).toThrow(/invoice number/);
  });

  it('keeps documents valid with names XML must escape: &, <, quotes, emoji, right-to-left scripts, control characters, 200 characters', () => {
    const odd = `Kovács & Társa <"Bt."> 'O''Brien' 📞🚀 شركة الاتصالات עברית \u0007 ${'Ω'.repeat(80)}`;
    const long = odd.padEnd(200, 'x');
    expect(long).toHaveLength(200);
    const invoice = priced([
      { net: '10.00', vatCategory: 'AE', vatRate: '0', description: `${long} <![CDATA[ ]]> &amp; </cbc:Name>`, code: 'A&B<C>' },
    ], { mentions: { AE: 'Reverse charge & <autoliquidation>' } });
    const seller: UblSeller = { ...SELLER, name: long, address: { line1: `"Haupt" & 'Neben' <Str.> 1`, line2: '\uD800 lone surrogate', city: 'Berlin', postalCode: '10115' }, payment: { iban: 'DE89370400440532013000', bic: null, reference: '<{number}> & "co"' } };
    const buyer: UblParty = { name: `مؤسسة ${long}`, country: 'AT', vatId: 'ATU13585627', address: null, email: 'o\'brien&co@example.at' };
    const doc = keep('escaping.xml', ublInvoice({ invoice, seller, buyer }));
    expect(doc).toContain('Kovács &amp; Társa &lt;&quot;Bt.&quot;&gt; &apos;O&apos;&apos;Brien&apos; 📞🚀 شركة الاتصالات עברית  ΩΩ');
    expect(doc).toContain('&lt;![CDATA[ ]]&gt; &amp;amp; &lt;/cbc:Name&gt;');
    expect(doc).toContain('<cbc:AdditionalStreetName> lone surrogate</cbc:AdditionalStreetName>');
    expect(doc).not.toContain('\u0007');
    expect(doc).toContain('<cbc:PaymentID>&lt;X1-2026-000042&gt; &amp; &quot;co&quot;</cbc:PaymentID>');
  });

  it('escapes with one function, and maps every unit billstream bills to its Rec 20 code', () => {
    expect(xmlText(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(xmlText('plain text, 東京, שלום')).toBe('plain text, 東京, שלום');
    expect(xmlText('tab\tand\nnewline\u0000nul\uFFFE')).toBe('tab\tand\nnewlinenul');
    expect(['MON', 'QAN', 'ANN', 's', 'pcs', 'MB', 'MiB', 'GB', 'GiB', 'TB'].map(rec20Unit)).toEqual(['MON', 'QAN', 'ANN', 'SEC', 'C62', '4L', 'E63', 'E34', 'E62', 'E35']);
    expect(rec20Unit('HUR')).toBe('HUR');
    expect(() => rec20Unit('minutes')).toThrow(/no UN\/ECE Recommendation 20 code/);
    expect(electronicAddress({ ...BUYER, endpoint: { scheme: '0088', id: '4035811991021' } })).toEqual({ scheme: '0088', id: '4035811991021' });
    expect(electronicAddress({ ...BUYER, email: null, vatId: 'EL094259216' })).toEqual({ scheme: '9933', id: 'EL094259216' });
    expect(electronicAddress({ ...BUYER, email: ' ', vatId: null })).toBeNull();
  });

  it('renders an invoice of 20 lines in well under a millisecond', () => {
    const invoice = priced(Array.from({ length: 20 }, (_, i) => ({ net: `${i + 1}.99`, vatCategory: 'S' as const, vatRate: i % 2 ? '19' : '7', quantity: String(60 * (i + 1)), unit: 's', description: `voice · destination ${i} · peak` })));
    const payment = { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', reference: null };
    const input = { invoice, seller: { ...SELLER, payment }, buyer: BUYER };
    keep('twenty-lines.xml', ublInvoice(input));
    for (let i = 0; i < 200; i++) ublInvoice(input);
    const started = performance.now();
    const n = 2000;
    for (let i = 0; i < n; i++) ublInvoice(input);
    const perInvoice = (performance.now() - started) / n;
    // About 0.15 ms alone (10,000 in 1.5 s) on a shared two-core machine; the bound only catches a gross slowdown.
    expect(perInvoice).toBeLessThan(1);
  });
});

describe('validation of every generated e-invoice', () => {
  const noXmllint = xmllintMissing();
  const noSaxon = saxonMissing();
  if (noXmllint) console.warn(`UBL schema check skipped: ${noXmllint}`);
  if (noSaxon) console.warn(`EN 16931 check skipped: ${noSaxon}`);
  const byType = () => {
    const files = { Invoice: [] as string[], CreditNote: [] as string[] };
    for (const [name, text] of documents) files[text.includes('<CreditNote xmlns=') ? 'CreditNote' : 'Invoice'].push(path.join(xmlDir, name));
    return files;
  };
  /** A document each check must refuse, so that a check that accepts everything cannot pass. */
  const broken = (file: string, from: string, change: (xml: string) => string) => {
    fs.writeFileSync(file, change(documents.get(from)!));
    return file;
  };
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('fails none of the PEPPOL rules on notes and periods (R002, R110, R111) in any of them', () => {
    expect(documents.size).toBeGreaterThanOrEqual(17);
    const failing = [...documents].flatMap(([name, text]) => peppolFailures(text).map((f) => `${name}: ${f.id} ${f.text}`));
    expect(failing).toEqual([]);
    // The check itself refuses a line beyond the document's period and a second note.
    const narrowed = documents.get('advance-and-late-usage.xml')!.replace('<cbc:EndDate>2026-11-30</cbc:EndDate>', '<cbc:EndDate>2026-10-31</cbc:EndDate>').replace('<cbc:StartDate>2026-09-01</cbc:StartDate>', '<cbc:StartDate>2026-10-01</cbc:StartDate>');
    expect(peppolFailures(narrowed).map((f) => f.id)).toEqual(['PEPPOL-EN16931-R111', 'PEPPOL-EN16931-R110']);
    const twoNotes = documents.get('credit-note-partial.xml')!.replace(/(<cbc:Note>[^<]*<\/cbc:Note>)/, '$1<cbc:Note>second</cbc:Note>');
    expect(peppolFailures(twoNotes).map((f) => f.id)).toEqual(['PEPPOL-EN16931-R002']);
  });

  it.skipIf(noXmllint !== null)(`accepts each against the OASIS UBL 2.1 schema (xmllint)${noXmllint ? ` [skipped: ${noXmllint}]` : ''}`, async () => {
    const files = byType();
    expect(files.Invoice.length).toBeGreaterThanOrEqual(12);
    expect(files.CreditNote).toHaveLength(4);
    for (const type of ['Invoice', 'CreditNote'] as const) {
      const errors = await schemaErrors(files[type], UBL_SCHEMAS[type]);
      for (const [file, list] of errors) expect(list, `${path.basename(file)}:\n${list.join('\n')}`).toEqual([]);
    }
    // The due date before the issue date: out of the schema's order.
    const outOfOrder = broken(path.join(outDir, 'broken-order.xml'), 'invoice-K-HU.xml', (xml) => xml.replace(/(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(\s*)(<cbc:DueDate>[^<]*<\/cbc:DueDate>)/, '$3$2$1'));
    expect((await schemaErrors([outOfOrder], UBL_SCHEMAS.Invoice)).get(outOfOrder)!.join('\n')).toContain('DueDate');
  }, 60_000);

  it.skipIf(noXmllint !== null)(`reads back the escaped names exactly as given (xmllint)${noXmllint ? ` [skipped: ${noXmllint}]` : ''}`, () => {
    const file = path.join(xmlDir, 'escaping.xml');
    const name = execFileSync('xmllint', ['--xpath', 'string(//*[local-name()="AccountingSupplierParty"]//*[local-name()="RegistrationName"])', file], { encoding: 'utf8' }).replace(/\n$/, '');
    expect(name).toBe(`Kovács & Társa <"Bt."> 'O''Brien' 📞🚀 شركة الاتصالات עברית \u0007 ${'Ω'.repeat(80)}`.padEnd(200, 'x').replace('\u0007', ''));
  });

  it.skipIf(noSaxon !== null)(`fails no fatal EN 16931 rule in any of them (Saxon-HE)${noSaxon ? ` [skipped: ${noSaxon}]` : ''}`, async () => {
    // The seller's VAT number as its VAT identifier on an invoice outside the scope: BR-O-02.
    broken(path.join(xmlDir, 'broken-o-with-vat-id.xml'), 'invoice-K-US.xml', (xml) => xml.replace('<cbc:ID>TAX</cbc:ID>', '<cbc:ID>VAT</cbc:ID>'));
    const reports = await en16931Reports(xmlDir);
    expect(reports.get('broken-o-with-vat-id.xml')!.fatal.map((f) => f.id)).toEqual(['BR-O-02']);
    reports.delete('broken-o-with-vat-id.xml');
    expect([...reports.keys()].sort()).toEqual([...documents.keys()].sort());
    const fatal = [...reports].filter(([, report]) => report.fatal.length > 0);
    expect(fatal.map(([file, report]: [string, RuleReport]) => `${file}:\n${describeFailures(report.fatal)}`).join('\n')).toBe('');
    // Nor a warning: nothing outside the EN 16931 model, nothing it advises against.
    expect([...reports].flatMap(([file, report]) => report.warnings.map((w) => `${file}: ${w.id}`))).toEqual([]);
  }, 120_000);
});
