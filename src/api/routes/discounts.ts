/**
 * Discount schemes over REST (docs/discounts.md): list, one, history, create, change (a new
 * version, a revision, or the end of the scheme with `validTo`) with If-Match, and the YAML import.
 * Operators (and admins) write; every staff role reads.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { Filter } from '../../readstore/port.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { requireDateParameter, requireInstantParameter } from '../../core/validate.ts';
import { uuidv7 } from '../../core/ids.ts';
import { checkedScheme, discountStream } from '../../domain/discount/decider.ts';
import { executeDiscountCommand } from '../../app/discounts/service.ts';
import { importDiscountText } from '../../import/discounts.ts';
import { DISCOUNTS, type DiscountDocument } from '../../../projections/discounts.projection.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, expectedRevisionFrom, pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { historyOf } from './history.ts';
import { discountAsOf } from '../../app/audit/as-of.ts';
import { operatorToday } from '../../core/clock.ts';
import { simulateDiscountTexts } from '../../app/discounts/simulate.ts';
import { fileImportHandler, textFile } from './file-import.ts';

async function documentOf(billstream: Billstream, id: string): Promise<DiscountDocument> {
  await billstream.catchUp();
  const document = (await billstream.readStore.get(DISCOUNTS, id)) as DiscountDocument | null;
  if (!document) throw new NotFoundError(`discount scheme ${id} does not exist`);
  return document;
}

export function discountsRouter(billstream: Billstream): Router {
  const router = Router();
  const writers = requireRole('operator');
  const readers = requireRole(...STAFF);

  router.get('/discounts', readers, async (req: Request, res: Response) => {
    const filter: Filter = typeof req.query.kind === 'string' ? { kind: req.query.kind } : {};
    res.json(await billstream.readStore.find(DISCOUNTS, filter, pageOptions(req)));
  });

  router.post('/discounts', writers, postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as Record<string, unknown>;
    if (body.id === undefined) throw ValidationError.field('id', 'is required: the new scheme\'s id');
    const scheme = checkedScheme(body);
    await executeDiscountCommand(billstream, { type: 'CreateDiscountScheme', scheme }, { commandId, actor: actorOf(res) });
    const document = await documentOf(billstream, scheme.id);
    return { status: 201, body: document, headers: { ETag: etag(document.revision), Location: `/discounts/${encodeURIComponent(scheme.id)}` } };
  }));

  router.post('/discounts/import', writers, fileImportHandler(billstream, textFile(importDiscountText)));

  // Records nothing (no idempotency record either): a simulation is a question, asked again at will.
  router.post('/discounts/simulate', requireRole('operator', 'billing'), async (req: Request, res: Response) => {
    const all = String(req.query.all) === 'true';
    const named = typeof req.query.clients === 'string' ? req.query.clients.split(',').map((id) => id.trim()).filter((id) => id !== '') : null;
    if (all && named !== null) throw ValidationError.field('clients', 'give either clients (comma-separated ids) or all=true, not both');
    // YAML as it was sent; JSON (a scheme or a list) as the same reader reads it, laid out with two spaces (line and column refer to that layout).
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null, null, 2);
    await billstream.catchUp();
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : operatorToday(billstream.clock);
    requireDateParameter('asOf', asOf);
    res.json(await simulateDiscountTexts(billstream, [{ text, label: null }], { clients: named ?? 'all', asOf }));
  });

  router.get('/discounts/:id', readers, async (req: Request<{ id: string }>, res: Response) => {
    if (typeof req.query.asOf === 'string') {
      requireInstantParameter('asOf', req.query.asOf);
      const then = await discountAsOf(billstream, req.params.id, req.query.asOf);
      return void res.set('ETag', etag(then.revision)).json(then);
    }
    const document = (await billstream.readStore.get(DISCOUNTS, req.params.id)) as DiscountDocument | null;
    if (!document) throw new NotFoundError(`discount scheme ${req.params.id} does not exist`);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.put('/discounts/:id', writers, async (req: Request<{ id: string }>, res: Response) => {
    const expectedRevision = expectedRevisionFrom(req);
    const body = req.body as Record<string, unknown>;
    if (body.id !== undefined && body.id !== req.params.id) throw ValidationError.field('id', `${JSON.stringify(body.id)} is not the scheme of the path, ${req.params.id} (an id cannot change)`);
    const scheme = checkedScheme({ ...body, id: req.params.id });
    await executeDiscountCommand(billstream, { type: 'ChangeDiscountScheme', scheme }, {
      commandId: uuidv7(billstream.clock),
      actor: actorOf(res),
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    });
    const document = await documentOf(billstream, scheme.id);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.get('/discounts/:id/history', requireRole('admin', 'operator', 'auditor', 'accountant', 'billing'), async (req: Request<{ id: string }>, res: Response) => {
    res.json({ items: await historyOf(billstream, discountStream(req.params.id), `discount scheme ${req.params.id}`) });
  });
  return router;
}
