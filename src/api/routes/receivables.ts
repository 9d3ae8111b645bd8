/**
 * Payments and receivables: recording payments (one, or payments.csv), allocating credit,
 * refunds, write-offs (role accountant; admin passes as everywhere), and the reads: payments, a
 * client's balance and statement, the aging report. Staff read everything; a client's key reads
 * its own client's, a partner's key its partner's clients' (clientScope, src/api/auth.ts).
 */
import { Router, type Request, type Response } from 'express';
import { operatorToday } from '../../core/clock.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireDateParameter, requireInstantParameter } from '../../core/validate.ts';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import type { Filter } from '../../readstore/port.ts';
import { allocatePayment, paymentDocument, recordPayment, refundPayment, writeOffInvoice } from '../../app/receivables/payments.ts';
import { paymentAsOf } from '../../app/audit/as-of.ts';
import { agingReport, clientBalance, clientStatement, invoicePaymentOf, paymentView, statementCsv } from '../../app/receivables/views.ts';
import { statementDocx } from '../../app/receivables/statement-docx.ts';
import { importPayments, PAYMENT_COLUMNS } from '../../import/payments.ts';
import { PAYMENTS, type PaymentDocument } from '../../../projections/payments.projection.ts';
import { actorOf, clientScope, principalOf, requireRole, STAFF } from '../auth.ts';
import { pageOptions, sendJson } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { csvFile, fileImportHandler } from './file-import.ts';
import { problem, sendProblem } from '../problems.ts';
import { DOCX_TYPE } from './documents.ts';

