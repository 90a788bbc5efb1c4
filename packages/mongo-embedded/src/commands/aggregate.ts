import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { MongoCommandError } from '../errors';
import { ensureId } from '../query/apply-update';
import { sortDocuments } from '../query/compare';
import { collationCompare } from '../query/comparisons';
import { explainFind, findDocuments } from '../query/find-documents';
import { mingoOptions, rewritePipeline } from '../query/mingo-options';
import { readOnly } from '../query/read-only';
import {
  bsonTypeOf,
  deepClone,
  getPathValues,
  hasExoticNumber,
  isPlainObject,
  valueKey,
  withIdFirst,
} from '../query/values';
import { Collection } from '../storage/collection';
import { openCursor, optionalDocument, optionalNumber } from './helpers';
import type { CommandContext, CommandTable } from './types';

/** Stages mingo cannot run here: they read server state this engine does not have. */
const UNSUPPORTED_STAGES = [
  '$changeStream',
  '$currentOp',
  '$indexStats',
  '$collStats',
  '$listSessions',
  '$planCacheStats',
];

function aggregate(cmd: Document, ctx: CommandContext): Document {
  const pipeline = checkPipeline(cmd);
  // `{aggregate: 1}` is a database-level pipeline (e.g. starting with $documents): no input collection.
  const collName = typeof cmd.aggregate === 'string' ? cmd.aggregate : undefined;
  if (cmd.explain) return explainAggregate(cmd, ctx, 'queryPlanner');
  const last = pipeline[pipeline.length - 1];
  const output = last && ('$out' in last || '$merge' in last) ? last : undefined;
  if (output) ctx.storage.writeGate();
  const coll = collName ? ctx.storage.getCollection(ctx.dbName, collName) : undefined;
  const stages = output ? pipeline.slice(0, -1) : pipeline;
  const results = runPipeline(ctx, coll, stages, cmd.collation, optionalDocument(cmd.let), cmd.hint).docs;
  if (output) {
    writeOutput(ctx, output, results);
    return openCursor(ctx, `${ctx.dbName}.${collName ?? '$cmd.aggregate'}`, [], cmd.cursor);
  }
  return openCursor(ctx, `${ctx.dbName}.${collName ?? '$cmd.aggregate'}`, results, cmd.cursor);
}

function checkPipeline(cmd: Document): Document[] {
  const pipeline = (cmd.pipeline ?? []) as Document[];
  if (!Array.isArray(pipeline))
    throw new MongoCommandError('BadValue', "'pipeline' option must be specified as an array");
  pipeline.forEach((stage, i) => {
    const name = Object.keys(stage)[0];
    if (UNSUPPORTED_STAGES.includes(name))
      throw new MongoCommandError('CommandNotSupported', `${name} is not supported by mongo-embedded`);
    if ((name === '$out' || name === '$merge') && i !== pipeline.length - 1)
      throw new MongoCommandError('BadValue', `${name} can only be the final stage in the pipeline`);
  });
  return pipeline;
}

export function explainAggregate(cmd: Document, ctx: CommandContext, verbosity: string): Document {
  const pipeline = checkPipeline(cmd);
  const collName = typeof cmd.aggregate === 'string' ? cmd.aggregate : '$cmd.aggregate';
  const coll = ctx.storage.getCollection(ctx.dbName, collName);
  const { match, sort } = leadingStages(pipeline);
  const inner = explainFind(
    coll,
    `${ctx.dbName}.${collName}`,
    { filter: match, sort, collation: cmd.collation, hint: cmd.hint },
    verbosity,
  );
  return {
    explainVersion: '1',
    stages: [
      { $cursor: inner },
      ...pipeline.slice(pipeline.findIndex((s) => !('$match' in s || '$sort' in s)) >>> 0),
    ],
    queryPlanner: inner.queryPlanner,
    command: cmd,
    ok: 1,
  };
}

