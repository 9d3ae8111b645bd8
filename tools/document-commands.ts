/** `billstream documents --run RUN --out DIR` (a run's print file) and `billstream verify` (issued documents unchanged). */
import fs from 'node:fs';
import path from 'node:path';
import type { Billstream } from '../src/main.ts';
import { printFile } from '../src/app/documents/print-file.ts';
import { verifyDocuments } from '../src/app/documents/documents.ts';
import { progressBar } from './progress.ts';

/** Writes `<out>/<run>-documents.zip`: the run's .docx and UBL files with index.csv. */
export async function documentsCommand(billstream: Billstream, options: { run: string; out: string }): Promise<number> {
  // Renders what the documents saga has not yet (a run approved a moment ago).
  await billstream.catchUpDocuments();
  const progress = progressBar('documents');
  const file = await printFile(billstream, options.run, (done, total) => progress.update(done, total));
  progress.finish();
  fs.mkdirSync(options.out, { recursive: true });
  const target = path.join(options.out, `${options.run}-documents.zip`);
  const temp = `${target}.tmp`;
  fs.writeFileSync(temp, file.zip);
  fs.renameSync(temp, target);
  console.log(`${file.invoices} invoices (.docx and UBL) and index.csv -> ${target} (${Math.round(file.zip.length / 1024)} KB)`);
  return 0;
}

/** Renders every issued invoice and credit note again from its recorded snapshot (an earlier renderer's: checks its stored bytes); exit 1 naming each document whose bytes differ. */
export async function verifyCommand(billstream: Billstream): Promise<number> {
  await billstream.catchUpDocuments();
  const progress = progressBar('verify');
  const result = await verifyDocuments(billstream, (done, total) => progress.update(done, total));
  progress.finish();
  for (const m of result.mismatches) console.error(`${m.number} ${m.kind}: recorded sha256 ${m.expected}, got ${m.actual ?? 'nothing (missing from the document store)'}`);
  const earlier = result.earlierRenderer ? ` (${result.earlierRenderer} rendered by an earlier billstream: their stored bytes checked against their hashes)` : '';
  console.log(`${result.checked} issued invoices and credit notes checked${earlier}, ${result.mismatches.length} documents differ`);
  return result.mismatches.length ? 1 : 0;
}
