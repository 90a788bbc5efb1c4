import type { Document } from 'bson';
import { compareValues, isNumeric, typeOrder, type StringCompare } from './compare';
import { bsonTypeOf, getPathValues, isOperatorObject, isPlainObject } from './values';

/**
 * Comparison query operators with MongoDB's semantics where mingo's differ: numbers of every BSON
 * type (int, long, double, Decimal128) compare by value with each other, and strings follow the
 * query's collation (strength 1 and 2 ignore case, 1 also accents). Registered under their own
 * names because mingo never lets a custom operator shadow a built-in; `rewriteComparisons` puts
 * them in a filter only where they are needed.
 */
type Predicate = (doc: unknown) => boolean;
type Options = { collation?: unknown } | undefined;

const collators = new Map<string, StringCompare>();

/** A string comparison for a collation document (`undefined` for the simple, binary one). */
export function collationCompare(collation: unknown): StringCompare | undefined {
  if (!collation || typeof collation !== 'object') return undefined;
  const spec = collation as {
    locale?: string;
    strength?: number;
    caseLevel?: boolean;
    numericOrdering?: boolean;
  };
  if (!spec.locale || spec.locale === 'simple') return undefined;
  const key = JSON.stringify(spec);
  let cmp = collators.get(key);
  if (!cmp) {
    const strength = spec.strength ?? 3;
    const sensitivity =
      strength === 1
        ? spec.caseLevel
          ? 'case'
          : 'base'
        : strength === 2
          ? spec.caseLevel
            ? 'variant'
            : 'accent'
          : 'variant';
    const collator = new Intl.Collator(spec.locale, { sensitivity, numeric: !!spec.numericOrdering });
    cmp = (a, b) => collator.compare(a, b);
    collators.set(key, cmp);
  }
  return cmp;
}

function valuesAt(doc: unknown, selector: string): unknown[] {
  return getPathValues(doc, selector);
}

function sameBracket(a: unknown, b: unknown): boolean {
  return typeOrder(a) === typeOrder(b);
}

function equalTo(operand: unknown, strings?: StringCompare): (v: unknown) => boolean {
  return (v) => sameBracket(v, operand) && compareValues(v, operand, strings) === 0;
}

/** True when the value, or (for arrays) the array itself or one of its elements, satisfies `test`. */
function anyValue(doc: unknown, selector: string, test: (v: unknown) => boolean): boolean {
  for (const v of valuesAt(doc, selector)) {
    if (test(v)) return true;
    if (Array.isArray(v)) for (const item of v) if (test(item)) return true;
  }
  return false;
}

function ordering(check: (c: number) => boolean) {
  return (selector: string, operand: unknown, options: Options): Predicate => {
    const strings = collationCompare(options?.collation);
    const test = (v: unknown) => sameBracket(v, operand) && check(compareValues(v, operand, strings));
    return (doc) => anyValue(doc, selector, test);
  };
}

export const comparisonOperators = {
  $cmpEq: (selector: string, operand: unknown, options: Options): Predicate => {
    const test = equalTo(operand, collationCompare(options?.collation));
    return (doc) => anyValue(doc, selector, test);
  },
  $cmpNe: (selector: string, operand: unknown, options: Options): Predicate => {
    const test = equalTo(operand, collationCompare(options?.collation));
    return (doc) => !anyValue(doc, selector, test);
  },
  $cmpGt: ordering((c) => c > 0),
  $cmpGte: ordering((c) => c >= 0),
  $cmpLt: ordering((c) => c < 0),
  $cmpLte: ordering((c) => c <= 0),
  $cmpIn: (selector: string, operand: unknown, options: Options): Predicate => {
    const strings = collationCompare(options?.collation);
    const tests = (operand as unknown[]).map((o) => equalTo(o, strings));
    return (doc) => anyValue(doc, selector, (v) => tests.some((t) => t(v)));
  },
  /**
   * `$in` over strings and booleans only, without a collation: one Set look-up per value instead of
   * mingo's two hash maps built for every document tested (measured: the largest cost of a
   * `status: {$in: [...]}` scan). Never given null (a missing field inside an array of documents
   * matches null in MongoDB, which the values' walk cannot see): mingo keeps those.
   */
  $cmpInSet: (selector: string, operand: unknown): Predicate => {
    const set = new Set(operand as unknown[]);
    return (doc) =>
      anyValue(doc, selector, (v) => (typeof v === 'string' || typeof v === 'boolean') && set.has(v));
  },
  $cmpNin: (selector: string, operand: unknown, options: Options): Predicate => {
    const strings = collationCompare(options?.collation);
    const tests = (operand as unknown[]).map((o) => equalTo(o, strings));
    return (doc) => !anyValue(doc, selector, (v) => tests.some((t) => t(v)));
  },
};

