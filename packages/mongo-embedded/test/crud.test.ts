import { Decimal128, ObjectId, type Collection, type Document } from 'mongodb';
import { startTarget, type TestTarget } from './helpers/target';

let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('crud');
});
afterAll(async () => {
  await t.stop();
});

function coll(name: string): Collection<Document> {
  return t.db.collection(name);
}

describe('insert', () => {
  it('generates an ObjectId _id stored as the first field', async () => {
    const res = await coll('ins').insertOne({ a: 1 });
    expect(res.insertedId).toBeInstanceOf(ObjectId);
    const doc = await coll('ins').findOne({ _id: res.insertedId });
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'a']);
  });

  it('reports duplicate _id as writeErrors with code 11000 and keeps going when unordered', async () => {
    const c = coll('ins_dup');
    await c.insertOne({ _id: 1 as unknown as ObjectId });
    const err = await c
      .insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }] as Document[], { ordered: false })
      .catch(
        (e: unknown) =>
          e as {
            code: number;
            writeErrors: Array<{ index: number; code: number }>;
            result: { insertedCount: number };
          },
      );
    expect(err).toMatchObject({ code: 11000 });
    const e = err as { writeErrors: Array<{ index: number; code: number }>; insertedCount?: number };
    expect(e.writeErrors.map((w) => [w.index, w.code])).toEqual([
      [0, 11000],
      [2, 11000],
    ]);
    expect(await c.countDocuments()).toBe(2);
  });

  it('stops at the first error when ordered', async () => {
    const c = coll('ins_ordered');
    await c.insertMany([{ _id: 1 }, { _id: 2 }] as Document[]).catch(() => undefined);
    await expect(c.insertMany([{ _id: 3 }, { _id: 1 }, { _id: 4 }] as Document[])).rejects.toMatchObject({
      code: 11000,
    });
    expect((await c.find().toArray()).map((d) => d._id)).toEqual([1, 2, 3]);
  });
});

