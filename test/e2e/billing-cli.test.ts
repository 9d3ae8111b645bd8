/** `billstream bill-run`, `invoices` and `credit-note` as users run them: real processes on a real data folder. */
import path from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');

function billstream(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, BILLSTREAM_TIME_ZONE: 'Europe/Budapest' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('billstream bill-run, invoices, credit-note', () => {
  it('computes a run, approves it once, lists and credits its invoices', async () => {
    const data = path.join(temporaryDataDir(), 'data');
    for (const [kind, file] of [['legal-entities', 'legal-entities.yaml'], ['partners', 'partners.csv'], ['clients', 'clients.csv'], ['contracts', 'contracts.csv'], ['service-points', 'service-points.csv'], ['tariffs', 'tariffs'], ['subscriptions', 'subscriptions.csv'], ['fx-rates', 'fx-rates.csv']]) {
      const imported = await billstream(['--data', data, 'import', kind!, path.join('examples', file!)]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const usage = await billstream(['--data', data, 'bill-run']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--as-of');

    const drafted = await billstream(['--data', data, 'bill-run', '--as-of', '2026-11-01', '--json']);
    expect(drafted.code, drafted.stderr).toBe(0);
    const run = JSON.parse(drafted.stdout);
    expect(run).toMatchObject({ asOf: '2026-11-01', status: 'drafted', result: null });
    expect(run.report.invoices).toBeGreaterThan(0);
    expect(run.report.perCurrency.map((c: { currency: string }) => c.currency)).toContain('HUF');
    // Nothing issued before approval (RULES.md 17).
    const before = JSON.parse((await billstream(['--data', data, 'invoices', '--run', run.runId, '--json'])).stdout);
    expect(before.every((i: { number: string | null }) => i.number === null)).toBe(true);

    const approved = await billstream(['--data', data, 'bill-run', 'approve', run.runId, '--issue-date', '2026-11-02', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'completed', result: { issued: run.report.invoices - run.report.held } });
    const twice = await billstream(['--data', data, 'bill-run', 'approve', run.runId]);
    expect(twice.code).toBe(4);
    expect(twice.stderr).toContain('already approved');

    const listed = JSON.parse((await billstream(['--data', data, 'invoices', '--client', 'C-0001', '--json'])).stdout);
    const invoice = listed.find((i: { number: string | null }) => i.number !== null);
    expect(invoice).toMatchObject({ clientId: 'C-0001', contractId: 'K-0001', legalEntityId: 'HU1', currency: 'HUF', issueDate: '2026-11-02', dueDate: '2026-11-17' });
    expect(invoice.number).toMatch(/^HU1-2026-\d{6}$/);
    expect(Object.keys(invoice.lines[0])).toEqual(expect.arrayContaining(['code', 'description', 'quantity', 'unit', 'net', 'vatCategory', 'vatRate']));
    expect(invoice.vat[0]).toEqual(expect.objectContaining({ category: 'S', rate: '27' }));
    expect(Number(invoice.total)).toBeCloseTo(Number(invoice.totalNet) + Number(invoice.totalVat), 2);

    const tooMuch = await billstream(['--data', data, 'credit-note', invoice.number, '--reason', 'test', '--line', `0=${Number(invoice.lines[0].net) + 1}`]);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toContain('only');
    const credited = await billstream(['--data', data, 'credit-note', invoice.number, '--reason', 'customer left', '--json']);
    expect(credited.code, credited.stderr).toBe(0);
    expect(JSON.parse(credited.stdout)).toMatchObject({ typeCode: 381, invoiceNumber: invoice.number, total: `-${invoice.total}` });
  }, 120_000);
});
