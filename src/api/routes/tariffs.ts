import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { Filter } from '../../readstore/port.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireInstantParameter } from '../../core/validate.ts';
import { checkTariff, countPublished, publishTariff } from '../../import/tariffs.ts';
import { emptySummary } from '../../import/summary.ts';
import { deckStream, tariffStream, type DeckPublished } from '../../domain/tariff/decider.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { historyOf } from './history.ts';
import { tariffAsOf } from '../../app/audit/as-of.ts';

export function tariffsRouter(billstream: Billstream): Router {
  const router = Router();

  router.get('/tariffs', requireRole(...STAFF), async (req: Request, res: Response) => {
    const filter: Filter = typeof req.query.category === 'string' ? { category: req.query.category } : {};
    res.json(await billstream.readStore.find(TARIFFS, filter, pageOptions(req)));
  });

  router.post('/tariffs/import', requireRole('operator', 'billing'), postHandler(billstream, async (req, res) => {
    const body = req.body as { tariff: string; decks?: Record<string, string> };
    const { checked, errors } = await checkTariff(body.tariff, (name) => body.decks?.[name] ?? null, null);
    const summary = emptySummary();
    if (!checked) {
      summary.rejected = 1;
      summary.errors = errors;
      return { status: 422, body: summary };
    }
    countPublished(summary, await publishTariff(billstream, checked, { actor: actorOf(res) }));
    if (summary.rejected) return { status: 422, body: summary };
    await billstream.catchUp();
    return { status: 200, body: summary };
  }));

  router.get('/tariffs/:id', requireRole(...STAFF), async (req: Request<{ id: string }>, res: Response) => {
    if (typeof req.query.asOf === 'string') {
      requireInstantParameter('asOf', req.query.asOf);
      const then = await tariffAsOf(billstream, req.params.id, req.query.asOf);
      return void res.set('ETag', etag(then.revision)).json(then);
    }
    const document = (await billstream.readStore.get(TARIFFS, req.params.id)) as TariffDocument | null;
    if (!document) throw new NotFoundError(`tariff ${req.params.id} does not exist`);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.get('/tariffs/:id/history', requireRole('admin', 'operator', 'auditor', 'accountant', 'billing'), async (req: Request<{ id: string }>, res: Response) => {
    res.json({ items: await historyOf(billstream, tariffStream(req.params.id), `tariff ${req.params.id}`) });
  });

  // A deck is content addressed and published once (its stream holds the one DeckPublished):
  // the console shows the rates a tariff version's usage rule prices by.
  router.get('/rate-decks/:deckId', requireRole(...STAFF), async (req: Request<{ deckId: string }>, res: Response) => {
    const [published] = await billstream.eventStore.readStream(deckStream(req.params.deckId));
    if (!published || published.type !== 'DeckPublished') throw new NotFoundError(`rate deck ${req.params.deckId} does not exist`);
    const { deckId, fileName, rows, csv } = published.data as DeckPublished['data'];
    res.json({ deckId, fileName, rows, csv });
  });
  return router;
}
