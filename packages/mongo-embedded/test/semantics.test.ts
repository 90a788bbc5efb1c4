import { Decimal128, Long } from 'mongodb';
import { rawCommand, startTarget, type TestTarget } from './helpers/target';

/**
 * Right answers where the engine used to give wrong ones, and errors that name what is missing
 * instead of results that differ from MongoDB's. Written against MongoDB 7.0 behaviour: they also
 * pass on a real mongod (MONGODB_URI), except where marked.
 */
let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('semantics');
});
afterAll(async () => {
  await t.stop();
});

describe('numbers of every BSON type compare by value', () => {
  beforeAll(async () => {
    await t.db.collection('fees').insertMany([
      { _id: 1 as never, fee: Decimal128.fromString('26.00') },
      { _id: 2 as never, fee: 3 },
      { _id: 3 as never, fee: 12.5 },
      { _id: 4 as never, fee: Decimal128.fromString('4.99') },
      { _id: 5 as never, fee: Long.fromNumber(7) },
    ]);
  });

  it('in range and equality queries', async () => {
    const c = t.db.collection('fees');
    const ids = async (filter: object) => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ fee: { $gt: 5 } })).toEqual([1, 3, 5]);
    expect(await ids({ fee: 26 })).toEqual([1]);
    expect(await ids({ fee: { $lte: Decimal128.fromString('4.99') } })).toEqual([2, 4]);
    expect(await ids({ fee: { $in: [7, 12.5] } })).toEqual([3, 5]);
  });

  it('in sorts, with and without an index', async () => {
    const c = t.db.collection('fees');
    const order = async (hint?: object) =>
      (await c.find({}, { sort: { fee: 1 }, ...(hint ? { hint } : {}) }).toArray()).map((d) => d._id);
    expect(await order()).toEqual([2, 4, 5, 3, 1]);
    await c.createIndex({ fee: 1 });
    expect(await order({ fee: 1 })).toEqual([2, 4, 5, 3, 1]);
    expect((await c.aggregate([{ $sort: { fee: -1 } }]).toArray()).map((d) => d._id)).toEqual([
      1, 3, 5, 4, 2,
    ]);
  });
});

describe('collation', () => {
  beforeAll(async () => {
    await t.db.collection('words').insertMany([{ x: 'ping' }, { x: 'PING' }, { x: 'Pïng' }, { x: 'pong' }]);
  });

  it('is used when matching (strength 2: case-insensitive; strength 1: also accents)', async () => {
    const c = t.db.collection('words');
    const found = async (strength: number) =>
      (await c.find({ x: 'PING' }, { collation: { locale: 'en', strength } }).toArray())
        .map((d) => d.x)
        .sort();
    expect(await found(2)).toEqual(['PING', 'ping']);
    expect(await found(1)).toEqual(['PING', 'Pïng', 'ping']);
    expect(
      await c.countDocuments({ x: { $in: ['ping'] } }, { collation: { locale: 'en', strength: 2 } }),
    ).toBe(2);
  });

  it('is used by distinct', async () => {
    const values = await t.db
      .collection('words')
      .distinct('x', {}, { collation: { locale: 'en', strength: 2 } });
    expect(values).toHaveLength(3);
  });
});