const RENAMED: Record<string, string> = {
  $eq: '$cmpEq',
  $ne: '$cmpNe',
  $gt: '$cmpGt',
  $gte: '$cmpGte',
  $lt: '$cmpLt',
  $lte: '$cmpLte',
  $in: '$cmpIn',
  $nin: '$cmpNin',
};

export interface RewriteNeeds {
  /** The collection holds Decimal128/Long values: every numeric comparison must be exact across types. */
  numbers: boolean;
  /** A non-simple collation: string comparisons follow it. */
  strings: boolean;
  /**
   * `$in` over strings as a Set (`$cmpInSet`): aggregation `$match` only, where mingo runs with our
   * operators anyway; a find would pay for merging mingo's operator tables on every query.
   */
  sets?: boolean;
}

/** Whether one operand needs our operators under these needs. */
function needsOwn(operand: unknown, needs: RewriteNeeds): boolean {
  if (Array.isArray(operand)) {
    if (
      operand.some(
        (o) =>
          o === null ||
          o instanceof RegExp ||
          bsonTypeOf(o) === 'BSONRegExp' ||
          isPlainObject(o) ||
          Array.isArray(o),
      )
    )
      return false;
    return operand.some((o) => needsOwn(o, needs));
  }
  if (typeof operand === 'string') return needs.strings;
  if (isNumeric(operand)) return needs.numbers || typeof operand !== 'number';
  return false;
}

/** A non-empty list of strings and booleans (no null, numbers, patterns or documents). */
function isStringSet(operand: unknown): boolean {
  return (
    Array.isArray(operand) &&
    operand.length > 0 &&
    operand.every((o) => typeof o === 'string' || typeof o === 'boolean')
  );
}

/**
 * Replaces comparison operators whose operands need MongoDB's numeric or collation semantics with
 * ours, throughout a filter (`$and`/`$or`/`$nor`, `$not`, `$elemMatch`). Answers the filter unchanged
 * (same object) when nothing needed it.
 */
export function rewriteComparisons(filter: Document, needs: RewriteNeeds): Document {
  let changed = false;
  const walkFilter = (f: Document): Document => {
    const out: Document = {};
    for (const [key, value] of Object.entries(f)) {
      if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
        out[key] = value.map((sub) => (isPlainObject(sub) ? walkFilter(sub) : sub));
      } else if (key.startsWith('$')) {
        out[key] = value;
      } else if (isOperatorObject(value)) {
        out[key] = walkOperators(value);
      } else if (!isPlainObject(value) && !Array.isArray(value) && needsOwn(value, needs)) {
        out[key] = { $cmpEq: value };
        changed = true;
      } else out[key] = value;
    }
    return out;
  };
  const walkOperators = (ops: Document): Document => {
    const out: Document = {};
    for (const [op, operand] of Object.entries(ops)) {
      if (op === '$not' && isOperatorObject(operand)) out.$not = walkOperators(operand);
      else if (op === '$elemMatch' && isPlainObject(operand))
        out.$elemMatch = isOperatorObject(operand) ? walkOperators(operand) : walkFilter(operand);
      else if (
        RENAMED[op] &&
        needsOwn(operand, needs) &&
        (op === '$in' || op === '$nin' ? Array.isArray(operand) : !Array.isArray(operand))
      ) {
        out[RENAMED[op]] = operand;
        changed = true;
      } else if (op === '$in' && needs.sets && !needs.strings && isStringSet(operand)) {
        out.$cmpInSet = operand;
        changed = true;
      } else out[op] = operand;
    }
    return out;
  };
  const rewritten = walkFilter(filter);
  return changed ? rewritten : filter;
}
