import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import type { Filter } from '../../readstore/port.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireDateParameter } from '../../core/validate.ts';
import { FX_RATE_COLUMNS, importFxRates, publishFxRates } from '../../import/fx-rates.ts';
import { fxRateOn } from '../../app/fx/rates.ts';
import { FX_RATES } from '../../../projections/fx-rates.projection.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { csvFile, fileImportHandler } from './file-import.ts';

/** Exchange rates: a JSON batch or an fx-rates.csv upload, the list, and the rate used for a date (RULES.md 11). */
export function fxRatesRouter(billstream: Billstream): Router {
  const router = Router();
  // Rates are billing reference data, written by whoever maintains tariffs.
  const writers = requireRole('operator', 'billing');

  router.post('/fx-rates', writers, postHandler(billstream, async (req: Request, res: Response) => {
    const { rates } = req.body as { rates: components['schemas']['FxRateInput'][] };
    const summary = await publishFxRates(billstream, rates, { actor: actorOf(res) });
    await billstream.catchUp();
    return { status: summary.rejected ? 422 : 200, body: summary };
  }));

  router.post('/fx-rates/import', writers, fileImportHandler(billstream, csvFile(FX_RATE_COLUMNS, importFxRates)));

  router.get('/fx-rates', requireRole(...STAFF), async (req: Request, res: Response) => {
    const filter: Filter = {};
    for (const field of ['base', 'quote'] as const) if (typeof req.query[field] === 'string') filter[field] = req.query[field] as string;
    const from = typeof req.query.from === 'string' ? req.query.from : undefined;
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    if (from !== undefined) requireDateParameter('from', from);
    if (to !== undefined) requireDateParameter('to', to);
    if (from !== undefined || to !== undefined) filter.date = { ...(from !== undefined ? { $gte: from } : {}), ...(to !== undefined ? { $lte: to } : {}) };
    // By key: pair, then date.
    res.json(await billstream.readStore.find(FX_RATES, filter, pageOptions(req)));
  });

  router.get('/fx-rates/:base/:quote/on/:date', requireRole(...STAFF), async (req: Request<{ base: string; quote: string; date: string }>, res: Response) => {
    const { base, quote, date } = req.params;
    const used = await fxRateOn(billstream.readStore, base, quote, date);
    if (!used) throw new NotFoundError(`no ${base}/${quote} rate on or before ${date} (nor a ${quote}/${base} rate to invert): an invoice needing it is held until one is imported`);
    res.json(used);
  });
  return router;
}
