import { bsonTypeOf, getPathValues, isPlainObject } from './values';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Numeric aliases accepted by `$type` (BSON type numbers). */
const TYPE_NUMBERS: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const BSON_CLASS_TYPES: Record<string, string> = {
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Decimal128: 'decimal',
  Long: 'long',
  Int32: 'int',
  Double: 'double',
  Binary: 'binData',
  Timestamp: 'timestamp',
  Code: 'javascript',
  BSONSymbol: 'symbol',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONRegExp: 'regex',
};

/**
 * The BSON type name MongoDB would report for a decoded value. Numbers lose their
 * int/double distinction when decoded, so integral values report "int" (or "long" when too big).
 */
export function bsonTypeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    return value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long';
  }
  if (typeof value === 'bigint') return 'long';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  const bsonType = bsonTypeOf(value);
  if (bsonType) return BSON_CLASS_TYPES[bsonType] ?? bsonType;
  return isPlainObject(value) || typeof value === 'object' ? 'object' : 'unknown';
}

function typeMatches(value: unknown, wanted: unknown): boolean {
  const name = typeof wanted === 'number' ? TYPE_NUMBERS[wanted] : String(wanted);
  const actual = bsonTypeName(value);
  if (name === 'number') return ['double', 'int', 'long', 'decimal'].includes(actual);
  if (name === 'double') return actual === 'double' || actual === 'int'; // decoded doubles may be integral
  return actual === name;
}

/**
 * Replacement for mingo's `$type` query operator, which does not know BSON classes
 * (`{$type: 'objectId'}` never matched). Arrays match 'array' or any element's type, like mongod.
 * Registered as `$bsonType` because mingo's context merge never lets a custom op shadow a built-in.
 */
export function $bsonType(selector: string, wanted: unknown): (doc: unknown) => boolean {
  const wantedList = Array.isArray(wanted) ? wanted : [wanted];
  const matches = (v: unknown) => wantedList.some((w) => typeMatches(v, w));
  return (doc) =>
    getPathValues(doc, selector).some(
      (v) => matches(v) || (Array.isArray(v) && v.some((item) => matches(item))),
    );
}

/** Query keys whose values are aggregation expressions or code, where `$type` is the expression operator. */
const EXPRESSION_KEYS = new Set(['$expr', '$where', '$function', '$jsonSchema']);

/** Rewrites query-operator `$type` to our `$bsonType` throughout a filter (including $and/$or/$elemMatch). */
export function rewriteTypeOperator<T>(filter: T): T {
  if (Array.isArray(filter)) return filter.map((f: unknown) => rewriteTypeOperator(f)) as T;
  if (!isPlainObject(filter)) return filter;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (EXPRESSION_KEYS.has(key)) out[key] = value;
    else out[key === '$type' ? '$bsonType' : key] = rewriteTypeOperator(value);
  }
  return out as T;
}
