/**
 * Discount simulation (issue 15 item 4) and a scheme as it was (`GET /discounts/{id}?asOf=`):
 * every amount computed by hand here; the simulation records nothing (the log's head and the
 * read models are the same after it); REST (YAML and JSON bodies, bad schemes, unknown clients)
 * and the CLI on the examples.
 */
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importDiscountText } from '../../src/import/discounts.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { SimulationSchemesError, simulateDiscountTexts } from '../../src/app/discounts/simulate.ts';
import { findAll } from '../../src/readstore/port.ts';
import { INVOICES } from '../../projections/invoices.projection.ts';
import { BILL_RUNS } from '../../projections/bill-runs.projection.ts';
import { DISCOUNTS } from '../../projections/discounts.projection.ts';
import { CLIENTS } from '../../projections/clients.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { GERMAN_SELLER } from '../support/small-billing.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = 'simulate-admin-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${ADMIN}` };

const LEGAL_ENTITIES = GERMAN_SELLER;

const TARIFFS: Record<string, string> = {
  'voip.yaml': `id: T-VOIP
name: { en: Home VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
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

/** In force: 10 % off recurring fees with internet and VoIP active. */
const STORED = `id: BUNDLE
name: { en: Bundle discount }
validFrom: 2026-01-01
scope: { everyone: true }
kind: percentage
percent: "10"
on: { charges: [recurring] }
when: { categoriesActive: [internet, voip] }
priority: 10
`;

/** The file simulated: BUNDLE at 20 % (replacing the stored one) and 2.00 EUR off for C-B. */
const FILE = `- id: BUNDLE
  name: { en: Bundle discount }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: "20"
  on: { charges: [recurring] }
  when: { categoriesActive: [internet, voip] }
  priority: 10
- id: EXTRA
  name: { en: Goodwill }
  validFrom: 2026-01-01
  scope: { clients: [C-B] }
  kind: fixed
  amount: "2.00"
  currency: EUR
  priority: 20
`;

const line = (code: string, net: string) => expect.objectContaining({ kind: 'discount', code, net, vatCategory: 'S', vatRate: '19' });

/** K-A (C-A: fibre and VoIP), first cycle October: NET 30.00 arrears, LINE October and November 10.00 in advance = 50.00. */
const K_A = (before: string[], after: string[]) => ({
  contractId: 'K-A', cycle: { start: '2026-10-01', end: '2026-11-01' }, currency: 'EUR',
  before: { totalNet: before[0], totalVat: before[1], total: before[2] }, after: { totalNet: after[0], totalVat: after[1], total: after[2] },
});

/** What the file changes as of 2026-11-01, by hand. */
const EXPECTED = {
  asOf: '2026-11-01',
  clients: [
    {
      clientId: 'C-A',
      contracts: [{
        // Before: BUNDLE 10 % of 50.00 = 5.00: net 45.00, VAT 19 % 8.55, total 53.55.
        // After: BUNDLE 20 % = 10.00: net 40.00, VAT 7.60, total 47.60. EXTRA is not C-A's.
        ...K_A(['45.00', '8.55', '53.55'], ['40.00', '7.60', '47.60']),
        lines: [line('BUNDLE', '-10.00')],
        removed: [line('BUNDLE', '-5.00')],
      }],
    },
    {
      clientId: 'C-B',
      contracts: [{
        // Fibre alone, no bundle: NET 30.00, VAT 5.70, total 35.70; EXTRA 2.00: net 28.00, VAT 5.32, total 33.32.
        contractId: 'K-B', cycle: { start: '2026-10-01', end: '2026-11-01' }, currency: 'EUR',
        before: { totalNet: '30.00', totalVat: '5.70', total: '35.70' }, after: { totalNet: '28.00', totalVat: '5.32', total: '33.32' },
        lines: [line('EXTRA', '-2.00')], removed: [],
      }],
    },
  ],
};

describe('discount simulation', () => {
  let billstream: Billstream;
  let app: Express;
  const clock = ManualClock.at('2026-10-20T06:00:00Z');
  const dir = temporaryDataDir('billstream-simulate-');
  const file = fileWriter(dir);
  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };
  /** What a simulation must leave as it found: the log's head and the read models it could touch. */
  const state = async () => ({
    head: await billstream.eventStore.headPosition(),
    models: await Promise.all([INVOICES, BILL_RUNS, DISCOUNTS, CLIENTS].map((c) => findAll(billstream.readStore, c, {}))),
  });
  const simulate = (clients: string[] | 'all', asOf: string, text = FILE) => simulateDiscountTexts(billstream, [{ text, label: null }], { clients, asOf });

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock, adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    await importCrm('clients', `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-A,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
C-B,person,Erika Muster,DE,en,EUR,,Europe/Berlin,erika@example.de,Hauptstr. 3,Berlin,10115,
`);
    await importCrm('contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-A,C-A,DE1,2026-10-01,,monthly,1,EUR,14
K-B,C-B,DE1,2026-10-01,,monthly,1,EUR,14
`);
    await importCrm('service-points', `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-A,K-A,+4930111111,Hauptstr. 2,Berlin,10115,DE
SP-B,K-B,+4930222222,Hauptstr. 3,Berlin,10115,DE
`);
    await importCrm('subscriptions', `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-NET,SP-A,T-NET,2026-10-01,,1
S-VOIP,SP-A,T-VOIP,2026-10-01,,1
S-NETB,SP-B,T-NET,2026-10-01,,1
`);
    expect((await importDiscountText(billstream, STORED, { actor: 'test' })).rejected).toBe(0);
    await billstream.catchUp();
    app = await createApp(billstream, { validateResponses: true });
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('prices each contract\'s last closed cycle before and after the file\'s schemes, and records nothing', async () => {
    const was = await state();
    expect(await simulate(['C-A', 'C-B'], '2026-11-01')).toEqual(EXPECTED);
    expect(await state()).toEqual(was);
  });

  it('gives on an invoiced cycle what the bill run invoiced; a cycle not ended yet has no result', async () => {
    clock.advance({ hours: 24 * 12 });
    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: true, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();
    const issued = (await findInvoices(billstream.readStore, { contractId: 'K-A' })).find((i) => i.period.start === '2026-10-01')!;
    expect([issued.status, issued.total]).toEqual(['issued', '53.55']);
    const was = await state();
    expect(await simulate(['C-A', 'C-B'], '2026-11-01')).toEqual(EXPECTED);
    // Default as-of: the clock's date (2026-11-01 after the advance): the same cycles.
    expect((await simulate('all', '2026-11-01')).clients.map((c) => c.clientId)).toEqual(['C-A', 'C-B']);
    const early = await simulate(['C-B'], '2026-10-31');
    expect(early.clients[0]!.contracts).toEqual([{ contractId: 'K-B', cycle: null, currency: 'EUR', before: null, after: null, lines: [], removed: [], note: 'no cycle of the contract ends on or before 2026-10-31' }]);
    expect(await state()).toEqual(was);
  });

  it('refuses a bad scheme with its position and id, and an unknown client by name, simulating nothing', async () => {
    const bad = FILE.replace('percent: "20"', 'percent: "120"');
    const error = await simulate(['C-A'], '2026-11-01', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationSchemesError);
    expect((error as SimulationSchemesError).errors).toEqual([{ line: 6, column: 12, reason: 'scheme BUNDLE: percent: 120 is over 100 (a percentage is from 0 to 100)' }]);
    await expect(simulate(['C-A', 'C-NOPE'], '2026-11-01')).rejects.toThrow('client C-NOPE does not exist');
  });

  it('answers over REST: a YAML or a JSON body, clients or all, roles, bad input', async () => {
    const { key } = await issueApiKey(billstream, { name: 'desk', roles: ['billing'], tenantId: null, clientId: null }, { commandId: 'key-billing', actor: 'test' });
    await billstream.catchUp();
    const was = await state();
    const yaml = await request(app).post('/discounts/simulate?clients=C-A,C-B&asOf=2026-11-01').set(auth).set('Content-Type', 'application/yaml').send(FILE);
    expect(yaml.status, JSON.stringify(yaml.body)).toBe(200);
    expect(yaml.body).toEqual(EXPECTED);
    const json = await request(app).post('/discounts/simulate?all=true&asOf=2026-11-01').set(auth).send([
      { id: 'EXTRA', name: { en: 'Goodwill' }, validFrom: '2026-01-01', scope: { clients: ['C-B'] }, kind: 'fixed', amount: '2.00', currency: 'EUR', priority: 20 },
    ]).expect(200);
    // Without the 20 % BUNDLE the stored 10 % stays: C-A unchanged.
    expect(json.body.clients[0].contracts[0]).toMatchObject({ before: { total: '53.55' }, after: { total: '53.55' }, lines: [], removed: [] });
    expect(json.body.clients[1]).toEqual(EXPECTED.clients[1]);

    await request(app).post('/discounts/simulate?clients=C-B&asOf=2026-11-01').set({ Authorization: `Bearer ${key}` }).set('Content-Type', 'application/yaml').send(FILE).expect(200);

    const bad = await request(app).post('/discounts/simulate?clients=C-A').set(auth).set('Content-Type', 'application/yaml').send(FILE.replace('percent: "20"', 'percent: "120"')).expect(422);
    expect(bad.body.errors).toEqual([{ field: '6:12', message: 'scheme BUNDLE: percent: 120 is over 100 (a percentage is from 0 to 100)' }]);
    const unknown = await request(app).post('/discounts/simulate?clients=C-A,C-NOPE').set(auth).set('Content-Type', 'application/yaml').send(FILE).expect(404);
    expect(unknown.body.detail).toBe('client C-NOPE does not exist');
    await request(app).post('/discounts/simulate?clients=C-A&all=true').set(auth).set('Content-Type', 'application/yaml').send(FILE).expect(422);
    // Neither: every client, as all=true.
    expect((await request(app).post('/discounts/simulate?asOf=2026-11-01').set(auth).set('Content-Type', 'application/yaml').send(FILE).expect(200)).body).toEqual(EXPECTED);
    expect(await state()).toEqual(was);
  });

  it('answers a scheme as it was at an instant (GET /discounts/{id}?asOf=)', async () => {
    const first = ((await billstream.readStore.get(DISCOUNTS, 'BUNDLE')) as { versions: { publishedAt: string }[] }).versions[0]!.publishedAt;
    clock.advance({ hours: 1 });
    const revised = await request(app).put('/discounts/BUNDLE').set(auth).set('If-Match', 'W/"0"').send({
      name: { en: 'Bundle discount' }, validFrom: '2026-01-01', validTo: null, scope: { everyone: true }, kind: 'percentage', percent: '12', on: { charges: ['recurring'] },
      when: { categoriesActive: ['internet', 'voip'] }, priority: 10, group: null, cap: null,
    }).expect(200);
    expect(revised.body.versions[0].percent).toBe('12');
    const then = await request(app).get(`/discounts/BUNDLE?asOf=${encodeURIComponent(first)}`).set(auth).expect(200);
    expect([then.body.revision, then.body.versions.map((v: { percent: string }) => v.percent), then.headers.etag]).toEqual([0, ['10'], 'W/"0"']);
    const now = await request(app).get(`/discounts/BUNDLE?asOf=${encodeURIComponent(clock.now().toString())}`).set(auth).expect(200);
    expect([now.body.revision, now.body.versions.map((v: { percent: string }) => v.percent)]).toEqual([1, ['12']]);
    const before = await request(app).get('/discounts/BUNDLE?asOf=2026-01-01T00%3A00%3A00Z').set(auth);
    expect(before.status, JSON.stringify(before.body)).toBe(404);
    expect(before.body.detail).toBe('discount scheme BUNDLE did not exist at 2026-01-01T00:00:00Z');
    // As a user types it (curl sends `:` as it is): RFC 3986 lets a query hold `:`, `/` and `@`.
    const typed = await request(app).get('/discounts/BUNDLE?asOf=2026-01-01T00:00:00Z').set(auth);
    expect([typed.status, typed.body.detail]).toEqual([404, 'discount scheme BUNDLE did not exist at 2026-01-01T00:00:00Z']);
    await request(app).get(`/discounts/NOPE?asOf=${encodeURIComponent(first)}`).set(auth).expect(404);
  });
});