export function receivablesRouter(billstream: Billstream): Router {
  const router = Router();
  const accountant = requireRole('accountant');
  const readers = requireRole(...STAFF, 'partner', 'client');
  const today = () => operatorToday(billstream.clock);

  /** The client a key may read (404 for any other, as if it did not exist: a key learns nothing across its scope). */
  const readableClient = async (res: Response, clientId: string): Promise<void> => {
    const scope = await clientScope(billstream, principalOf(res));
    if (scope && !scope.has(clientId)) throw new NotFoundError(`client ${clientId} does not exist`);
  };

  router.post('/payments', accountant, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = req.body as components['schemas']['PaymentCreate'];
    await billstream.catchUp();
    const { payment, created } = await recordPayment(billstream, {
      paymentId: body.paymentId, clientId: body.clientId, date: body.date, amount: body.amount, currency: body.currency,
      reference: body.reference ?? null, invoiceNumber: body.invoiceNumber ?? null,
    }, { commandId, actor: actorOf(res) });
    return { status: created ? 201 : 200, body: paymentView(payment), headers: { Location: `/payments/${encodeURIComponent(payment.paymentId)}` } };
  }));

  router.post('/payments/import', accountant, fileImportHandler(billstream, csvFile(PAYMENT_COLUMNS, importPayments)));

  router.get('/payments', readers, async (req: Request, res: Response) => {
    const filter: Filter = {};
    if (typeof req.query.clientId === 'string') filter.clientId = req.query.clientId;
    if (String(req.query.unallocated) === 'true') filter.unallocated = true;
    const scope = await clientScope(billstream, principalOf(res));
    if (scope) {
      const allowed = [...scope].filter((id) => filter.clientId === undefined || id === filter.clientId);
      filter.clientId = { $in: allowed };
    }
    const page = await billstream.readStore.find(PAYMENTS, filter, { ...pageOptions(req), sort: { field: 'date' } });
    sendJson(res, { items: (page.items as PaymentDocument[]).map(paymentView), next: page.next });
  });

  router.get('/payments/:paymentId', readers, async (req: Request<{ paymentId: string }>, res: Response) => {
    if (typeof req.query.asOf === 'string') requireInstantParameter('asOf', req.query.asOf);
    const payment = await paymentDocument(billstream.readStore, req.params.paymentId);
    // Another client's payment answers as one that does not exist: naming its client would tell whose it is.
    const scope = await clientScope(billstream, principalOf(res));
    if (scope && !scope.has(payment.clientId)) throw new NotFoundError(`payment ${req.params.paymentId} does not exist`);
    sendJson(res, paymentView(typeof req.query.asOf === 'string' ? await paymentAsOf(billstream, payment.paymentId, req.query.asOf) : payment));
  });

  router.post('/payments/:paymentId/allocations', accountant, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = (req.body ?? {}) as components['schemas']['AllocationCreate'];
    await billstream.catchUp();
    const payment = await allocatePayment(billstream, String(req.params.paymentId), {
      date: body.date ?? today(), ...(body.invoices ? { invoices: body.invoices.map((i) => ({ invoice: i.invoice, ...(i.amount !== undefined ? { amount: i.amount } : {}) })) } : {}),
    }, { commandId, actor: actorOf(res) });
    return { status: 200, body: paymentView(payment) };
  }));

  router.post('/payments/:paymentId/refunds', accountant, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = (req.body ?? {}) as components['schemas']['RefundCreate'];
    await billstream.catchUp();
    const payment = await refundPayment(billstream, String(req.params.paymentId), {
      date: body.date ?? today(), reference: body.reference ?? null, ...(body.amount !== undefined ? { amount: body.amount } : {}),
    }, { commandId, actor: actorOf(res) });
    return { status: 201, body: paymentView(payment) };
  }));

  router.post('/invoices/:idOrNumber/write-offs', accountant, postHandler(billstream, async (req: Request, res: Response, commandId: string) => {
    const body = req.body as components['schemas']['WriteOffCreate'];
    await billstream.catchUp();
    const receivable = await writeOffInvoice(billstream, {
      invoice: String(req.params.idOrNumber), date: body.date ?? today(), reason: body.reason, ...(body.amount !== undefined ? { amount: body.amount } : {}),
    }, { commandId, actor: actorOf(res) });
    const payment = invoicePaymentOf(receivable, today());
    return { status: 201, body: { invoiceId: receivable.invoiceId, number: receivable.number!, currency: receivable.currency!, paymentStatus: payment!.paymentStatus, amountDue: payment!.amountDue } };
  }));

  router.get('/clients/:id/balance', readers, async (req: Request<{ id: string }>, res: Response) => {
    await readableClient(res, req.params.id);
    sendJson(res, await clientBalance(billstream.readStore, req.params.id, today()));
  });

  router.get('/clients/:id/statement', readers, async (req: Request<{ id: string }>, res: Response) => {
    const { from, to } = req.query as { from: string; to: string };
    requireDateParameter('from', from);
    requireDateParameter('to', to);
    if (from > to) return sendProblem(res, problem(400, 'invalid-request', `from ${from} is after to ${to}`, [{ field: 'from', message: `after to ${to}` }]));
    await readableClient(res, req.params.id);
    const wanted = req.accepts(['application/json', 'text/csv', DOCX_TYPE]);
    if (!wanted) return sendProblem(res, problem(406, 'not-acceptable', `the statement is application/json, text/csv or ${DOCX_TYPE}`));
    if (wanted === DOCX_TYPE) {
      // In the client's language, its lines' descriptions too.
      const docx = await statementDocx(billstream.readStore, req.params.id, from, to);
      res.type(DOCX_TYPE).set('Content-Disposition', `attachment; filename="statement-${req.params.id}-${from}-${to}.docx"`).send(docx);
      return;
    }
    const statement = await clientStatement(billstream.readStore, req.params.id, from, to);
    if (wanted === 'text/csv') {
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="statement-${req.params.id}-${from}-${to}.csv"`).send(statementCsv(statement));
      return;
    }
    sendJson(res, statement);
  });

  router.get('/receivables/aging', readers, async (req: Request, res: Response) => {
    const asOf = String(req.query.asOf);
    requireDateParameter('asOf', asOf);
    const scope = await clientScope(billstream, principalOf(res));
    sendJson(res, await agingReport(billstream.readStore, asOf, scope));
  });
  return router;
}