/** The leading `$match` and `$sort` (either, both or neither) and the `$skip`/`$limit` right after. */
function leadingStages(pipeline: Document[]): {
  match?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  used: number;
} {
  let i = 0;
  let match: Document | undefined;
  let sort: Document | undefined;
  if (pipeline[i] && '$match' in pipeline[i]) match = pipeline[i++].$match as Document;
  if (pipeline[i] && '$sort' in pipeline[i]) sort = pipeline[i++].$sort as Document;
  let skip: number | undefined;
  let limit: number | undefined;
  if (sort && pipeline[i] && '$skip' in pipeline[i]) skip = Number(pipeline[i++].$skip);
  if (sort && pipeline[i] && '$limit' in pipeline[i]) limit = Number(pipeline[i++].$limit);
  return { match, sort, skip, limit, used: i };
}

/**
 * Runs a pipeline over a collection. The leading `$match`/`$sort` (and a `$skip`/`$limit` after the
 * sort) go through the query planner, so they use an index and a sorted, limited pipeline stops
 * early. Every top-level `$sort` is done here with MongoDB's order (numbers by value across types,
 * the collation for strings). The stored documents are copied only when a later stage could
 * change them.
 */
export function runPipeline(
  ctx: CommandContext,
  coll: Collection | undefined,
  pipeline: Document[],
  collation?: unknown,
  variables?: Document,
  hint?: unknown,
): { docs: Document[] } {
  const lead = leadingStages(pipeline);
  let docs =
    lead.used > 0 || coll
      ? findDocuments(coll, {
          filter: lead.match,
          sort: lead.sort,
          skip: lead.skip,
          limit: lead.limit,
          collation,
          hint,
          variables,
          scan: true,
        })
      : [];
  const stages = pipeline.slice(lead.used);
  if (coll?.exoticNumbers || stages.some((s) => hasExoticNumber(s))) refuseExoticArithmetic(stages);
  const strings = collationCompare(collation);
  const run = (input: Document[], list: Document[]): Document[] => {
    let out = input;
    while (list.length) {
      const at = list.findIndex((s) => '$sort' in s);
      const chunk = at < 0 ? list : list.slice(0, at);
      if (chunk.length)
        out = new Aggregator(
          rewritePipeline(chunk, collation),
          mingoOptions({ resolver: lookupResolver(ctx), collation, variables }),
        ).run<Document>(out);
      if (at < 0) break;
      out = sortDocuments(out, list[at].$sort as Document, strings);
      list = list.slice(at + 1);
    }
    return out;
  };
  // The stored documents must never change: they are copied right before the first stage that could
  // change what it is given — after a `$group` that is the few groups, not the matched documents —
  // and a leading `$project` copies only the fields it reads.
  const writer = stages.findIndex((s) => !readOnly(s));
  if (writer < 0) return { docs: run(docs, stages) };
  docs = run(docs, stages.slice(0, writer));
  const fields = writer === 0 ? projectedFields(stages[0]) : undefined;
  docs = fields ? docs.map((d) => pickClone(d, fields)) : docs.map((d) => deepClone(d));
  return { docs: run(docs, stages.slice(writer)) };
}

/**
 * The top-level fields an inclusion `$project` reads (its kept fields and the `$field.path`
 * references of its expressions), or undefined when it may read more (`$$ROOT`, `$$CURRENT`, an
 * exclusion, a non-`$project` stage): then the whole document is copied.
 */
