/**
 * The embedded read store's text pages (`findText`, used by the journal's CSV export): for every
 * query, one field of the documents `find` gives, joined in page order, with the same next
 * cursor, the page's last id and count. Not part of the port, so not in the contract every
 * adapter runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { InvalidQueryError, type Filter, type FindOptions } from '../../src/readstore/port.ts';
import { textPages } from '../../src/readstore/query.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-rs-text-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const TEXTS = ['plain,row\r\n', 'with "quotes" and \\ backslash\r\n', 'München, Łódź, 東京 \u{1F600}\r\n', '', 'tab\tand\nnewline\u2028'];

describe('read store: text pages (SQLite)', () => {
  let store: SqliteReadStore;

  beforeAll(async () => {
    store = openSqliteReadStore(path.join(tmp, 'read.db'));
    await store.ensureCollection({ name: 'rows', indexes: ['group', 'date'] });
    await store.transact(async (uow) => {
      for (let i = 0; i < 53; i++) {
        uow.put('rows', `r${String(i).padStart(3, '0')}`, { group: `G${i % 3}`, date: `2026-05-${String(1 + (i % 9)).padStart(2, '0')}`, text: `${i}:${TEXTS[i % TEXTS.length]}` });
      }
    });
  });
  afterAll(() => store.close());

  async function samePages(filter: Filter, options: FindOptions = {}): Promise<number> {
    let after: string | undefined;
    let pages = 0;
    do {
      const page = { ...options, ...(after ? { after } : {}) };
      const found = await store.find('rows', filter, page);
      const text = await store.findText('rows', 'text', filter, page);
      expect(text.text.toString('utf8')).toBe(found.items.map((d) => d.text as string).join(''));
      expect(text.next).toBe(found.next);
      expect(text.count).toBe(found.items.length);
      if (found.items.length) {
        // The last id: the next page after it is the page after this one.
        const following = await store.find('rows', filter, { ...options, after: Buffer.from(JSON.stringify(options.sort ? { value: found.items.at(-1)![options.sort.field], id: text.lastId } : { id: text.lastId })).toString('base64url') });
        expect(following.items).toEqual(found.next ? (await store.find('rows', filter, { ...options, after: found.next })).items : []);
      } else expect(text.lastId).toBeNull();
      after = found.next ?? undefined;
      pages++;
    } while (after);
    return pages;
  }

  it('is offered by the embedded store', () => {
    expect(textPages(store)).toBe(store);
  });

  it('joins the field of the page find gives, page by page, with its cursor', async () => {
    expect(await samePages({}, { limit: 10 })).toBe(6);
    expect(await samePages({}, { limit: 1000 })).toBe(1);
    expect(await samePages({}, { limit: 1, sort: { field: 'id', direction: 'desc' } })).toBe(53);
    await samePages({ group: 'G1' }, { limit: 4 });
    await samePages({ group: 'G2', date: { $gte: '2026-05-03', $lte: '2026-05-07' } }, { limit: 2 });
    await samePages({ group: 'none' }, { limit: 5 });
    await samePages({}, { limit: 6, sort: { field: 'date', direction: 'desc' } });
  });

  it('refuses what find refuses, and a field that is not a path', async () => {
    await expect(store.findText('rows', 'text', { text: 'x' })).rejects.toThrow(InvalidQueryError);
    await expect(store.findText('rows', "text') --", {})).rejects.toThrow(InvalidQueryError);
  });
});
