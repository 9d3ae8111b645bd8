/**
 * The audit trail over REST: the event log by time, actor, type and stream (`/audit/events`), and
 * the history of the billing documents (invoices, credit notes) and of payments, as the CRM
 * entities have theirs.
 * Their state at an instant (`?asOf=`) is served by the routes of the documents themselves.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { auditEvents, type AuditQuery } from '../../app/audit/trail.ts';
import { creditNoteStreamOf, invoiceStreamOf, paymentEvents } from '../../app/audit/as-of.ts';
import { requireRole, STAFF } from '../auth.ts';
import { sendJson } from '../http.ts';
import { historyOf, historyItem } from './history.ts';

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** `type=A&type=B` and `type=A,B` alike. */
function queryList(req: Request, name: string): string[] | undefined {
  const value = req.query[name];
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const items = values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return items.length ? items : undefined;
}

export function auditRouter(billstream: Billstream): Router {
  const router = Router();

  // The whole log names every client and amount: the auditors' and the accountants' (admin passes).
  router.get('/audit/events', requireRole('auditor', 'accountant'), async (req: Request, res: Response) => {
    const query: AuditQuery = { limit: req.query.limit === undefined ? 50 : Number(req.query.limit) };
    for (const name of ['from', 'to', 'actor', 'stream', 'category', 'after'] as const) {
      const value = queryString(req, name);
      if (value !== undefined) query[name] = value;
    }
    const types = queryList(req, 'type');
    if (types) query.types = types;
    sendJson(res, await auditEvents(billstream, query));
  });

  router.get('/invoices/:idOrNumber/history', requireRole(...STAFF), async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const stream = await invoiceStreamOf(billstream, req.params.idOrNumber);
    res.json({ items: await historyOf(billstream, stream, `invoice ${req.params.idOrNumber}`) });
  });

  router.get('/credit-notes/:idOrNumber/history', requireRole(...STAFF), async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const stream = await creditNoteStreamOf(billstream, req.params.idOrNumber);
    res.json({ items: await historyOf(billstream, stream, `credit note ${req.params.idOrNumber}`) });
  });

  // A payment is part of its client's ledger stream: its history is that stream's events naming it.
  router.get('/payments/:paymentId/history', requireRole(...STAFF), async (req: Request<{ paymentId: string }>, res: Response) => {
    res.json({ items: (await paymentEvents(billstream, req.params.paymentId)).map(historyItem) });
  });
  return router;
}
