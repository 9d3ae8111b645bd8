/**
 * A small billing data set built as an operator would (files imported through the importers)
 * for end-to-end tests of one rule: a German seller, the CRM files given as text, a tariff
 * folder, and bill runs started and approved in one call.
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';

/** DE1, a German seller invoicing in EUR. */
export const GERMAN_SELLER = `- id: DE1
  name: Beispiel GmbH
  country: DE
  vatId: DE123456788
  address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }
  currency: EUR
  invoicePrefix: DE1
`;

/** T-LINE: a monthly line rental of 10.00 EUR billed in advance. */
export const LINE_RENTAL_TARIFF = `id: T-LINE
name: { en: Line }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
`;

/** A phone tariff (`id`): T-LINE's line rental, and calls rated by decks/de.csv (GERMANY_DECK). */
export function phoneTariff(id: string): string {
  return `id: ${id}
name: { en: Phone }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: voice
    deck: decks/de.csv
`;
}

/** decks/de.csv: calls to Germany (49) at 0.10 a minute, peak and offpeak, by the minute. */
export const GERMANY_DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.10,0,0,60,60
`;

export const SUBSCRIPTIONS_HEADER = 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\n';
export const SERVICE_POINTS_HEADER = 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\n';
/** usage.csv's header, without its line end. */
export const USAGE_HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';

/**
 * Client C-1 in Berlin with `lines` monthly contracts of DE1 from 2026-10-01 (K-1, K-2 ...), each
 * with one service point (SP-n, +493011111n...) and one T-LINE subscription (S-n) from then on.
 */
export function lineRentalCrm(lines: number): [kind: string, text: string][] {
  const n = Array.from({ length: lines }, (_, i) => i + 1);
  return [
    ['clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,\n'],
    ['contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\n${n.map((i) => `K-${i},C-1,DE1,2026-10-01,,monthly,1,EUR,14\n`).join('')}`],
    ['service-points', `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\n${n.map((i) => `SP-${i},K-${i},+4930${String(i).repeat(6)},Hauptstr. 2,Berlin,10115,DE\n`).join('')}`],
    ['subscriptions', `${SUBSCRIPTIONS_HEADER}${n.map((i) => `S-${i},SP-${i},T-LINE,2026-10-01,,1\n`).join('')}`],
  ];
}

/** Imports a CSV file of the CRM (clients, contracts, service-points, subscriptions) written from `text`; every row must be taken. */
export async function importCrmText(billstream: Billstream, file: (name: string, text: string) => string, kind: string, text: string): Promise<void> {
  const spec = CSV_IMPORTS[kind]!;
  const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
  expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
}

/** The seller, the tariff files (name to YAML or deck CSV, under tariffs/) and the CRM files in order. */
export async function importSmallBilling(billstream: Billstream, dir: string, file: (name: string, text: string) => string, tariffs: Record<string, string>, crm: [kind: string, text: string][]): Promise<void> {
  await importLegalEntities(billstream, GERMAN_SELLER, { actor: 'test' });
  for (const [name, text] of Object.entries(tariffs)) file(`tariffs/${name}`, text);
  expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
  for (const [kind, text] of crm) await importCrmText(billstream, file, kind, text);
}

/** A bill run as of `asOf`, approved with `issueDate` (held invoices included when asked), its read model once issued. */
export async function approvedBillRun(billstream: Billstream, asOf: string, issueDate: string, options: { includeHeld?: boolean; commandId: string }): Promise<BillRunDocument> {
  const { runId } = await startBillRun(billstream, { asOf }, { commandId: `${options.commandId}-run`, actor: 'test' });
  await billstream.catchUp();
  await approveBillRun(billstream, runId, { includeHeld: options.includeHeld ?? false, issueDate }, { commandId: `${options.commandId}-approve`, actor: 'test' });
  await billstream.catchUp();
  return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
}
