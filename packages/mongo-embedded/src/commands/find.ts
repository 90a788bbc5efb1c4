import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { explainFind, findDocuments } from '../query/find-documents';
import { cursorReply, optionalDocument, optionalNumber, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';
import { explainAggregate } from './aggregate';

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
    hint: cmd.hint,
    variables: optionalDocument(cmd.let),
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

/** `explain` of `find`, `count` and `aggregate`: which index (if any) the query reads through. */
function explain(cmd: Document, ctx: CommandContext): Document {
  const inner = optionalDocument(cmd.explain);
  const verbosity = typeof cmd.verbosity === 'string' ? cmd.verbosity : 'allPlansExecution';
  const name = inner ? Object.keys(inner)[0] : undefined;
  if (!inner || !name) throw new MongoCommandError('BadValue', 'explain command requires a nested object');
  if (name === 'find' || name === 'count') {
    const coll = String(inner[name]);
    const filter = optionalDocument(name === 'find' ? inner.filter : inner.query);
    const out = explainFind(
      ctx.storage.getCollection(ctx.dbName, coll),
      `${ctx.dbName}.${coll}`,
      {
        filter,
        sort: optionalDocument(inner.sort),
        skip: optionalNumber(inner.skip),
        limit: optionalNumber(inner.limit),
        collation: inner.collation,
        hint: inner.hint,
      },
      verbosity,
    );
    return { ...out, command: inner, ok: 1 };
  }
  if (name === 'aggregate') return explainAggregate(inner, ctx, verbosity);
  throw new MongoCommandError('CommandNotSupported', `explain of ${name} is not supported by mongo-embedded`);
}

export const findCommands: CommandTable = { find, getMore, killCursors, explain };
