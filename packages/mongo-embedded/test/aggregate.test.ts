import { startTarget, type TestTarget } from './helpers/target';

let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('agg');
  await t.db.collection('orders').insertMany([
    { _id: 1, customer: 'ann', status: 'paid', total: 30, items: ['pen', 'ink'] },
    { _id: 2, customer: 'bob', status: 'paid', total: 20, items: ['pad'] },
    { _id: 3, customer: 'ann', status: 'open', total: 5, items: [] },
    { _id: 4, customer: 'cid', status: 'paid', total: 50, items: ['pen'] },
  ] as never);
  await t.db.collection('customers').insertMany([
    { _id: 'ann', name: 'Ann' },
    { _id: 'bob', name: 'Bob' },
  ] as never);
});
afterAll(async () => {
  await t.stop();
});

const orders = () => t.db.collection('orders');

it('$match $group $sort', async () => {
  const res = await orders()
    .aggregate([
      { $match: { status: 'paid' } },
      { $group: { _id: '$customer', sum: { $sum: '$total' }, n: { $sum: 1 } } },
      { $sort: { sum: -1 } },
    ])
    .toArray();
  expect(res).toEqual([
    { _id: 'cid', sum: 50, n: 1 },
    { _id: 'ann', sum: 30, n: 1 },
    { _id: 'bob', sum: 20, n: 1 },
  ]);
});

it('$skip $limit $project $addFields', async () => {
  const res = await orders()
    .aggregate([
      { $sort: { _id: 1 } },
      { $skip: 1 },
      { $limit: 2 },
      { $addFields: { double: { $multiply: ['$total', 2] } } },
      { $project: { _id: 1, double: 1 } },
    ])
    .toArray();
  expect(res).toEqual([
    { _id: 2, double: 40 },
    { _id: 3, double: 10 },
  ]);
});

it('$unwind and $count', async () => {
  const res = await orders()
    .aggregate([{ $unwind: '$items' }, { $match: { items: 'pen' } }, { $count: 'pens' }])
    .toArray();
  expect(res).toEqual([{ pens: 2 }]);
});

it('$lookup joins another collection of the same database', async () => {
  const res = await orders()
    .aggregate([
      { $match: { _id: { $in: [1, 4] } } },
      { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
      { $project: { who: '$who.name' } },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  expect(res).toEqual([
    { _id: 1, who: ['Ann'] },
    { _id: 4, who: [] },
  ]);
});

it('$facet runs sub-pipelines over the same input', async () => {
  const [res] = await orders()
    .aggregate([
      {
        $facet: {
          total: [{ $count: 'n' }],
          open: [{ $match: { status: 'open' } }, { $project: { _id: 1 } }],
        },
      },
    ])
    .toArray();
  expect(res).toEqual({ total: [{ n: 4 }], open: [{ _id: 3 }] });
});

it('$facet of groups reads the documents as they are; a facet that reshapes them leaves them stored as they were', async () => {
  const [groups] = await orders()
    .aggregate([
      { $match: { status: 'paid' } },
      {
        $facet: {
          byCustomer: [{ $group: { _id: '$customer', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          items: [{ $group: { _id: null, n: { $sum: { $size: '$items' } } } }],
        },
      },
    ])
    .toArray();
  expect(groups).toEqual({
    byCustomer: [
      { _id: 'ann', n: 1 },
      { _id: 'bob', n: 1 },
      { _id: 'cid', n: 1 },
    ],
    items: [{ _id: null, n: 4 }],
  });
  await orders()
    .aggregate([{ $facet: { changed: [{ $set: { total: 0 } }, { $unwind: '$items' }] } }])
    .toArray();
  expect(await orders().findOne({ _id: 1 } as never)).toMatchObject({ total: 30, items: ['pen', 'ink'] });
});

it('countDocuments (the aggregate the driver sends) with filter, skip and limit', async () => {
  expect(await orders().countDocuments({ status: 'paid' })).toBe(3);
  expect(await orders().countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
  expect(await t.db.collection('missing').countDocuments()).toBe(0);
});

it('does not change stored documents when stages reshape them', async () => {
  await orders()
    .aggregate([{ $set: { total: 0, items: 'gone' } }, { $unwind: '$items' }])
    .toArray();
  expect(await orders().findOne({ _id: 1 } as never)).toMatchObject({ total: 30, items: ['pen', 'ink'] });
});

it('serves large aggregation results through getMore', async () => {
  const big = t.db.collection('big');
  await big.insertMany(Array.from({ length: 300 }, (_, i) => ({ i })));
  const res = await big.aggregate([{ $sort: { i: -1 } }], { batchSize: 50 }).toArray();
  expect(res).toHaveLength(300);
  expect(res[0].i).toBe(299);
});

it('stages that change documents after a $group or a leading $project never change the stored ones', async () => {
  const c = t.db.collection('agg_copies');
  await c.insertMany([
    { k: 'a', sub: { n: 1 }, big: { list: [1, 2, 3] }, trips: [{ at: 1 }, { at: 2 }] },
    { k: 'a', sub: { n: 2 }, big: { list: [4] }, trips: [] },
    { k: 'b', sub: { n: 3 }, big: { list: [] }, trips: [{ at: 3 }] },
  ]);
  const before = await c.find({}, { sort: { _id: 1 } }).toArray();
  // $group pushes stored sub-documents; the $set after it changes them in the groups' copies only.
  const grouped = await c
    .aggregate([
      { $match: { k: { $in: ['a', 'b'] } } },
      { $group: { _id: '$k', subs: { $push: '$sub' }, n: { $sum: 1 } } },
      { $unwind: '$subs' },
      { $set: { 'subs.n': 0 } },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  expect(grouped.map((g) => g.subs.n)).toEqual([0, 0, 0]);
  // A leading $project reads a few fields (its copy holds only those), then $addFields changes them.
  const projected = await c
    .aggregate([
      { $project: { k: 1, s: '$sub', t: { $size: { $ifNull: ['$trips', []] } } } },
      { $addFields: { 's.n': 9, k: 'z' } },
      { $sort: { t: 1 } },
    ])
    .toArray();
  expect(projected.map((p) => [p.k, p.s.n, p.t, 'big' in p])).toEqual([
    ['z', 9, 0, false],
    ['z', 9, 1, false],
    ['z', 9, 2, false],
  ]);
  expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual(before);
});
