import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { openSqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { mongoDbServer } from '../support/servers.ts';
import { readStoreContract } from './read-store.contract.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-rs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('read store contract: SQLite', () => {
  readStoreContract(async () => openSqliteReadStore(path.join(tmp, 'read.db')));

  it('refuses an event store file given as the read store', async () => {
    const file = path.join(tmp, 'events.db');
    await openSqliteEventStore(file).close();
    expect(() => openSqliteReadStore(file)).toThrow(/not a billstream read store/);
  });
});

const mongo = await mongoDbServer();
afterAll(() => mongo.stop());
if (!mongo.url) console.warn(`MongoDB contract suite skipped: ${mongo.reason}`);
describe.skipIf(!mongo.url)(`read store contract: MongoDB${mongo.url ? '' : ` (skipped: ${mongo.reason})`}`, () => {
  readStoreContract(async () => {
    const { openMongoReadStore } = await import('../../src/readstore/mongodb/mongo-read-store.ts');
    return openMongoReadStore(mongo.url!, { dbName: `billstream_contract_${Date.now()}` });
  });
});
