import fc from 'fast-check';
import { Query } from 'mingo';
import { rewriteComparisons } from '../src/query/comparisons';
import { compileQuery } from '../src/query/mingo-options';

/**
 * A pipeline's `$match` tests `$in` over strings and booleans with a Set (`$cmpInSet`,
 * comparisons.ts). It must match exactly the documents mingo's `$in` matches, for values of every
 * kind: missing, null, numbers, arrays, arrays of documents, nested paths.
 */
const scalar = fc.oneof(
  fc.constantFrom('a', 'b', 'B', '', 'true'),
  fc.boolean(),
  fc.constantFrom(0, 1, null),
  fc.constant(new Date(0)),
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ k: scalar }, { requiredKeys: [], noNullPrototype: true }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ k: scalar }, { requiredKeys: [], noNullPrototype: true }), {
      maxLength: 3,
    }),
  },
);
const doc = fc.record({ a: value }, { requiredKeys: [], noNullPrototype: true });
const list = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'B', '', 'true', 'k'), fc.boolean()), {
  minLength: 1,
  maxLength: 4,
});

it('matches what mingo $in matches', () => {
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 20 }), list, fc.constantFrom('a', 'a.k'), (docs, values, path) => {
      const filter = { [path]: { $in: values } };
      const ours = compileQuery(filter, undefined, false, undefined, true);
      const theirs = new Query(filter);
      for (const d of docs) expect(ours.test(d)).toBe(theirs.test(d));
    }),
    { numRuns: 2000 },
  );
});

it('is used by a pipeline match only, and never for a list with null or numbers', () => {
  const rewrite = (filter: object, sets: boolean) =>
    JSON.stringify(rewriteComparisons(filter, { numbers: false, strings: false, sets }));
  expect(rewrite({ s: { $in: ['a', 'b'] } }, true)).toContain('$cmpInSet');
  expect(rewrite({ s: { $in: ['a', 'b'] } }, false)).not.toContain('$cmpInSet');
  expect(rewrite({ s: { $in: ['a', null] } }, true)).not.toContain('$cmpInSet');
  expect(rewrite({ s: { $in: ['a', 1] } }, true)).not.toContain('$cmpInSet');
  expect(
    JSON.stringify(rewriteComparisons({ s: { $in: ['a'] } }, { numbers: false, strings: true, sets: true })),
  ).not.toContain('$cmpInSet');
});
