import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { defaultIndexName, type IndexSpec } from '../storage/index-spec';
import type { Collection } from '../storage/collection';
import { openCursor, optionalNumber, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

/** Keeps the options we implement (unique, sparse, partial, TTL); others (e.g. collation) are dropped. */
function toIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new MongoCommandError('BadValue', 'Index key pattern must be a non-empty object');
  }
  const spec: IndexSpec = {
    v: 2,
    key,
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key),
  };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.partialFilterExpression) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  const ttl = optionalNumber(raw.expireAfterSeconds);
  if (ttl !== undefined) spec.expireAfterSeconds = ttl;
  return spec;
}

function createIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = targetCollection(cmd, 'createIndexes');
  const specs = ((cmd.indexes ?? []) as Document[]).map(toIndexSpec);
  const existed = ctx.storage.getCollection(ctx.dbName, name);
  const coll = existed ?? ctx.storage.getOrCreateCollection(ctx.dbName, name);
  const numIndexesBefore = coll.indexes.length;
  let created = 0;
  for (const spec of specs) if (coll.createIndex(spec)) created++;
  ctx.storage.touch(coll);
  return {
    createdCollectionAutomatically: !existed,
    numIndexesBefore,
    numIndexesAfter: coll.indexes.length,
    ...(created === 0 ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
}

function requireCollection(ctx: CommandContext, name: string): Collection {
  const coll = ctx.storage.getCollection(ctx.dbName, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.dbName}.${name}`);
  return coll;
}

function listIndexes(cmd: Document, ctx: CommandContext): Document {
  const coll = requireCollection(ctx, targetCollection(cmd, 'listIndexes'));
  return openCursor(
    ctx,
    coll.ns,
    coll.indexes.map((s) => ({ ...s })),
    cmd.cursor,
  );
}

/** `index` may be "*", a name, a list of names, or a key pattern. The _id index is permanent. */
function dropIndexes(cmd: Document, ctx: CommandContext): Document {
  const coll = requireCollection(ctx, targetCollection(cmd, 'dropIndexes'));
  const nIndexesWas = coll.indexes.length;
  for (const name of indexNamesToDrop(coll, cmd.index)) {
    if (name === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
    coll.dropIndex(name);
  }
  ctx.storage.touch(coll);
  return { nIndexesWas, ok: 1 };
}

function indexNamesToDrop(coll: Collection, selector: unknown): string[] {
  if (selector === '*') return coll.indexes.map((s) => s.name).filter((n) => n !== '_id_');
  if (typeof selector === 'string') return [selector];
  if (Array.isArray(selector)) return selector.map(String);
  if (selector && typeof selector === 'object') {
    const spec = coll.indexes.find((s) => JSON.stringify(s.key) === JSON.stringify(selector));
    if (!spec)
      throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(selector)}`);
    return [spec.name];
  }
  throw new MongoCommandError(
    'BadValue',
    'dropIndexes requires an index name, list of names, key pattern or "*"',
  );
}

export const indexCommands: CommandTable = { createIndexes, listIndexes, dropIndexes };
