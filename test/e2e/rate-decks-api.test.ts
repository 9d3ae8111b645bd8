/** GET /rate-decks/{deckId}: the rates a tariff version's usage rule prices by, as published. */
import fs from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'rate-decks-admin-key-0123456789';

describe('GET /rate-decks/{deckId}', () => {
  let billstream: Billstream;
  let app: Express;
  let auditor: string;

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
    auditor = (await issueApiKey(billstream, { name: 'auditor', roles: ['auditor'] }, { commandId: 'k-auditor', actor: 'test' })).key;
  });
  afterAll(() => billstream.close());

  it('answers the deck a tariff names, with its file name, rates and CSV text as imported', async () => {
    const tariff = await request(app).get('/tariffs/HOME-VOIP').set('X-API-Key', auditor).expect(200);
    const voice = (tariff.body.versions[0].usage as { type: string; deck?: string }[]).find((rule) => rule.type === 'voice');
    expect(voice?.deck).toMatch(/^[0-9a-f]{32}$/);
    const deck = await request(app).get(`/rate-decks/${voice!.deck}`).set('X-API-Key', auditor).expect(200);
    const csv = fs.readFileSync('examples/tariffs/decks/voice-eur.csv', 'utf8');
    expect(deck.body).toEqual({ deckId: voice!.deck, fileName: 'decks/voice-eur.csv', rows: csv.trim().split('\n').length - 1, csv });
  });

  it('answers 404 for a deck never published, 400 for an id that cannot be one', async () => {
    const missing = await request(app).get(`/rate-decks/${'0'.repeat(32)}`).set('X-API-Key', auditor).expect(404);
    expect(missing.type).toBe('application/problem+json');
    await request(app).get('/rate-decks/voice-eur').set('X-API-Key', auditor).expect(400);
  });
});
