import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { documentSize } from '../wire/bson-codec';
import { compileQuery } from '../query/mingo-options';
import { ID_INDEX } from '../storage/index-spec';
import { openCursor, optionalDocument, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

/** Fields of `create` that are protocol noise rather than collection options. */
const NON_OPTION_FIELDS = new Set([
  'create',
  '$db',
  'lsid',
  'txnNumber',
  '$clusterTime',
  '$readPreference',
  'writeConcern',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

/** Options (validator, capped, ...) are stored and listed but not enforced. */
function create(cmd: Document, ctx: CommandContext): Document {
  if (cmd.viewOn !== undefined || cmd.pipeline !== undefined)
    throw new MongoCommandError(
      'CommandNotSupported',
      'views (create with viewOn/pipeline) are not supported by mongo-embedded',
    );
  if (
    cmd.timeseries !== undefined ||
    cmd.clusteredIndex !== undefined ||
    cmd.changeStreamPreAndPostImages !== undefined
  )
    throw new MongoCommandError(
      'CommandNotSupported',
      `${cmd.timeseries !== undefined ? 'time-series' : cmd.clusteredIndex !== undefined ? 'clustered' : 'pre-/post-image'} collections are not supported by mongo-embedded`,
    );
  const options = Object.fromEntries(Object.entries(cmd).filter(([k]) => !NON_OPTION_FIELDS.has(k)));
  ctx.storage.createCollection(ctx.dbName, targetCollection(cmd, 'create'), options);
  return { ok: 1 };
}

/** Like mongod 7, dropping a missing collection succeeds. */
function drop(cmd: Document, ctx: CommandContext): Document {
  const name = targetCollection(cmd, 'drop');
  const coll = ctx.storage.getCollection(ctx.dbName, name);
  const nIndexesWas = coll?.indexes.length ?? 0;
  ctx.storage.dropCollection(ctx.dbName, name);
  return { nIndexesWas, ns: `${ctx.dbName}.${name}`, ok: 1 };
}

function dropDatabase(_cmd: Document, ctx: CommandContext): Document {
  ctx.storage.dropDatabase(ctx.dbName);
  return { dropped: ctx.dbName, ok: 1 };
}

function listCollections(cmd: Document, ctx: CommandContext): Document {
  const entries = ctx.storage.collections(ctx.dbName).map((coll) =>
    cmd.nameOnly
      ? { name: coll.name, type: 'collection' }
      : {
          name: coll.name,
          type: 'collection',
          options: coll.options,
          info: { readOnly: false, uuid: coll.uuid },
          idIndex: ID_INDEX,
        },
  );
  const filter = optionalDocument(cmd.filter);
  const query = filter && compileQuery(filter);
  const listed = query ? entries.filter((e) => query.test(e)) : entries;
  return openCursor(ctx, `${ctx.dbName}.$cmd.listCollections`, listed, cmd.cursor);
}

function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const databases = ctx.storage.databaseNames().map((name) => {
    const sizeOnDisk = ctx.storage
      .collections(name)
      .reduce((sum, c) => sum + c.all().reduce((s, d) => s + documentSize(d), 0), 0);
    return cmd.nameOnly ? { name } : { name, sizeOnDisk, empty: sizeOnDisk === 0 };
  });
  const filter = optionalDocument(cmd.filter);
  const query = filter && compileQuery(filter);
  const listed = query ? databases.filter((d) => query.test(d)) : databases;
  const totalSize = listed.reduce((sum, d) => sum + ('sizeOnDisk' in d ? (d.sizeOnDisk ?? 0) : 0), 0);
  return { databases: listed, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024), ok: 1 };
}

export const collectionCommands: CommandTable = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
};
