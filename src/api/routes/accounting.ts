import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { actorOf, requireRole } from '../auth.ts';
import { sendJson, sendJsonBytes } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { chartOfAccounts, importChartOfAccounts, type ChartFile } from '../../app/accounting/accounts.ts';
import { journalCsvPage, journalPageBytes, trialBalance, type JournalQuery } from '../../app/accounting/journal.ts';

/**
 * Accounting: the chart of accounts, the journal for accounting software (cursor pages, JSON or
 * CSV) and the trial balance. The journal is the books: accountants and auditors read it,
 * operators and billing staff do not; only accountants (and admins) change the chart.
 */
export function accountingRouter(billstream: Billstream): Router {
  const router = Router();
  const readers = requireRole('accountant', 'auditor');
  const writers = requireRole('accountant');

  router.get('/accounting/accounts', readers, async (req: Request, res: Response) => {
    sendJson(res, await chartOfAccounts(billstream, String(req.query.entity)));
  });

  router.put('/accounting/accounts', writers, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const chart = req.body as ChartFile;
    const { outcome } = await importChartOfAccounts(billstream, chart, { commandId, actor: actorOf(res) });
    return { status: 200, body: { ...(await chartOfAccounts(billstream, chart.legalEntityId)), outcome } };
  }));

  router.get('/accounting/journal', readers, async (req: Request, res: Response) => {
    const query: JournalQuery = {};
    if (typeof req.query.after === 'string') query.after = req.query.after;
    if (req.query.limit !== undefined) query.limit = Number(req.query.limit);
    for (const field of ['entity', 'from', 'to'] as const) if (typeof req.query[field] === 'string') query[field] = req.query[field] as string;
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      const { body, next, last } = await journalCsvPage(billstream, query);
      if (next) res.setHeader('Next-Cursor', next);
      if (last) res.setHeader('Last-Cursor', last);
      res.type('text/csv; charset=utf-8').send(body);
      return;
    }
    const { body, next } = await journalPageBytes(billstream, query);
    if (next) res.setHeader('Next-Cursor', next);
    sendJsonBytes(res, body);
  });

  router.get('/accounting/trial-balance', readers, async (req: Request, res: Response) => {
    const q = { entity: String(req.query.entity), ...(typeof req.query.from === 'string' ? { from: req.query.from } : {}), ...(typeof req.query.to === 'string' ? { to: req.query.to } : {}) };
    sendJson(res, await trialBalance(billstream, q));
  });
  return router;
}
