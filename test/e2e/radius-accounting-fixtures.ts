/** A client with a data tariff (0.10 EUR per MB, interim interval 60 s) for the RADIUS accounting tests and measurements. */
import path from 'node:path';
import { expect } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { fileWriter } from '../support/billstream.ts';
import { GERMAN_SELLER } from '../support/small-billing.ts';

export const ACCOUNTING_LEGAL_ENTITIES = GERMAN_SELLER;

/** 0.10 EUR per MB (10^6 bytes) of traffic, both directions. */
export const ACCOUNTING_TARIFF = `id: T-WIFI
name: { en: WiFi by the megabyte }
currency: EUR
validFrom: 2026-01-01
category: internet
usage:
  - type: data
    unit: MB
    tiering: graduated
    tiers:
      - { upTo: null, price: "0.10" }
radius:
  interimInterval: 60
`;

export const ACCOUNTING_CRM: Record<string, string> = {
  clients: `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Anna Muster,DE,de,EUR,,Europe/Berlin,anna@example.de,Hauptstr. 2,Berlin,10115,
`,
  contracts: `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-1,C-1,DE1,2026-10-01,,monthly,1,EUR,14
`,
  'service-points': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-1,anna;bert,Hauptstr. 2,Berlin,10115,DE
`,
  subscriptions: `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-WIFI,2026-10-01,,1
`,
};


/** Imports the seller, the tariff and the client's CRM (S-1 on SP-1, user name anna) into `billstream`, their files written under `dir`. */
export async function importAccountingFixtures(billstream: Billstream, dir: string): Promise<void> {
  const file = fileWriter(dir);
  await importLegalEntities(billstream, ACCOUNTING_LEGAL_ENTITIES, { actor: 'test' });
  file('tariffs/wifi.yaml', ACCOUNTING_TARIFF);
  expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
  for (const kind of ['clients', 'contracts', 'service-points', 'subscriptions']) {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, ACCOUNTING_CRM[kind]!), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  }
}
