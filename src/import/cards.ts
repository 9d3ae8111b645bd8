/**
 * `billstream import cards FILE` (docs/prepaid.md, "Importing cards"): cards printed elsewhere,
 * with their own serials and PINs, into batches created for them (`imported: true`, which holds
 * the face value, currency, tariff and expiry). CSV with the header `serial,pin,batch_id`. Every
 * bad cell is reported with its line and column; the file's good rows are issued (or none with
 * --all-or-nothing). A card imported again with the same serial, PIN and batch is unchanged; a
 * serial or PIN that another card has is refused. PINs are stored only as keyed hashes.
 */
import type { AppDeps } from '../app/deps.ts';
import type { CommandContext } from '../app/command-handler.ts';
import { deterministicId, uuidv7 } from '../core/ids.ts';
import { findAll } from '../readstore/port.ts';
import { issueCards, storedPinHashes } from '../app/prepaid/batches.ts';
import { pinHasher } from '../app/prepaid/pins.ts';
import { CARD_BATCHES, CARDS, type CardBatchDocument, type CardDocument } from '../../projections/cards.projection.ts';
import { CsvHeaderError, type CsvColumns, type CsvItem } from './csv.ts';
import { addErrors, emptySummary, listErrors, withTurns, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

export const CARD_COLUMNS: CsvColumns = { required: ['serial', 'pin', 'batch_id'], optional: [] };

/** Rows one file may bring: ten full batches. */
export const MAX_CARD_ROWS = 100_000;
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$/;
/** An imported PIN: 6 to 20 digits (what keypads and IVRs take). */
const PIN = /^\d{6,20}$/;

interface CardRow {
  line: number;
  serial: string;
  pin: string;
  pinHash: string;
  batch: CardBatchDocument;
  columnOf(column: string): number;
}

export async function importCards(deps: AppDeps, source: () => AsyncIterable<CsvItem>, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportSummary> {
  await deps.catchUp();
  const summary = emptySummary();
  const reject = (errors: RowError[]) => {
    summary.rejected += 1;
    addErrors(summary, errors);
  };
  const hash = await pinHasher(deps);
  const batches = new Map<string, CardBatchDocument | null>();
  const serialsInFile = new Map<string, number>();
  const pinsInFile = new Map<string, number>();
  const rows: CardRow[] = [];
  let count = 0;
  try {
    for await (const item of withTurns(source())) {
      if (item.kind === 'error') {
        reject([item.error]);
        continue;
      }
      const { row } = item;
      if (++count > MAX_CARD_ROWS) {
        reject([{ line: row.line, column: 1, reason: `a file may bring at most ${MAX_CARD_ROWS} cards: split it` }]);
        break;
      }
      const errors: RowError[] = [];
      const cell = (column: string) => (row.values[column] ?? '').trim();
      const problem = (column: string, reason: string) => errors.push({ line: row.line, column: row.columnOf(column), reason: `${column}: ${reason}` });
      const serial = cell('serial');
      const pin = cell('pin');
      const batchId = cell('batch_id');
      if (!SERIAL.test(serial)) problem('serial', `${JSON.stringify(serial)} is not 1 to 32 letters, digits, _ and - (starting with a letter or digit)`);
      else if (serialsInFile.has(serial)) problem('serial', `${serial} appears twice in this file (first at line ${serialsInFile.get(serial)})`);
      else serialsInFile.set(serial, row.line);
      if (!PIN.test(pin)) problem('pin', 'is not 6 to 20 digits');
      else if (pinsInFile.has(pin)) problem('pin', `the same PIN as line ${pinsInFile.get(pin)}`);
      else pinsInFile.set(pin, row.line);
      if (!batches.has(batchId)) batches.set(batchId, batchId ? ((await deps.readStore.get(CARD_BATCHES, batchId)) as CardBatchDocument | null) : null);
      const batch = batches.get(batchId) ?? null;
      if (!batch) problem('batch_id', batchId ? `card batch ${batchId} does not exist (create it with imported: true first)` : 'is required');
      else if (batch.origin !== 'imported') problem('batch_id', `card batch ${batchId} generated its own cards: import into a batch created with imported: true`);
      if (errors.length || !batch) {
        reject(errors);
        continue;
      }
      rows.push({ line: row.line, serial, pin, pinHash: hash(pin), batch, columnOf: row.columnOf });
      if (count % 1000 === 0) options.onProgress?.(count, 0);
    }
  } catch (error) {
    if (!(error instanceof CsvHeaderError)) throw error;
    reject(error.errors);
  }
  const accepted = await againstStoredCards(deps, rows, reject, summary);
  listErrors(summary);
  if (options.allOrNothing && summary.rejected > 0) return { ...summary, created: 0, unchanged: 0 };
  const byBatch = new Map<string, CardRow[]>();
  for (const row of accepted) {
    const cards = byBatch.get(row.batch.id);
    if (cards) cards.push(row);
    else byBatch.set(row.batch.id, [row]);
  }
  for (const [batchId, cards] of byBatch) {
    const batch = cards[0]!.batch;
    await issueCards(deps, { ...batch, batchId }, cards.map((c) => ({ cardId: deterministicId('card', batchId, c.serial), serial: c.serial, pinHash: c.pinHash })), { ...context, commandId: uuidv7(deps.clock) });
    summary.created += cards.length;
  }
  return summary;
}

/** Rows whose serial and PIN no other stored card has, within their batch's count; the same card imported before counts as unchanged. */
async function againstStoredCards(deps: AppDeps, rows: CardRow[], reject: (errors: RowError[]) => void, summary: ImportSummary): Promise<CardRow[]> {
  const takenPins = await storedPinHashes(deps, rows.map((r) => r.pinHash));
  const inBatch = new Map<string, Map<string, CardDocument>>();
  for (const batchId of new Set(rows.map((r) => r.batch.id))) {
    inBatch.set(batchId, new Map((await findAll<CardDocument>(deps.readStore, CARDS, { batchId })).map((c) => [c.serial, c])));
  }
  const accepted: CardRow[] = [];
  const room = new Map([...inBatch].map(([batchId, cards]) => [batchId, rows.find((r) => r.batch.id === batchId)!.batch.count - cards.size]));
  for (const row of rows) {
    const existing = inBatch.get(row.batch.id)!.get(row.serial);
    if (existing) {
      if (existing.pinHash === row.pinHash) summary.unchanged += 1;
      else reject([{ line: row.line, column: row.columnOf('pin'), reason: `pin: card ${row.serial} of batch ${row.batch.id} was imported with another PIN` }]);
      continue;
    }
    const { items } = await deps.readStore.find(CARDS, { serial: row.serial }, { limit: 1 });
    if (items.length) {
      reject([{ line: row.line, column: row.columnOf('serial'), reason: `serial: ${row.serial} is already the serial of a card of batch ${String(items[0]!.batchId)}` }]);
      continue;
    }
    if (takenPins.has(row.pinHash)) {
      reject([{ line: row.line, column: row.columnOf('pin'), reason: 'pin: another card has this PIN' }]);
      continue;
    }
    const left = room.get(row.batch.id)!;
    if (left <= 0) {
      reject([{ line: row.line, column: row.columnOf('batch_id'), reason: `batch_id: card batch ${row.batch.id} is full (count ${row.batch.count})` }]);
      continue;
    }
    room.set(row.batch.id, left - 1);
    accepted.push(row);
  }
  return accepted;
}
