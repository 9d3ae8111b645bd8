/**
 * Issue 5: a crash at any point of a bill run (kill -9 of the process) and a restart finish the
 * run: no invoice issued twice, no number skipped or reused, no usage billed twice. The CLI runs
 * as a real child process and is killed with SIGKILL while drafting and while issuing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');
const CONTRACTS = 1500;
const ENV = { ...process.env, BILLSTREAM_LEASE_TTL_MS: '300' };

function eventCount(data: string, type: string): number {
  const file = path.join(data, 'events.db');
  if (!fs.existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM events WHERE type = ?').pluck().get(type) as number;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

function eventData(data: string, type: string): { stream: string; data: Record<string, unknown> }[] {
  const db = new Database(path.join(data, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT stream_id, data FROM events WHERE type = ? ORDER BY position').all(type) as { stream_id: string; data: string }[])
      .map((r) => ({ stream: r.stream_id, data: JSON.parse(r.data) }));
  } finally {
    db.close();
  }
}

/** Runs the CLI; kills it with SIGKILL once `killWhen` holds (checked every 10 ms). Returns whether it was killed. */
async function runUntil(args: string[], killWhen: () => boolean): Promise<{ killed: boolean; code: number | null }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => { exited = true; resolve(code); }));
  let killed = false;
  while (!exited) {
    if (killWhen()) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const code = await exit;
  // Let the dead process's leases expire before the next one starts.
  if (killed) await new Promise((r) => setTimeout(r, 400));
  return { killed, code };
}

describe('a bill run killed with kill -9 and restarted', () => {
  it('finishes: every invoice issued once, numbers gapless and unique, usage billed once', async () => {
    const dir = temporaryDataDir('billstream-crash-');
    const data = path.join(dir, 'data');
    const write = (name: string, lines: string[]) => {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    };
    {
      const billstream = await openTestBillstream({ dataDir: data });
      await importLegalEntities(billstream, [
        '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }',
        '- { id: AT1, name: Beispiel GmbH Wien, country: AT, vatId: ATU12345675, address: { line1: "Ring 1", city: Wien, postalCode: "1010" }, currency: EUR, invoicePrefix: AT1 }',
      ].join('\n'), { actor: 'test' });
      write('tariffs/voip.yaml', [
        'id: T-VOIP', 'name: { en: VoIP }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: voip',
        'recurring:', '  - { code: LINE, name: { en: Line }, amount: "10.00", period: monthly, billed: advance }',
        'usage:', '  - { type: voice, deck: decks/de.csv }',
      ]);
      write('tariffs/decks/de.csv', ['prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment', '49,Germany,0.10,0.10,0,0,60,60']);
      expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
      const ids = Array.from({ length: CONTRACTS }, (_, i) => String(i).padStart(5, '0'));
      const files: Record<string, string[]> = {
        clients: ['client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id', ...ids.map((i) => `C${i},person,Person ${i},DE,de,EUR,,Europe/Berlin,p${i}@example.de,Str. 1,Berlin,10115,`)],
        contracts: ['contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days', ...ids.map((i, n) => `K${i},C${i},${n % 3 === 0 ? 'AT1' : 'DE1'},2026-10-01,,monthly,1,EUR,15`)],
        'service-points': ['service_point_id,contract_id,identifiers,address_line1,city,postal_code,country', ...ids.map((i) => `SP${i},K${i},+49301${i},Str. 1,Berlin,10115,DE`)],
        subscriptions: ['subscription_id,service_point_id,tariff_id,start_date,end_date,quantity', ...ids.map((i) => `S${i},SP${i},T-VOIP,2026-10-01,,1`)],
      };
      for (const [kind, lines] of Object.entries(files)) {
        const spec = CSV_IMPORTS[kind]!;
        expect((await importCsvEntities(billstream, () => readCsvFile(write(`${kind}.csv`, lines), spec.columns), spec, { actor: 'test' })).rejected).toBe(0);
      }
      const usage = write('usage.csv', ['record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity', ...ids.map((i) => `r${i},sw,+49301${i},voice,2026-10-14T07:00:00Z,60,+4940123456,,,`)]);
      expect((await importUsage(billstream, () => readCsvFile(usage, USAGE_COLUMNS), { actor: 'test' })).created).toBe(CONTRACTS);
      await billstream.catchUp();
      await billstream.close();
    }

    let kills = 0;
    // Killed while drafting (some invoices drafted, no report yet); a restart of any command finishes the drafting.
    if ((await runUntil(['--data', data, 'bill-run', '--as-of', '2026-11-01', '--json'], () => eventCount(data, 'InvoiceDrafted') >= 300)).killed) kills += 1;
    await runUntil(['--data', data, 'invoices', '--json'], () => false);
    expect(eventCount(data, 'BillRunDrafted')).toBe(1);
    expect(eventCount(data, 'InvoiceDrafted')).toBe(CONTRACTS);
    const [started] = eventData(data, 'BillRunStarted');
    const runId = String(started!.data.runId);

    // Killed while issuing, at two points; then restarted until the run is complete.
    if ((await runUntil(['--data', data, 'bill-run', 'approve', runId, '--issue-date', '2026-11-02'], () => eventCount(data, 'InvoiceNumbersAssigned') >= 1)).killed) kills += 1;
    if ((await runUntil(['--data', data, 'invoices'], () => eventCount(data, 'InvoiceIssued') >= 600)).killed) kills += 1;
    for (let attempt = 0; attempt < 5 && eventCount(data, 'BillRunCompleted') === 0; attempt++) await runUntil(['--data', data, 'invoices'], () => false);
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(eventCount(data, 'BillRunCompleted')).toBe(1);

    const issued = eventData(data, 'InvoiceIssued');
    // No invoice issued twice.
    expect(new Set(issued.map((e) => e.stream)).size).toBe(issued.length);
    expect(issued).toHaveLength(CONTRACTS);
    // Numbers: unique, and per legal entity exactly 1..n (no gap, no reuse).
    const numbers = issued.map((e) => String(e.data.number));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const prefix of ['DE1', 'AT1']) {
      const sequences = numbers.filter((n) => n.startsWith(`${prefix}-2026-`)).map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    }
    const assigned = eventData(data, 'InvoiceNumbersAssigned').flatMap((e) => (e.data.assignments as { number: string }[]).map((a) => a.number));
    expect(assigned.sort()).toEqual([...numbers].sort());
    // Usage billed once: each contract's one call appears on exactly one drafted invoice line set.
    const drafted = eventData(data, 'InvoiceDrafted').map((e) => e.data as { invoiceId: string; invoice: { lines: { kind: string; subscriptionId: string }[] } });
    const latest = new Map(drafted.map((d) => [d.invoiceId, d]));
    const usageLines = [...latest.values()].flatMap((d) => d.invoice.lines.filter((l) => l.kind === 'usage').map((l) => l.subscriptionId));
    expect(usageLines).toHaveLength(CONTRACTS);
    expect(new Set(usageLines).size).toBe(CONTRACTS);
  }, 240_000);
});
