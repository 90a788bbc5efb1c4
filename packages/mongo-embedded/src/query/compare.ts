import type { Document } from 'bson';
import { bsonTypeOf, getPathValues, isPlainObject } from './values';

/**
 * MongoDB's comparison order of BSON values (the order of sorts and of index keys):
 * MinKey < null < numbers < strings < objects < arrays < binary < ObjectId < booleans < dates
 * < timestamps < regular expressions < code < MaxKey. All numeric types (int, long, double,
 * decimal) compare by value with each other, exactly.
 */
export function typeOrder(v: unknown): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'undefined':
      return 2;
    default:
      break;
  }
  if (v === null) return 2;
  if (v instanceof Bound) return v.order;
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsonTypeOf(v)) {
    case undefined:
      return 5;
    case 'Long':
    case 'Decimal128':
    case 'Int32':
    case 'Double':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
    case 'ObjectID':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MinKey':
      return 1;
    case 'MaxKey':
      return 14;
    default:
      return 5;
  }
}

/**
 * A bound just below (side -1) or just above (side 1) every value of one type order: the edges of
 * MongoDB's type bracketing (`$gt: 5` covers numbers only, up to the number bracket's end).
 */
export class Bound {
  constructor(
    readonly order: number,
    readonly side: -1 | 1,
  ) {}
}
export const MIN_ALL = new Bound(0, -1);
export const MAX_ALL = new Bound(99, 1);

export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = bsonTypeOf(v);
  return t === 'Long' || t === 'Decimal128' || t === 'Int32' || t === 'Double';
}

/** The closest double; monotonic, so when two approximations differ their order is the exact one. */
export function approxNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonTypeOf(v)) {
    case 'Long':
      return (v as { toNumber(): number }).toNumber();
    case 'Decimal128':
      return parseFloat(String(v));
    case 'Int32':
    case 'Double':
      return (v as { value: number }).value;
    default:
      return NaN;
  }
}

interface Fraction {
  neg: boolean;
  num: bigint;
  den: bigint;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** The exact value of a finite number as a fraction (only used to break ties of approximations). */
function exact(v: unknown): Fraction | undefined {
  const t = typeof v === 'number' ? 'number' : bsonTypeOf(v);
  if (t === 'number' || t === 'Int32' || t === 'Double') {
    const x = approxNumber(v);
    if (!Number.isFinite(x)) return undefined;
    F64[0] = Math.abs(x);
    const bits = U64[0];
    const exponent = Number((bits >> 52n) & 0x7ffn);
    let mantissa = bits & 0xfffffffffffffn;
    let e2: number;
    if (exponent === 0) e2 = -1074;
    else {
      mantissa |= 1n << 52n;
      e2 = exponent - 1075;
    }
    return e2 >= 0
      ? { neg: x < 0, num: mantissa << BigInt(e2), den: 1n }
      : { neg: x < 0, num: mantissa, den: 1n << BigInt(-e2) };
  }
  if (t === 'Long' || typeof v === 'bigint') {
    const b = BigInt(String(v));
    return { neg: b < 0n, num: b < 0n ? -b : b, den: 1n };
  }
  if (t === 'Decimal128') {
    const m = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/i.exec(String(v));
    if (!m) return undefined;
    const digits = BigInt((m[2] ?? '') + (m[3] ?? ''));
    const e10 = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
    if (Math.abs(e10) > 1000) return undefined;
    return e10 >= 0
      ? { neg: !!m[1], num: digits * 10n ** BigInt(e10), den: 1n }
      : { neg: !!m[1], num: digits, den: 10n ** BigInt(-e10) };
  }
  return undefined;
}

export function compareNumbers(a: unknown, b: unknown): number {
  const x = approxNumber(a);
  const y = approxNumber(b);
  // NaN sorts below every other number and equals itself, as in MongoDB.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  if (x < y) return -1;
  if (x > y) return 1;
  if (typeof a === 'number' && typeof b === 'number') return 0;
  const p = exact(a);
  const q = exact(b);
  if (!p || !q) return 0;
  const left = (p.neg ? -p.num : p.num) * q.den;
  const right = (q.neg ? -q.num : q.num) * p.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export type StringCompare = (a: string, b: string) => number;
const binaryStrings: StringCompare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Total order of two BSON values as MongoDB sorts them; `strings` applies a collation. */
export function compareValues(a: unknown, b: unknown, strings: StringCompare = binaryStrings): number {
  if (a === b) return 0;
  const fast = fastCompare(a, b);
  if (fast !== undefined && (strings === binaryStrings || typeof a !== 'string')) return fast;
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (a instanceof Bound || b instanceof Bound) {
    if (ta !== tb) return ta - tb;
    const sa = a instanceof Bound ? a.side : 0;
    const sb = b instanceof Bound ? b.side : 0;
    return sa - sb;
  }
  if (ta !== tb) return ta - tb;
  switch (ta) {
    case 1:
    case 2:
    case 14:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return strings(String(a), String(b));
    case 5:
      return compareObjects(a as Document, b as Document, strings);
    case 6:
      return compareArrays(a as unknown[], b as unknown[], strings);
    case 7:
      return compareBinary(a, b);
    case 8:
      return compareObjectIds(a, b);
    case 9:
      return Number(a) - Number(b);
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as { high: number; low: number };
      const y = b as { high: number; low: number };
      return Math.sign(
        x.high >>> 0 === y.high >>> 0 ? (x.low >>> 0) - (y.low >>> 0) : (x.high >>> 0) - (y.high >>> 0),
      );
    }
    case 12: {
      const x = a as RegExp;
      const y = b as RegExp;
      const s = binaryStrings(
        x.source ?? String((x as unknown as { pattern: string }).pattern),
        y.source ?? String((y as unknown as { pattern: string }).pattern),
      );
      return s || binaryStrings(String(x.flags ?? ''), String(y.flags ?? ''));
    }
    default:
      return binaryStrings(String(a), String(b));
  }
}

function compareObjects(a: Document, b: Document, strings: StringCompare): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const t = typeOrder(a[ka[i]]) - typeOrder(b[kb[i]]);
    if (t) return t;
    const n = binaryStrings(ka[i], kb[i]);
    if (n) return n;
    const v = compareValues(a[ka[i]], b[kb[i]], strings);
    if (v) return v;
  }
  return ka.length - kb.length;
}

