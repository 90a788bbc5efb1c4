import fc from 'fast-check';
import { Decimal128, ObjectId, type Document } from 'bson';
import { Aggregator } from 'mingo';
import { mingoOptions, rewritePipeline } from '../src/query/mingo-options';
import { groupKey } from '../src/query/group';

/**
 * Our `$group` (src/query/group.ts, compiled expressions in expressions.ts) must answer exactly what
 * mingo's `$group` answers — same groups, same order, same values — for any documents and any of the
 * expression shapes the BFF's figures use, including missing fields, nulls, wrong types, arrays,
 * dates and BSON numbers (which fall back to mingo).
 */
const theirs = (docs: Document[], spec: Document) =>
  new Aggregator([{ $group: spec }], mingoOptions()).run<Document>(docs);
const ours = (docs: Document[], spec: Document) =>
  new Aggregator(rewritePipeline([{ $group: spec }]), mingoOptions()).run<Document>(docs);

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, 1.5, -2.5, 2.25, Number.NaN),
  fc.constantFrom('a', 'b', '', '2026-01-02', '2026-01-03'),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(new Date(Date.UTC(2026, 0, 2, 3)), new Date(Date.UTC(2026, 0, 2, 15, 30))),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ kind: scalar }, { requiredKeys: [], noNullPrototype: true }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ kind: scalar }, { noNullPrototype: true }), { maxLength: 2 }),
  },
);
const doc = fc.record(
  { a: value, b: value, c: value, d: value },
  { requiredKeys: [], noNullPrototype: true },
);

const field = fc.constantFrom('$a', '$b', '$c', '$d', '$a.kind', '$missing');
const operand = fc.oneof(
  field,
  scalar.filter((v) => typeof v !== 'string'),
  fc.constantFrom('x', 'a'),
);
const expression = fc.oneof(
  field,
  fc.record({ $ifNull: fc.tuple(field, operand) }),
  fc.record({ $size: fc.oneof(field, fc.record({ $ifNull: fc.tuple(field, fc.constant([])) })) }),
  fc.record({ $eq: fc.tuple(field, operand) }),
  fc.record({ $ne: fc.tuple(fc.record({ $ifNull: fc.tuple(field, fc.constant(null)) }), fc.constant(null)) }),
  fc.record({ $lte: fc.tuple(field, operand) }),
  fc.record({ $gt: fc.tuple(field, operand) }),
  fc.record({ $in: fc.tuple(field, fc.oneof(field, fc.constant(['a', 1, null]))) }),
  fc.record({
    $cond: fc.tuple(fc.record({ $lt: fc.tuple(field, operand) }), fc.constant(1), fc.constant(0)),
  }),
  fc.record({ $and: fc.array(field, { maxLength: 3 }) }),
  fc.record({ $or: fc.array(field, { maxLength: 3 }) }),
  fc.record({ $not: fc.tuple(field) }),
  fc.record({ $add: fc.tuple(field, operand) }),
  fc.record({ $subtract: fc.tuple(field, operand) }),
  fc.record({ $divide: fc.tuple(field, operand) }),
  fc.record({ $round: fc.tuple(field, fc.constant(0)) }),
  fc.record({ $hour: fc.record({ $add: fc.tuple(field, fc.constant(8 * 3_600_000)) }) }),
);
const groupId = fc.oneof(
  expression,
  fc.constant(null),
  fc.dictionary(fc.constantFrom('k', 'x', 'y'), expression, { minKeys: 1, maxKeys: 3 }),
);
const accumulator = fc.oneof(
  fc.constant({ $sum: 1 }),
  fc.record({ $sum: expression }),
  fc.constant({ $count: {} }),
  fc.record({ $push: field }),
  fc.record({ $max: field }),
  fc.record({ $first: field }),
);

/** Throws the same way, or answers the same rows. */
function outcome(run: () => Document[]): { rows?: Document[]; error?: boolean } {
  try {
    return { rows: run() };
  } catch {
    return { error: true };
  }
}

it('answers what mingo answers, for random documents and group specifications', () => {
  fc.assert(
    fc.property(
      fc.array(doc, { maxLength: 30 }),
      groupId,
      fc.dictionary(fc.constantFrom('n', 's', 'm'), accumulator, { maxKeys: 3 }),
      (docs, id, accumulators) => {
        const spec = { _id: id, ...accumulators };
        const expected = outcome(() => theirs(docs, spec));
        const actual = outcome(() => ours(docs, spec));
        expect(actual.error).toBe(expected.error);
        if (expected.rows) expect(actual.rows).toEqual(expected.rows);
      },
    ),
    { numRuns: 3000 },
  );
});

