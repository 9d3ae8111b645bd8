/**
 * The embedded read store's pages and documents as JSON bytes (`findJson`, used
 * by the REST lists and invoices): for every query, byte for byte `JSON.stringify` of what `find`
 * returns, cursors included, and the same errors. Not part of the port, so not in the contract
 * every adapter runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { InvalidQueryError, type Filter, type FindOptions } from '../../src/readstore/port.ts';
import { jsonPages } from '../../src/readstore/query.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-rs-json-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CITIES = ['Budapest', 'München', 'Wien', 'Łódź', 'Zürich', 'Košice', '東京', 'Graz'];

describe('read store: pages as JSON (SQLite)', () => {
  let store: SqliteReadStore;

  beforeAll(async () => {
    store = openSqliteReadStore(path.join(tmp, 'read.db'));
    await store.ensureCollection({ name: 'docs', indexes: ['name', 'price', 'active', 'partner', 'address.city', 'at'] });
    await store.ensureCollection({ name: 'empty', indexes: [] });
    await store.transact(async (uow) => {
      for (let i = 0; i < 137; i++) {
        const id = `d${String(i).padStart(3, '0')}`;
        uow.put('docs', id, {
          id,
          name: `Name ${i % 17} ${CITIES[i % CITIES.length]} "quoted" \\ \u2028 \u{1F600}`,
          price: i % 5 === 0 ? null : (i * 7) % 23 + 0.5,
          active: i % 3 === 0,
          partner: i % 4 === 0 ? null : `P${i % 4}`,
          address: { city: CITIES[(i * 3) % CITIES.length] },
          at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
          nested: { list: [1, 'two', null, { deep: i % 2 === 0 }], big: 1e21, small: 1e-7, negative: -0 },
          ...(i % 10 === 0 ? { '2': 'integer-like key', b: 1, '1': 'another' } : {}),
        });
      }
    });
  });
  afterAll(() => store.close());

  /** Every page of a query, both ways, compared byte for byte (and the cursors followed). */
  async function samePages(collection: string, filter: Filter, options: FindOptions = {}): Promise<number> {
    let after: string | undefined;
    let pages = 0;
    do {
      const page = { ...options, ...(after ? { after } : {}) };
      const expected = JSON.stringify(await store.find(collection, filter, page));
      const actual = (await store.findJson(collection, filter, page)).toString('utf8');
      expect(actual).toBe(expected);
      after = (JSON.parse(expected) as { next: string | null }).next ?? undefined;
      pages++;
    } while (after);
    return pages;
  }

  it('is offered by the embedded store', () => {
    expect(jsonPages(store)).toBe(store);
  });

  it('gives the bytes of the page find gives, page by page, in id order', async () => {
    expect(await samePages('docs', {}, { limit: 10 })).toBe(14);
    expect(await samePages('docs', {})).toBe(3);
    expect(await samePages('docs', {}, { limit: 1000 })).toBe(1);
    expect(await samePages('docs', {}, { limit: 1, sort: { field: 'id', direction: 'desc' } })).toBe(137);
  });

  it('gives the same pages sorted by a field, with nulls and ties, in both directions', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      for (const field of ['price', 'active', 'partner', 'address.city', 'at', 'name']) {
        await samePages('docs', {}, { limit: 7, sort: { field, direction } });
      }
    }
  });

  it('gives the same pages for every kind of filter', async () => {
    const filters: Filter[] = [
      { partner: 'P1' },
      { partner: null },
      { active: true },
      { price: { $gte: 5, $lt: 15 } },
      { 'address.city': { $in: ['Wien', '東京', null] } },
      { name: { $prefix: 'Name 1' } },
      { id: { $in: ['d001', 'd050', 'd100', 'nope'] } },
      { partner: 'P2', active: false },
    ];
    for (const filter of filters) {
      await samePages('docs', filter, { limit: 4 });
      await samePages('docs', filter, { limit: 3, sort: { field: 'price', direction: 'desc' } });
    }
  });

  it('gives an empty page as find does', async () => {
    expect((await store.findJson('docs', { partner: 'nobody' })).toString()).toBe('{"items":[],"next":null}');
    await samePages('empty', {});
  });

  it('refuses what find refuses', async () => {
    await expect(store.findJson('docs', { nope: 1 })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.findJson('docs', {}, { limit: 0 })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.findJson('docs', {}, { after: 'garbage' })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.findJson('undeclared', {})).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('sees a write made after an earlier read in the same turn', async () => {
    const before = (await store.findJson('docs', { id: 'late' })).toString();
    await store.transact(async (uow) => uow.put('docs', 'late', { id: 'late', name: 'late' }));
    const after = (await store.findJson('docs', { id: 'late' })).toString();
    expect(before).toBe('{"items":[],"next":null}');
    expect(after).toBe('{"items":[{"id":"late","name":"late"}],"next":null}');
  });
});
