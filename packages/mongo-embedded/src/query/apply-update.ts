import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { MongoCommandError } from '../errors';
import { mingoOptions, rewritePipeline, usesOwnOperator } from './mingo-options';
import { rewriteTypeOperator } from './bson-types';
import {
  deepClone,
  documentsEqual,
  isOperatorObject,
  isPlainObject,
  setPath,
  valueKey,
  withIdFirst,
} from './values';

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
  /** Command-level `let` (and `c` constants), for pipeline updates. */
  variables?: Document;
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
  if (Array.isArray(update)) outcome = applyPipeline(stored, update, opts.variables);
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
  if (!opts.arrayFilters?.length) {
    const changed = applyPlainModifiers(doc, modifier);
    if (changed !== undefined) return { doc, changed };
  }
  const condition = !opts.isInsert && usesPositional(modifier) ? rewriteTypeOperator(opts.query) : undefined;
  // Our context only when a filter needs it: mingo re-merges every operator table per call otherwise.
  const ownOps = usesOwnOperator(condition) || usesOwnOperator(opts.arrayFilters);
  const changedFields = mingoUpdate(doc, modifier, opts.arrayFilters, condition, {
    cloneMode: 'deep',
    queryOptions: ownOps ? mingoOptions() : { ...mingoOptions(), context: undefined },
  });
  return { doc, changed: changedFields.length > 0 };
}

// mingo's own equality (what its $set uses for "unchanged"). `mingo/util` is a subpath of mingo's
// "exports" map, which this repo's `moduleResolution: node` cannot type; Node resolves it.
const { isEqual } = require('mingo/util') as { isEqual: (a: unknown, b: unknown) => boolean };

const PLAIN_MODIFIERS = new Set(['$set', '$unset', '$inc']);
/** Names that reach an object's prototype: never walked here (`__proto__.x` would write Object.prototype). */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const own = (node: Document, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;

/**
 * `$set` / `$unset` / `$inc` over paths through plain embedded documents only — what the app's
 * writes are (seat ledger `$inc` + `$set seats.<id>`, status transitions) — applied directly, with
 * mingo's own results (same "changed", same field order, values deep-copied). mingo's update()
 * re-merges all its operator tables on every call, which was most of the engine's time under a
 * booking burst. Answers undefined, having touched nothing, for anything else (arrays on the way,
 * positional or numeric segments, conflicting paths, non-numbers for `$inc`): mingo does those.
 */
function applyPlainModifiers(doc: Document, modifier: Document): boolean | undefined {
  const steps: Array<{ op: string; parts: string[]; value: unknown }> = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!PLAIN_MODIFIERS.has(op) || !isPlainObject(fields)) return undefined;
    for (const [path, value] of Object.entries(fields)) {
      const parts = path.split('.');
      if (parts.some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p) || UNSAFE_KEYS.has(p)))
        return undefined;
      if (value === undefined || (op === '$inc' && typeof value !== 'number')) return undefined;
      steps.push({ op, parts, value });
    }
  }
  // Two paths where one is (a prefix of) the other: mongod refuses, mingo decides; not ours.
  const paths = steps.map((s) => s.parts.join('.'));
  for (const a of paths) {
    for (const b of paths) if (a !== b && b.startsWith(`${a}.`)) return undefined;
  }
  if (new Set(paths).size !== paths.length) return undefined;
  // Every step must walk plain documents (or missing fields) and, for `$inc`, end at a number.
  for (const { op, parts } of steps) {
    let node: unknown = doc;
    for (let i = 0; i < parts.length - 1 && node !== undefined; i++) {
      node = own(node as Document, parts[i]);
      if (node !== undefined && !isPlainObject(node)) return undefined;
    }
    if (op === '$inc' && node !== undefined) {
      const current = own(node as Document, parts[parts.length - 1]);
      if (current !== undefined && typeof current !== 'number') return undefined;
    }
  }
  let changed = false;
  for (const { op, parts, value } of steps) {
    const key = parts[parts.length - 1];
    if (op === '$unset') {
      let parent: Document | undefined = doc;
      for (let i = 0; i < parts.length - 1 && parent; i++)
        parent = own(parent, parts[i]) as Document | undefined;
      if (parent && Object.prototype.hasOwnProperty.call(parent, key)) {
        delete parent[key];
        changed = true;
      }
      continue;
    }
    let parent: Document = doc;
    for (let i = 0; i < parts.length - 1; i++) {
      if (own(parent, parts[i]) === undefined) parent[parts[i]] = {};
      parent = parent[parts[i]] as Document;
    }
    if (op === '$set') {
      if (isEqual(own(parent, key), value)) continue;
      parent[key] = deepClone(value);
      changed = true;
    } else {
      // mingo's $inc, to the letter: a missing (or NaN) field counts as 0.
      const previous = own(parent, key) as number | undefined;
      let next = previous;
      next ||= 0;
      next += value as number;
      parent[key] = next;
      if (next !== previous) changed = true;
    }
  }
  return changed;
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

/** A pipeline whose new root has no `_id` keeps the original one (`$replaceRoot`, `$replaceWith`, `$project`). */
function applyPipeline(stored: Document, stages: Document[], variables?: Document): UpdateOutcome {
  let [doc] = new Aggregator(
    rewritePipeline(stages),
    mingoOptions({ cloneInput: true, variables }),
  ).run<Document>([stored]);
  if (doc._id === undefined && stored._id !== undefined) doc = { _id: stored._id, ...doc };
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
  variables?: Document,
): Document {
  const seed: Document = {};
  addEqualityFields(query, seed);
  const { doc } = applyUpdate(seed, update, { isInsert: true, arrayFilters, variables });
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
