import fc from 'fast-check';
import { Query } from 'mingo';
import { ObjectId } from 'bson';
import { mingoOptions } from '../src/query/mingo-options';
import { compileInclusion } from '../src/query/projection';
import { withIdFirst } from '../src/query/values';

/**
 * The fast inclusion projection (projection.ts) answers what mingo's projection answered for the
 * projections it takes, on documents of every shape: missing fields, nulls, sub-documents, arrays of
 * documents and of scalars, nested paths; and leaves every other projection to mingo.
 */
const scalar = fc.oneof(
  fc.constantFrom('x', '', 0, 1, null, true),
  fc.constant(new Date(0)),
  fc.constant(new ObjectId('0123456789abcdef01234567')),
);
const leaf = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }));
const sub = fc.record({ b: leaf, c: leaf }, { requiredKeys: [], noNullPrototype: true });
const value = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 2, arbitrary: sub },
  { weight: 2, arbitrary: fc.array(fc.oneof(sub, scalar), { maxLength: 3 }) },
);
const doc = fc.record(
  { _id: fc.constantFrom(1, 'k'), a: value, d: value, e: scalar },
  { requiredKeys: ['_id'], noNullPrototype: true },
);
const projection = fc
  .uniqueArray(fc.constantFrom('a', 'a.b', 'a.c', 'd', 'd.b', 'e', 'zz', 'a.b.q'), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((paths) =>
    fc.record({
      paths: fc.constant(paths),
      id: fc.constantFrom(undefined, 0, 1, true, false),
      on: fc.constantFrom(1, true),
    }),
  );

const mingo = (docs: object[], p: object) =>
  new Query({}, mingoOptions())
    .find(docs, p)
    .all()
    .map((d) => withIdFirst(d as never));

it('answers what mingo answers', () => {
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 8 }), projection, (docs, { paths, id, on }) => {
      const p: Record<string, unknown> = Object.fromEntries(paths.map((path) => [path, on]));
      if (id !== undefined) p._id = id;
      const fast = compileInclusion(p);
      if (!fast) return; // a path and its parent: mingo's
      expect(docs.map(fast)).toEqual(mingo(docs, p));
    }),
    { numRuns: 3000 },
  );
});

it('leaves exclusions, operators and colliding paths to mingo', () => {
  expect(compileInclusion({ a: 0 })).toBeUndefined();
  expect(compileInclusion({ a: { $slice: 1 } })).toBeUndefined();
  expect(compileInclusion({ 'a.$': 1 })).toBeUndefined();
  expect(compileInclusion({ a: 1, 'a.b': 1 })).toBeUndefined();
  expect(compileInclusion({ a: '$b' })).toBeUndefined();
  expect(compileInclusion({ _id: 0 })).toBeUndefined();
  expect(compileInclusion({ a: 1, _id: 0 })).toBeDefined();
});

it('keeps the document order with _id first, as mongod', () => {
  const fast = compileInclusion({ c: 1, a: 1 })!;
  expect(Object.keys(fast({ a: 1, b: 2, c: 3, _id: 9 }))).toEqual(['_id', 'a', 'c']);
});
