import type { Document } from 'bson';
import BTree from 'sorted-btree';
import type { Query } from 'mingo';
import { compareValues, fastCompare } from '../query/compare';
import { compileQuery } from '../query/mingo-options';
import { getPathValues } from '../query/values';
import type { IndexSpec } from './index-spec';

/** Sentinels in tree order (after the per-field direction is applied): below / above every key. */
const TREE_MIN = Symbol('treeMin');
const TREE_MAX = Symbol('treeMax');
type TreeSentinel = typeof TREE_MIN | typeof TREE_MAX;

/** A key: one value per index field, then the owning document's id key (so keys are unique). */
export type IndexKey = unknown[];

/** Bounds of one index field in value order: a list of points or one interval. */
export type FieldBounds =
  | { kind: 'all' }
  | { kind: 'points'; values: unknown[] }
  | { kind: 'range'; lo: unknown; loInc: boolean; hi: unknown; hiInc: boolean };

/**
 * An index as a B+tree of keys in the index's order (each field ascending or descending), used by
 * the planner for equality, `$in`, ranges and sorts. Arrays index each element (multikey); a
 * missing field indexes as null.
 */
export class OrderedIndex {
  readonly fields: string[];
  readonly dirs: number[];
  readonly tree: BTree<IndexKey, undefined>;
  /** Some document had an array on an indexed path: bounds are not intersected, no sort. */
  multikey = false;
  /** False while the index is being built in the background after a restart (not used by queries yet). */
  ready = true;
  private readonly partial?: Query;
  private readonly dotted: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.dotted = this.fields.some((f) => f.includes('.'));
    this.dirs = this.fields.map((f) => (Number(spec.key[f]) < 0 ? -1 : 1));
    if (spec.partialFilterExpression) this.partial = compileQuery(spec.partialFilterExpression);
    const n = this.fields.length;
    const dirs = this.dirs;
    this.tree = new BTree<IndexKey, undefined>(undefined, (a, b) => {
      for (let i = 0; i < n; i++) {
        const x = a[i];
        const y = b[i];
        if (x === y) continue;
        if (typeof x === 'symbol' || typeof y === 'symbol') return sentinelCompare(x, y);
        const c = fastCompare(x, y) ?? compareValues(x, y);
        if (c) return dirs[i] < 0 ? -c : c;
      }
      const x = a[n];
      const y = b[n];
      if (typeof x === 'symbol' || typeof y === 'symbol') return sentinelCompare(x, y);
      return x === y ? 0 : (x as string) < (y as string) ? -1 : 1;
    });
  }

  get name(): string {
    return this.spec.name;
  }

  /** Sparse and partial indexes miss documents, and special index types are not B-trees of values. */
  get usableForQueries(): boolean {
    if (!this.ready || this.spec.sparse || this.partial) return false;
    return Object.values(this.spec.key).every((d) => d === 1 || d === -1);
  }

  /**
   * A sparse index (not partial) misses only the documents that have none of its fields: it answers
   * a query exactly when the query needs one of those fields present (the planner checks that).
   */
  get usableWhenFieldPresent(): boolean {
    if (!this.ready || !this.spec.sparse || this.partial) return false;
    return Object.values(this.spec.key).every((d) => d === 1 || d === -1);
  }

  keys(doc: Document, id: string): IndexKey[] {
    // The usual case: one top-level field holding a scalar.
    if (this.fields.length === 1 && !this.partial && !this.dotted) {
      const v = doc[this.fields[0]];
      if (v !== undefined && !Array.isArray(v)) return [[v, id]];
      if (v === undefined && !this.spec.sparse) return [[null, id]];
    }
    const perField = this.fields.map((f) => getPathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    const expanded = perField.map((vals) => {
      if (vals.length === 0) return [null];
      const out: unknown[] = [];
      for (const v of vals) {
        if (Array.isArray(v)) {
          this.multikey = true;
          if (v.length === 0) out.push(undefined);
          else for (const item of v) out.push(item);
        } else out.push(v);
      }
      if (vals.length > 1) this.multikey = true;
      return out;
    });
    if (expanded.every((vals) => vals.length === 1)) return [[...expanded.map((v) => v[0]), id]];
    let keys: IndexKey[] = [[]];
    for (const vals of expanded) keys = keys.flatMap((prefix) => dedupe(vals).map((v) => [...prefix, v]));
    return keys.map((k) => [...k, id]);
  }

  add(doc: Document, id: string): void {
    for (const key of this.keys(doc, id)) this.tree.set(key, undefined);
  }

  remove(doc: Document, id: string): void {
    for (const key of this.keys(doc, id)) this.tree.delete(key);
  }

  clear(): void {
    this.tree.clear();
    this.multikey = false;
  }

  get size(): number {
    return this.tree.size;
  }

  /**
   * Document id keys within the bounds (one per index field; fields after the last given one are
   * unbounded), in index order or reversed. Ids may repeat on a multikey index.
   */
  *scan(bounds: FieldBounds[], reverse: boolean): Generator<string> {
    const ranges = this.ranges(bounds);
    if (reverse) ranges.reverse();
    const cmp = this.tree._compare;
    for (const [start, end] of ranges) {
      if (cmp(start, end) > 0) continue;
      if (!reverse) {
        for (const [key] of this.tree.entries(start)) {
          if (cmp(key, end) > 0) break;
          yield key[this.fields.length] as string;
        }
      } else {
        for (const [key] of this.tree.entriesReversed(end)) {
          if (cmp(key, start) < 0) break;
          yield key[this.fields.length] as string;
        }
      }
    }
  }

  /** [start, end] tree keys of each box the bounds describe, in tree order. */
  private ranges(bounds: FieldBounds[]): Array<[IndexKey, IndexKey]> {
    const n = this.fields.length;
    let boxes: Array<[IndexKey, IndexKey]> = [[[], []]];
    for (let i = 0; i < n; i++) {
      const b = bounds[i] ?? { kind: 'all' };
      const dir = this.dirs[i];
      if (b.kind === 'all') {
        boxes = boxes.map(([s, e]) => [fill(s, n + 1, TREE_MIN), fill(e, n + 1, TREE_MAX)]);
        break;
      }
      if (b.kind === 'points') {
        const points = b.values.slice().sort((x, y) => compareValues(x, y) * dir);
        boxes = boxes.flatMap(([s, e]) =>
          points.map((p): [IndexKey, IndexKey] => [
            [...s, p],
            [...e, p],
          ]),
        );
        continue;
      }
      // An interval: the first value edge in tree order, and what fills the positions after it.
      const [first, firstInc, last, lastInc] =
        dir > 0 ? [b.lo, b.loInc, b.hi, b.hiInc] : [b.hi, b.hiInc, b.lo, b.loInc];
      boxes = boxes.map(([s, e]) => [
        fill([...s, first], n + 1, firstInc ? TREE_MIN : TREE_MAX),
        fill([...e, last], n + 1, lastInc ? TREE_MAX : TREE_MIN),
      ]);
      break;
    }
    return boxes.map(([s, e]) => [fill(s, n + 1, TREE_MIN), fill(e, n + 1, TREE_MAX)]);
  }
}

function fill(key: IndexKey, length: number, sentinel: TreeSentinel): IndexKey {
  const out = key.slice();
  while (out.length < length) out.push(sentinel);
  return out;
}

function sentinelCompare(x: unknown, y: unknown): number {
  const rank = (v: unknown) => (v === TREE_MIN ? -1 : v === TREE_MAX ? 1 : 0);
  return rank(x) - rank(y);
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const out: unknown[] = [];
  for (const v of values)
    if (!out.some((o) => compareValues(o, v) === 0 && typeof o === typeof v)) out.push(v);
  return out;
}
