// The declarations of mingo subpath modules must reach every program that compiles this file (the BFF too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./mingo-subpaths.d.ts" />
import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import { isOperator, resolve } from 'mingo/util';
import { compileOperator, type Compiled } from './expressions';
import { bsonTypeOf, isPlainObject, valueKey } from './values';

/**
 * `$group`, in place of mingo's own (registered in our mingo context, so every pipeline uses it).
 *
 * Why: mingo evaluates the `_id` expression through its generic evaluator and keys its groups with a
 * structural hash plus a deep-equality scan; over 200,000 documents a group by six fields took 6–14 s
 * (`prof-tmp` micro-benchmark in the engine's bench notes). Here the `_id` expression is compiled once
 * into a function (field paths, literal documents/arrays and the common operators directly, any
 * other operator and every unusual value by mingo), groups are keyed by one string per document, and `$sum`
 * and `$count` are accumulated as the documents stream by. Every other accumulator gets the group's
 * documents and is evaluated by mingo exactly as mingo's `$group` does, so results are unchanged.
 */
type Options = { constructor: unknown };
/** mingo's ComputeOptions: the stage gets one; `update` sets the document `$$ROOT` refers to. */
interface ComputeOptions {
  update(locals: Record<string, unknown>): ComputeOptions;
  local: { root?: unknown };
}

interface Accumulator {
  init(): unknown;
  /** Adds a document to the state; answers the new state. */
  add(state: unknown, doc: Document): unknown;
  result(state: unknown, groupId: unknown): unknown;
}

/** Prototype names a plain `doc[name]` would answer from Object.prototype (mingo answers undefined). */
const PROTO_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export function $group(collection: Iterator, spec: Document, options: Options): Iterator {
  if (!spec || typeof spec !== 'object' || !('_id' in spec))
    throw new Error("$group specification must include an '_id'");
  const fresh = () => (options.constructor as unknown as { init(o: Options): ComputeOptions }).init(options);
  const perDoc = fresh();
  const { idOf, keyOf } = groupIdentity(spec._id, perDoc);
  const fields = Object.keys(spec).filter((k) => k !== '_id');
  const accumulators = fields.map((f) => accumulatorOf(spec[f], perDoc, fresh));
  return collection.transform((items: unknown[]) => {
    const groups = new Map<string, { id: unknown; states: unknown[] }>();
    for (const doc of items as Document[]) {
      const key = keyOf(doc);
      let group = groups.get(key);
      if (!group) {
        group = { id: idOf(doc) ?? null, states: accumulators.map((a) => a.init()) };
        groups.set(key, group);
      }
      for (let i = 0; i < accumulators.length; i++)
        group.states[i] = accumulators[i]!.add(group.states[i], doc);
    }
    const out: Document[] = [];
    for (const { id, states } of groups.values()) {
      const row: Document = { _id: id };
      fields.forEach((f, i) => (row[f] = accumulators[i]!.result(states[i], id)));
      out.push(row);
    }
    return Lazy(out);
  });
}

/**
 * The group of a document: its key string, and its `_id` value (built only for a group's first
 * document). For a literal document `_id` — the usual `{ k: "$department", t: … }` — the key is
 * written from the fields' values without building the document for every document grouped.
 */
function groupIdentity(idSpec: unknown, perDoc: ComputeOptions) {
  const idOf = compile(idSpec, perDoc);
  const literal =
    isPlainObject(idSpec) && Object.keys(idSpec).length > 0 && !isOperator(Object.keys(idSpec)[0]!);
  if (!literal) return { idOf, keyOf: (doc: Document) => groupKey(idOf(doc) ?? null) };
  const names = Object.keys(idSpec);
  const parts = names.map((k) => compile((idSpec as Document)[k], perDoc));
  const labels = names.map((k, i) => `${i ? ',' : '{'}${JSON.stringify(k)}:`);
  return {
    idOf,
    // The same string groupKey gives the built document.
    keyOf: (doc: Document) => {
      let key = '';
      for (let i = 0; i < parts.length; i++) key += labels[i] + groupKey(parts[i]!(doc));
      return `${key}}`;
    },
  };
}

