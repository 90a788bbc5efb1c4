import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import { applyUpdate, buildUpsertDocument } from '../query/apply-update';
import { findDocuments, projectDocument } from '../query/find-documents';
import { optionalDocument, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

/**
 * Find one (honouring sort), then remove or update it in the same synchronous step:
 * this is what makes conditional `findOneAndUpdate` safe under concurrency.
 */
function findAndModify(cmd: Document, ctx: CommandContext): Document {
  const name = targetCollection(cmd, cmd.findAndModify !== undefined ? 'findAndModify' : 'findandmodify');
  const query = optionalDocument(cmd.query) ?? {};
  const fields = optionalDocument(cmd.fields);
  const update = cmd.update as Document | Document[] | undefined;
  if (cmd.remove && update !== undefined)
    throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!cmd.remove && update === undefined)
    throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');

  const variables = optionalDocument(cmd.let);
  const existing = ctx.storage.getCollection(ctx.dbName, name);
  const [target] = existing
    ? findDocuments(existing, {
        filter: query,
        sort: optionalDocument(cmd.sort),
        limit: 1,
        collation: cmd.collation,
        hint: cmd.hint,
        variables,
      })
    : [];

  if (cmd.remove) {
    if (target && existing) {
      existing.remove(target);
      ctx.storage.touch(existing);
    }
    return {
      lastErrorObject: { n: target ? 1 : 0 },
      value: target ? projectDocument(target, fields) : null,
      ok: 1,
    };
  }
  if (target && existing) {
    const { doc, changed } = applyUpdate(target, update!, {
      isInsert: false,
      arrayFilters: cmd.arrayFilters as Document[] | undefined,
      query,
      variables,
    });
    if (changed) {
      existing.replace(target, doc);
      ctx.storage.touch(existing);
    }
    const value = cmd.new ? doc : target;
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: projectDocument(value, fields), ok: 1 };
  }
  if (cmd.upsert) {
    const coll = ctx.storage.getOrCreateCollection(ctx.dbName, name);
    const doc = buildUpsertDocument(query, update!, cmd.arrayFilters as Document[] | undefined, variables);
    coll.insert(doc);
    ctx.storage.touch(coll);
    const value = cmd.new ? projectDocument(doc, fields) : null;
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value, ok: 1 };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
}

export const findAndModifyCommands: CommandTable = { findAndModify, findandmodify: findAndModify };
