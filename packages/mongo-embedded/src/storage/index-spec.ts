import type { Document } from 'bson';
import type { Query } from 'mingo';
import { compileQuery } from '../query/mingo-options';
import { bsonTypeOf, getPathValues, valueKey } from '../query/values';

/** What listIndexes returns and what persistence stores. */
export interface IndexSpec {
  v: 2;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** mongod's default index name: {a: 1, b: -1} -> "a_1_b_-1". */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

/** Only the options that change index behaviour; used to compare two specs for conflicts. */
export function indexSignature(spec: IndexSpec): string {
  const { key, unique, sparse, partialFilterExpression, expireAfterSeconds } = spec;
  return JSON.stringify([
    key,
    !!unique,
    !!sparse,
    partialFilterExpression ?? null,
    expireAfterSeconds ?? null,
  ]);
}

export interface IndexEntry {
  /** Map key for the Map index. */
  key: string;
  /** `{field: value}` for DuplicateKey errors (mongoose reads keyValue). */
  keyValue: Document;
}

/**
 * A unique index: one Map from the key's canonical string to the owning document's `_id` key.
 * Non-unique indexes are metadata only (scans of a few thousand docs are fast enough).
 */
export class UniqueIndex {
  readonly map = new Map<string, string>();
  private readonly fields: string[];
  private readonly partial?: Query;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    if (spec.partialFilterExpression) this.partial = compileQuery(spec.partialFilterExpression);
  }

  /** Usable to answer an equality query by Map lookup (sparse/partial indexes skip some docs). */
  get coversAllDocuments(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  get fieldNames(): readonly string[] {
    return this.fields;
  }

  /** Every key the document contributes (several when a field is an array: multikey). */
  entries(doc: Document): IndexEntry[] {
    const perField = this.fields.map((f) => getPathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    const expanded = perField.map((vals) => expandForIndex(vals));
    return cartesian(expanded).map((tuple) => ({
      key: this.keyOf(tuple),
      keyValue: Object.fromEntries(this.fields.map((f, i) => [f, tuple[i] === undefined ? null : tuple[i]])),
    }));
  }

  /** Key for an equality lookup with one value per field, in index field order. */
  keyOf(values: unknown[]): string {
    return values.map((v) => valueKey(v)).join('\u0000');
  }
}

/** Missing -> null; arrays index each element (an empty array indexes as undefined/null). */
function expandForIndex(values: unknown[]): unknown[] {
  if (values.length === 0) return [null];
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...(v.length ? v : [null]));
    else out.push(v);
  }
  return out;
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  );
}

/** mongod-style rendering for the E11000 message, e.g. `{ email: "a@b.c" }`. */
export function formatKeyValue(keyValue: Document): string {
  const parts = Object.entries(keyValue).map(([k, v]) => `${k}: ${formatValue(v)}`);
  return `{ ${parts.join(', ')} }`;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (bsonTypeOf(v) === 'ObjectId') return `ObjectId('${String(v)}')`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return valueKey(v).slice(2);
  return String(v);
}
