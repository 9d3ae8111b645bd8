/** Prepaid call cards over REST: batches (PINs in the creation response only), cards, their calls, and what staff do with them. */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { actorOf, requireRole } from '../auth.ts';
import { pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { createCardBatch, findCardBatch } from '../../app/prepaid/batches.ts';
import { activateCard, blockCard, cardSessions, listCards, readCard, rechargeCard, unblockCard, type CardStatusView } from '../../app/prepaid/cards.ts';
import { CARD_BATCHES, type CardSessionDocument } from '../../../projections/cards.projection.ts';
import { uuidv7 } from '../../core/ids.ts';

type Schemas = components['schemas'];

export function cardsRouter(billstream: Billstream): Router {
  const router = Router();
  const writers = requireRole('operator');
  // Support staff and auditors read cards; billing and accounting roles have no business with PIN-bearing stock.
  const readers = requireRole('operator', 'auditor');
  const context = (res: Response, commandId = uuidv7(billstream.clock)) => ({ commandId, actor: actorOf(res) });

  router.get('/card-batches', readers, async (req: Request, res: Response) => {
    const page = await billstream.readStore.find(CARD_BATCHES, {}, { ...pageOptions(req), sort: { field: 'createdAt' } });
    res.json(page);
  });

  router.post('/card-batches', writers, postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as Schemas['CardBatchCreate'];
    const { batch, cards } = await createCardBatch(billstream, body, context(res, commandId));
    await billstream.readModelsReached(await billstream.eventStore.headPosition());
    return { status: 201, body: { batch: await findCardBatch(billstream, batch.batchId), cards }, headers: { Location: `/card-batches/${encodeURIComponent(batch.batchId)}` } };
  }, { responseHoldsSecret: true }));

  router.get('/card-batches/:batchId', readers, async (req: Request<{ batchId: string }>, res: Response) => {
    res.json(await findCardBatch(billstream, req.params.batchId));
  });

  router.get('/cards', readers, async (req: Request, res: Response) => {
    const batchId = typeof req.query.batchId === 'string' ? req.query.batchId : undefined;
    const status = typeof req.query.status === 'string' ? (req.query.status as CardStatusView) : undefined;
    res.json(await listCards(billstream, { ...pageOptions(req), ...(batchId ? { batchId } : {}), ...(status ? { status } : {}) }));
  });

  router.get('/cards/:cardId', readers, async (req: Request<{ cardId: string }>, res: Response) => {
    res.json(await readCard(billstream, req.params.cardId));
  });

  router.get('/cards/:cardId/calls', readers, async (req: Request<{ cardId: string }>, res: Response) => {
    const page = await cardSessions(billstream, req.params.cardId, pageOptions(req));
    res.json({ items: page.items.map(callView), next: page.next });
  });

  router.post('/cards/:cardId/activate', writers, async (req: Request<{ cardId: string }>, res: Response) => {
    res.json(await activateCard(billstream, req.params.cardId, context(res)));
  });

  router.post('/cards/:cardId/recharge', writers, postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as Schemas['CardRecharge'];
    return { status: 200, body: await rechargeCard(billstream, String(req.params.cardId), body, context(res, commandId)) };
  }));

  router.post('/cards/:cardId/block', writers, async (req: Request<{ cardId: string }>, res: Response) => {
    res.json(await blockCard(billstream, req.params.cardId, (req.body as { reason: string }).reason, context(res)));
  });

  router.post('/cards/:cardId/unblock', writers, async (req: Request<{ cardId: string }>, res: Response) => {
    res.json(await unblockCard(billstream, req.params.cardId, context(res)));
  });

  return router;
}

function callView(session: CardSessionDocument): Schemas['CardCall'] {
  const { id: _id, cardId: _cardId, ...call } = session;
  return call;
}