/**
 * An aggregation expression as a function of the document: field paths, `$$ROOT`/`$$CURRENT`,
 * literal documents and arrays, and the common operators (expressions.ts) here; any other
 * operator expression (or variable) by mingo.
 */
export function compile(expr: unknown, perDoc: ComputeOptions): Compiled {
  if (typeof expr === 'string' && expr.startsWith('$')) {
    if (expr === '$$ROOT' || expr === '$$CURRENT') return (doc) => doc;
    if (expr.startsWith('$$')) return byMingo(expr, perDoc);
    const path = expr.slice(1);
    if (!path.includes('.') && !PROTO_NAMES.has(path))
      return (doc) => (doc !== null && typeof doc === 'object' ? doc[path] : undefined);
    return (doc) => resolve(doc, path);
  }
  if (Array.isArray(expr)) {
    const parts = expr.map((e) => compile(e, perDoc));
    return (doc) => parts.map((p) => p(doc));
  }
  if (isPlainObject(expr)) {
    const keys = Object.keys(expr);
    if (keys.length && isOperator(keys[0]!)) {
      const fallback = byMingo(expr, perDoc);
      if (keys.length !== 1) return fallback;
      const op = keys[0]!;
      return compileOperator(op, expr[op], (e) => compile(e, perDoc), fallback) ?? fallback;
    }
    const parts = keys.map((k) => compile(expr[k], perDoc));
    return (doc) => {
      const out: Document = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]!] = parts[i]!(doc);
      return out;
    };
  }
  return () => expr;
}

function byMingo(expr: unknown, perDoc: ComputeOptions): Compiled {
  return (doc) => evalExpr(doc, expr, perDoc.update({ root: doc }) as unknown as Options);
}

/** `$sum` and `$count` as the documents stream by; any other accumulator over the group's documents by mingo. */
function accumulatorOf(spec: unknown, perDoc: ComputeOptions, fresh: () => ComputeOptions): Accumulator {
  const keys = isPlainObject(spec) ? Object.keys(spec) : [];
  if (keys.length !== 1) throw new Error('The field must be an accumulator object');
  const op = keys[0]!;
  const arg = (spec as Document)[op] as unknown;
  if (op === '$count') return counting(() => 1);
  if (op === '$sum' && typeof arg === 'number') return counting(() => arg);
  if (op === '$sum' && !Array.isArray(arg)) {
    const value = compile(arg, perDoc);
    // $sum adds the numbers and ignores every other value (strings, null, missing; NaN too, as mingo does).
    return counting((doc) => {
      const v = value(doc);
      return typeof v === 'number' && !Number.isNaN(v) ? v : 0;
    });
  }
  return {
    init: () => [] as Document[],
    add: (docs, doc) => ((docs as Document[]).push(doc), docs),
    result: (docs, groupId) =>
      evalExpr(docs, spec, fresh().update({ root: null, groupId }) as unknown as Options),
  };
}

function counting(valueOf: (doc: Document) => number): Accumulator {
  return { init: () => 0, add: (n, doc) => (n as number) + valueOf(doc), result: (n) => n };
}

/**
 * One string per distinct group: equal for values MongoDB puts in one group (numbers by value,
 * documents by their fields in order), distinct otherwise. Inside a document a missing field
 * (undefined) and null differ, as in MongoDB's `{k: "$missing"}` and `{k: null}`.
 */
export function groupKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return valueKey(value);
  if (Array.isArray(value)) return `[${value.map(groupKey).join(',')}]`;
  if (value instanceof Date || bsonTypeOf(value) !== undefined) return valueKey(value);
  const parts: string[] = [];
  for (const k of Object.keys(value)) parts.push(`${JSON.stringify(k)}:${groupKey((value as Document)[k])}`);
  return `{${parts.join(',')}}`;
}
