/** Issue 13: an API problem's title in the language the request accepts; its type and detail stay as the API spells them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express, { type Express } from 'express';
import { problem, sendProblem } from '../../src/api/problems.ts';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'test-admin-key-0123456789';

describe('API problem titles by Accept-Language', () => {
  let billstream: Billstream;
  let app: Express;

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('titles a problem in the best language the request accepts, English otherwise', async () => {
    const cases: [string | null, string, string][] = [
      [null, 'en', 'Unauthorized'],
      ['hu-HU,hu;q=0.9,en;q=0.8', 'hu', 'Hitelesítés szükséges'],
      ['de-AT', 'de', 'Nicht autorisiert'],
      ['it;q=1, fr;q=0.5', 'fr', 'Non autorisé'],
      ['it, es', 'en', 'Unauthorized'],
      ['*', 'en', 'Unauthorized'],
    ];
    for (const [accept, language, title] of cases) {
      const req = request(app).get('/legal-entities');
      const res = await (accept ? req.set('Accept-Language', accept) : req).expect(401);
      expect([res.headers['content-language'], res.body.title, res.body.type], String(accept)).toEqual([language, title, '/problems/unauthorized']);
      expect(res.headers.vary).toMatch(/Accept-Language/);
    }
  });

  it('titles a 406 by what went wrong in every language, never just "Error"', async () => {
    const titles: [string, string, string][] = [['en', 'Not acceptable', 'PDF not available'], ['hu', 'Nem elfogadható', 'PDF nem érhető el'], ['de', 'Nicht annehmbar', 'PDF nicht verfügbar'], ['fr', 'Non acceptable', 'PDF indisponible']];
    // A PDF where LibreOffice is not installed: its own problem type, answered as the document routes do.
    const pdf = express().get('/pdf', (_req, res) => sendProblem(res, problem(406, 'pdf-not-available', 'PDF is not available here: LibreOffice (soffice) is not installed; ask for the .docx')));
    for (const [language, notAcceptable, notAvailable] of titles) {
      const res = await request(app).get('/invoices/NOPE/document').set('Authorization', `Bearer ${ADMIN}`).set('Accept', 'text/html').set('Accept-Language', language).expect(406);
      expect([res.headers['content-language'], res.body.type, res.body.title]).toEqual([language, '/problems/not-acceptable', notAcceptable]);
      const refused = await request(pdf).get('/pdf').set('Accept-Language', language).expect(406);
      expect([refused.body.type, refused.body.title]).toEqual(['/problems/pdf-not-available', notAvailable]);
    }
  });

  it('titles a problem of an authenticated request too', async () => {
    const res = await request(app).get('/legal-entities/NOPE').set('Authorization', `Bearer ${ADMIN}`).set('Accept-Language', 'de').expect(404);
    expect(res.body).toMatchObject({ status: 404, title: 'Nicht gefunden' });
  });
});