function projectedFields(stage: Document): Set<string> | undefined {
  if (!stage || !('$project' in stage) || !isPlainObject(stage.$project)) return undefined;
  const fields = new Set<string>(['_id']);
  let safe = true;
  const refs = (expr: unknown): void => {
    if (typeof expr === 'string') {
      if (expr.startsWith('$$')) {
        // Variables other than the document itself ($$NOW, $$REMOVE, $$this of $map/$filter…) read no field.
        if (/^\$\$(ROOT|CURRENT)\b/.test(expr)) safe = false;
      } else if (expr.startsWith('$')) fields.add(expr.slice(1).split('.')[0]);
    } else if (Array.isArray(expr)) expr.forEach(refs);
    else if (expr && typeof expr === 'object' && !bsonTypeOf(expr))
      for (const [k, v] of Object.entries(expr)) {
        if (k === '$literal') continue;
        refs(v);
      }
  };
  for (const [key, value] of Object.entries(stage.$project as Document)) {
    if (value === 0 || value === false) {
      if (key !== '_id') return undefined; // an exclusion projection keeps everything else
      continue;
    }
    // Kept, nested (`{a: {b: 1}}`) or computed: the key itself may name a stored field (copying too much is harmless).
    fields.add(key.split('.')[0]);
    if (value !== 1 && value !== true) refs(value);
  }
  return safe ? fields : undefined;
}

function pickClone(doc: Document, fields: Set<string>): Document {
  const out: Document = {};
  for (const f of fields) if (f in doc) out[f] = deepClone(doc[f]);
  return out;
}

const ARITHMETIC = new Set(
  '$sum $avg $add $subtract $multiply $divide $min $max $stdDevPop $stdDevSamp $mod $abs $round $trunc $median $percentile'.split(
    ' ',
  ),
);

/** Whether an expression reads a field or variable (`"$price"`, `"$$ROOT"`), not only constants. */
function readsFields(expr: unknown): boolean {
  if (typeof expr === 'string') return expr.startsWith('$');
  if (Array.isArray(expr)) return expr.some(readsFields);
  if (expr && typeof expr === 'object' && !bsonTypeOf(expr)) return Object.values(expr).some(readsFields);
  return false;
}

/** The first arithmetic operator applied to document values in these stages, if any. */
function arithmeticOnFields(expr: unknown): string | undefined {
  if (Array.isArray(expr)) {
    for (const e of expr) {
      const found = arithmeticOnFields(e);
      if (found) return found;
    }
    return undefined;
  }
  if (!expr || typeof expr !== 'object' || bsonTypeOf(expr)) return undefined;
  for (const [key, value] of Object.entries(expr)) {
    if (ARITHMETIC.has(key) && readsFields(value)) return key;
    const found = arithmeticOnFields(value);
    if (found) return found;
  }
  return undefined;
}

/**
 * mingo's arithmetic and `$min`/`$max` know only JS numbers: over Decimal128 or Long values they
 * would answer a wrong figure without a word. Refuse instead, naming what is missing (counting with
 * `$sum: 1` is fine).
 */
function refuseExoticArithmetic(stages: Document[]): void {
  const op = arithmeticOnFields(stages);
  if (op)
    throw new MongoCommandError(
      'NotImplemented',
      `${op} over Decimal128 or Long values is not supported by mongo-embedded (the collection holds such values)`,
    );
}

/** `$out` (replace a collection with the results) and `$merge` (upsert them into one). */
function writeOutput(ctx: CommandContext, stage: Document, results: Document[]): void {
  if ('$out' in stage) {
    const spec = stage.$out as unknown;
    const target =
      typeof spec === 'string' ? { db: ctx.dbName, coll: spec } : (spec as { db?: string; coll: string });
    replaceCollection(ctx, target.db ?? ctx.dbName, String(target.coll), results);
    return;
  }
  const spec = stage.$merge as unknown;
  const into = typeof spec === 'string' ? spec : (spec as Document).into;
  const opts = (typeof spec === 'string' ? {} : spec) as Document;
  const target =
    typeof into === 'string' ? { db: ctx.dbName, coll: into } : (into as { db?: string; coll: string });
  mergeInto(ctx, target.db ?? ctx.dbName, String(target.coll), results, opts);
}

