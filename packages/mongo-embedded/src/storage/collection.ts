import { UUID, type Document } from 'bson';
import { MongoCommandError } from '../errors';
import { isOperatorObject, isPlainObject, valueKey } from '../query/values';
import { formatKeyValue, ID_INDEX, indexSignature, UniqueIndex, type IndexSpec } from './index-spec';

/**
 * One collection's documents plus its indexes. Every mutating method either fully applies
 * or throws before touching anything, so a failed write changes nothing.
 * Documents handed out are the stored objects: callers must never mutate them (copy first).
 */
export class Collection {
  readonly uuid = new UUID();
  private readonly docs = new Map<string, Document>();
  private snapshot: Document[] | null = null;
  private readonly indexSpecs: IndexSpec[] = [ID_INDEX];
  private readonly unique = new Map<string, UniqueIndex>();

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Document = {},
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get count(): number {
    return this.docs.size;
  }

  get indexes(): readonly IndexSpec[] {
    return this.indexSpecs;
  }

  /** Insertion-ordered array, cached between writes because every scan needs one. */
  all(): Document[] {
    this.snapshot ??= Array.from(this.docs.values());
    return this.snapshot;
  }

  insert(doc: Document): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateError(ID_INDEX, { _id: doc._id });
    const entries = this.checkUnique(doc, id);
    this.docs.set(id, doc);
    this.addEntries(entries, id);
    this.snapshot = null;
  }

  /** Swaps a stored document for its updated copy (same `_id`), re-checking unique indexes first. */
  replace(oldDoc: Document, newDoc: Document): void {
    const id = valueKey(oldDoc._id);
    const entries = this.checkUnique(newDoc, id);
    this.removeEntries(oldDoc, id);
    this.docs.set(id, newDoc);
    this.addEntries(entries, id);
    this.snapshot = null;
  }

  remove(doc: Document): void {
    const id = valueKey(doc._id);
    if (!this.docs.delete(id)) return;
    this.removeEntries(doc, id);
    this.snapshot = null;
  }

  /**
   * A superset of the documents that can match `filter`, using the `_id` Map or a unique index
   * for top-level equality so point lookups avoid a full scan. The caller still applies the filter.
   */
  candidates(filter: Document): Document[] {
    const ids = idLookupValues(filter._id);
    if (ids) return ids.map((v) => this.docs.get(valueKey(v))).filter((d): d is Document => d !== undefined);
    for (const index of this.unique.values()) {
      if (!index.coversAllDocuments) continue;
      const values = index.fieldNames.map((f) => equalityValue(filter[f]));
      if (values.some((v) => v === NO_EQUALITY)) continue;
      const owner = index.map.get(index.keyOf(values));
      const doc = owner === undefined ? undefined : this.docs.get(owner);
      return doc ? [doc] : [];
    }
    // `{field: {$in: [...]}}` on a one-field unique index (a batch of point look-ups): one Map
    // lookup per value instead of a scan.
    for (const index of this.unique.values()) {
      if (!index.coversAllDocuments || index.fieldNames.length !== 1) continue;
      const values = inLookupValues(filter[index.fieldNames[0]]);
      if (!values) continue;
      const owners = new Set<string>();
      for (const v of values) {
        const owner = index.map.get(index.keyOf([v]));
        if (owner !== undefined) owners.add(owner);
      }
      return Array.from(owners, (o) => this.docs.get(o)).filter((d): d is Document => d !== undefined);
    }
    return this.all();
  }

  /** Returns false when an identical index already exists (createIndexes is idempotent). */
  createIndex(spec: IndexSpec): boolean {
    const sameName = this.indexSpecs.find((s) => s.name === spec.name);
    const sameKey = this.indexSpecs.find((s) => JSON.stringify(s.key) === JSON.stringify(spec.key));
    if (sameName && indexSignature(sameName) === indexSignature(spec)) return false;
    if (sameName) {
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
      );
    }
    if (sameKey) {
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    if (spec.unique) this.unique.set(spec.name, this.buildUniqueIndex(spec));
    this.indexSpecs.push(spec);
    return true;
  }

  dropIndex(name: string): void {
    const at = this.indexSpecs.findIndex((s) => s.name === name);
    if (at < 0) throw new MongoCommandError('IndexNotFound', `index not found with name [${name}]`);
    this.indexSpecs.splice(at, 1);
    this.unique.delete(name);
  }

  /** Builds the Map over existing documents; fails (and adds nothing) if they already violate it. */
  private buildUniqueIndex(spec: IndexSpec): UniqueIndex {
    const index = new UniqueIndex(spec);
    for (const [id, doc] of this.docs) {
      for (const entry of index.entries(doc)) {
        const owner = index.map.get(entry.key);
        if (owner !== undefined && owner !== id) throw this.duplicateError(spec, entry.keyValue);
        index.map.set(entry.key, id);
      }
    }
    return index;
  }

  private checkUnique(doc: Document, id: string): Array<[UniqueIndex, string[]]> {
    const result: Array<[UniqueIndex, string[]]> = [];
    for (const index of this.unique.values()) {
      const entries = index.entries(doc);
      for (const entry of entries) {
        const owner = index.map.get(entry.key);
        if (owner !== undefined && owner !== id) throw this.duplicateError(index.spec, entry.keyValue);
      }
      result.push([index, entries.map((e) => e.key)]);
    }
    return result;
  }

  private addEntries(entries: Array<[UniqueIndex, string[]]>, id: string): void {
    for (const [index, keys] of entries) for (const key of keys) index.map.set(key, id);
  }

  private removeEntries(doc: Document, id: string): void {
    for (const index of this.unique.values()) {
      for (const entry of index.entries(doc))
        if (index.map.get(entry.key) === id) index.map.delete(entry.key);
    }
  }

  private duplicateError(spec: IndexSpec, keyValue: Document): MongoCommandError {
    const message = `E11000 duplicate key error collection: ${this.ns} index: ${spec.name} dup key: ${formatKeyValue(keyValue)}`;
    return new MongoCommandError('DuplicateKey', message, { keyPattern: spec.key, keyValue });
  }
}

const NO_EQUALITY = Symbol('no-equality');

/** The value of a simple `field: value` / `field: {$eq: value}` condition, if it is Map-indexable. */
function equalityValue(condition: unknown): unknown {
  const value =
    isOperatorObject(condition) && Object.keys(condition).length === 1 && '$eq' in condition
      ? condition.$eq
      : condition;
  if (value === undefined || value === null || Array.isArray(value) || value instanceof RegExp)
    return NO_EQUALITY;
  if (isPlainObject(value)) return NO_EQUALITY;
  return value;
}

/** `_id` values to fetch directly: one for equality, several for `$in` (mongoose populate). */
function idLookupValues(condition: unknown): unknown[] | undefined {
  if (isOperatorObject(condition) && Object.keys(condition).length === 1 && Array.isArray(condition.$in)) {
    const values = condition.$in as unknown[];
    return values.every((v) => equalityValue(v) !== NO_EQUALITY) ? dedupe(values) : undefined;
  }
  const value = equalityValue(condition);
  return value === NO_EQUALITY ? undefined : [value];
}

/** The values of a `{$in: [...]}` condition whose every value is Map-indexable, else undefined. */
function inLookupValues(condition: unknown): unknown[] | undefined {
  if (!isOperatorObject(condition) || Object.keys(condition).length !== 1 || !Array.isArray(condition.$in))
    return undefined;
  const values = condition.$in as unknown[];
  return values.every((v) => equalityValue(v) !== NO_EQUALITY) ? values : undefined;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) seen.set(valueKey(v), v);
  return Array.from(seen.values());
}
