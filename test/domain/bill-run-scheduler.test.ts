/** The daily bill run: started once per local date, however many servers or restarts ask, and never issued without approval. */
import { describe, expect, it } from 'vitest';
import { openTestBillstream } from '../support/billstream.ts';
import { scheduleBillRuns, startScheduledBillRun } from '../../src/app/bill-run/scheduler.ts';
import { findAll } from '../../src/readstore/port.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';

describe('scheduled bill runs', () => {
  it('starts one run per day, drafted and waiting for approval', async () => {
    const billstream = await openTestBillstream();
    try {
      const first = await startScheduledBillRun(billstream, '2026-11-01');
      const again = await startScheduledBillRun(billstream, '2026-11-01');
      expect(again.runId).toBe(first.runId);
      let today = '2026-11-01';
      const handle = scheduleBillRuns(billstream, () => today, 20);
      await new Promise((r) => setTimeout(r, 60));
      today = '2026-11-02';
      await new Promise((r) => setTimeout(r, 60));
      handle.stop();
      await billstream.catchUp();
      const runs = await findAll<BillRunDocument>(billstream.readStore, BILL_RUNS, {});
      expect(runs.map((r) => [r.asOf, r.status]).sort()).toEqual([['2026-11-01', 'drafted'], ['2026-11-02', 'drafted']]);
    } finally {
      await billstream.close();
    }
  });
});
