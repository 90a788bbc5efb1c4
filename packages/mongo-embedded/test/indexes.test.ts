import fc from 'fast-check';
import { Decimal128, Long, type Collection, type Document, type Sort } from 'mongodb';
import { itEmbedded, startTarget, type TestTarget } from './helpers/target';

/**
 * Secondary indexes are used by queries (explain names them) and never change a result: every
 * query answers the same through its index as through a collection scan (`hint: {$natural: 1}`).
 */
let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('indexes');
});
afterAll(async () => {
  await t.stop();
});

async function winningIndex(
  coll: Collection,
  filter: Document,
  sort?: Document,
): Promise<string | undefined> {
  const plan = (await coll.find(filter, sort ? { sort } : {}).explain('queryPlanner')) as Document;
  const find = (stage: Document | undefined): string | undefined =>
    stage
      ? ((stage.indexName as string | undefined) ?? find(stage.inputStage as Document | undefined))
      : undefined;
  return find(plan.queryPlanner.winningPlan as Document);
}

itEmbedded(
  'explain names the index used for equality, $in, ranges, compound prefixes and sorts',
  async () => {
    const c = t.db.collection('plans');
    await c.insertMany(
      Array.from({ length: 200 }, (_, i) => ({
        status: ['open', 'done', 'late'][i % 3],
        hall: `H${i % 7}`,
        at: new Date(2026, 0, 1 + (i % 60)),
        n: i,
      })),
    );
    await c.createIndex({ status: 1, at: -1 });
    await c.createIndex({ hall: 1 });
    await c.createIndex({ n: 1 });
    expect(await winningIndex(c, { hall: 'H3' })).toBe('hall_1');
    expect(await winningIndex(c, { hall: { $in: ['H1', 'H2'] } })).toBe('hall_1');
    expect(await winningIndex(c, { n: { $gte: 10, $lt: 20 } })).toBe('n_1');
    expect(await winningIndex(c, { status: 'open', at: { $gt: new Date(2026, 0, 10) } })).toBe(
      'status_1_at_-1',
    );
    expect(await winningIndex(c, { status: 'open' }, { at: -1 })).toBe('status_1_at_-1');
    expect(await winningIndex(c, {}, { n: -1 })).toBe('n_1');
    // `at` alone is not a prefix of {status, at}: a collection scan.
    expect(await winningIndex(c, { at: new Date(2026, 0, 5) })).toBeUndefined();

    const limited = (await c
      .find({ status: 'open' })
      .sort({ at: -1 })
      .limit(3)
      .explain('executionStats')) as Document;
    expect(limited.executionStats.nReturned).toBe(3);
    expect(limited.executionStats.totalKeysExamined).toBeLessThanOrEqual(3);

    const agg = (await c
      .aggregate([{ $match: { hall: 'H2' } }, { $group: { _id: null, n: { $sum: 1 } } }])
      .explain()) as Document;
    expect(JSON.stringify(agg)).toContain('hall_1');
  },
);

itEmbedded(
  'a sparse index serves queries that need its field present, and only those (same answers as a scan)',
  async () => {
    const c = t.db.collection('sparse_plans');
    // Closed cases carry closedDate; open ones have none (the 督查 figures' period of a closed case).
    await c.insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        dept: `D${i % 5}`,
        ...(i % 3 === 0 ? {} : { closedDate: `2026-0${1 + (i % 9)}-1${i % 10}` }),
        ...(i % 10 === 0 ? { closedDate: null } : {}),
        n: i,
      })),
    );
    await c.createIndex({ closedDate: 1, dept: 1 }, { sparse: true });
    const usesIt = [
      { closedDate: { $gte: '2026-03-01', $lte: '2026-06-30' } },
      { closedDate: '2026-04-14', dept: 'D4' },
      { closedDate: { $in: ['2026-02-11', '2026-05-15'] } },
      { closedDate: { $lt: '2026-03-01' } },
      // The outbox relay's sweep: only the documents that have the field (null counts as having it).
      { closedDate: { $exists: true } },
      { closedDate: { $exists: true }, dept: 'D2' },
    ];
    const scans = [
      { closedDate: null },
      { closedDate: { $exists: false } },
      { closedDate: { $in: ['2026-02-11', null] } },
      { dept: 'D1' },
    ];
    for (const filter of usesIt) {
      expect([filter, await winningIndex(c, filter)]).toEqual([filter, 'closedDate_1_dept_1']);
    }
    for (const filter of scans) expect([filter, await winningIndex(c, filter)]).toEqual([filter, undefined]);
    for (const filter of [...usesIt, ...scans]) {
      const viaPlan = await c.find(filter).sort({ n: 1 }).toArray();
      const viaScan = await c.find(filter).hint({ $natural: 1 }).sort({ n: 1 }).toArray();
      expect(viaPlan).toEqual(viaScan);
    }
    const agg = (await c
      .aggregate([
        { $match: { closedDate: { $gte: '2026-03-01' } } },
        { $group: { _id: '$dept', n: { $sum: 1 } } },
      ])
      .explain()) as Document;
    expect(JSON.stringify(agg)).toContain('closedDate_1_dept_1');
  },
);

