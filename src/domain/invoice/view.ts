/** The invoice and bill run as users see them (REST and `--json` alike): one shape, one place. */
import type { BillRunDocument, InvoiceDocument } from '../../../projections/billing.projection.ts';

export function invoiceView(doc: InvoiceDocument) {
  return {
    id: doc.id,
    status: doc.status,
    number: doc.number,
    runId: doc.runId,
    clientId: doc.clientId,
    contractId: doc.contractId,
    legalEntityId: doc.legalEntityId,
    currency: doc.currency,
    issueDate: doc.issueDate,
    dueDate: doc.dueDate,
    period: doc.period,
    seller: doc.seller,
    buyer: doc.buyer,
    lines: doc.lines,
    vat: doc.vat,
    ...(doc.fx ? { fx: doc.fx } : {}),
    fxRates: doc.fxRates,
    mentions: doc.mentions,
    totalNet: doc.totalNet,
    totalVat: doc.totalVat,
    total: doc.total,
    flags: doc.flags,
    held: doc.held,
    creditNotes: doc.creditNotes,
  };
}

export function billRunView(doc: BillRunDocument) {
  return {
    runId: doc.id,
    asOf: doc.asOf,
    status: doc.status,
    startedAt: doc.startedAt,
    startedBy: doc.startedBy,
    changeThresholdPercent: doc.changeThresholdPercent,
    report: doc.report,
    approval: doc.approval,
    result: doc.result,
  };
}
