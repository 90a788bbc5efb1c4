import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { MongoCommandError } from '../errors';
import { findDocuments } from '../query/find-documents';
import { compileQuery, mingoOptions, rewritePipeline } from '../query/mingo-options';
import { deepClone, getPathValues, valueKey } from '../query/values';
import type { Collection } from '../storage/collection';
import { openCursor, optionalDocument, optionalNumber } from './helpers';
import type { CommandContext, CommandTable } from './types';

/** Stages that write to other collections; mingo would write into plain arrays, not our storage. */
const UNSUPPORTED_STAGES = ['$out', '$merge', '$changeStream', '$currentOp', '$indexStats', '$collStats'];

function aggregate(cmd: Document, ctx: CommandContext): Document {
  const pipeline = (cmd.pipeline ?? []) as Document[];
  if (!Array.isArray(pipeline))
    throw new MongoCommandError('BadValue', "'pipeline' option must be specified as an array");
  if (cmd.explain)
    throw new MongoCommandError('CommandNotSupported', 'explain is not supported by mongo-embedded');
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (UNSUPPORTED_STAGES.includes(name))
      throw new MongoCommandError('CommandNotSupported', `${name} is not supported by mongo-embedded`);
  }
  // `{aggregate: 1}` is a database-level pipeline (e.g. starting with $documents): no input collection.
  const collName = typeof cmd.aggregate === 'string' ? cmd.aggregate : undefined;
  const coll = collName ? ctx.storage.getCollection(ctx.dbName, collName) : undefined;
  const results = runPipeline(ctx, coll, pipeline, cmd.collation);
  return openCursor(ctx, `${ctx.dbName}.${collName ?? '$cmd.aggregate'}`, results, cmd.cursor);
}

/**
 * A leading $match is evaluated here first (using `_id`/unique Map lookups), so only the
 * matching documents are copied before the rest of the pipeline (which may mutate them) runs.
 */
export function runPipeline(
  ctx: CommandContext,
  coll: Collection | undefined,
  pipeline: Document[],
  collation?: unknown,
): Document[] {
  const [first, ...rest] = pipeline;
  const leadingMatch = first && '$match' in first ? (first.$match as Document) : undefined;
  const source = leadingMatch ? findDocuments(coll, { filter: leadingMatch }) : (coll?.all() ?? []);
  const stages = leadingMatch ? rest : pipeline;
  const input = source.map((d) => deepClone(d));
  if (stages.length === 0) return input;
  return new Aggregator(
    rewritePipeline(stages),
    mingoOptions({ resolver: lookupResolver(ctx), collation }),
  ).run<Document>(input);
}

/** $lookup/$unionWith read other collections of the same database; copied once per command. */
function lookupResolver(ctx: CommandContext): (name: string) => Document[] {
  const cache = new Map<string, Document[]>();
  return (name) => {
    let docs = cache.get(name);
    if (!docs) {
      docs = (ctx.storage.getCollection(ctx.dbName, name)?.all() ?? []).map((d) => deepClone(d));
      cache.set(name, docs);
    }
    return docs;
  };
}

/** Legacy count (estimatedDocumentCount sends `{count: coll}`). */
function count(cmd: Document, ctx: CommandContext): Document {
  const coll = ctx.storage.getCollection(ctx.dbName, String(cmd.count));
  const query = optionalDocument(cmd.query);
  const skip = optionalNumber(cmd.skip);
  const limit = optionalNumber(cmd.limit);
  if (!query && !skip && !limit) return { n: coll?.count ?? 0, ok: 1 };
  return { n: findDocuments(coll, { filter: query, skip, limit }).length, ok: 1 };
}

/** Distinct values of a path, with array values unwound one level like mongod. */
function distinct(cmd: Document, ctx: CommandContext): Document {
  const coll = ctx.storage.getCollection(ctx.dbName, String(cmd.distinct));
  if (typeof cmd.key !== 'string') throw new MongoCommandError('FailedToParse', "'key' must be a string");
  const seen = new Map<string, unknown>();
  for (const doc of findDocuments(coll, { filter: optionalDocument(cmd.query), collation: cmd.collation, hint: cmd.hint })) {
    for (const value of getPathValues(doc, cmd.key)) {
      for (const v of Array.isArray(value) ? value : [value])
        if (!seen.has(valueKey(v))) seen.set(valueKey(v), v);
    }
  }
  return { values: Array.from(seen.values()), ok: 1 };
}

export const aggregateCommands: CommandTable = { aggregate, count, distinct };
