import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { MongoCommandError } from '../errors';
import { mingoOptions, rewritePipeline, usesOwnOperator } from './mingo-options';
import { rewriteTypeOperator } from './bson-types';
import { deepClone, documentsEqual, isOperatorObject, setPath, valueKey, withIdFirst } from './values';

const MODIFIERS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);

export interface UpdateOptions {
  /** True when building a brand-new upserted document (enables $setOnInsert). */
  isInsert: boolean;
  arrayFilters?: Document[];
  /** The matching filter, needed by mingo to resolve the positional `$` operator. */
  query?: Document;
}

export interface UpdateOutcome {
  doc: Document;
  changed: boolean;
}

/**
 * Computes the updated version of `stored` without touching it (mingo updates in place,
 * so it works on a deep copy). The caller swaps the copy in only after index checks pass.
 */
export function applyUpdate(
  stored: Document,
  update: Document | Document[],
  opts: UpdateOptions,
): UpdateOutcome {
  let outcome: UpdateOutcome;
  if (Array.isArray(update)) outcome = applyPipeline(stored, update);
  else if (Object.keys(update).some((k) => k.startsWith('$'))) outcome = applyOperators(stored, update, opts);
  else outcome = applyReplacement(stored, update, opts.isInsert);
  if (!opts.isInsert && valueKey(outcome.doc._id) !== valueKey(stored._id)) {
    throw new MongoCommandError(
      'ImmutableField',
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  return { doc: withIdFirst(outcome.doc), changed: outcome.changed };
}

function applyOperators(stored: Document, update: Document, opts: UpdateOptions): UpdateOutcome {
  for (const key of Object.keys(update)) {
    if (!MODIFIERS.has(key)) {
      throw new MongoCommandError(
        'FailedToParse',
        `Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
  }
  // mingo has no $setOnInsert (mongoose sends it on every upsert with timestamps): fold it into $set for inserts.
  const { $setOnInsert, ...modifier } = update as Document & { $setOnInsert?: Document };
  if (opts.isInsert && $setOnInsert)
    modifier.$set = { ...((modifier.$set as Document | undefined) ?? {}), ...$setOnInsert };
  const doc = deepClone(stored);
  takeIdAssignment(modifier, doc, opts.isInsert);
  if (Object.keys(modifier).length === 0) return { doc, changed: opts.isInsert };
  const condition = !opts.isInsert && usesPositional(modifier) ? rewriteTypeOperator(opts.query) : undefined;
  // Our context only when a filter needs it: mingo re-merges every operator table per call otherwise.
  const ownOps = usesOwnOperator(condition) || usesOwnOperator(opts.arrayFilters);
  const changedFields = mingoUpdate(doc, modifier, opts.arrayFilters, condition, {
    cloneMode: 'deep',
    queryOptions: ownOps ? mingoOptions() : { ...mingoOptions(), context: undefined },
  });
  return { doc, changed: changedFields.length > 0 };
}

/**
 * mingo refuses any update touching `_id`. mongod allows setting it when inserting (upsert)
 * or to its current value, so handle `$set: {_id}` here and leave mingo the rest.
 */
function takeIdAssignment(modifier: Document, doc: Document, isInsert: boolean): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (
      !isOperatorObjectOrDoc(fields) ||
      !Object.keys(fields).some((p) => p === '_id' || p.startsWith('_id.'))
    )
      continue;
    const value = fields._id;
    const sameValue = op === '$set' && value !== undefined && valueKey(value) === valueKey(doc._id);
    if (op !== '$set' || (!isInsert && !sameValue) || Object.keys(fields).some((p) => p.startsWith('_id.'))) {
      throw new MongoCommandError(
        'ImmutableField',
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    }
    doc._id = deepClone(value);
    const { _id: _ignored, ...rest } = fields;
    if (Object.keys(rest).length) modifier[op] = rest;
    else delete modifier[op];
  }
}

function usesPositional(modifier: Document): boolean {
  return Object.values(modifier).some(
    (fields) => isOperatorObjectOrDoc(fields) && Object.keys(fields).some((p) => /(^|\.)\$(\.|$)/.test(p)),
  );
}

function isOperatorObjectOrDoc(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function applyReplacement(stored: Document, replacement: Document, isInsert: boolean): UpdateOutcome {
  const doc: Document = { _id: stored._id, ...deepClone(replacement) };
  if (doc._id === undefined) delete doc._id;
  if (isInsert && replacement._id === undefined && stored._id !== undefined) doc._id = stored._id;
  return { doc, changed: !documentsEqual(withIdFirst(doc), stored) };
}

function applyPipeline(stored: Document, stages: Document[]): UpdateOutcome {
  const [doc] = new Aggregator(rewritePipeline(stages), mingoOptions({ cloneInput: true })).run<Document>([
    stored,
  ]);
  return { doc, changed: !documentsEqual(withIdFirst(doc), stored) };
}

/**
 * The document an upsert inserts: equality fields of the filter (including inside $and),
 * then the update applied with $setOnInsert, then a generated ObjectId `_id` if still missing.
 */
export function buildUpsertDocument(
  query: Document,
  update: Document | Document[],
  arrayFilters?: Document[],
): Document {
  const seed: Document = {};
  addEqualityFields(query, seed);
  const { doc } = applyUpdate(seed, update, { isInsert: true, arrayFilters });
  return ensureId(doc);
}

function addEqualityFields(query: Document, into: Document): void {
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value))
      value.forEach((sub: Document) => addEqualityFields(sub, into));
    if (key.startsWith('$') || value instanceof RegExp) continue;
    if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(into, key, deepClone(value.$eq));
      continue;
    }
    setPath(into, key, deepClone(value));
  }
}

/** mongod generates an ObjectId `_id`, stored as the first field. */
export function ensureId(doc: Document): Document {
  if (doc._id !== undefined) return withIdFirst(doc);
  return { _id: new ObjectId(), ...doc };
}
