import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { readCsv } from '../../import/csv.ts';
import { importUsage, UsageRecorder, USAGE_COLUMNS } from '../../import/usage.ts';
import { actorOf, requireRole } from '../auth.ts';
import { postHandler } from '../idempotency.ts';

/** Usage ingestion over REST: a JSON batch (errors point at the record's 1-based index) or a usage.csv upload. */
export function usageRouter(billstream: Billstream): Router {
  const router = Router();
  // Mediation systems push usage with an operator key; billing staff may load files too.
  const writers = requireRole('operator', 'billing');

  router.post('/usage', writers, postHandler(billstream, async (req: Request, res: Response) => {
    const { records } = req.body as { records: components['schemas']['UsageRecordInput'][] };
    const recorder = new UsageRecorder(billstream, { actor: actorOf(res) }, billstream.clock.now());
    for (const [index, record] of records.entries()) {
      await recorder.add(
        { ...record, durationSeconds: record.durationSeconds ?? null, calledNumber: record.calledNumber ?? null, bytesIn: record.bytesIn ?? null, bytesOut: record.bytesOut ?? null, quantity: record.quantity ?? null },
        (issues) => issues.map((issue) => ({ line: index + 1, column: 0, reason: `${issue.field}: ${issue.message}` })),
      );
    }
    await recorder.flush();
    await recorder.rateAndCount();
    return { status: recorder.summary.rejected ? 422 : 200, body: recorder.summary };
  }));

  router.post('/usage/import', writers, postHandler(billstream, async (req: Request, res: Response) => {
    const text = String(req.body ?? '');
    const summary = await importUsage(billstream, () => readCsv((async function* () { yield text; })(), USAGE_COLUMNS), { actor: actorOf(res) }, {
      allOrNothing: String(req.query.allOrNothing) === 'true',
    });
    await billstream.catchUp();
    return { status: summary.rejected ? 422 : 200, body: summary };
  }));
  return router;
}
