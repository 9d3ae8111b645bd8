/**
 * Tamper evidence as an auditor meets it: a data folder made by real CLI imports and a bill run,
 * then edited behind billstream's back (the `sqlite3` shell, or the hashing code itself), then
 * `billstream verify` and `billstream replay --check` as real processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';
import { runBillstream } from '../support/processes.ts';
import { chainHash } from '../../src/eventstore/chain.ts';

const ENV = { BILLSTREAM_TIME_ZONE: 'Europe/Budapest' };
const SQLITE3_MISSING = spawnSync('sqlite3', ['-version']).status === 0 ? null : 'the sqlite3 command-line shell is not installed (Debian package sqlite3; .ci/run installs it)';
if (SQLITE3_MISSING) console.warn(`tamper tests that edit events.db with sqlite3 skipped: ${SQLITE3_MISSING}`);

const cli = (data: string, args: string[]) => runBillstream(['--data', data, ...args], { env: ENV, timeoutMs: 120_000 });

interface Report {
  ok: boolean;
  checked: Record<string, number>;
  findings: { check: string; message: string; kind?: string; position?: number; streamId?: string; revision?: number; removedPositions?: number[] }[];
}

async function verify(data: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const run = await cli(data, ['verify', '--json']);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

function sqlite3(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}

/**
 * Rewrites every chain link from `position` on with billstream's own hashing code: what an
 * attacker who has the code does to hide an edit. Only the checks that recompute the business
 * data from the events (invoices, series) can then catch it.
 */
function rechain(file: string, edit: (db: Database.Database) => number): void {
  const db = new Database(file);
  const from = edit(db);
  const rows = db.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position').all(from) as Record<string, unknown>[];
  let previous = (db.prepare('SELECT chain_hash FROM events WHERE position < ? ORDER BY position DESC LIMIT 1').pluck().get(from) as string | undefined) ?? null;
  const update = db.prepare('UPDATE events SET chain_previous = ?, chain_hash = ? WHERE position = ?');
  db.transaction(() => {
    for (const row of rows) {
      const hash = chainHash(previous, {
        position: row.position as number, streamId: row.stream_id as string, revision: row.revision as number, id: row.event_id as string, type: row.type as string,
        dataJson: JSON.stringify(JSON.parse(row.data as string)),
        metadata: { correlationId: row.correlation_id as string, causationId: row.causation_id as string | null, tenantId: row.tenant_id as string | null, actor: row.actor as string, recordedAt: row.recorded_at as string, schemaVersion: row.schema_version as number },
      });
      update.run(previous, hash, row.position);
      previous = hash;
    }
  })();
  db.close();
}

