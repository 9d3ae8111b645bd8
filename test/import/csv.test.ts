import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CsvHeaderError,
  readCsv,
  readCsvFile,
  textSource,
  type CsvColumns,
  type CsvError,
  type CsvItem,
  type CsvOptions,
} from '../../src/import/csv.ts';

const COLUMNS: CsvColumns = { required: ['id', 'name', 'amount'], optional: ['note'] };

/** Feeds `input` in chunks of `size` bytes (whole when omitted). */
async function* chunked(input: Buffer | string, size?: number): AsyncGenerator<Buffer> {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const step = size ?? Math.max(buf.length, 1);
  for (let i = 0; i < buf.length; i += step) yield buf.subarray(i, i + step);
}

async function collect(items: AsyncIterable<CsvItem>): Promise<CsvItem[]> {
  const all: CsvItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Items as plain data: rows as { line, values }, errors as { line, column, reason }. */
type Plain = { line: number; values: Record<string, string | null> } | { error: CsvError };

function plain(items: CsvItem[]): Plain[] {
  return items.map((item) => (item.kind === 'row' ? { line: item.row.line, values: item.row.values } : { error: item.error }));
}

async function parse(input: Buffer | string, columns = COLUMNS, size?: number, options?: CsvOptions): Promise<Plain[]> {
  return plain(await collect(readCsv(chunked(input, size), columns, options)));
}

async function headerError(input: Buffer | string, columns = COLUMNS): Promise<CsvError> {
  try {
    await collect(readCsv(chunked(input), columns));
  } catch (error) {
    expect(error).toBeInstanceOf(CsvHeaderError);
    return (error as CsvHeaderError).error;
  }
  throw new Error('expected a CsvHeaderError');
}

async function headerErrors(input: Buffer | string, columns = COLUMNS): Promise<CsvError[]> {
  try {
    await collect(readCsv(chunked(input), columns));
  } catch (error) {
    expect(error).toBeInstanceOf(CsvHeaderError);
    return (error as CsvHeaderError).errors;
  }
  throw new Error('expected a CsvHeaderError');
}

const row = (line: number, id: string | null, name: string | null, amount: string | null, note: string | null = null): Plain => ({
  line,
  values: { id, name, amount, note },
});
const err = (line: number, column: number, reason: string): Plain => ({ error: { line, column, reason } });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-csv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('readCsv: header', () => {
  it('takes columns in any order and reports header positions', async () => {
    const items = await collect(readCsv(chunked('amount,,id,name\n10.00,,A1,Alpha\n'), COLUMNS));
    expect(plain(items)).toEqual([row(2, 'A1', 'Alpha', '10.00')]);
    const first = items[0]!;
    if (first.kind !== 'row') throw new Error('expected a row');
    expect(Object.keys(first.row.values).sort()).toEqual(['amount', 'id', 'name', 'note']);
    expect(first.row.columnOf('amount')).toBe(1);
    expect(first.row.columnOf('id')).toBe(3);
    expect(first.row.columnOf('name')).toBe(4);
    expect(first.row.columnOf('note')).toBe(0); // not in this file
  });

  it('trims header names and matches them case-sensitively', async () => {
    expect(await parse(' id ,"name" ,\tamount\nA1,Alpha,1\n')).toEqual([row(2, 'A1', 'Alpha', '1')]);
    expect(await headerError('ID,name,amount\nA1,Alpha,1\n')).toEqual({
      line: 1,
      column: 1,
      reason: 'missing column id (the header has: ID, name, amount)',
    });
  });

  it('drops a UTF-8 BOM, also when it is split across chunks or given as a string', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name,amount\nA1,Alpha,1\n')]);
    const expected = [row(2, 'A1', 'Alpha', '1')];
    expect(await parse(bytes)).toEqual(expected);
    expect(await parse(bytes, COLUMNS, 1)).toEqual(expected);
    expect(await parse(bytes, COLUMNS, 2)).toEqual(expected);
    expect(await parse('\uFEFFid,name,amount\nA1,Alpha,1\n')).toEqual(expected);
  });

  it('rejects a missing required column, naming all missing ones', async () => {
    expect(await headerError('id,name,note\n')).toEqual({
      line: 1,
      column: 1,
      reason: 'missing column amount (the header has: id, name, note)',
    });
    expect(await headerError('id\nA1\n')).toEqual({
      line: 1,
      column: 1,
      reason: 'missing columns name, amount (the header has: id)',
    });
  });

  it('refuses an unknown column at its position, naming the expected ones', async () => {
    expect(await headerErrors('id,name,amount,extra\nA1,Alpha,1,x\n')).toEqual([
      { line: 1, column: 4, reason: 'unknown column extra (expected one of: id, name, amount, note)' },
    ]);
  });

  it('suggests the known column an unknown one most likely misspells', async () => {
    const columns: CsvColumns = { required: ['contract_id', 'start_date'], optional: ['billing_start', 'external_id'] };
    expect(await headerErrors('contract_id,start_date,billing_strat\n', columns)).toEqual([
      { line: 1, column: 3, reason: 'unknown column billing_strat, did you mean billing_start? (expected one of: contract_id, start_date, billing_start, external_id)' },
    ]);
    // Case, spaces and dashes; a swap of neighbours is one edit.
    expect((await headerErrors('contract_id,start_date,Billing Start\n', columns))[0]!.reason).toMatch(/^unknown column Billing Start, did you mean billing_start\?/);
    expect((await headerErrors('contract_id,start_date,external-id\n', columns))[0]!.reason).toMatch(/did you mean external_id\?/);
    expect((await headerErrors('contract_id,start_date,biling_start\n', columns))[0]!.reason).toMatch(/did you mean billing_start\?/);
    expect((await headerErrors('contract_id,start_date,billign_strat\n', columns))[0]!.reason).toMatch(/did you mean billing_start\?/);
    // Too far, or a short name: no guess.
    expect((await headerErrors('contract_id,start_date,billing\n', columns))[0]!.reason).toBe(
      'unknown column billing (expected one of: contract_id, start_date, billing_start, external_id)',
    );
    expect((await headerErrors('id,name,amount,x\n'))[0]!.reason).toBe('unknown column x (expected one of: id, name, amount, note)');
    // Only a column the header does not already have is suggested.
    expect((await headerErrors('id,name,amount,nome\n'))[0]!.reason).toBe('unknown column nome, did you mean note? (expected one of: id, name, amount, note)');
    expect((await headerErrors('id,name,amount,note,nmae\n'))[0]!.reason).toBe('unknown column nmae (expected one of: id, name, amount, note)');
  });

  it('reports every unknown column, after the missing ones, and reads no row', async () => {
    expect(await headerErrors('ID,name,amount,colour,notes\nA1,Alpha,1,red,x\n')).toEqual([
      { line: 1, column: 1, reason: 'missing column id (the header has: ID, name, amount, colour, notes)' },
      { line: 1, column: 1, reason: 'unknown column ID, did you mean id? (expected one of: id, name, amount, note)' },
      { line: 1, column: 4, reason: 'unknown column colour (expected one of: id, name, amount, note)' },
      { line: 1, column: 5, reason: 'unknown column notes, did you mean note? (expected one of: id, name, amount, note)' },
    ]);
  });

  it('names at most 50 unknown columns one by one, then counts the rest', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const errors = await headerErrors(`id,name,amount,${names.join(',')}\n`);
    expect(errors).toHaveLength(51);
    expect(errors[49]).toEqual({ line: 1, column: 53, reason: 'unknown column c49 (expected one of: id, name, amount, note)' });
    expect(errors[50]).toEqual({ line: 1, column: 54, reason: 'and 950 more unknown columns (expected one of: id, name, amount, note)' });
  });

  it('ignores unknown columns only when asked to (texts stored before they were refused)', async () => {
    const items = await collect(readCsv(chunked('amount,extra,id,name,\n10.00,x,A1,Alpha,y\n'), COLUMNS, { unknownColumns: 'ignore' }));
    expect(plain(items)).toEqual([row(2, 'A1', 'Alpha', '10.00')]);
  });

  it('accepts columns without a name while their cells are empty, and rejects a row with a value in one', async () => {
    // Excel ends every line with a comma; spaces and "" count as empty.
    expect(await parse('id,name,amount,\nA1,Alpha,1,\nA2,Beta,2,  \nA3,Gamma,3,""\n')).toEqual([
      row(2, 'A1', 'Alpha', '1'),
      row(3, 'A2', 'Beta', '2'),
      row(4, 'A3', 'Gamma', '3'),
    ]);
    expect(await parse('id,,name,amount, \nA1,,Alpha,1,\nA2,x,Beta,2,\nA3,,Gamma,3,"ő"\nA4,,Delta,4,\n')).toEqual([
      row(2, 'A1', 'Alpha', '1'),
      err(3, 2, 'a value in a column without a name (header column 2)'),
      err(4, 5, 'a value in a column without a name (header column 5)'),
      row(5, 'A4', 'Delta', '4'),
    ]);
  });

  it('rejects a duplicate column', async () => {
    expect(await headerError('id,name,amount,name\n')).toEqual({
      line: 1,
      column: 4,
      reason: 'duplicate column name (columns 2 and 4)',
    });
    expect(await headerError('id,name,amount,x, x\n')).toEqual({
      line: 1,
      column: 5,
      reason: 'duplicate column x (columns 4 and 5)',
    });
  });

  it('rejects an empty file, a BOM only, or only blank lines', async () => {
    const empty = { line: 1, column: 1, reason: 'empty file: a header row is required' };
    expect(await headerError('')).toEqual(empty);
    expect(await headerError(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual(empty);
    expect(await headerError(' \r\n\n  \t\n')).toEqual(empty);
  });

  it('rejects a header that is not UTF-8 or not well-formed', async () => {
    expect(await headerError(Buffer.from('id,n\xe9v,name,amount\n', 'latin1'))).toEqual({
      line: 1,
      column: 2,
      reason: 'invalid UTF-8 byte sequence',
    });
    expect(await headerError('id,"name,amount\n')).toEqual({
      line: 1,
      column: 2,
      reason: 'unterminated quoted field (opened on line 1)',
    });
    expect(await headerError('id,na"me,amount\n')).toEqual({
      line: 1,
      column: 2,
      reason: 'unexpected quote in an unquoted field',
    });
  });

  it('accepts a header with no data rows', async () => {
    expect(await parse('id,name,amount')).toEqual([]);
    expect(await parse('id,name,amount\r\n\r\n')).toEqual([]);
  });
});

describe('readCsv: records', () => {
  it('accepts LF, CRLF and mixed line ends, with or without a final newline', async () => {
    const expected = [row(2, 'A1', 'Alpha', '1'), row(3, 'A2', 'Beta', '2'), row(4, 'A3', 'Gamma', '3')];
    expect(await parse('id,name,amount\nA1,Alpha,1\nA2,Beta,2\nA3,Gamma,3\n')).toEqual(expected);
    expect(await parse('id,name,amount\r\nA1,Alpha,1\r\nA2,Beta,2\r\nA3,Gamma,3\r\n')).toEqual(expected);
    expect(await parse('id,name,amount\r\nA1,Alpha,1\nA2,Beta,2\r\nA3,Gamma,3')).toEqual(expected);
    expect(await parse('id,name,amount\r\nA1,Alpha,1\nA2,Beta,2\r\nA3,Gamma,3\r')).toEqual(expected);
  });

  it('reads quoted commas, newlines and doubled quotes, counting physical lines', async () => {
    const csv = [
      'id,name,amount,note',
      'A1,"Alpha, Inc.",1,"line one',
      'line two',
      'line three"',
      'A2,"say ""hi""",2,"x\r\ny"',
      'A3,"""",3,""',
      'A4,Delta,4,',
    ].join('\n');
    expect(await parse(csv)).toEqual([
      row(2, 'A1', 'Alpha, Inc.', '1', 'line one\nline two\nline three'),
      row(5, 'A2', 'say "hi"', '2', 'x\r\ny'),
      row(7, 'A3', '"', '3', null),
      row(8, 'A4', 'Delta', '4', null),
    ]);
  });

  it('turns empty cells into null, trims unquoted fields only, and allows spaces around quotes', async () => {
    const csv = 'id,name,amount,note\nA1,,  ,""\nA2,  Beta  ,"  2 ",\t" x "  \nA3, "",3,"" \r\n';
    expect(await parse(csv)).toEqual([
      row(2, 'A1', null, null, null),
      row(3, 'A2', 'Beta', '  2 ', ' x '),
      row(4, 'A3', null, '3', null),
    ]);
  });

  it('gives null for a known optional column that the header lacks', async () => {
    expect(await parse('id,name,amount\nA1,Alpha,1\n')).toEqual([row(2, 'A1', 'Alpha', '1', null)]);
  });

  it('skips blank lines (but counts them)', async () => {
    const csv = '\nid,name,amount\n\nA1,Alpha,1\r\n\r\n   \n\nA2,Beta,2\n\n\n';
    expect(await parse(csv)).toEqual([row(4, 'A1', 'Alpha', '1'), row(8, 'A2', 'Beta', '2')]);
  });

  it('keeps non-ASCII text', async () => {
    expect(await parse('id,name,amount\nHU1,Példa Telekom Kft. – ő€😀,"1,5 €"\n')).toEqual([
      row(2, 'HU1', 'Példa Telekom Kft. – ő€😀', '1,5 €'),
    ]);
  });
});

describe('readCsv: errors', () => {
  it('reports a wrong field count at the first missing or extra field and goes on', async () => {
    const csv = 'id,name,amount,note\nA1,Alpha\nA2,Beta,2,x,y,z\nA3,Gamma,3,\n';
    expect(await parse(csv)).toEqual([
      err(2, 3, 'expected 4 fields (as in the header), found 2'),
      err(3, 5, 'expected 4 fields (as in the header), found 6'),
      row(4, 'A3', 'Gamma', '3'),
    ]);
  });

  it('counts fields of a header with columns without a name', async () => {
    const csv = 'id,name,amount,,,,,,\nA1,Alpha,1,,,,\nA2,Beta,2,,,,,,\n';
    expect(await parse(csv)).toEqual([err(2, 8, 'expected 9 fields (as in the header), found 7'), row(3, 'A2', 'Beta', '2')]);
  });

  it('reports a quote inside an unquoted field and resumes on the next line', async () => {
    const csv = 'id,name,amount\nA1,Al"pha,1\nA2,Beta,2\nA3,x,3 "a\nb",\nA4,Delta,4\n';
    expect(await parse(csv)).toEqual([
      err(2, 2, 'unexpected quote in an unquoted field'),
      row(3, 'A2', 'Beta', '2'),
      err(4, 3, 'unexpected quote in an unquoted field'),
      err(5, 1, 'unexpected quote in an unquoted field'), // `b",` starts a new record
      row(6, 'A4', 'Delta', '4'),
    ]);
  });

  it('reports characters after a closing quote and resumes on the next line', async () => {
    const csv = 'id,name,amount\nA1,"Alpha"x,1\nA2,"Be\nta" y,2\nA3,"G"\r,3\nA4,Delta,4\n';
    expect(await parse(csv)).toEqual([
      err(2, 2, 'unexpected character after closing quote'),
      err(3, 2, 'unexpected character after closing quote'),
      err(5, 2, 'unexpected character after closing quote'),
      row(6, 'A4', 'Delta', '4'),
    ]);
  });

  it('reports an unterminated quoted field once: the rest of the file is that record', async () => {
    const csv = 'id,name,amount\nA1,Alpha,1\nA2,"Beta,2\nA3,Gamma,3\nA4,Delta,4\n';
    expect(await parse(csv)).toEqual([row(2, 'A1', 'Alpha', '1'), err(3, 2, 'unterminated quoted field (opened on line 3)')]);
    const multi = 'id,name,amount\nA1,"Al\nph\na","x\nA2,Beta,2\n';
    expect(await parse(multi)).toEqual([err(2, 3, 'unterminated quoted field (opened on line 4)')]);
  });

  it('rejects only the record holding bytes that are not UTF-8', async () => {
    const csv = Buffer.concat([
      Buffer.from('id,name,amount,note\nA1,Alpha,1,\n'),
      Buffer.from('A2,Caf\xe9,2,\n', 'latin1'),
      Buffer.from('A3,"Gamma",3,"\xff"\n', 'latin1'),
      Buffer.from('A4,Café,4,\n'),
    ]);
    const expected = [
      row(2, 'A1', 'Alpha', '1'),
      err(3, 2, 'invalid UTF-8 byte sequence'),
      err(4, 4, 'invalid UTF-8 byte sequence'),
      row(5, 'A4', 'Café', '4'),
    ];
    expect(await parse(csv)).toEqual(expected);
    expect(await parse(csv, COLUMNS, 1)).toEqual(expected);
    expect(await parse(csv, COLUMNS, 7)).toEqual(expected);
  });

  it('rejects a truncated multi-byte character at a field end', async () => {
    const csv = Buffer.concat([Buffer.from('id,name,amount\nA1,'), Buffer.from([0xc5]), Buffer.from(',1\nA2,ő,2\n')]);
    expect(await parse(csv)).toEqual([err(2, 2, 'invalid UTF-8 byte sequence'), row(3, 'A2', 'ő', '2')]);
  });

  it('rejects a record longer than maxRecordBytes without keeping it', async () => {
    const long = 'x'.repeat(100);
    const csv = `id,name,amount\nA1,${long},1\nA2,Beta,2\nA3,"${long}\n${long}\n`;
    const expected = [
      err(2, 2, 'record longer than 64 bytes'),
      row(3, 'A2', 'Beta', '2'),
      err(4, 2, 'unterminated quoted field (opened on line 4)'),
    ];
    expect(await parse(csv, COLUMNS, undefined, { maxRecordBytes: 64 })).toEqual(expected);
    expect(await parse(csv, COLUMNS, 10, { maxRecordBytes: 64 })).toEqual(expected);
  });
});

describe('readCsv: streaming', () => {
  const tricky = Buffer.concat([
    Buffer.from('\uFEFFname,id,amount,note,\r\n'),
    Buffer.from('Őrház Kft.,A1,"1,5",€ and 😀,\r\n'),
    Buffer.from('"multi\r\nline ő",A2,2,"q ""€""", ""\n'),
    Buffer.from('\n'),
    Buffer.from('Bad\xe9,A3,3,,\n', 'latin1'),
    Buffer.from('"x"y,A4,4,,\n'),
    Buffer.from('a"b,A5,5,,\n'),
    Buffer.from('short,A6\n'),
    Buffer.from('🇭🇺 flag,A7,7,"€€€",  \r\n'),
    Buffer.from('Ötös,A9,9,,"€ in a column without a name"\r\n'),
    Buffer.from('"open,A8,8,,\nstill open ő'),
  ]);

  it('parses identically whatever the chunk size (multi-byte characters split across chunks)', async () => {
    const whole = await parse(tricky);
    expect(whole).toEqual([
      row(2, 'A1', 'Őrház Kft.', '1,5', '€ and 😀'),
      row(3, 'A2', 'multi\r\nline ő', '2', 'q "€"'),
      err(6, 1, 'invalid UTF-8 byte sequence'),
      err(7, 1, 'unexpected character after closing quote'),
      err(8, 1, 'unexpected quote in an unquoted field'),
      err(9, 3, 'expected 5 fields (as in the header), found 2'),
      row(10, 'A7', '🇭🇺 flag', '7', '€€€'),
      err(11, 5, 'a value in a column without a name (header column 5)'),
      err(12, 1, 'unterminated quoted field (opened on line 12)'),
    ]);
    for (const size of [1, 2, 3, 4, 5, 7, 13, 64]) {
      expect(await parse(tricky, COLUMNS, size), `chunk size ${size}`).toEqual(whole);
    }
  });

  it('parses random inputs identically whatever the chunking', async () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['a', 'b', ',', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'ő', '€', '😀', '\xe9', '\xc5'];
    for (let doc = 0; doc < 300; doc++) {
      const parts: Buffer[] = [Buffer.from('id,name,amount\n')];
      const length = 5 + random(60);
      for (let p = 0; p < length; p++) {
        const piece = pieces[random(pieces.length)]!;
        // '\xe9' and '\xc5' as single bytes: invalid UTF-8 (a Latin-1 é, a truncated lead byte)
        parts.push(piece === '\xe9' || piece === '\xc5' ? Buffer.from(piece, 'latin1') : Buffer.from(piece));
      }
      const input = Buffer.concat(parts);
      const whole = await parse(input);
      for (const size of [1, 2, 3, 1 + random(20)]) {
        expect(await parse(input, COLUMNS, size), `document ${JSON.stringify(input.toString('latin1'))}, chunk size ${size}`).toEqual(whole);
      }
    }
  });

  it('accepts string chunks', async () => {
    async function* strings() {
      yield 'id,name,amount\nA1,Ő';
      yield 'rség,"1';
      yield '"\n';
    }
    expect(plain(await collect(readCsv(strings(), COLUMNS)))).toEqual([row(2, 'A1', 'Őrség', '1')]);
  });

  it('reads a text in memory in pieces (an upload is not parsed in one stretch), never splitting a surrogate pair', async () => {
    const pieces: string[] = [];
    // The emoji's two halves straddle the first 64 Ki boundary.
    const head = 'id,name,amount\n';
    const text = `${head}A1,${'x'.repeat((1 << 16) - head.length - 4)}😀y,1\n${'A2,Beta,2\n'.repeat(20_000)}`;
    for await (const piece of textSource(text)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(text);
    expect(pieces[0]!.at(-1)).not.toMatch(/[\uD800-\uDBFF]/);
    const items = plain(await collect(readCsv(textSource(text), COLUMNS)));
    expect(items).toHaveLength(20_001);
    expect(items[0]).toEqual(row(2, 'A1', `${'x'.repeat((1 << 16) - head.length - 4)}😀y`, '1'));
  });

  it('reads a real file, with the line numbers of every record', async () => {
    const file = path.join(tmp, 'clients.csv');
    fs.writeFileSync(file, '\uFEFFid,name,amount,note\r\nA1,"Példa, Kft.",1,"a\r\nb"\r\nA2,Beta\r\n\r\nA3,Gamma,3,\r\n');
    expect(plain(await collect(readCsvFile(file, COLUMNS)))).toEqual([
      row(2, 'A1', 'Példa, Kft.', '1', 'a\r\nb'),
      err(4, 3, 'expected 4 fields (as in the header), found 2'),
      row(6, 'A3', 'Gamma', '3'),
    ]);
  });

  it('reads 200,000 generated rows fed in 64 KiB chunks', async () => {
    const count = 200_000;
    const lines = ['amount,id,name,note'];
    for (let i = 0; i < count; i++) lines.push(`${i}.50,R${i},"Name ${i}, ő",${i % 7 === 0 ? '' : 'n' + i}`);
    const input = Buffer.from(lines.join('\r\n') + '\r\n');
    let rows = 0;
    let errors = 0;
    let last: CsvItem | undefined;
    for await (const item of readCsv(chunked(input, 64 * 1024), COLUMNS)) {
      if (item.kind === 'row') rows++;
      else errors++;
      last = item;
    }
    expect({ rows, errors }).toEqual({ rows: count, errors: 0 });
    expect(last).toMatchObject({
      kind: 'row',
      row: { line: count + 1, values: { id: `R${count - 1}`, name: `Name ${count - 1}, ő`, amount: `${count - 1}.50`, note: `n${count - 1}` } },
    });
  });

  it('reads a large generated file from disk', async () => {
    const count = 200_000;
    const file = path.join(tmp, 'usage.csv');
    const out = fs.createWriteStream(file);
    out.write('id,name,amount\n');
    for (let i = 0; i < count; i += 10_000) {
      let block = '';
      for (let j = i; j < i + 10_000; j++) block += `R${j},name ${j},${j}\n`;
      out.write(block);
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    let rows = 0;
    for await (const item of readCsvFile(file, COLUMNS)) if (item.kind === 'row') rows++;
    expect(rows).toBe(count);
  });
});
