/**
 * Runs in a worker thread (see reader-host.ts): each import reader on a store of its own, one input
 * per message. A reader that loops forever blocks only this thread; the host terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../src/config.ts';
import { openBillstream, type Billstream } from '../../src/main.ts';
import { BillstreamError } from '../../src/core/errors.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { CsvHeaderError, readCsv, type CsvItem } from '../../src/import/csv.ts';
import { checkTariff, countPublished, publishTariff } from '../../src/import/tariffs.ts';
import { emptySummary } from '../../src/import/summary.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { parseDeck } from '../../src/rating/deck.ts';
import type { ReaderInput, ReaderReply, ReaderRequest } from './reader-host.ts';

const { dataDir, warmup } = workerData as { dataDir: string; warmup: ReaderInput[] };
const billstream: Billstream = await openBillstream(loadConfig({}, { dataDir }));
const context = { actor: 'fuzz' };

/** The input's bytes: UTF-8 of the text, or the bytes as given (invalid UTF-8 on purpose). */
function bytesOf(input: { text: string | Uint8Array }): Buffer {
  return typeof input.text === 'string' ? Buffer.from(input.text, 'utf8') : Buffer.from(input.text);
}

/** The bytes in chunks cut at the given offsets (a multi-byte character or a CRLF may be cut in two). */
async function* chunked(bytes: Buffer, splits: readonly number[] = []): AsyncGenerator<Buffer> {
  const cuts = [...new Set(splits.map((s) => s % (bytes.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  for (const cut of cuts) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function collect(source: AsyncIterable<CsvItem>): Promise<unknown[]> {
  const items: unknown[] = [];
  try {
    for await (const item of source) items.push(item.kind === 'row' ? { line: item.row.line, values: item.row.values } : item);
  } catch (error) {
    if (!(error instanceof CsvHeaderError)) throw error;
    items.push({ header: error.error });
  }
  return items;
}

async function run(input: ReaderInput): Promise<unknown> {
  switch (input.reader) {
    case 'legal-entities':
      return importLegalEntities(billstream, input.text, context, { allOrNothing: input.allOrNothing ?? false });
    case 'tariffs': {
      const { checked, errors } = await checkTariff(input.text, (name) => input.decks[name] ?? null, input.label ?? null);
      if (!checked) return { created: 0, updated: 0, unchanged: 0, rejected: 1, errors };
      const summary = emptySummary();
      countPublished(summary, await publishTariff(billstream, checked, context));
      return summary;
    }
    case 'deck': {
      const { deck, errors } = await parseDeck(chunked(bytesOf(input), input.splits), 'deck.csv');
      return { created: deck ? 1 : 0, updated: 0, unchanged: 0, rejected: deck ? 0 : 1, errors };
    }
    case 'usage':
      return importUsage(billstream, () => readCsv(chunked(bytesOf(input), input.splits), USAGE_COLUMNS), context, { allOrNothing: input.allOrNothing ?? false });
    case 'fx-rates':
      return importFxRates(billstream, () => readCsv(chunked(bytesOf(input), input.splits), FX_RATE_COLUMNS), context, { allOrNothing: input.allOrNothing ?? false });
    case 'clients':
    case 'contracts':
    case 'service-points':
    case 'subscriptions': {
      const spec = CSV_IMPORTS[input.reader]!;
      return importCsvEntities(billstream, () => readCsv(chunked(bytesOf(input), input.splits), spec.columns), spec, context, { allOrNothing: input.allOrNothing ?? false });
    }
    case 'csv': {
      // The same bytes read whole and in chunks must give the same rows and errors.
      const bytes = bytesOf(input);
      const whole = await collect(readCsv(chunked(bytes), input.columns, { maxRecordBytes: input.maxRecordBytes }));
      const pieces = await collect(readCsv(chunked(bytes, input.splits), input.columns, { maxRecordBytes: input.maxRecordBytes }));
      return { whole, pieces };
    }
  }
}

parentPort!.on('message', (request: ReaderRequest) => {
  const started = performance.now();
  const reply = (body: Omit<ReaderReply, 'id' | 'ms'>) => parentPort!.postMessage({ id: request.id, ms: performance.now() - started, ...body } satisfies ReaderReply);
  run(request.input).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      reply({ ok: false, error: { name: e.name, message: e.message.slice(0, 2000), stack: e.stack?.slice(0, 4000) ?? '', status: error instanceof BillstreamError ? error.status : null } });
    },
  );
});
// Loads what the readers load lazily, so that no input pays for it within its deadline.
for (const input of warmup) await run(input).catch(() => undefined);
parentPort!.postMessage({ ready: true });
