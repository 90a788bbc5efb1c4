import type { Document } from 'bson';
import { toCommandError } from '../errors';
import { findDocuments } from '../query/find-documents';
import { optionalDocument, targetCollection } from './helpers';
import type { CommandContext, CommandTable } from './types';

interface DeleteStatement {
  q?: Document;
  /** 0 = all matches, 1 = first match. */
  limit?: number;
  collation?: Document;
  hint?: unknown;
}

function deleteCommand(cmd: Document, ctx: CommandContext): Document {
  const coll = ctx.storage.getCollection(ctx.dbName, targetCollection(cmd, 'delete'));
  const statements = (cmd.deletes ?? []) as DeleteStatement[];
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < statements.length && coll; i++) {
    try {
      const st = statements[i];
      const filter = optionalDocument(st.q) ?? {};
      const victims = findDocuments(coll, {
        filter,
        limit: Number(st.limit) === 1 ? 1 : undefined,
        collation: st.collation,
        hint: st.hint,
        variables: optionalDocument(cmd.let),
      });
      for (const doc of victims) coll.remove(doc);
      if (victims.length) ctx.storage.touch(coll);
      n += victims.length;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
}

export const deleteCommands: CommandTable = { delete: deleteCommand };
