/**
 * The REST API: Express 5 driven by openapi.yaml. The validator checks every request against the
 * spec before a handler runs (and, in tests, every response), so a malformed body never reaches
 * the domain and the spec cannot drift from the code unnoticed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Billstream } from '../main.ts';
import { authentication, requireRole, STAFF } from './auth.ts';
import { docsRouter } from './docs.ts';
import { IDEMPOTENCY_KEYS } from './idempotency.ts';
import { Metrics } from './metrics.ts';
import { problem, problemHandler, sendProblem } from './problems.ts';
import { apiKeysRouter } from './routes/api-keys.ts';
import { legalEntitiesRouter } from './routes/legal-entities.ts';
import { crmRouter } from './routes/crm.ts';
import { usageRouter } from './routes/usage.ts';
import { tariffsRouter } from './routes/tariffs.ts';
import { fxRatesRouter } from './routes/fx-rates.ts';
import { billingRouter } from './routes/billing.ts';

export const OPENAPI_SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi.yaml');
const VERSION = '0.1.0';

export interface AppOptions {
  /** Validate every response against the spec (tests): a mismatch becomes a 500. */
  validateResponses?: boolean;
}

export async function createApp(billstream: Billstream, options: AppOptions = {}): Promise<Express> {
  await billstream.readStore.ensureCollection({ name: IDEMPOTENCY_KEYS, indexes: [] });
  const app = express();
  const metrics = new Metrics();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(metrics.middleware());

  app.get('/health', async (_req, res) => {
    let eventStore = 'ok';
    let readStore = 'ok';
    let headPosition: number | null = null;
    try {
      headPosition = await billstream.eventStore.headPosition();
    } catch (error) {
      eventStore = error instanceof Error ? error.message : String(error);
    }
    try {
      await billstream.readStore.getCheckpoint('health');
    } catch (error) {
      readStore = error instanceof Error ? error.message : String(error);
    }
    const healthy = eventStore === 'ok' && readStore === 'ok';
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', eventStore, readStore, version: VERSION, headPosition });
  });
  // Documentation holds no data; a browser must be able to open it before it has a key.
  app.use(docsRouter(OPENAPI_SPEC));

  app.use(authentication(billstream));
  app.use(express.json({ limit: '10mb' }));
  app.use(express.text({ type: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/csv'], limit: '200mb' }));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: OPENAPI_SPEC,
      validateRequests: { allErrors: true },
      validateResponses: options.validateResponses ?? false,
      validateSecurity: false,
      ignorePaths: /^\/(docs|openapi\.yaml)/,
    }),
  );

  app.get('/metrics', requireRole(...STAFF), async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await metrics.render(billstream));
  });
  app.use(legalEntitiesRouter(billstream));
  app.use(crmRouter(billstream));
  app.use(tariffsRouter(billstream));
  app.use(usageRouter(billstream));
  app.use(fxRatesRouter(billstream));
  app.use(billingRouter(billstream));
  app.use(apiKeysRouter(billstream));

  app.use((req, res) => sendProblem(res, problem(404, 'not-found', `no route ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
