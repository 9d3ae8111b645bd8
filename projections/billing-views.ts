/**
 * The read models of invoices and money: every one of them reads the same large events (an
 * InvoiceDrafted is about 5 KB), so they run as one group: one read of each page, each event
 * parsed once, one transaction (see projectionGroup). Run apart, seven consumers each read and
 * parsed every draft of a bill run, and that was most of the read-model worker's time.
 * Each member reads only its own documents, so each takes its page at once (`by-member`).
 */
import { projectionGroup } from '../src/processing/projection.ts';
import { billRunsProjection } from './bill-runs.projection.ts';
import { creditNotesProjection } from './credit-notes.projection.ts';
import { invoicesProjection } from './invoices.projection.ts';
import { journalProjection } from './journal.projection.ts';
import { paymentsProjection } from './payments.projection.ts';
import { receivablesProjection } from './receivables.projection.ts';
import { dashboardProjection } from './dashboard.projection.ts';

export const billingViewsProjection = projectionGroup(
  'billing-views',
  [billRunsProjection, invoicesProjection, creditNotesProjection, paymentsProjection, receivablesProjection, journalProjection, dashboardProjection],
  { order: 'by-member' },
);
