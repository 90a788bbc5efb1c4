import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { Collection } from './collection';

/** Called after every change so persistence can schedule a flush of that collection. */
export type ChangeListener = (dbName: string, collName: string) => void;

/**
 * All databases. Like mongod, a database exists only while it has collections,
 * and collections are created implicitly by the first write or index.
 */
export class Storage {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private listener: ChangeListener = () => undefined;

  onChange(listener: ChangeListener): void {
    this.listener = listener;
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
    let db = this.databases.get(dbName);
    if (!db) {
      db = new Map();
      this.databases.set(dbName, db);
    }
    if (db.has(name))
      throw new MongoCommandError('NamespaceExists', `Collection ${dbName}.${name} already exists.`);
    const coll = new Collection(dbName, name, options);
    db.set(name, coll);
    this.listener(dbName, name);
    return coll;
  }

  /** Adds an already-built collection (used when loading from disk). */
  adopt(coll: Collection): void {
    if (!this.databases.has(coll.dbName)) this.databases.set(coll.dbName, new Map());
    this.databases.get(coll.dbName)?.set(coll.name, coll);
  }

  dropCollection(dbName: string, name: string): boolean {
    const db = this.databases.get(dbName);
    if (!db?.delete(name)) return false;
    if (db.size === 0) this.databases.delete(dbName);
    this.listener(dbName, name);
    return true;
  }

  dropDatabase(dbName: string): void {
    const db = this.databases.get(dbName);
    if (!db) return;
    this.databases.delete(dbName);
    for (const name of db.keys()) this.listener(dbName, name);
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