describe('find', () => {
  const items = Array.from({ length: 250 }, (_, i) => ({
    i,
    even: i % 2 === 0,
    tag: `t${i % 5}`,
    nested: { v: 250 - i },
  }));
  beforeAll(async () => {
    await coll('items').insertMany(items.map((d) => ({ ...d })));
  });

  it('filters, sorts, skips and limits', async () => {
    const docs = await coll('items').find({ even: true }).sort({ i: -1 }).skip(2).limit(3).toArray();
    expect(docs.map((d) => d.i)).toEqual([244, 242, 240]);
  });

  it('sorts on nested fields and multiple keys', async () => {
    const docs = await coll('items')
      .find({ i: { $lt: 10 } })
      .sort({ tag: 1, 'nested.v': 1 })
      .toArray();
    expect(docs.map((d) => d.i)).toEqual([5, 0, 6, 1, 7, 2, 8, 3, 9, 4]);
  });

  it('keeps _id first with an inclusion projection and supports exclusion', async () => {
    const [inc] = await coll('items')
      .find({ i: 3 }, { projection: { tag: 1, i: 1 } })
      .toArray();
    expect(Object.keys(inc)).toEqual(['_id', 'i', 'tag']);
    const [exc] = await coll('items')
      .find({ i: 3 }, { projection: { _id: 0, nested: 0, even: 0 } })
      .toArray();
    expect(exc).toEqual({ i: 3, tag: 't3' });
  });

  it('iterates more than 101 documents through getMore', async () => {
    const cursor = coll('items').find({});
    const all = await cursor.toArray();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((d) => d.i)).size).toBe(250);
  });

  it('returns a first batch of 101 by default and honours batchSize', async () => {
    const first = await t.db.command({ find: 'items', filter: {} });
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(first.cursor.id.toString()).not.toBe('0');
    const small = await t.db.command({ find: 'items', filter: {}, batchSize: 7 });
    expect(small.cursor.firstBatch).toHaveLength(7);
    const more = await t.db.command({ getMore: small.cursor.id, collection: 'items', batchSize: 10 });
    expect(more.cursor.nextBatch).toHaveLength(10);
    expect(more.cursor.nextBatch[0].i).toBe(7);
    const killed = await t.db.command({ killCursors: 'items', cursors: [small.cursor.id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    await expect(t.db.command({ getMore: small.cursor.id, collection: 'items' })).rejects.toMatchObject({
      code: 43,
    });
    await t.db.command({ killCursors: 'items', cursors: [first.cursor.id] });
  });

  it('closes the cursor early when the client stops reading', async () => {
    const cursor = coll('items').find({}, { batchSize: 5 });
    await cursor.next();
    await expect(cursor.close()).resolves.toBeUndefined();
  });

  it('matches ObjectIds by equality and $in, dates by range, and sorts both', async () => {
    const c = coll('typed');
    const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
    const dates = [new Date('2024-01-01'), new Date('2024-06-01'), new Date('2025-01-01')];
    await c.insertMany([2, 0, 1].map((k) => ({ _id: ids[k], ref: ids[k], at: dates[k], k })));
    expect((await c.findOne({ ref: new ObjectId(ids[1].toHexString()) }))?.k).toBe(1);
    expect((await c.find({ _id: { $in: [ids[0], ids[2]] } }).toArray()).map((d) => d.k).sort()).toEqual([
      0, 2,
    ]);
    expect(
      (
        await c
          .find({ at: { $gte: new Date('2024-03-01') } })
          .sort({ at: 1 })
          .toArray()
      ).map((d) => d.k),
    ).toEqual([1, 2]);
    expect((await c.find().sort({ _id: -1 }).toArray()).map((d) => d.k)).toEqual([2, 1, 0]);
    expect(await c.countDocuments({ ref: { $type: 'objectId' } })).toBe(3);
    expect(await c.countDocuments({ at: { $type: 'date' } })).toBe(3);
  });

  it('round-trips BSON types (Decimal128, Date, nested arrays)', async () => {
    const c = coll('bson');
    const doc = {
      price: Decimal128.fromString('19.99'),
      at: new Date(1700000000000),
      list: [[1, 2], { a: 'x' }],
      nil: null,
    };
    const { insertedId } = await c.insertOne(doc);
    const back = await c.findOne({ _id: insertedId });
    expect(back?.price).toBeInstanceOf(Decimal128);
    expect(back?.price.toString()).toBe('19.99');
    expect(back?.at).toEqual(doc.at);
    expect(back?.list).toEqual(doc.list);
    expect(back?.nil).toBeNull();
  });

  it('answers count, estimatedDocumentCount and distinct', async () => {
    expect(await coll('items').estimatedDocumentCount()).toBe(250);
    expect(await coll('items').countDocuments({ even: false }, { skip: 5, limit: 50 })).toBe(50);
    expect((await t.db.command({ count: 'items', query: { tag: 't1' } })).n).toBe(50);
    expect((await coll('items').distinct('tag')).sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(await coll('items').distinct('tag', { i: { $lt: 2 } })).toEqual(['t0', 't1']);
    await coll('arr').insertMany([{ tags: ['a', 'b'] }, { tags: ['b', 'c'] }]);
    expect((await coll('arr').distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('update', () => {
  it('updates one or many and reports matched/modified counts', async () => {
    const c = coll('upd');
    await c.insertMany([
      { k: 1, n: 0 },
      { k: 1, n: 0 },
      { k: 2, n: 0 },
    ]);
    const one = await c.updateOne({ k: 1 }, { $inc: { n: 1 } });
    expect([one.matchedCount, one.modifiedCount]).toEqual([1, 1]);
    const many = await c.updateMany({ k: 1 }, { $set: { flag: true } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const noop = await c.updateMany({ k: 1 }, { $set: { flag: true } });
    expect([noop.matchedCount, noop.modifiedCount]).toEqual([2, 0]);
  });

  it('upserts from equality fields of the filter, with $setOnInsert only on insert', async () => {
    const c = coll('ups');
    const res = await c.updateOne(
      { slug: 'x', $and: [{ kind: 'k' }], n: { $gt: 3 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    expect(res.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await c.findOne({ _id: res.upsertedId as ObjectId }, { projection: { _id: 0 } });
    expect(doc).toEqual({ slug: 'x', kind: 'k', v: 1, created: true });
    await c.updateOne({ slug: 'x' }, { $set: { v: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(await c.findOne({ slug: 'x' }, { projection: { _id: 0, v: 1, created: 1 } })).toEqual({
      v: 2,
      created: true,
    });
  });

  it('replaces documents and keeps _id immutable', async () => {
    const c = coll('repl');
    const { insertedId } = await c.insertOne({ a: 1, b: 2 });
    await c.replaceOne({ _id: insertedId }, { c: 3 });
    expect(await c.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
    await expect(c.updateOne({ _id: insertedId }, { $set: { _id: new ObjectId() } })).rejects.toMatchObject({
      code: 66,
    });
  });

  it('supports arrayFilters, positional $ and array operators', async () => {
    const c = t.db.collection<{ items: Array<{ sku: string; qty: number }>; tags: string[] }>('arrays');
    const { insertedId: id } = await c.insertOne({
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
      tags: ['x'],
    });
    await c.updateOne(
      { _id: id },
      { $inc: { 'items.$[it].qty': 10 } },
      { arrayFilters: [{ 'it.qty': { $gte: 5 } }] },
    );
    await c.updateOne({ _id: id, 'items.sku': 'a' }, { $set: { 'items.$.qty': 7 } });
    await c.updateOne({ _id: id }, { $push: { tags: { $each: ['y', 'z'] } } });
    await c.updateOne({ _id: id }, { $addToSet: { tags: 'x' } });
    await c.updateOne({ _id: id }, { $pull: { tags: 'y' } });
    const doc = await c.findOne({ _id: id });
    expect(doc?.items).toEqual([
      { sku: 'a', qty: 7 },
      { sku: 'b', qty: 15 },
    ]);
    expect(doc?.tags).toEqual(['x', 'z']);
  });

  it('supports pipeline-style updates', async () => {
    const c = coll('pipe_upd');
    const { insertedId } = await c.insertOne({ a: 2, b: 3 });
    await c.updateOne({ _id: insertedId }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);
    expect((await c.findOne({ _id: insertedId }))?.sum).toBe(5);
  });

  it('rejects unknown modifiers with an error and changes nothing', async () => {
    const c = coll('badmod');
    const { insertedId } = await c.insertOne({ a: 1 });
    await expect(
      c.updateOne({ _id: insertedId }, { $set: { a: 2 }, $bogus: { b: 1 } } as Document),
    ).rejects.toMatchObject({ code: 9 });
    expect((await c.findOne({ _id: insertedId }))?.a).toBe(1);
  });
});

describe('delete and findAndModify', () => {
  it('deletes one or many', async () => {
    const c = coll('del');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });

  it('findOneAndUpdate returns before/after docs, honours sort and projection, and upserts', async () => {
    const c = coll('fam');
    await c.insertMany([
      { q: 1, n: 1 },
      { q: 2, n: 1 },
    ]);
    const before = await c.findOneAndUpdate(
      { n: 1 },
      { $inc: { n: 1 } },
      { sort: { q: -1 }, returnDocument: 'before' },
    );
    expect(before).toMatchObject({ q: 2, n: 1 });
    const after = await c.findOneAndUpdate(
      { q: 1 },
      { $set: { x: true } },
      { returnDocument: 'after', projection: { _id: 0, x: 1 } },
    );
    expect(after).toEqual({ x: true });
    const up = await c.findOneAndUpdate(
      { q: 9 },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(up.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(up.value).toMatchObject({ q: 9, n: 0 });
    expect(await c.findOneAndUpdate({ q: 404 }, { $set: { n: 0 } })).toBeNull();
  });

  it('findOneAndReplace and findOneAndDelete', async () => {
    const c = coll('fam2');
    await c.insertMany([{ q: 1 }, { q: 2 }]);
    expect(
      await c.findOneAndReplace({ q: 1 }, { q: 10 }, { returnDocument: 'after', projection: { _id: 0 } }),
    ).toEqual({ q: 10 });
    expect(await c.findOneAndDelete({}, { sort: { q: -1 }, projection: { _id: 0 } })).toEqual({ q: 10 });
    expect(await c.countDocuments()).toBe(1);
  });
});
