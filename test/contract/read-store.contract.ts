/**
 * The one contract every read store adapter passes: documents round-trip unchanged, the small
 * filter language means the same everywhere, cursor pages neither skip nor repeat, a unit of work
 * commits documents and checkpoint together or not at all, and leases have one holder.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InvalidQueryError, type Document, type FindOptions, type Filter, type ReadStore } from '../../src/readstore/port.ts';

interface Plan extends Document {
  id: string;
  name: string;
  country: string;
  price: number;
  active: boolean;
  partner: string | null;
  address: { city: string };
}

const PLANS: Plan[] = [
  { id: 'p01', name: 'Home VoIP', country: 'HU', price: 5, active: true, partner: null, address: { city: 'Budapest' } },
  { id: 'p02', name: 'Home Fibre 100', country: 'HU', price: 20, active: true, partner: 'R1', address: { city: 'Debrecen' } },
  { id: 'p03', name: 'Home Fibre 1000', country: 'DE', price: 45, active: false, partner: 'R1', address: { city: 'Berlin' } },
  { id: 'p04', name: 'Business SIP', country: 'DE', price: 30, active: true, partner: null, address: { city: 'München' } },
  { id: 'p05', name: 'Business Fibre', country: 'AT', price: 45, active: true, partner: 'R2', address: { city: 'Wien' } },
  { id: 'p06', name: 'Hotel WiFi', country: 'AT', price: 12.5, active: false, partner: null, address: { city: 'Graz' } },
  { id: 'p07', name: 'Cable TV Basic', country: 'FR', price: 9, active: true, partner: 'R2', address: { city: 'Lyon' } },
  { id: 'p08', name: 'Homé Ünicode', country: 'HU', price: 45, active: true, partner: null, address: { city: 'Szeged' } },
];

export function readStoreContract(openStore: () => Promise<ReadStore>): void {
  let store: ReadStore;
  let plans: string;
  let other: string;

  beforeAll(async () => {
    store = await openStore();
    const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
    plans = `plans_${suffix}`;
    other = `other_${suffix}`;
    await store.ensureCollection({ name: plans, indexes: ['name', 'country', 'price', 'active', 'partner', 'address.city'] });
    await store.ensureCollection({ name: other, indexes: ['kind'] });
    await store.transact(async (uow) => {
      for (const plan of PLANS) uow.put(plans, plan.id, plan);
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  const ids = async (filter: Filter, options?: FindOptions) => (await store.find(plans, filter, options)).items.map((d) => d.id);

  it('stores and returns documents unchanged, key order included', async () => {
    const doc = { z: 1, a: { nested: [1, 'two', null, { deep: true }] }, amount: '12.30', text: 'árvíztűrő tükörfúrógép' };
    await store.transact(async (uow) => uow.put(other, 'doc-1', doc));
    expect(JSON.stringify(await store.get(other, 'doc-1'))).toBe(JSON.stringify(doc));
    expect(await store.get(other, 'missing')).toBeNull();
  });

  it('is idempotent when a collection is declared again', async () => {
    await store.ensureCollection({ name: plans, indexes: ['name', 'country', 'price', 'active', 'partner', 'address.city'] });
    expect((await store.get(plans, 'p01'))?.name).toBe('Home VoIP');
  });

  it('filters by equality, $in, ranges, prefix, booleans, null and nested fields', async () => {
    expect(await ids({ country: 'HU' })).toEqual(['p01', 'p02', 'p08']);
    expect(await ids({ country: { $eq: 'DE' } })).toEqual(['p03', 'p04']);
    expect(await ids({ country: { $in: ['AT', 'FR'] } })).toEqual(['p05', 'p06', 'p07']);
    expect(await ids({ price: { $gte: 20, $lt: 45 } })).toEqual(['p02', 'p04']);
    expect(await ids({ price: { $gt: 30 } })).toEqual(['p03', 'p05', 'p08']);
    expect(await ids({ price: { $lte: 9 } })).toEqual(['p01', 'p07']);
    expect(await ids({ name: { $prefix: 'Home' } })).toEqual(['p01', 'p02', 'p03']);
    expect(await ids({ name: { $prefix: 'Home Fibre' } })).toEqual(['p02', 'p03']);
    expect(await ids({ name: { $prefix: 'Homé' } })).toEqual(['p08']);
    expect(await ids({ active: false })).toEqual(['p03', 'p06']);
    expect(await ids({ partner: null })).toEqual(['p01', 'p04', 'p06', 'p08']);
    expect(await ids({ partner: { $in: ['R2', null] } })).toEqual(['p01', 'p04', 'p05', 'p06', 'p07', 'p08']);
    expect(await ids({ 'address.city': 'Wien' })).toEqual(['p05']);
    expect(await ids({ country: 'HU', price: { $gt: 10 } })).toEqual(['p02', 'p08']);
    expect(await ids({ id: { $in: ['p02', 'p07'] } })).toEqual(['p02', 'p07']);
    expect(await ids({ country: 'XX' })).toEqual([]);
  });

  it('finds documents stored before a field was declared as an index', async () => {
    const late = `late_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    await store.ensureCollection({ name: late, indexes: [] });
    await store.transact(async (uow) => {
      uow.put(late, 'a', { colour: 'red' });
      uow.put(late, 'b', { colour: 'blue' });
    });
    await store.ensureCollection({ name: late, indexes: ['colour'] });
    expect((await store.find(late, { colour: 'red' })).items).toEqual([{ colour: 'red' }]);
  });

  it('refuses filters and sorts on fields that are not indexed, and unknown operators', async () => {
    await expect(store.find(plans, { colour: 'red' })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.find(plans, {}, { sort: { field: 'colour' } })).rejects.toThrow(/not indexed/);
    await expect(store.find(plans, { price: { $regex: '.*' } as never })).rejects.toThrow(/unknown operator/);
    await expect(store.find(plans, {}, { after: 'not-a-cursor' })).rejects.toThrow(/invalid cursor/);
  });

  it('pages with cursors in every sort order without skipping or repeating, nulls first ascending', async () => {
    const orders: FindOptions['sort'][] = [
      undefined,
      { field: 'price' },
      { field: 'price', direction: 'desc' },
      { field: 'partner' },
      { field: 'partner', direction: 'desc' },
      { field: 'active', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ];
    for (const sort of orders) {
      const whole = await ids({}, { sort, limit: 100 });
      expect(whole.length).toBe(PLANS.length);
      const paged: unknown[] = [];
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await store.find(plans, {}, { sort, limit: 3, ...(after ? { after } : {}) });
        paged.push(...page.items.map((d) => d.id));
        if (!page.next) break;
        after = page.next;
      }
      expect(paged, JSON.stringify(sort)).toEqual(whole);
    }
    expect(await ids({}, { sort: { field: 'price' }, limit: 100 })).toEqual(['p01', 'p07', 'p06', 'p02', 'p04', 'p03', 'p05', 'p08']);
    expect((await ids({}, { sort: { field: 'partner' }, limit: 100 })).slice(0, 4)).toEqual(['p01', 'p04', 'p06', 'p08']);
    expect((await ids({}, { sort: { field: 'partner', direction: 'desc' }, limit: 100 })).slice(-4)).toEqual(['p08', 'p06', 'p04', 'p01']);
    const last = await store.find(plans, { country: 'FR' }, { limit: 5 });
    expect(last.next).toBeNull();
  });

  it('pages through a filtered, sorted query', async () => {
    const first = await store.find(plans, { price: { $gte: 20 } }, { sort: { field: 'price', direction: 'desc' }, limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['p08', 'p05']);
    const second = await store.find(plans, { price: { $gte: 20 } }, { sort: { field: 'price', direction: 'desc' }, limit: 2, after: first.next! });
    expect(second.items.map((d) => d.id)).toEqual(['p03', 'p04']);
    const third = await store.find(plans, { price: { $gte: 20 } }, { sort: { field: 'price', direction: 'desc' }, limit: 2, after: second.next! });
    expect(third.items.map((d) => d.id)).toEqual(['p02']);
    expect(third.next).toBeNull();
  });

  it('commits documents and checkpoint together, and nothing when the work fails', async () => {
    const name = `projection-${randomUUID()}`;
    await expect(store.transact(async (uow) => {
      uow.put(other, 'half-1', { kind: 'half' });
      uow.setCheckpoint(name, { position: 10, version: 1 });
      throw new Error('crash in the middle');
    })).rejects.toThrow('crash in the middle');
    expect(await store.get(other, 'half-1')).toBeNull();
    expect(await store.getCheckpoint(name)).toBeNull();

    await store.transact(async (uow) => {
      uow.put(other, 'whole-1', { kind: 'whole', n: 1 });
      expect(await uow.get(other, 'whole-1')).toEqual({ kind: 'whole', n: 1 });
      uow.put(other, 'whole-1', { kind: 'whole', n: 2 });
      uow.put(other, 'whole-2', { kind: 'whole', n: 1 });
      uow.delete(other, 'whole-2');
      expect(await uow.get(other, 'whole-2')).toBeNull();
      uow.setCheckpoint(name, { position: 42, version: 3 });
    });
    expect(await store.get(other, 'whole-1')).toEqual({ kind: 'whole', n: 2 });
    expect(await store.get(other, 'whole-2')).toBeNull();
    expect(await store.getCheckpoint(name)).toEqual({ position: 42, version: 3 });
    expect(await store.listCheckpoints()).toContainEqual({ name, checkpoint: { position: 42, version: 3 } });
    expect((await store.find(other, { kind: 'whole' })).items.length).toBe(1);
  });

  it('resets a projection: its documents and checkpoint go, other collections stay', async () => {
    const name = `reset-${randomUUID()}`;
    const scratch = `scratch_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    await store.ensureCollection({ name: scratch, indexes: [] });
    await store.transact(async (uow) => {
      uow.put(scratch, 'a', { v: 1 });
      uow.put(scratch, 'b', { v: 2 });
      uow.setCheckpoint(name, { position: 7, version: 1 });
    });
    await store.reset(name, [scratch]);
    expect((await store.find(scratch, {})).items).toEqual([]);
    expect(await store.getCheckpoint(name)).toBeNull();
    expect(await store.get(plans, 'p01')).not.toBeNull();
  });

  it('gives a lease to one owner at a time, renews it, and lets another take it when it expires', async () => {
    const lease = `lease-${randomUUID()}`;
    expect(await store.acquireLease(lease, 'serve-1', 1000, 500)).toBe(true);
    expect(await store.acquireLease(lease, 'cli-2', 1200, 500)).toBe(false);
    expect(await store.acquireLease(lease, 'serve-1', 1400, 500)).toBe(true);
    expect(await store.acquireLease(lease, 'cli-2', 1800, 500)).toBe(false);
    expect(await store.acquireLease(lease, 'cli-2', 1900, 500)).toBe(true);
    expect(await store.acquireLease(lease, 'serve-1', 2000, 500)).toBe(false);
    await store.releaseLease(lease, 'serve-1');
    expect(await store.acquireLease(lease, 'serve-1', 2000, 500)).toBe(false);
    await store.releaseLease(lease, 'cli-2');
    expect(await store.acquireLease(lease, 'serve-1', 2000, 500)).toBe(true);
  });
}