itEmbedded('a leading $match + $sort + $limit of a pipeline reads the index in order', async () => {
  const c = t.db.collection('plans');
  const viaIndex = await c
    .aggregate([
      { $match: { status: 'late' } },
      { $sort: { at: -1 } },
      { $limit: 5 },
      { $project: { _id: 0, n: 1 } },
    ])
    .toArray();
  const viaScan = await c
    .aggregate(
      [{ $match: { status: 'late' } }, { $sort: { at: -1 } }, { $limit: 5 }, { $project: { _id: 0, n: 1 } }],
      { hint: { $natural: 1 } },
    )
    .toArray();
  expect(viaIndex).toEqual(viaScan);
  expect(viaIndex).toHaveLength(5);
});

itEmbedded('an unknown hint is refused', async () => {
  await expect(t.db.collection('plans').find({ n: 1 }).hint('nope_1').toArray()).rejects.toMatchObject({
    code: 2,
  });
});

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.constantFrom('a', 'b', 'B', 'c', ''),
  fc.constantFrom(null, true, false),
  fc.integer({ min: 0, max: 5 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d))),
  fc.integer({ min: -5, max: 5 }).map((n) => Decimal128.fromString(`${n}.5`)),
  fc.integer({ min: -5, max: 5 }).map((n) => Long.fromNumber(n)),
  fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }),
);
const docArb = fc.record({ a: value, b: value, c: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['c'] });
const operand = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('a', 'b', 'c'),
  fc.integer({ min: 0, max: 5 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d))),
  fc.integer({ min: -5, max: 5 }).map((n) => Decimal128.fromString(`${n}`)),
);
const condition = fc.oneof(
  operand,
  fc.record({ $in: fc.array(operand, { minLength: 1, maxLength: 3 }) }),
  fc.record({ $gt: operand }),
  fc.record({ $gte: operand, $lt: operand }),
  fc.record({ $lte: operand }),
);
const filterArb = fc.record(
  { a: condition, b: condition, c: fc.integer({ min: 0, max: 3 }) },
  { requiredKeys: [] },
);
const sortArb = fc.option(
  fc.constantFrom<Document>({ a: 1 }, { a: -1 }, { a: 1, b: 1 }, { a: -1, b: -1 }, { b: 1 }, { c: 1, a: -1 }),
  { nil: undefined },
);

itEmbedded(
  'property: every query answers the same through an index as by a collection scan',
  async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { maxLength: 40 }),
        filterArb,
        sortArb,
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        async (docs, filter, sort, limit) => {
          const c = t.db.collection(`prop_${run++}`);
          await c.createIndex({ a: 1 });
          await c.createIndex({ a: 1, b: -1 });
          await c.createIndex({ c: 1, a: 1 });
          if (docs.length) await c.insertMany(docs.map((d, i) => ({ _id: i, ...d })) as never[]);
          const options = { sort: { ...(sort ?? {}), _id: 1 } as Sort, ...(limit ? { limit } : {}) };
          const indexed = await c.find(filter, options).toArray();
          const scanned = await c.find(filter, { ...options, hint: { $natural: 1 } }).toArray();
          expect(indexed).toEqual(scanned);
          const counted = await c.countDocuments(filter);
          expect(counted).toBe((await c.find(filter, { hint: { $natural: 1 } }).toArray()).length);
          await c.drop();
        },
      ),
      { numRuns: 150 },
    );
  },
  180_000,
);
