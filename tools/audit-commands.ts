/** `billstream verify` (the log, the invoices, the series, the documents, the journal) and `billstream replay --check`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openScratchReadStore, type Billstream } from '../src/main.ts';
import { verifyDocuments } from '../src/app/documents/documents.ts';
import { verifyStore } from '../src/app/audit/verify.ts';
import { replayCheck } from '../src/app/audit/replay-check.ts';
import type { Projection } from '../src/processing/projection.ts';
import { progressBar } from './progress.ts';

/** Exit 0 when everything holds, 1 with the findings. */
export async function verifyCommand(billstream: Billstream, options: { json: boolean }): Promise<number> {
  // Nothing is brought up to date first: verify checks the store as it is and appends nothing.
  // Documents not rendered yet have no recorded hash, so they are not compared (nor reported).
  const progress = progressBar('verify');
  const report = await verifyStore({ eventStore: billstream.eventStore, readStore: billstream.readStore }, (events) => progress.update(events, events));
  const documents = await verifyDocuments(billstream, (done, total) => progress.update(done, total));
  progress.finish();
  report.checked.documents = documents.checked;
  // Of those, the ones an earlier renderer made: their stored files checked against their hashes only.
  report.checked.documentsOfEarlierRenderer = documents.earlierRenderer;
  for (const m of documents.mismatches) {
    report.findings.push({ check: 'documents', number: m.number, kind: m.kind, message: `${m.number} ${m.kind}: recorded sha256 ${m.expected}, got ${m.actual ?? 'nothing (missing from the document store)'}` });
  }
  report.ok = report.findings.length === 0;
  if (options.json) console.log(JSON.stringify(report));
  else {
    for (const finding of report.findings) console.log(`${finding.check}: ${finding.message}`);
    const c = report.checked;
    const before = c.eventsBeforeChain ? ` (${c.eventsBeforeChain} stored before the chain started, not verifiable)` : '';
    console.log(
      `${c.events} events${before}, ${c.invoices} invoices, ${c.creditNotes} credit notes, ${c.series} series (${c.numbers} numbers), ${c.documents} documents${c.documentsOfEarlierRenderer ? ` (${c.documentsOfEarlierRenderer} of an earlier renderer, by their stored files)` : ''}`
      + `, ${c.journalEntries} journal entries checked: ${report.findings.length ? `${report.findings.length} finding(s)` : 'all holds'}`,
    );
  }
  return report.ok ? 0 : 1;
}

/** Rebuilds every projection (or the named ones) into a scratch store and reports each difference from the live one; exit 1 on any. */
export async function replayCheckCommand(billstream: Billstream, projections: Projection[], options: { json: boolean }): Promise<number> {
  // The live read models up to the newest event, by the projections alone: they write read.db,
  // while a saga would append to the log being checked.
  const target = await billstream.eventStore.headPosition();
  await billstream.readModelsReached(target);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-replay-check-'));
  const scratch = await openScratchReadStore(dir);
  let report;
  try {
    report = await replayCheck(
      { eventStore: billstream.eventStore, readStore: billstream.readStore, scratch, clock: billstream.clock, projections, owner: billstream.owner },
      target,
      { onProjection: (name, documents) => { if (!options.json) console.error(`${name}: rebuilt, ${documents} documents compared`); } },
    );
  } finally {
    await scratch.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (options.json) console.log(JSON.stringify(report));
  else {
    for (const d of report.differences) {
      const what = d.kind === 'missing-live' ? 'missing from the live store' : d.kind === 'missing-rebuilt' ? 'not made by the rebuild' : `${d.field}: live ${JSON.stringify(d.live)}, rebuilt ${JSON.stringify(d.rebuilt)}`;
      console.log(`${d.collection} ${d.id} ${what}`);
    }
    if (report.differenceCount > report.differences.length) console.log(`… and ${report.differenceCount - report.differences.length} more`);
    const c = report.checked;
    console.log(`${c.projections} projections rebuilt up to position ${report.target ?? 'none'}, ${c.documents} documents in ${c.collections} collections compared: ${report.differenceCount} differences`);
  }
  return report.ok ? 0 : 1;
}
