/**
 * The dashboard (issue 16): revenue, invoices issued, receivables and overdue, usage, unresolved
 * usage and the last bill runs in one answer, for the console's first screen. Staff read it; it
 * sums every client's figures, so partner and client keys do not.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { requireRole, STAFF } from '../auth.ts';
import { sendJson } from '../http.ts';
import { DASHBOARD_MONTHS, dashboardNow } from '../../app/dashboard/dashboard.ts';

export function dashboardRouter(billstream: Billstream): Router {
  const router = Router();

  router.get('/dashboard', requireRole(...STAFF), async (req: Request, res: Response) => {
    // The spec bounds it (1 to 36): the validator refused anything else before this runs.
    const months = req.query.months === undefined ? DASHBOARD_MONTHS.default : Number(req.query.months);
    sendJson(res, await dashboardNow(billstream, months));
  });
  return router;
}
