import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { importUsage, UsageRecorder, USAGE_COLUMNS } from '../../import/usage.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { pageOptions } from '../http.ts';
import type { Filter } from '../../readstore/port.ts';
import { rerateUsage } from '../../app/usage/rerate.ts';
import { cycleUsage } from '../../app/usage/cycle-usage.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { requireDateParameter } from '../../core/validate.ts';
import { startTimeLowerBound } from '../../domain/usage/validate.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { SERVICE_POINTS } from '../../../projections/service-points.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { UNRESOLVED_USAGE } from '../../../projections/unresolved-usage.projection.ts';
import { USAGE_RECORDS } from '../../../projections/usage-records.projection.ts';
import { postHandler } from '../idempotency.ts';
import { csvFile, fileImportHandler } from './file-import.ts';
import type { CycleUsageDocument } from '../documents.ts';

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
    await recorder.settle();
    return { status: recorder.summary.rejected ? 422 : 200, body: recorder.summary };
  }));

  router.post('/usage/import', writers, fileImportHandler(billstream, csvFile(USAGE_COLUMNS, importUsage)));
  router.get('/usage/unresolved', requireRole(...STAFF), async (req: Request, res: Response) => {
    const filter: Filter = {};
    for (const field of ['reason', 'source', 'identifier'] as const) if (typeof req.query[field] === 'string') filter[field] = req.query[field] as string;
    const page = await billstream.readStore.find(UNRESOLVED_USAGE, filter, { ...pageOptions(req), sort: { field: 'startTime' } });
    res.json({ items: page.items.map(({ id: _id, ...record }) => record), next: page.next });
  });

  router.get('/usage/records', requireRole(...STAFF), async (req: Request, res: Response) => {
    const filter: Filter = {};
    if (typeof req.query.since === 'string') {
      const since = startTimeLowerBound(req.query.since);
      if ('problem' in since) throw ValidationError.field('since', since.problem);
      filter.startTime = { $gte: since.bound };
    }
    if (req.query.status === 'unresolved') {
      // The unresolved view selects the page (records unresolved now); the items are the records
      // view's documents, so every item of /usage/records has one shape, whatever the status.
      const page = await billstream.readStore.find(UNRESOLVED_USAGE, filter, { ...pageOptions(req), sort: { field: 'startTime' } });
      const records = await Promise.all(page.items.map((item) => billstream.readStore.get(USAGE_RECORDS, String(item.id))));
      res.json({ items: records.filter((record) => record !== null), next: page.next });
      return;
    }
    // Only rated records have a subscription day: the same index selects a subscription's or all rated ones.
    if (typeof req.query.subscriptionId === 'string') filter.subscriptionDay = { $prefix: `${req.query.subscriptionId}|` };
    else if (req.query.status === 'rated') filter.subscriptionDay = { $gt: '' };
    res.json(await billstream.readStore.find(USAGE_RECORDS, filter, { ...pageOptions(req), sort: { field: 'startTime' } }));
  });

  router.get('/subscriptions/:id/usage', requireRole(...STAFF), async (req: Request<{ id: string }>, res: Response) => {
    res.json((await cycleUsage(billstream, req.params.id, String(req.query.date))) satisfies CycleUsageDocument);
  });

  /** The cycle usage of every subscription whose `field` is the entity's id (a service point's, a client's). */
  const usageOf = (collection: string, noun: string, field: string) => async (req: Request<{ id: string }>, res: Response) => {
    if (!(await billstream.readStore.get(collection, req.params.id))) throw new NotFoundError(`${noun} ${req.params.id} does not exist`);
    // Checked here too: an entity without subscriptions never reaches cycleUsage's own check.
    requireDateParameter('date', String(req.query.date));
    const { items } = await billstream.readStore.find(SUBSCRIPTIONS, { [field]: req.params.id }, { limit: 1000 });
    res.json({ items: await Promise.all(items.map((s) => cycleUsage(billstream, String(s.id), String(req.query.date)))) } satisfies { items: CycleUsageDocument[] });
  };
  router.get('/service-points/:id/usage', requireRole(...STAFF), usageOf(SERVICE_POINTS, 'service point', 'servicePointId'));
  router.get('/clients/:id/usage', requireRole(...STAFF), usageOf(CLIENTS, 'client', 'clientId'));

  router.post('/usage/rerate', requireRole('operator', 'billing'), postHandler(billstream, async (req, res) => {
    const body = req.body as { unresolvedOnly?: boolean; since?: string | null };
    const summary = await rerateUsage(billstream, { unresolvedOnly: body.unresolvedOnly ?? false, since: body.since ?? null }, { actor: actorOf(res) });
    return { status: 200, body: summary };
  }));
  return router;
}