describe('billstream verify and replay --check on a billed data folder', () => {
  let base: string;
  /** A fresh copy of the billed folder for each test: tampering with one never leaks into another. */
  const copy = () => {
    const data = path.join(temporaryDataDir('billstream-tamper-'), 'data');
    fs.cpSync(base, data, { recursive: true });
    return data;
  };

  beforeAll(async () => {
    base = path.join(temporaryDataDir('billstream-tamper-base-'), 'data');
    for (const [kind, file] of [['legal-entities', 'legal-entities.yaml'], ['partners', 'partners.csv'], ['clients', 'clients.csv'], ['contracts', 'contracts.csv'], ['service-points', 'service-points.csv'], ['tariffs', 'tariffs'], ['subscriptions', 'subscriptions.csv'], ['fx-rates', 'fx-rates.csv']]) {
      const imported = await cli(base, ['import', kind!, path.join('examples', file!)]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const billed = await cli(base, ['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(billed.code, billed.stderr).toBe(0);
  }, 300_000);

  it('verifies an untouched folder: exit 0, every event chained, invoices and series recomputed, no finding', async () => {
    const data = copy();
    const { code, report, stderr } = await verify(data);
    expect(report.findings).toEqual([]);
    expect(code, stderr).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checked.events).toBeGreaterThan(100);
    expect(report.checked.chainedEvents).toBe(report.checked.events);
    expect(report.checked.eventsBeforeChain).toBe(0);
    expect(report.checked.invoices).toBeGreaterThan(10);
    expect(report.checked.series).toBeGreaterThan(0);
    expect(report.checked.numbers).toBe(report.checked.invoices);

    const text = await cli(data, ['verify']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\d+ events, \d+ invoices, 0 credit notes, \d+ series .* checked: all holds/);
  }, 120_000);

  it.skipIf(SQLITE3_MISSING)('names the event whose data was edited with sqlite3', async () => {
    const data = copy();
    const file = path.join(data, 'events.db');
    const [position, streamId, revision] = sqlite3(file, "SELECT position, stream_id, revision FROM events WHERE type LIKE 'Client%' ORDER BY position LIMIT 1 OFFSET 5").split('|');
    sqlite3(file, `UPDATE events SET data = json_set(data, '$.name', 'Someone Else Kft.') WHERE position = ${position}`);

    const { code, report } = await verify(data);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'chain', kind: 'changed', position: Number(position), streamId, revision: Number(revision) })]);
    const text = await cli(data, ['verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`chain: event at position ${position} (stream ${streamId}, revision ${revision}`);
  }, 120_000);

  it.skipIf(SQLITE3_MISSING)('reports an event row deleted with sqlite3 as removed', async () => {
    const data = copy();
    const file = path.join(data, 'events.db');
    const [position, next] = sqlite3(file, "SELECT position, position + 1 FROM events WHERE type = 'InvoiceIssued' ORDER BY position LIMIT 1 OFFSET 3").split('|');
    sqlite3(file, `DELETE FROM events WHERE position = ${position}`);

    const { code, report } = await verify(data);
    expect(code).toBe(1);
    const chain = report.findings.filter((f) => f.check === 'chain');
    expect(chain).toEqual([expect.objectContaining({ kind: 'removed', position: Number(next), removedPositions: [Number(position), Number(position)] })]);
    expect(chain[0]!.message).toContain(`position ${position}`);
    // The invoice it issued lost its number: the series check sees the number assigned and never issued.
    expect(report.findings.some((f) => f.check === 'series' && /never issued/.test(f.message))).toBe(true);
  }, 120_000);

  it.skipIf(SQLITE3_MISSING)('reports the newest events removed when the read models reflect more than the log holds', async () => {
    const data = copy();
    const file = path.join(data, 'events.db');
    // verify appends nothing (the documents pending stay pending): the log's end is the one the read models reflect.
    expect((await cli(data, ['verify'])).code).toBe(0);
    const head = Number(sqlite3(file, 'SELECT max(position) FROM events'));
    sqlite3(file, `DELETE FROM events WHERE position > ${head - 3}`);

    const { code, report } = await verify(data);
    expect(code).toBe(1);
    // The chain alone is still valid (a shorter one); what the read models reflect says it is not the whole log.
    const chain = report.findings.filter((f) => f.check === 'chain');
    expect(chain).toEqual([expect.objectContaining({ kind: 'truncated', position: head })]);
    expect(chain[0]!.message).toContain(`but the log ends at ${head - 3}`);
  }, 120_000);

  it('finds an invoice total changed in its event even when the chain was rewritten to match', async () => {
    const data = copy();
    let number = '';
    rechain(path.join(data, 'events.db'), (db) => {
      const row = db.prepare("SELECT position, stream_id, data FROM events WHERE type = 'InvoiceDrafted' AND json_extract(data, '$.invoice.total') IS NOT NULL ORDER BY position LIMIT 1").get() as { position: number; stream_id: string; data: string };
      const draft = JSON.parse(row.data) as { invoice: { total: string } };
      draft.invoice.total = (Number(draft.invoice.total) + 100).toFixed(2);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(draft), row.position);
      number = db.prepare("SELECT json_extract(data, '$.number') FROM events WHERE stream_id = ? AND type = 'InvoiceIssued'").pluck().get(row.stream_id) as string;
      return row.position;
    });

    const { code, report } = await verify(data);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.check === 'chain')).toEqual([]);
    const invoice = report.findings.filter((f) => f.check === 'invoice');
    expect(invoice).toHaveLength(1);
    expect(invoice[0]!.message).toContain(`invoice ${number} does not add up from its lines`);
    expect(invoice[0]!.message).toMatch(/total [\d.]+ recomputed, [\d.]+ stated/);
  }, 120_000);

  it('finds an invoice number used twice and the gap it leaves in the series', async () => {
    const data = copy();
    let prefix = '';
    rechain(path.join(data, 'events.db'), (db) => {
      const row = db.prepare("SELECT position, data FROM events WHERE type = 'InvoiceNumbersAssigned' AND json_array_length(data, '$.assignments') >= 2 ORDER BY position LIMIT 1").get() as { position: number; data: string };
      const assigned = JSON.parse(row.data) as { prefix: string; year: number; assignments: { sequence: number; number: string }[] };
      // The second document gets the first one's number: one number twice, and the second one nowhere.
      const [first, second] = assigned.assignments;
      second!.sequence = first!.sequence;
      second!.number = first!.number;
      prefix = `${assigned.prefix}-${assigned.year}-`;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(assigned), row.position);
      return row.position;
    });

    const { code, report } = await verify(data);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.check === 'chain')).toEqual([]);
    const series = report.findings.filter((f) => f.check === 'series').map((f) => f.message);
    expect(series).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`number ${prefix}000001 was assigned to 2 documents`)),
      expect.stringMatching(new RegExp(`number ${prefix}000002 is missing`)),
    ]));
  }, 120_000);

  it('replay --check: zero differences on the billed folder, and each edited read model field named', async () => {
    const data = copy();
    const clean = await cli(data, ['replay', '--check', '--json']);
    expect(clean.code, clean.stderr).toBe(0);
    const report = JSON.parse(clean.stdout) as { ok: boolean; differenceCount: number; checked: { projections: number; documents: number } };
    expect(report).toMatchObject({ ok: true, differenceCount: 0 });
    expect(report.checked.documents).toBeGreaterThan(100);

    const readDb = path.join(data, 'read.db');
    const db = new Database(readDb);
    const invoice = db.prepare('SELECT id, doc FROM rm_invoices WHERE json_extract(doc, \'$.total\') IS NOT NULL LIMIT 1').get() as { id: string; doc: string };
    db.prepare('UPDATE rm_invoices SET doc = json_set(doc, \'$.total\', \'1.00\') WHERE id = ?').run(invoice.id);
    const client = db.prepare('SELECT id FROM rm_clients LIMIT 1').pluck().get() as string;
    db.prepare('DELETE FROM rm_clients WHERE id = ?').run(client);
    db.close();

    const dirty = await cli(data, ['replay', '--check', '--json']);
    expect(dirty.code).toBe(1);
    const found = JSON.parse(dirty.stdout) as { differenceCount: number; differences: unknown[] };
    expect(found.differenceCount).toBe(2);
    expect(found.differences).toEqual(expect.arrayContaining([
      { collection: 'invoices', id: invoice.id, field: 'total', kind: 'field', live: '1.00', rebuilt: JSON.parse(invoice.doc).total },
      { collection: 'clients', id: client, field: null, kind: 'missing-live' },
    ]));
    const text = await cli(data, ['replay', '--check', 'invoices']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`invoices ${invoice.id} total: live "1.00", rebuilt ${JSON.stringify(JSON.parse(invoice.doc).total)}`);
    expect(text.stdout).toMatch(/1 projections rebuilt up to position \d+, \d+ documents in \d+ collections compared: 1 differences/);
  }, 180_000);
});
