import type { Document } from 'bson';
import { MongoCommandError, toCommandError } from '../errors';
import { ensureId } from '../query/apply-update';
import { targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

/** Inserts one by one; ordered inserts stop at the first failure, unordered ones continue. */
function insert(cmd: Document, ctx: CommandContext): Document {
  const coll = ctx.storage.getOrCreateCollection(ctx.dbName, targetCollection(cmd, 'insert'));
  const docs = (cmd.documents ?? []) as Document[];
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const doc = ensureId(docs[i]);
      if (Array.isArray(doc._id)) throw new MongoCommandError('BadValue', "can't use an array for _id");
      coll.insert(doc);
      n++;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  if (n > 0) ctx.storage.touch(coll);
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
}

export const insertCommands: CommandTable = { insert };
