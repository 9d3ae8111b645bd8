/** The examples' CRM and tariffs (what `billstream import` of each would write), for tests that need ids to exist. */
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../../src/app/deps.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';

/** `tariffs`: another folder of tariffs instead of the examples' (a copy with a test's changes). */
export async function importCrmExamples(billstream: AppDeps, tariffs = path.join('examples', 'tariffs')): Promise<void> {
  const context = { actor: 'test-seed' };
  const example = (name: string) => fs.readFileSync(path.join('examples', name), 'utf8');
  const check = (kind: string, summary: { rejected: number }) => {
    if (summary.rejected) throw new Error(`seeding the examples: ${kind} ${JSON.stringify(summary).slice(0, 500)}`);
  };
  check('legal-entities', await importLegalEntities(billstream, example('legal-entities.yaml'), context));
  check('tariffs', await importTariffs(billstream, tariffs, context));
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
    const spec = CSV_IMPORTS[kind]!;
    check(kind, await importCsvEntities(billstream, () => readCsv(textSource(example(`${kind}.csv`)), spec.columns), spec, context));
  }
  await billstream.catchUp();
}

/** A tariff with network access and nothing else to say to the NAS: RADIUS tests subscribe the examples' points to it. */
export const NETWORK_ACCESS_TARIFF = `id: NET-RADIUS
name: Network access
currency: HUF
validFrom: 2025-01-01
category: internet
recurring:
  - { code: NET, name: Internet, amount: "1000" }
radius:
  sessionTimeout: 86400
`;
