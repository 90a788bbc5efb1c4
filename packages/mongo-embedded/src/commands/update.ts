import type { Document } from 'bson';
import { MongoCommandError, toCommandError } from '../errors';
import { applyUpdate, buildUpsertDocument } from '../query/apply-update';
import { findDocuments } from '../query/find-documents';
import type { Collection } from '../storage/collection';
import { optionalDocument, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

interface UpdateStatement {
  q?: Document;
  u: Document | Document[];
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Document[];
  sort?: Document;
  collation?: Document;
  hint?: unknown;
  /** Constants for a pipeline update. */
  c?: Document;
}

interface UpdateCounters {
  n: number;
  nModified: number;
  upserted: Document[];
}

/** Runs each statement in turn; counters keep partial progress when a later document fails. */
function update(cmd: Document, ctx: CommandContext): Document {
  const name = targetCollection(cmd, 'update');
  const statements = (cmd.updates ?? []) as UpdateStatement[];
  const ordered = cmd.ordered !== false;
  const counters: UpdateCounters = { n: 0, nModified: 0, upserted: [] };
  const writeErrors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      runStatement(ctx, name, statements[i], i, counters, optionalDocument(cmd.let));
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return {
    n: counters.n,
    nModified: counters.nModified,
    ...(counters.upserted.length ? { upserted: counters.upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  };
}

function runStatement(
  ctx: CommandContext,
  name: string,
  st: UpdateStatement,
  index: number,
  counters: UpdateCounters,
  letVars?: Document,
): void {
  const variables = letVars || st.c ? { ...letVars, ...(st.c ?? {}) } : undefined;
  const query = optionalDocument(st.q) ?? {};
  const isReplacement = !Array.isArray(st.u) && !Object.keys(st.u).some((k) => k.startsWith('$'));
  if (st.multi && isReplacement && Object.keys(st.u).length > 0) {
    throw new MongoCommandError(
      'FailedToParse',
      'multi update is not supported for replacement-style update',
    );
  }
  const existing = ctx.storage.getCollection(ctx.dbName, name);
  const targets = !existing
    ? []
    : st.multi
      ? findDocuments(existing, { filter: query, collation: st.collation, hint: st.hint, variables })
      : findDocuments(existing, {
          filter: query,
          sort: st.sort,
          limit: 1,
          collation: st.collation,
          hint: st.hint,
          variables,
        });
  if (targets.length === 0) {
    if (!st.upsert) return;
    const coll = ctx.storage.getOrCreateCollection(ctx.dbName, name);
    const doc = buildUpsertDocument(query, st.u, st.arrayFilters, variables);
    coll.insert(doc);
    ctx.storage.touch(coll);
    counters.n++;
    counters.upserted.push({ index, _id: doc._id });
    return;
  }
  const coll = existing as Collection;
  for (const target of targets) {
    const { doc, changed } = applyUpdate(target, st.u, {
      isInsert: false,
      arrayFilters: st.arrayFilters,
      query,
      variables,
    });
    counters.n++;
    if (!changed) continue;
    coll.replace(target, doc);
    ctx.storage.touch(coll);
    counters.nModified++;
  }
}

export const updateCommands: CommandTable = { update };
