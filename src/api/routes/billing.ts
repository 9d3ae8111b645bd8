/**
 * Bill runs, their control reports and approval; invoices and credit notes (billing process
 * steps 6 to 8). The work of a run (drafting, issuing) is the billing cycle saga's: a POST appends
 * its command's event and then brings the saga and the read models up to date, so the response
 * shows the drafted report or the issued invoices, as the CLI does.
 */
import { operatorToday } from '../../core/clock.ts';
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import type { Filter } from '../../readstore/port.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { requireInstantParameter } from '../../core/validate.ts';
import { approveBillRun, startBillRun } from '../../app/bill-run/issue.ts';
import { creditInvoice, type CreditNote } from '../../app/credit-note/credit.ts';
import { creditNoteView } from '../../app/credit-note/view.ts';
import { voidBillRun } from '../../app/bill-run/void.ts';
import { billRunView, invoiceViews } from '../../app/invoice/view.ts';
import { creditNoteAsOf, invoiceAsOf } from '../../app/audit/as-of.ts';
import { BILL_RUNS, type BillRunDocument } from '../../../projections/bill-runs.projection.ts';
import { CREDIT_NOTES } from '../../../projections/credit-notes.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { pageOptions, sendJson } from '../http.ts';
import { postHandler } from '../idempotency.ts';


/** The query parameters that are equality filters on an indexed field. */
function equalityFilter(req: Request, fields: readonly string[]): Filter {
  const filter: Filter = {};
  for (const field of fields) if (typeof req.query[field] === 'string' && req.query[field] !== '') filter[field] = req.query[field] as string;
  return filter;
}

/** A document by its legal number first, then by its id (numbers and ids never look alike). */
async function byNumberOrId(billstream: Billstream, collection: string, reference: string) {
  const byNumber = await billstream.readStore.find(collection, { number: reference }, { limit: 1 });
  return byNumber.items[0] ?? (await billstream.readStore.get(collection, reference));
}