function replaceCollection(ctx: CommandContext, db: string, name: string, results: Document[]): void {
  const existing = ctx.storage.getCollection(db, name);
  const indexes = existing?.indexes.filter((s) => s.name !== '_id_') ?? [];
  const docs = results.map((d) => ensureId(deepClone(d)));
  // Check everything first on a detached copy, so a duplicate key leaves the target as it was.
  const trial = new Collection(db, name, existing?.options ?? {});
  for (const spec of indexes) trial.createIndex(spec);
  for (const doc of docs) trial.insert(doc);
  if (existing) ctx.storage.dropCollection(db, name);
  const coll = ctx.storage.createCollection(db, name, existing?.options ?? {});
  for (const spec of indexes) coll.createIndex(spec);
  for (const doc of docs) coll.insert(doc);
}

function mergeInto(ctx: CommandContext, db: string, name: string, results: Document[], opts: Document): void {
  const on =
    opts.on === undefined ? ['_id'] : Array.isArray(opts.on) ? opts.on.map(String) : [String(opts.on)];
  const whenMatched = opts.whenMatched ?? 'merge';
  const whenNotMatched = opts.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string')
    throw new MongoCommandError(
      'NotImplemented',
      '$merge with a whenMatched pipeline is not supported by mongo-embedded',
    );
  if (!['merge', 'replace', 'keepExisting', 'fail'].includes(whenMatched))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${whenMatched}' for field '$merge.whenMatched' is not a valid value.`,
    );
  if (!['insert', 'discard', 'fail'].includes(String(whenNotMatched)))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(whenNotMatched)}' for field '$merge.whenNotMatched' is not a valid value.`,
    );
  const coll = ctx.storage.getOrCreateCollection(db, name);
  if (
    on.join() !== '_id' &&
    !coll.indexes.some((s) => s.unique && Object.keys(s.key).sort().join() === on.slice().sort().join())
  )
    throw new MongoCommandError('BadValue', 'Cannot find index to verify that join fields will be unique', {
      code: 51183,
    });
  for (const raw of results) {
    const doc = deepClone(raw);
    const filter = Object.fromEntries(on.map((f) => [f, getPathValues(doc, f)[0] ?? null]));
    const [match] = findDocuments(coll, { filter, limit: 1 });
    if (!match) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail')
        throw new MongoCommandError(
          'BadValue',
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      coll.insert(ensureId(doc));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail')
      throw new MongoCommandError('DuplicateKey', `E11000 duplicate key error collection: ${coll.ns}`);
    const next =
      whenMatched === 'replace' ? { ...doc, _id: match._id } : { ...match, ...doc, _id: match._id };
    coll.replace(match, withIdFirst(next));
  }
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
  return {
    n: findDocuments(coll, { filter: query, skip, limit, collation: cmd.collation, hint: cmd.hint }).length,
    ok: 1,
  };
}

/** Distinct values of a path, with array values unwound one level like mongod. */
function distinct(cmd: Document, ctx: CommandContext): Document {
  const coll = ctx.storage.getCollection(ctx.dbName, String(cmd.distinct));
  if (typeof cmd.key !== 'string') throw new MongoCommandError('FailedToParse', "'key' must be a string");
  const seen = new Map<string, unknown>();
  const strings = collationCompare(cmd.collation);
  const strs: string[] = [];
  const docs = findDocuments(coll, {
    filter: optionalDocument(cmd.query),
    collation: cmd.collation,
    hint: cmd.hint,
  });
  for (const doc of docs) {
    for (const value of getPathValues(doc, cmd.key)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        // Under a collation, strings equal by it ('PING' and 'ping' at strength 2) count once.
        if (strings && typeof v === 'string') {
          if (strs.some((s) => strings(s, v) === 0)) continue;
          strs.push(v);
        }
        if (!seen.has(valueKey(v))) seen.set(valueKey(v), v);
      }
    }
  }
  return { values: Array.from(seen.values()), ok: 1 };
}

export const aggregateCommands: CommandTable = { aggregate, count, distinct };
