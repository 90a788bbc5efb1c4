import { type Document } from 'mongodb';
import { startTarget, type TestTarget } from './helpers/target';

/**
 * `{field: {$in: [...]}}` on a one-field unique index is answered by index look-ups (a batch of
 * point reads, e.g. idempotency keys). It must find exactly what a scan finds.
 */
let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('unique_in');
  const c = t.db.collection('keys');
  await c.createIndex({ key: 1 }, { unique: true, name: 'uniq_key' });
  await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { live: true } });
  await c.insertMany([
    { _id: 1 as unknown as Document['_id'], key: 'a', code: 'x', live: true },
    { _id: 2 as unknown as Document['_id'], key: 'b', code: 'x' },
    { _id: 3 as unknown as Document['_id'], key: 7, code: 'y', live: true },
    { _id: 4 as unknown as Document['_id'], key: ['m1', 'm2'] },
  ]);
});
afterAll(() => t.stop());

async function ids(filter: Document): Promise<number[]> {
  const docs = await t.db.collection('keys').find(filter).toArray();
  return docs.map((d) => d._id as unknown as number).sort();
}

describe('$in on a unique index', () => {
  it('finds each present key once and ignores missing ones', async () => {
    expect(await ids({ key: { $in: ['a', 'nope', 'b', 'a'] } })).toEqual([1, 2]);
    expect(await ids({ key: { $in: [] } })).toEqual([]);
  });

  it('matches by type like a scan (7 is not "7") and reaches array elements', async () => {
    expect(await ids({ key: { $in: ['7'] } })).toEqual([]);
    expect(await ids({ key: { $in: [7, 'm2'] } })).toEqual([3, 4]);
  });

  it('still applies the rest of the filter', async () => {
    expect(await ids({ key: { $in: ['a', 'b'] }, live: true })).toEqual([1]);
  });

  it('does not use a partial index for it (documents outside it must be found)', async () => {
    expect(await ids({ code: { $in: ['x'] } })).toEqual([1, 2]);
  });

  it('leaves $in with regexes or documents to the scan', async () => {
    expect(await ids({ key: { $in: [/^a/, 'b'] } })).toEqual([1, 2]);
  });
});