/** One command line through the shell, as a user's terminal runs it. */
function shell(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('billstream discounts simulate on the examples', () => {
  it('answers for every client after the walk-through\'s imports, and records nothing', async () => {
    const data = path.join(temporaryDataDir('billstream-simulate-cli-'), 'data');
    const env = { ...process.env, BILLSTREAM_DATA: data, BILLSTREAM_BILL_RUNS: 'off' };
    const bs = 'node bin/billstream';
    for (const [kind, target] of [['legal-entities', 'legal-entities.yaml'], ['partners', 'partners.csv'], ['clients', 'clients.csv'], ['contracts', 'contracts.csv'],
      ['service-points', 'service-points.csv'], ['tariffs', 'tariffs'], ['subscriptions', 'subscriptions.csv'], ['fx-rates', 'fx-rates.csv'], ['usage', 'usage.csv']] as const) {
      const ran = await shell(`${bs} import ${kind} examples/${target}`, env);
      expect(ran.stderr).toBe('');
    }
    const verify = async () => (await shell(`${bs} verify --json`, env)).stdout;
    const headBefore = await verify();
    const json = await shell(`${bs} discounts simulate examples/discounts --all --as-of 2026-11-01 --json`, env);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { asOf: string; clients: { clientId: string; contracts: { after: { total: string } | null; lines: { code: string }[] }[] }[] };
    expect(result.asOf).toBe('2026-11-01');
    expect(result.clients).toHaveLength(36);
    // Every example scheme of a charge kind gives a line somewhere.
    const codes = new Set(result.clients.flatMap((c) => c.contracts.flatMap((k) => k.lines.map((l) => l.code))));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['BUSINESS-VOLUME', 'LOYALTY-12', 'TRIPLE-PLAY', 'WELCOME-FIBRE']));
    const table = await shell(`${bs} discounts simulate examples/discounts --all --as-of 2026-11-01`, env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^discount simulation as of 2026-11-01: 36 clients, 42 contracts, \d+ changed/);
    for (const client of result.clients) expect(table.stdout).toContain(client.clientId);
    // Every amount of a compared cycle (before, after, change) has its currency's minor-unit digits: 5.70 - 6.00 is -0.30, not -0.3.
    const compared = table.stdout.split('\n').filter((line) => /^C-\d+ +K-\d+ +\d{4}-\d\d-\d\d\.\./.test(line) && /(EUR|HUF|USD) +-?\d/.test(line));
    expect(compared.length).toBeGreaterThan(20);
    for (const line of compared) expect(line.split(/ +/).slice(4, 7), line).toEqual([expect.stringMatching(/^\d+\.\d\d$/), expect.stringMatching(/^\d+\.\d\d$/), expect.stringMatching(/^[-+]?\d+\.\d\d$/)]);
    // Nothing recorded: the log verifies to the same head, and no scheme was imported.
    expect(await verify()).toBe(headBefore);
    const list = await shell(`${bs} discounts simulate examples/discounts --clients C-0001,C-9999 --as-of 2026-11-01`, env);
    expect([list.code, list.stderr.trim()]).toEqual([4, 'billstream: client C-9999 does not exist']);
  }, 300_000);
});
