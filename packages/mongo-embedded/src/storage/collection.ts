import { UUID, type Document } from 'bson';
import { MongoCommandError } from '../errors';
import { hasExoticNumber, isOperatorObject, isPlainObject, valueKey } from '../query/values';
import { backgroundBuildFinished, backgroundBuildStarted } from './background-builds';
import { NO_SINK, type ChangeSink } from './changes';
import { formatKeyValue, ID_INDEX, indexSignature, UniqueIndex, type IndexSpec } from './index-spec';
import { OrderedIndex } from './ordered-index';

/** Shared by a storage and its collections: where changes are recorded (the journal, or nowhere). */
export interface SinkRef {
  sink: ChangeSink;
}

/**
 * One collection's documents plus its indexes. Every mutating method either fully applies
 * or throws before touching anything, so a failed write changes nothing; each applied change is
 * handed to the sink with its undo. Documents handed out are the stored objects: callers must
 * never mutate them (copy first), and updates replace a stored object rather than change it.
 */
export class Collection {
  readonly uuid = new UUID();
  private readonly docs = new Map<string, Document>();
  private snapshot: Document[] | null = null;
  private readonly indexSpecs: IndexSpec[] = [ID_INDEX];
  private readonly unique = new Map<string, UniqueIndex>();
  private readonly ordered = new Map<string, OrderedIndex>();
  /** Some document held a Decimal128 or Long: numeric filters then need exact cross-type comparison. */
  exoticNumbers = false;

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Document = {},
    private readonly sinkRef: SinkRef = { sink: NO_SINK },
  ) {
    this.ordered.set(ID_INDEX.name, new OrderedIndex(ID_INDEX));
  }

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get count(): number {
    return this.docs.size;
  }

  get indexes(): readonly IndexSpec[] {
    return this.indexSpecs;
  }

  /** The B-tree indexes, `_id_` first, for the query planner. */
  orderedIndexes(): OrderedIndex[] {
    return Array.from(this.ordered.values());
  }

  getByKey(idKey: string): Document | undefined {
    return this.docs.get(idKey);
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  /** Insertion-ordered array, cached between writes because every scan needs one. */
  all(): Document[] {
    this.snapshot ??= Array.from(this.docs.values());
    return this.snapshot;
  }

  /** The stored objects right now, for a checkpoint (a copy of references, not of documents). */
  capture(): Document[] {
    return Array.from(this.docs.values());
  }

  insert(doc: Document): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateError(ID_INDEX, { _id: doc._id });
    const entries = this.checkUnique(doc, id);
    this.rawInsert(doc, id, entries);
    this.sinkRef.sink.record({ o: 'i', db: this.dbName, c: this.name, d: doc }, () => this.rawRemove(doc));
  }

  /** Swaps a stored document for its updated copy (same `_id`), re-checking unique indexes first. */
  replace(oldDoc: Document, newDoc: Document): void {
    const id = valueKey(oldDoc._id);
    const entries = this.checkUnique(newDoc, id);
    this.rawReplace(oldDoc, newDoc, id, entries);
    this.sinkRef.sink.record({ o: 'u', db: this.dbName, c: this.name, d: newDoc }, () =>
      this.rawReplace(newDoc, oldDoc, id),
    );
  }

  remove(doc: Document): void {
    if (!this.rawRemove(doc)) return;
    this.sinkRef.sink.record({ o: 'd', db: this.dbName, c: this.name, id: doc._id }, () =>
      this.rawInsert(doc, valueKey(doc._id)),
    );
  }

  /** Adds a document while loading a snapshot: no index upkeep (`finishLoad` builds them). */
  loadDocument(doc: Document): void {
    this.docs.set(valueKey(doc._id), doc);
    if (!this.exoticNumbers && hasExoticNumber(doc)) this.exoticNumbers = true;
  }

  /**
   * After loading a snapshot: unique indexes are built now (writes need them); the B-trees the
   * planner uses are built in the background, a few milliseconds at a time, so a restart does not
   * wait for them (queries scan until an index is ready, or build it at once when hinted).
   */
  finishLoad(specs: IndexSpec[]): void {
    this.snapshot = null;
    for (const spec of specs) {
      if (spec.name === ID_INDEX.name) continue;
      if (spec.unique) this.unique.set(spec.name, this.buildUniqueIndex(spec));
      this.ordered.set(spec.name, new OrderedIndex(spec));
      if (!this.indexSpecs.some((s) => s.name === spec.name)) this.indexSpecs.push(spec);
    }
    for (const index of this.ordered.values()) this.buildInBackground(index);
  }

  /** Finishes building an index now (a hint names it). */
  ensureReady(index: OrderedIndex): void {
    if (index.ready) return;
    for (const [id, doc] of this.docs) index.add(doc, id);
    index.ready = true;
  }

  private buildInBackground(index: OrderedIndex): void {
    index.ready = false;
    const entries = Array.from(this.docs.entries());
    let i = 0;
    backgroundBuildStarted();
    const step = () => {
      if (index.ready || this.ordered.get(index.name) !== index) return backgroundBuildFinished();
      const until = performance.now() + 4;
      while (i < entries.length && ((i & 255) !== 0 || performance.now() < until)) {
        const [id, doc] = entries[i++];
        // Writes since the capture maintain the index themselves; skip replaced or removed versions.
        if (this.docs.get(id) === doc) index.add(doc, id);
      }
      if (i < entries.length) return void setImmediate(step);
      index.ready = true;
      backgroundBuildFinished();
    };
    setImmediate(step);
  }

  private rawInsert(doc: Document, id: string, entries?: Array<[UniqueIndex, string[]]>): void {
    this.docs.set(id, doc);
    if (entries) this.addEntries(entries, id);
    else
      for (const index of this.unique.values()) for (const e of index.entries(doc)) index.map.set(e.key, id);
    for (const index of this.ordered.values()) index.add(doc, id);
    if (!this.exoticNumbers && hasExoticNumber(doc)) this.exoticNumbers = true;
    this.snapshot = null;
  }

  private rawReplace(
    oldDoc: Document,
    newDoc: Document,
    id: string,
    entries?: Array<[UniqueIndex, string[]]>,
  ): void {
    this.removeEntries(oldDoc, id);
    for (const index of this.ordered.values()) index.remove(oldDoc, id);
    this.docs.set(id, newDoc);
    if (entries) this.addEntries(entries, id);
    else
      for (const index of this.unique.values())
        for (const e of index.entries(newDoc)) index.map.set(e.key, id);
    for (const index of this.ordered.values()) index.add(newDoc, id);
    if (!this.exoticNumbers && hasExoticNumber(newDoc)) this.exoticNumbers = true;
    this.snapshot = null;
  }

  private rawRemove(doc: Document): boolean {
    const id = valueKey(doc._id);
    if (!this.docs.delete(id)) return false;
    this.removeEntries(doc, id);
    for (const index of this.ordered.values()) index.remove(doc, id);
    this.snapshot = null;
    return true;
  }

  /**
   * A superset of the documents that can match `filter`, using the `_id` Map or a unique index
   * for top-level equality so point lookups avoid a full scan. The caller still applies the filter.
   * Answers undefined when neither applies (the planner then looks at the other indexes).
   */
  pointLookup(filter: Document): { docs: Document[]; index: string } | undefined {
    const ids = idLookupValues(filter._id);
    if (ids)
      return {
        docs: ids.map((v) => this.docs.get(valueKey(v))).filter((d): d is Document => d !== undefined),
        index: ID_INDEX.name,
      };
    for (const index of this.unique.values()) {
      if (!index.coversAllDocuments) continue;
      const values = index.fieldNames.map((f) => equalityValue(filter[f]));
      if (values.some((v) => v === NO_EQUALITY)) continue;
      const owner = index.map.get(index.keyOf(values));
      const doc = owner === undefined ? undefined : this.docs.get(owner);
      return { docs: doc ? [doc] : [], index: index.spec.name };
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
      return {
        docs: Array.from(owners, (o) => this.docs.get(o)).filter((d): d is Document => d !== undefined),
        index: index.spec.name,
      };
    }
    return undefined;
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
    this.rawCreateIndex(spec);
    this.sinkRef.sink.record({ o: 'ci', db: this.dbName, c: this.name, spec }, () =>
      this.rawDropIndex(spec.name),
    );
    return true;
  }

  dropIndex(name: string): void {
    const spec = this.indexSpecs.find((s) => s.name === name);
    if (!spec) throw new MongoCommandError('IndexNotFound', `index not found with name [${name}]`);
    this.rawDropIndex(name);
    this.sinkRef.sink.record({ o: 'di', db: this.dbName, c: this.name, name }, () =>
      this.rawCreateIndex(spec),
    );
  }

  private rawCreateIndex(spec: IndexSpec): void {
    const unique = spec.unique ? this.buildUniqueIndex(spec) : undefined;
    const ordered = new OrderedIndex(spec);
    for (const [id, doc] of this.docs) ordered.add(doc, id);
    if (unique) this.unique.set(spec.name, unique);
    this.ordered.set(spec.name, ordered);
    if (!this.indexSpecs.some((s) => s.name === spec.name)) this.indexSpecs.push(spec);
  }

  private rawDropIndex(name: string): void {
    const at = this.indexSpecs.findIndex((s) => s.name === name);
    if (at >= 0) this.indexSpecs.splice(at, 1);
    this.unique.delete(name);
    this.ordered.delete(name);
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