export function billingRouter(billstream: Billstream): Router {
  const router = Router();
  // Runs, approval and credit notes are the billing desk's (RULES.md 17); admin passes as everywhere.
  const billing = requireRole('billing');
  const readers = requireRole(...STAFF);

  const runDocument = async (runId: string): Promise<BillRunDocument> => {
    const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument | null;
    if (!run) throw new NotFoundError(`bill run ${runId} does not exist`);
    return run;
  };

  router.get('/bill-runs', readers, async (req: Request, res: Response) => {
    const page = await billstream.readStore.find(BILL_RUNS, equalityFilter(req, ['status']), { ...pageOptions(req), sort: { field: 'asOf' } });
    res.json({ items: (page.items as BillRunDocument[]).map(billRunView), next: page.next });
  });

  router.post('/bill-runs', billing, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = req.body as components['schemas']['BillRunStart'];
    // The run drafts from the read models: bring them up to date with everything recorded before it.
    await billstream.catchUp();
    const { runId } = await startBillRun(billstream, body, { commandId, actor: actorOf(res) });
    await billstream.catchUp();
    return { status: 201, body: billRunView(await runDocument(runId)), headers: { Location: `/bill-runs/${encodeURIComponent(runId)}` } };
  }));

  router.get('/bill-runs/:runId', readers, async (req: Request<{ runId: string }>, res: Response) => {
    res.json(billRunView(await runDocument(req.params.runId)));
  });

  router.get('/bill-runs/:runId/report', readers, async (req: Request<{ runId: string }>, res: Response) => {
    const run = await runDocument(req.params.runId);
    if (run.failure) throw new ConflictError(`bill run ${run.id} failed, so it has no control report: ${run.failure.reason}`);
    if (!run.report) throw new NotFoundError(`bill run ${run.id} is still drafting its invoices: its control report is not ready yet`);
    res.json(run.report);
  });

  router.post('/bill-runs/:runId/approve', billing, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const runId = String(req.params.runId);
    const body = (req.body ?? {}) as components['schemas']['BillRunApproval'];
    // A run started a moment ago may still be drafting in the saga: let it finish first.
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: body.includeHeld ?? false, issueDate: body.issueDate ?? operatorToday(billstream.clock) }, { commandId, actor: actorOf(res) });
    await billstream.catchUp();
    return { status: 200, body: billRunView(await runDocument(runId)) };
  }));

  router.post('/bill-runs/:runId/void', billing, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const runId = String(req.params.runId);
    // A run started a moment ago may still be drafting in the saga: its state decides what voiding may do.
    await billstream.catchUp();
    await voidBillRun(billstream, runId, { commandId, actor: actorOf(res) });
    await billstream.catchUp();
    return { status: 200, body: billRunView(await runDocument(runId)) };
  }));

  // Invoices are joined from header and body per request. Stored whole views read 3 times faster
  // but cost a 100,000-contract bill run half a minute more (every issue rewrote 5 KB per invoice).
  router.get('/invoices', readers, async (req: Request, res: Response) => {
    const filter = equalityFilter(req, ['runId', 'clientId', 'contractId', 'status', 'number']);
    const page = await billstream.readStore.find(INVOICES, filter, { ...pageOptions(req), sort: { field: 'number' } });
    sendJson(res, { items: await invoiceViews(billstream.readStore, page.items as InvoiceDocument[], operatorToday(billstream.clock)), next: page.next });
  });

  router.get('/invoices/:idOrNumber', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    // By its legal number first, then by its id (numbers and ids never look alike).
    const reference = req.params.idOrNumber;
    if (typeof req.query.asOf === 'string') {
      requireInstantParameter('asOf', req.query.asOf);
      return sendJson(res, await invoiceAsOf(billstream, reference, req.query.asOf));
    }
    const [header] = (await billstream.readStore.find(INVOICES, { number: reference }, { limit: 1 })).items as InvoiceDocument[];
    const invoice = header ?? ((await billstream.readStore.get(INVOICES, reference)) as InvoiceDocument | null);
    if (!invoice) throw new NotFoundError(`invoice ${reference} does not exist`);
    sendJson(res, (await invoiceViews(billstream.readStore, [invoice], operatorToday(billstream.clock)))[0]);
  });

  router.post('/invoices/:idOrNumber/credit-notes', billing, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = req.body as components['schemas']['CreditNoteCreate'];
    // The invoice is found by its number in the read model: it must reflect every issue so far.
    await billstream.catchUp();
    const note = await creditInvoice(billstream, {
      invoice: String(req.params.idOrNumber), ...(body.lines ? { lines: body.lines } : {}), reason: body.reason, issueDate: body.issueDate ?? operatorToday(billstream.clock),
    }, { commandId, actor: actorOf(res) });
    await billstream.catchUp();
    return { status: 201, body: creditNoteView(note), headers: { Location: `/credit-notes/${encodeURIComponent(note.number)}` } };
  }));

  router.get('/credit-notes', readers, async (req: Request, res: Response) => {
    const filter = equalityFilter(req, ['invoiceId', 'clientId']);
    // The credited invoice by its number or its id, as every invoice route takes it.
    if (typeof filter.invoiceId === 'string') filter.invoiceId = ((await byNumberOrId(billstream, INVOICES, filter.invoiceId)) as { id: string } | null)?.id ?? filter.invoiceId;
    const page = await billstream.readStore.find(CREDIT_NOTES, filter, { ...pageOptions(req), sort: { field: 'number' } });
    res.json({ items: (page.items as CreditNote[]).map(creditNoteView), next: page.next });
  });

  router.get('/credit-notes/:idOrNumber', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    if (typeof req.query.asOf === 'string') {
      requireInstantParameter('asOf', req.query.asOf);
      return void res.json(await creditNoteAsOf(billstream, req.params.idOrNumber, req.query.asOf));
    }
    const note = (await byNumberOrId(billstream, CREDIT_NOTES, req.params.idOrNumber)) as CreditNote | null;
    if (!note) throw new NotFoundError(`credit note ${req.params.idOrNumber} does not exist`);
    res.json(creditNoteView(note));
  });
  return router;
}
