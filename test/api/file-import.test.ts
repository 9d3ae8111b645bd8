/** The one handler of every file import route (src/api/routes/file-import.ts). */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { CsvItem } from '../../src/import/csv.ts';
import { emptySummary, type ImportOptions, type ImportSummary } from '../../src/import/summary.ts';
import { csvFile, fileImportHandler, type FileImporter } from '../../src/api/routes/file-import.ts';

function appWith(importFile: FileImporter, log: string[]) {
  const billstream = { clock: systemClock, catchUp: async () => void log.push('catchUp') } as unknown as Billstream;
  const app = express();
  app.use(express.text({ type: ['text/csv', 'application/yaml'] }));
  app.use((_req, res, next) => {
    res.locals.principal = { actor: 'apikey:k1', keyId: 'k1', userId: null, roles: ['operator'], tenantId: null, clientId: null };
    next();
  });
  app.post('/things/import', fileImportHandler(billstream, importFile));
  return app;
}

describe('fileImportHandler', () => {
  it('imports the body text as the caller, catches the read models up, and answers the summary', async () => {
    const log: string[] = [];
    const seen: { text: string; actor: string; options: ImportOptions }[] = [];
    const app = appWith(async (_deps, text, context, options) => {
      log.push('import');
      seen.push({ text: String(text), actor: context.actor, options });
      return { ...emptySummary(), created: 2 };
    }, log);
    const response = await request(app).post('/things/import').set('Content-Type', 'text/csv').send('id\nA\nB\n');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...emptySummary(), created: 2 });
    expect(seen).toEqual([{ text: 'id\nA\nB\n', actor: 'apikey:k1', options: { allOrNothing: false } }]);
    expect(log).toEqual(['import', 'catchUp']);
  });

  it('passes allOrNothing and answers 422 when a row was rejected', async () => {
    const options: ImportOptions[] = [];
    const app = appWith(async (_deps, _text, _context, given) => {
      options.push(given);
      return { ...emptySummary(), rejected: 1, errors: [{ line: 2, column: 1, reason: 'bad' }] };
    }, []);
    const response = await request(app).post('/things/import?allOrNothing=true').set('Content-Type', 'application/yaml').send('- id: A\n');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ line: 2, column: 1, reason: 'bad' }]);
    expect(options).toEqual([{ allOrNothing: true }]);
  });

  it('reads a CSV body with the file columns, again on each read (csvFile)', async () => {
    const rows: string[] = [];
    const importRows = async (_deps: unknown, source: () => AsyncIterable<CsvItem>): Promise<ImportSummary> => {
      for (let pass = 0; pass < 2; pass++) {
        for await (const item of source()) rows.push(item.kind === 'row' ? `${pass}:${item.row.values.id}/${item.row.values.name}` : `${pass}:error ${item.error.reason}`);
      }
      return emptySummary();
    };
    const response = await request(appWith(csvFile({ required: ['id'], optional: ['name'] }, importRows), [])).post('/things/import').set('Content-Type', 'text/csv').send('id,name\nA,Anna\nB,\n');
    expect(response.status).toBe(200);
    expect(rows).toEqual(['0:A/Anna', '0:B/null', '1:A/Anna', '1:B/null']);
  });

  it('is the handler of every route that imports a file', () => {
    const dir = path.join('src', 'api', 'routes');
    const routes: string[] = [];
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/router\.post\(\s*[`'"]([^`'"]*\/import)[`'"],[^\n]*/g)) routes.push(`${file} ${m[1]} ${m[0].includes('fileImportHandler(') ? 'one handler' : m[0]}`);
    }
    expect(routes.sort()).toEqual([
      'discounts.ts /discounts/import one handler',
      'entities.ts ${base}/import one handler', // clients, contracts, service points, subscriptions
      'fx-rates.ts /fx-rates/import one handler',
      'holidays.ts /holidays/import one handler',
      'legal-entities.ts /legal-entities/import one handler',
      'radius-nas.ts /radius/nas/import one handler',
      'receivables.ts /payments/import one handler',
      // A tariff is a JSON body (a YAML tariff and its decks), not a file: its own handler.
      "tariffs.ts /tariffs/import router.post('/tariffs/import', requireRole('operator', 'billing'), postHandler(billstream, async (req, res) => {",
      'usage.ts /usage/import one handler',
    ]);
  });
});
