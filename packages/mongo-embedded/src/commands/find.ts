import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { findDocuments } from '../query/find-documents';
import { cursorReply, optionalDocument, optionalNumber, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

function find(cmd: Document, ctx: CommandContext): Document {
  const name = targetCollection(cmd, 'find');
  const limit = optionalNumber(cmd.limit);
  const docs = findDocuments(ctx.storage.getCollection(ctx.dbName, name), {
    filter: optionalDocument(cmd.filter),
    sort: optionalDocument(cmd.sort),
    skip: optionalNumber(cmd.skip),
    limit,
    projection: optionalDocument(cmd.projection),
    collation: cmd.collation,
  });
  // A negative limit (legacy) or singleBatch means "one batch, no cursor".
  const singleBatch = cmd.singleBatch === true || (limit !== undefined && limit < 0);
  const batch = ctx.cursors.open(`${ctx.dbName}.${name}`, docs, optionalNumber(cmd.batchSize), singleBatch);
  return cursorReply(`${ctx.dbName}.${name}`, batch, 'firstBatch');
}

function getMore(cmd: Document, ctx: CommandContext): Document {
  const id = cmd.getMore as number;
  const cursor = ctx.cursors.get(id);
  if (!cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${String(id)} not found`);
  return cursorReply(cursor.ns, ctx.cursors.next(id, optionalNumber(cmd.batchSize)), 'nextBatch');
}

function killCursors(cmd: Document, ctx: CommandContext): Document {
  const killed: unknown[] = [];
  const notFound: unknown[] = [];
  for (const id of (cmd.cursors ?? []) as number[]) (ctx.cursors.kill(id) ? killed : notFound).push(id);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

export const findCommands: CommandTable = { find, getMore, killCursors };