function compareArrays(a: unknown[], b: unknown[], strings: StringCompare): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const v = compareValues(a[i], b[i], strings);
    if (v) return v;
  }
  return a.length - b.length;
}

function compareBinary(a: unknown, b: unknown): number {
  const x = a as { buffer: Uint8Array; sub_type: number };
  const y = b as { buffer: Uint8Array; sub_type: number };
  if (x.buffer.length !== y.buffer.length) return x.buffer.length - y.buffer.length;
  if (x.sub_type !== y.sub_type) return x.sub_type - y.sub_type;
  return Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer));
}

/** Whether a filter value equals a stored value the MongoDB way (numbers by value across types). */
export function valuesEqual(a: unknown, b: unknown, strings?: StringCompare): boolean {
  if (a === b) return true;
  if (isPlainObject(a) !== isPlainObject(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  return typeOrder(a) === typeOrder(b) && compareValues(a, b, strings) === 0;
}

/**
 * The value a document sorts by for one field: missing is null; through arrays, the smallest
 * element for an ascending sort and the largest for a descending one (an empty array counts as
 * missing).
 */
export function sortKey(doc: Document, path: string, dir: number, strings?: StringCompare): unknown {
  const values = getPathValues(doc, path).flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (values.length === 0) return null;
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best, strings);
    if (dir > 0 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

/** A comparator of documents for a sort specification (`$natural` is ignored here). */
export function documentComparator(
  sort: Document,
  strings?: StringCompare,
): (a: Document, b: Document) => number {
  const fields = Object.entries(sort)
    .filter(([k]) => k !== '$natural')
    .map(([k, d]) => [k, Number(d) < 0 ? -1 : 1] as const);
  return (a, b) => {
    for (const [path, dir] of fields) {
      const c = compareValues(sortKey(a, path, dir, strings), sortKey(b, path, dir, strings), strings);
      if (c) return c * dir;
    }
    return 0;
  };
}

/** Sorts stably, computing each document's keys once. */
export function sortDocuments(docs: Document[], sort: Document, strings?: StringCompare): Document[] {
  const fields = Object.entries(sort)
    .filter(([k]) => k !== '$natural')
    .map(([k, d]) => [k, Number(d) < 0 ? -1 : 1] as const);
  if (fields.length === 0) return docs;
  const keyed = docs.map((doc, i) => ({
    doc,
    i,
    keys: fields.map(([p, dir]) => sortKey(doc, p, dir, strings)),
  }));
  keyed.sort((x, y) => {
    for (let f = 0; f < fields.length; f++) {
      const c = compareValues(x.keys[f], y.keys[f], strings);
      if (c) return c * fields[f][1];
    }
    return x.i - y.i;
  });
  return keyed.map((k) => k.doc);
}

/** The common cases without any type dispatch: two strings (binary), two numbers, two dates. */
export function fastCompare(a: unknown, b: unknown): number | undefined {
  const t = typeof a;
  if (t !== typeof b) return undefined;
  if (t === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (t === 'number') {
    const x = a as number;
    const y = b as number;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return undefined; // NaN
  }
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  return undefined;
}

interface ObjectIdParts {
  i0?: number;
  i1: number;
  i2: number;
  i3: number;
}

/** bson 7 keeps an ObjectId as four 24-bit numbers: compare those instead of building hex strings. */
function compareObjectIds(a: unknown, b: unknown): number {
  const x = a as ObjectIdParts;
  const y = b as ObjectIdParts;
  if (typeof x.i0 === 'number' && typeof y.i0 === 'number')
    return x.i0 - y.i0 || x.i1 - y.i1 || x.i2 - y.i2 || x.i3 - y.i3;
  return binaryStrings(String(a), String(b));
}
