/**
 * CSV files for the imports: the streaming parser (src/core/csv-parser.ts, pure, also used for
 * stored decks) over a file read in 1 MiB chunks.
 */
import fs from 'node:fs';
import { readCsv, type CsvColumns, type CsvItem, type CsvOptions } from '../core/csv-parser.ts';

export { CsvHeaderError, readCsv, textSource, type CsvColumns, type CsvError, type CsvItem, type CsvOptions, type CsvRow } from '../core/csv-parser.ts';

export function readCsvFile(path: string, columns: CsvColumns, options: CsvOptions = {}): AsyncGenerator<CsvItem> {
  return readCsv(fs.createReadStream(path, { highWaterMark: 1 << 20 }), columns, options);
}
