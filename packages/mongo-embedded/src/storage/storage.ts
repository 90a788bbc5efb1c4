import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { NO_SINK, type ChangeSink } from './changes';
import { Collection, type SinkRef } from './collection';

/** Called after every change (the file-per-collection storage of old schedules a rewrite with it). */
export type ChangeListener = (dbName: string, collName: string) => void;

/**
 * All databases. Like mongod, a database exists only while it has collections,
 * and collections are created implicitly by the first write or index.
 * Every change is handed to the sink (the journal) with the way to undo it.
 */
export class Storage {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private listener: ChangeListener = () => undefined;
  private readonly sinkRef: SinkRef = { sink: NO_SINK };
  /** Refuses writes before they start (a journal that cannot write); set by the durable store. */
  writeGate: () => void = () => undefined;

  onChange(listener: ChangeListener): void {
    this.listener = listener;
  }

  setSink(sink: ChangeSink): void {
    this.sinkRef.sink = sink;
  }

  /** Report a change to a collection's documents or indexes. */
  touch(coll: Collection): void {
    this.listener(coll.dbName, coll.name);
  }

  getCollection(dbName: string, name: string): Collection | undefined {
    return this.databases.get(dbName)?.get(name);
  }

  getOrCreateCollection(dbName: string, name: string): Collection {
    return this.getCollection(dbName, name) ?? this.createCollection(dbName, name);
  }

  createCollection(dbName: string, name: string, options: Document = {}): Collection {
    validateCollectionName(name);
    if (this.databases.get(dbName)?.has(name))
      throw new MongoCommandError('NamespaceExists', `Collection ${dbName}.${name} already exists.`);
    const coll = new Collection(dbName, name, options, this.sinkRef);
    this.adopt(coll);
    this.listener(dbName, name);
    this.sinkRef.sink.record({ o: 'cc', db: dbName, c: name, opts: options }, () =>
      this.detach(dbName, name),
    );
    return coll;
  }

  /** A collection for loading (a snapshot): shares the sink, is not recorded. */
  newCollection(dbName: string, name: string, options: Document): Collection {
    const coll = new Collection(dbName, name, options, this.sinkRef);
    this.adopt(coll);
    return coll;
  }

  /** Adds an already-built collection (loading from disk, undoing a drop). */
  adopt(coll: Collection): void {
    if (!this.databases.has(coll.dbName)) this.databases.set(coll.dbName, new Map());
    this.databases.get(coll.dbName)?.set(coll.name, coll);
  }

  private detach(dbName: string, name: string): void {
    const db = this.databases.get(dbName);
    db?.delete(name);
    if (db && db.size === 0) this.databases.delete(dbName);
  }

  dropCollection(dbName: string, name: string): boolean {
    const coll = this.getCollection(dbName, name);
    if (!coll) return false;
    this.detach(dbName, name);
    this.listener(dbName, name);
    this.sinkRef.sink.record({ o: 'dc', db: dbName, c: name }, () => this.adopt(coll));
    return true;
  }

  dropDatabase(dbName: string): void {
    const db = this.databases.get(dbName);
    if (!db) return;
    this.databases.delete(dbName);
    for (const name of db.keys()) this.listener(dbName, name);
    this.sinkRef.sink.record({ o: 'dd', db: dbName }, () => this.databases.set(dbName, db));
  }

  databaseNames(): string[] {
    return Array.from(this.databases.keys());
  }

  collections(dbName: string): Collection[] {
    return Array.from(this.databases.get(dbName)?.values() ?? []);
  }

  allCollections(): Collection[] {
    return Array.from(this.databases.values()).flatMap((db) => Array.from(db.values()));
  }
}

function validateCollectionName(name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