it('keys groups by MongoDB equality: numbers by value, documents by fields in order, missing apart from null', () => {
  expect(groupKey(1)).toBe(groupKey(1.0));
  expect(groupKey(Decimal128.fromString('1.0'))).toBe(groupKey(1));
  expect(groupKey({ a: 1, b: 2 })).not.toBe(groupKey({ b: 2, a: 1 }));
  expect(groupKey({ a: undefined })).not.toBe(groupKey({ a: null }));
  expect(groupKey('n:1')).not.toBe(groupKey(1));
  expect(groupKey(['a', 'b'])).not.toBe(groupKey(['a,b']));
  const id = new ObjectId();
  expect(groupKey({ id })).toBe(groupKey({ id: new ObjectId(id.toHexString()) }));
  expect(groupKey(new Date(5))).toBe(groupKey(new Date(5)));
});

it('groups 10,000 documents by a compiled key, with sums, like mingo', () => {
  const docs = Array.from({ length: 10_000 }, (_, i) => ({
    department: `D${i % 7}`,
    closedDate: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
    dueDate: `2026-03-${String(((i * 7) % 28) + 1).padStart(2, '0')}`,
    trips: Array.from({ length: i % 4 }, () => ({ at: new Date(i) })),
  }));
  const spec = {
    _id: { k: '$department', t: { $size: { $ifNull: ['$trips', []] } } },
    n: { $sum: 1 },
    onTime: { $sum: { $cond: [{ $lte: ['$closedDate', '$dueDate'] }, 1, 0] } },
  };
  expect(ours(docs, spec)).toEqual(theirs(docs, spec));
  expect(ours(docs, spec)).toHaveLength(28);
});

it('runs the groups inside $facet the same way (one pass over the matched documents, several small groups)', () => {
  const docs = Array.from({ length: 2_000 }, (_, i) => ({
    itemCode: `I${i % 13}`,
    hallCode: `H${i % 3}`,
    checkedInAt: new Date(Date.UTC(2026, 2, 1, i % 9, i % 60)),
    calledAt: new Date(Date.UTC(2026, 2, 1, i % 9, (i % 60) + (i % 17))),
  }));
  const minutes = { $round: [{ $divide: [{ $subtract: ['$calledAt', '$checkedInAt'] }, 60_000] }, 0] };
  const facet = {
    $facet: {
      byItem: [{ $group: { _id: { i: '$itemCode', w: minutes }, n: { $sum: 1 } } }],
      byHour: [{ $group: { _id: { hr: { $hour: '$checkedInAt' }, w: minutes }, n: { $sum: 1 } } }],
    },
  };
  const mine = new Aggregator(rewritePipeline([facet]), mingoOptions()).run<Document>(docs);
  const mingos = new Aggregator([facet], mingoOptions()).run<Document>(docs);
  expect(mine).toEqual(mingos);
  expect((mine[0]!.byItem as Document[]).length).toBe(13 * 17);
});

it('keys a literal document _id from its fields the same way as the built document', () => {
  const docs = [{ a: 1, b: 'x' }, { a: 1.0, b: 'x' }, { a: 1 }, { a: 1, b: null }, { b: 'x', a: 1 }];
  const out = ours(docs, { _id: { a: '$a', b: '$b' }, n: { $sum: 1 } });
  expect(out).toEqual(theirs(docs, { _id: { a: '$a', b: '$b' }, n: { $sum: 1 } }));
  expect(out.map((g) => g.n)).toEqual([3, 1, 1]);
});

it('gives a facet of groups the documents as they are, and a facet that changes them copies', () => {
  let reads = 0;
  const docs = Array.from({ length: 50 }, (_, i) => {
    const doc: Document = { k: i % 5 };
    // Read only by a copy: the groups below read `k` alone.
    Object.defineProperty(doc, 'untouched', { enumerable: true, get: () => ++reads });
    return doc;
  });
  const run = (facet: Document) =>
    new Aggregator(rewritePipeline([{ $facet: facet }]), mingoOptions()).run<Document>(docs);
  const [out] = run({
    a: [{ $group: { _id: '$k', n: { $sum: 1 } } }],
    b: [{ $match: { k: 1 } }, { $count: 'n' }],
  });
  expect(out!.a).toHaveLength(5);
  expect(out!.b).toEqual([{ n: 10 }]);
  expect(reads).toBe(0);
  run({ c: [{ $set: { k: 0 } }] });
  expect(reads).toBe(50);
});
