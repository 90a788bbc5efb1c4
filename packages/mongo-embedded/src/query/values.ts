import { EJSON, type Document } from 'bson';
import { encodeDocument } from '../wire/bson-codec';
import { approxNumber, compareNumbers } from './compare';

/** BSON value classes carry `_bsontype` (ObjectId, Decimal128, Long, Binary, Timestamp, ...). */
export function bsonTypeOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && '_bsontype' in value) {
    return String((value as { _bsontype: unknown })._bsontype);
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for `{ $gt: 1 }`-style operator objects (as opposed to an embedded document to match exactly). */
export function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/**
 * Deep copy of plain objects/arrays/Dates. BSON value objects are immutable in practice,
 * so they are shared rather than rebuilt (rebuilding would lose their classes).
 */
export function deepClone<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => deepClone(v)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Document = {};
    for (const key of Object.keys(value)) out[key] = deepClone(value[key]);
    return out as T;
  }
  return value;
}

/** Byte equality is exactly MongoDB's notion of "document unchanged" (field order and types matter). */
export function documentsEqual(a: Document, b: Document): boolean {
  return encodeDocument(a).equals(encodeDocument(b));
}

/**
 * A string that is equal for two values exactly when MongoDB would consider them equal
 * for `_id`/unique-index purposes (numbers are all JS numbers after decoding, so 1 and 1.0 agree;
 * missing and null collide like in a real unique index). Used as Map keys.
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return `b:${value}`;
    default:
      break;
  }
  if (value instanceof Date) return `d:${value.getTime()}`;
  const type = bsonTypeOf(value);
  if (type === 'ObjectId') return `o:${(value as { toHexString(): string }).toHexString()}`;
  if (type === 'Long' || type === 'Decimal128' || type === 'Int32' || type === 'Double')
    return numericKey(value);
  return `j:${EJSON.stringify({ v: value } as Document, { relaxed: false })}`;
}

/**
 * All values a dotted path reaches, descending through arrays like MongoDB does
 * ("tags.name" over an array of subdocuments yields every name). Missing paths yield [].
 */
export function getPathValues(doc: unknown, path: string): unknown[] {
  return collectPath(doc, path.split('.'), 0);
}

function collectPath(current: unknown, parts: string[], i: number): unknown[] {
  if (i === parts.length) return current === undefined ? [] : [current];
  if (Array.isArray(current)) {
    const part = parts[i];
    if (/^\d+$/.test(part)) return collectPath(current[Number(part)], parts, i + 1);
    return current.flatMap((item) => collectPath(item, parts, i));
  }
  if (current === null || typeof current !== 'object') return [];
  return collectPath((current as Document)[parts[i]], parts, i + 1);
}

/** Reads one dotted path without array traversal (for `_id` and simple fields). */
export function getPath(doc: Document, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Document)[part];
  }
  return current;
}

/** Sets a dotted path, creating intermediate objects (used to seed upserted documents). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Document;
  }
  current[parts[parts.length - 1]] = value;
}

/** mongod always stores `_id` as the first field; drivers and tests rely on that order. */
export function withIdFirst(doc: Document): Document {
  if (!('_id' in doc)) return doc;
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Document = { _id: doc._id };
  for (const key of keys) if (key !== '_id') out[key] = doc[key];
  return out;
}

/**
 * Equal numbers of any BSON type share a key, as in a MongoDB index (Decimal128("5.0"), Long(5) and
 * 5 collide in a unique index): the key of the double when it is exact, else the exact digits.
 */
function numericKey(value: unknown): string {
  const approx = approxNumber(value);
  if (Number.isNaN(approx)) return 'n:NaN';
  if (compareNumbers(value, approx) === 0) return `n:${approx}`;
  if (bsonTypeOf(value) === 'Long') return `n:${String(value)}`;
  return `dec:${String(value)}`;
}

/** Whether a document holds a Decimal128 or Long anywhere (they need exact numeric comparison). */
export function hasExoticNumber(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const v of value) if (hasExoticNumber(v)) return true;
    return false;
  }
  const type = bsonTypeOf(value);
  if (type !== undefined) return type === 'Decimal128' || type === 'Long';
  if (value instanceof Date) return false;
  for (const key in value as Document) if (hasExoticNumber((value as Document)[key])) return true;
  return false;
}