describe('updates and pipelines', () => {
  it('a pipeline update with $replaceRoot / $replaceWith keeps the original _id', async () => {
    const c = t.db.collection('roots');
    await c.insertOne({ _id: 'r1' as never, inner: { a: 1 } });
    await c.updateOne({ _id: 'r1' as never }, [{ $replaceRoot: { newRoot: '$inner' } }]);
    expect(await c.findOne({ _id: 'r1' as never })).toEqual({ _id: 'r1', a: 1 });
    await c.updateOne({ _id: 'r1' as never }, [{ $replaceWith: { b: 2 } }]);
    expect(await c.findOne({ _id: 'r1' as never })).toEqual({ _id: 'r1', b: 2 });
  });

  it('$out replaces a collection with the results; $merge upserts into one', async () => {
    const src = t.db.collection('visits');
    await src.insertMany([
      { hall: 'A', n: 2 },
      { hall: 'B', n: 3 },
      { hall: 'A', n: 5 },
    ]);
    await src
      .aggregate([{ $group: { _id: '$hall', total: { $sum: '$n' } } }, { $out: 'visit_totals' }])
      .toArray();
    const totals = await t.db.collection('visit_totals').find().sort({ _id: 1 }).toArray();
    expect(totals).toEqual([
      { _id: 'A', total: 7 },
      { _id: 'B', total: 3 },
    ]);
    await t.db.collection('visits_more').insertMany([
      { hall: 'B', n: 10 },
      { hall: 'C', n: 1 },
    ]);
    await t.db
      .collection('visits_more')
      .aggregate([
        { $group: { _id: '$hall', total: { $sum: '$n' } } },
        { $merge: { into: 'visit_totals', whenMatched: 'replace', whenNotMatched: 'insert' } },
      ])
      .toArray();
    expect(await t.db.collection('visit_totals').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'A', total: 7 },
      { _id: 'B', total: 10 },
      { _id: 'C', total: 1 },
    ]);
  });

  it('command-level let reaches $expr in find, aggregate and update', async () => {
    const c = t.db.collection('lets');
    await c.insertMany([
      { _id: 1 as never, n: 1 },
      { _id: 2 as never, n: 2 },
    ]);
    expect(await c.find({ $expr: { $eq: ['$n', '$$want'] } }, { let: { want: 2 } }).toArray()).toEqual([
      { _id: 2, n: 2 },
    ]);
    expect(
      await c
        .aggregate([{ $match: { $expr: { $gt: ['$n', '$$min'] } } }, { $project: { _id: 1 } }], {
          let: { min: 1 },
        })
        .toArray(),
    ).toEqual([{ _id: 2 }]);
    await c.updateOne({ $expr: { $eq: ['$n', '$$which'] } }, [{ $set: { tag: '$$label' } }], {
      let: { which: 1, label: 'first' },
    });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, n: 1, tag: 'first' });
  });
});

describe('clear refusals instead of different results', () => {
  it('unknown command fields are refused, naming the field', async () => {
    const reply = await rawCommand(t.db, { find: 'fees', filter: {}, bogusOption: 1 });
    expect(reply).toMatchObject({
      ok: 0,
      code: 40415,
      errmsg: "BSON field 'find.bogusOption' is an unknown field.",
    });
    const update = await rawCommand(t.db, {
      update: 'fees',
      updates: [{ q: {}, u: { $set: { a: 1 } }, mult: true }],
    });
    expect(update).toMatchObject({ ok: 0, code: 40415 });
  });

  it('what the driver and mongoose send is accepted', async () => {
    const c = t.db.collection('fees');
    await c
      .find(
        {},
        { comment: 'x', maxTimeMS: 1000, batchSize: 2, allowDiskUse: true, readConcern: { level: 'local' } },
      )
      .toArray();
    await c.insertOne({ z: 1 }, { writeConcern: { w: 1, j: true }, comment: 'ok' });
    await c.countDocuments({}, { maxTimeMS: 1000 });
  });
});

describe('features this engine refuses (embedded only: a real mongod has them)', () => {
  if (process.env.MONGODB_URI) return;
  it('views are refused, not created as empty collections', async () => {
    await expect(t.db.createCollection('v', { viewOn: 'fees', pipeline: [] })).rejects.toMatchObject({
      message: expect.stringMatching(/views .* not supported/),
    });
    expect((await t.db.listCollections({ name: 'v' }).toArray()).length).toBe(0);
  });

  it('arithmetic over Decimal128 values in aggregation is refused (counting is fine)', async () => {
    const c = t.db.collection('fees');
    await expect(
      c.aggregate([{ $group: { _id: null, s: { $sum: '$fee' } } }]).toArray(),
    ).rejects.toMatchObject({
      codeName: 'NotImplemented',
      message: expect.stringContaining('$sum over Decimal128'),
    });
    expect(await c.countDocuments({ fee: { $gt: 0 } })).toBe(5);
  });

  it('find options with no implementation here are refused by name', async () => {
    const reply = await rawCommand(t.db, { find: 'fees', filter: {}, returnKey: true });
    expect(reply).toMatchObject({
      ok: 0,
      codeName: 'NotImplemented',
      errmsg: expect.stringContaining("'returnKey'"),
    });
  });
});
