/** Issue 12, "nothing priced silently", over REST: tier tables refused at import, operator holidays imported. */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const ADMIN = 'test-admin-key-0123456789';

describe('REST: pricing data', () => {
  let billstream: Billstream;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('POST /tariffs/import refuses a tier table that does not parse with 422, naming line and column, and stores nothing', async () => {
    const tariff = [
      'id: DATA-ZERO',
      'name: { en: Data }',
      'currency: EUR',
      'validFrom: 2026-01-01',
      'category: internet',
      'usage:',
      '  - type: data',
      '    tiers: [{ upTo: 0, price: "1" }, { upTo: null, price: "0.5" }]',
      '',
    ].join('\n');
    const res = await request(app).post('/tariffs/import').set(admin).send({ tariff }).expect(422);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 8, column: 21, reason: 'usage[0].tiers[0].upTo: 0 must be greater than 0' }] });
    await request(app).get('/tariffs/DATA-ZERO').set(admin).expect(404);
  });

  it('POST /holidays/import keeps the good rows and answers 422 naming each bad one; GET /holidays/{country}/{year} is the calendar rating uses', async () => {
    const csv = 'country,date,name\nHU,2026-12-24,Szenteste\nHU,2026-03-15,-\nHU,2026-02-30,Nope\nQA,2026-12-18,National Day\n';
    const res = await request(app).post('/holidays/import').set(admin).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 4, column: 2, reason: 'date: "2026-02-30" is not a calendar date' }] });
    const hu = await request(app).get('/holidays/HU/2026').set(admin).expect(200);
    expect(hu.body).toMatchObject({ country: 'HU', year: 2026, known: true });
    const dates = (hu.body.holidays as { date: string; name: string }[]).map((h) => h.date);
    expect(dates).toContain('2026-12-24');
    expect(dates).not.toContain('2026-03-15');
    expect(dates).toContain('2026-10-23');
    expect((await request(app).get('/holidays/QA/2026').set(admin).expect(200)).body).toEqual({ country: 'QA', year: 2026, known: true, holidays: [{ date: '2026-12-18', name: 'National Day' }] });
    expect((await request(app).get('/holidays/QA/2027').set(admin).expect(200)).body).toEqual({ country: 'QA', year: 2027, known: false, holidays: [] });
    await request(app).get('/holidays/XX/2026').set(admin).expect(422);
    await request(app).get('/holidays/HU/1969').set(admin).expect(400);
  });
});

describe('billstream import holidays', () => {
  it('imports a holidays.csv as users run it: file:line:column for a bad row, exit 1, good rows kept', async () => {
    const dir = temporaryDataDir();
    const file = path.join(dir, 'holidays.csv');
    fs.writeFileSync(file, 'country,date,name\nHU,2026-12-24,Szenteste\nXX,2026-12-24,Nope\n');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.resolve('bin/billstream'), '--data', path.join(dir, 'data'), 'import', 'holidays', file], { env: process.env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`${file}:3:1: country: "XX" is not an ISO 3166-1 alpha-2 country code`);
    expect(run.stdout).toContain(`${file}: 1 created, 0 updated, 0 unchanged, 1 rejected`);
  }, 60_000);
});
