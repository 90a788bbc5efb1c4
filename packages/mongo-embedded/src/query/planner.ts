import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import type { Collection } from '../storage/collection';
import type { FieldBounds, OrderedIndex } from '../storage/ordered-index';
import { Bound, compareValues, isNumeric, MAX_ALL, MIN_ALL, typeOrder } from './compare';
import { bsonTypeOf, isOperatorObject, isPlainObject } from './values';

/**
 * How a query reads a collection: `IDHACK` / unique point look-ups, an index scan (`IXSCAN`) over
 * bounds built from equality, `$in` and range conditions (MongoDB's prefix rules for compound
 * indexes), or a collection scan. An index scan may also give the sort order, so a sorted, limited
 * query stops after a few keys. The caller always applies the full filter to what comes out.
 */
export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN' | 'EOF';
  index?: OrderedIndex;
  indexName?: string;
  bounds?: FieldBounds[];
  reverse?: boolean;
  /** The documents come out in the requested sort order. */
  sorted: boolean;
  /** Candidate documents (a superset of the matches), lazily. */
  docs(): Iterable<Document>;
  keysExamined(): number;
}

export interface PlanOptions {
  sort?: Document;
  /** A non-simple collation: string bounds would not match, so no index is used. */
  collation?: unknown;
  hint?: unknown;
}

type Condition = {
  /** `$exists: true`: only a sparse index can use it (it holds exactly the documents with the field). */
  exists?: true;
  eq?: unknown;
  in?: unknown[];
  lo?: unknown;
  loInc?: boolean;
  hi?: unknown;
  hiInc?: boolean;
};

export function planQuery(coll: Collection | undefined, filter: Document, opts: PlanOptions = {}): Plan {
  if (!coll) return { stage: 'EOF', sorted: true, docs: () => [], keysExamined: () => 0 };
  const sort = sortFields(opts.sort);
  const simpleCollation = !hasCollation(opts.collation);
  const hinted = hintedIndex(coll, opts.hint);
  if (hinted === 'natural') return collScan(coll);
  if (!hinted && simpleCollation) {
    const point = coll.pointLookup(filter);
    if (point) {
      return {
        stage: 'IDHACK',
        indexName: point.index,
        sorted: point.docs.length <= 1,
        docs: () => point.docs,
        keysExamined: () => point.docs.length,
      };
    }
  }
  const conditions = simpleCollation ? collectConditions(filter) : new Map<string, Condition[]>();
  let best:
    | { index: OrderedIndex; bounds: FieldBounds[]; score: number; reverse: boolean; sorted: boolean }
    | undefined;
  const candidates = hinted
    ? [hinted]
    : coll
        .orderedIndexes()
        .filter(
          (i) =>
            i.usableForQueries ||
            (i.usableWhenFieldPresent && i.fields.some((f) => requiresPresence(conditions.get(f)))),
        );
  for (const index of candidates) {
    const { bounds, score } = boundsFor(index, conditions);
    const order = sortOrder(index, bounds, sort);
    const total = score + (order ? 1 : 0);
    if (!hinted && total === 0) continue;
    if (
      !best ||
      total > best.score ||
      (total === best.score && index.fields.length < best.index.fields.length)
    )
      best = { index, bounds, score: total, reverse: order === 'reverse', sorted: order !== undefined };
  }
  if (!best) return collScan(coll);
  const { index, bounds, reverse, sorted } = best;
  let examined = 0;
  return {
    stage: 'IXSCAN',
    index,
    indexName: index.name,
    bounds,
    reverse,
    sorted: sorted || sort.length === 0,
    keysExamined: () => examined,
    *docs() {
      const seen = index.multikey ? new Set<string>() : undefined;
      for (const id of index.scan(bounds, reverse)) {
        examined++;
        if (seen) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        const doc = coll.getByKey(id);
        if (doc) yield doc;
      }
    },
  };
}

/**
 * The field's conditions cannot match a document where it is missing (or null): an equality or `$in`
 * without null, or a range whose bound is not null (type bracketing keeps nulls out). Then every
 * match has the field, so a sparse index on it holds every match, as mongod reasons too.
 */
function requiresPresence(list: Condition[] | undefined): boolean {
  return (list ?? []).some((c) => {
    if (c.exists) return true;
    if ('eq' in c) return c.eq !== null && c.eq !== undefined;
    if (c.in) return c.in.every((v) => v !== null && v !== undefined);
    const bound = c.lo instanceof Bound ? c.hi : c.lo;
    return bound !== null && bound !== undefined && !(bound instanceof Bound);
  });
}

function collScan(coll: Collection): Plan {
  return { stage: 'COLLSCAN', sorted: false, docs: () => coll.all(), keysExamined: () => 0 };
}

function hasCollation(collation: unknown): boolean {
  return (
    collation !== null &&
    typeof collation === 'object' &&
    'locale' in collation &&
    (collation as { locale: unknown }).locale !== 'simple'
  );
}

function sortFields(sort: Document | undefined): Array<[string, number]> {
  if (!sort) return [];
  return Object.entries(sort)
    .filter(([k]) => k !== '$natural')
    .map(([k, d]) => [k, Number(d) < 0 ? -1 : 1]);
}

function hintedIndex(coll: Collection, hint: unknown): OrderedIndex | 'natural' | undefined {
  if (hint === undefined || hint === null || hint === '') return undefined;
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return undefined;
  if (isPlainObject(hint) && '$natural' in hint) return 'natural';
  const found = coll
    .orderedIndexes()
    .find((i) =>
      typeof hint === 'string' ? i.name === hint : JSON.stringify(i.spec.key) === JSON.stringify(hint),
    );
  if (!found)
    throw new MongoCommandError(
      'BadValue',
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    );
  coll.ensureReady(found);
  return found;
}

/** A value an index bound can be built from (not null, arrays, documents, regexes or NaN). */
function boundable(v: unknown): boolean {
  if (v === null || v === undefined || Array.isArray(v) || v instanceof RegExp || isPlainObject(v))
    return false;
  if (typeof v === 'number' && Number.isNaN(v)) return false;
  const t = bsonTypeOf(v);
  if (t === 'BSONRegExp' || t === 'MinKey' || t === 'MaxKey' || t === 'Code') return false;
  if (isNumeric(v) && Number.isNaN(Number(String(v)))) return false;
  return true;
}

/** Per field path, the conditions of the top level (and of top-level `$and`) an index can use. */
function collectConditions(
  filter: Document,
  into = new Map<string, Condition[]>(),
): Map<string, Condition[]> {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) collectConditions(sub, into);
      continue;
    }
    if (key.startsWith('$')) continue;
    const add = (c: Condition) => {
      const list = into.get(key) ?? [];
      list.push(c);
      into.set(key, list);
    };
    if (!isOperatorObject(value)) {
      if (boundable(value)) add({ eq: value });
      continue;
    }
    for (const [op, operand] of Object.entries(value)) {
      if (op === '$eq' && boundable(operand)) add({ eq: operand });
      else if (op === '$exists' && operand !== false && operand !== 0 && operand !== null)
        add({ exists: true });
      else if (op === '$in' && Array.isArray(operand) && operand.length > 0 && operand.every(boundable))
        add({ in: operand });
      else if ((op === '$gt' || op === '$gte') && boundable(operand))
        add({ lo: operand, loInc: op === '$gte', hi: new Bound(typeOrder(operand), 1), hiInc: true });
      else if ((op === '$lt' || op === '$lte') && boundable(operand))
        add({ lo: new Bound(typeOrder(operand), -1), loInc: true, hi: operand, hiInc: op === '$lte' });
    }
  }
  return into;
}

/**
 * Bounds on the index's leading fields: points (equality, `$in`) go on, a range ends the prefix.
 * On a multikey index a field's conditions are not intersected (one array can satisfy each in a
 * different element), so only the first is used.
 */
function boundsFor(
  index: OrderedIndex,
  conditions: Map<string, Condition[]>,
): { bounds: FieldBounds[]; score: number } {
  const bounds: FieldBounds[] = [];
  let score = 0;
  for (const field of index.fields) {
    const list = conditions.get(field);
    if (!list?.length) break;
    const eq = list.find((c) => c.eq !== undefined);
    if (eq) {
      bounds.push({ kind: 'points', values: [eq.eq] });
      score += 2;
      continue;
    }
    if (list.every((c) => c.exists)) {
      // The whole of a sparse index is the documents that have the field: as selective as an
      // equality (the outbox relay's `{'outbox.id': {$exists: true}}` over 300,000 bookings).
      if (!index.usableWhenFieldPresent) break;
      bounds.push({ kind: 'range', lo: MIN_ALL, loInc: true, hi: MAX_ALL, hiInc: true });
      score += 2;
      break;
    }
    const inList = list.find((c) => c.in);
    if (inList) {
      bounds.push({ kind: 'points', values: dedupe(inList.in!) });
      score += 2;
      continue;
    }
    const withBounds = list.filter((c) => !c.exists);
    const ranges = index.multikey ? withBounds.slice(0, 1) : withBounds;
    let lo: unknown = MIN_ALL;
    let loInc = true;
    let hi: unknown = MAX_ALL;
    let hiInc = true;
    for (const r of ranges) {
      const cl = compareValues(r.lo, lo);
      if (cl > 0 || (cl === 0 && !r.loInc)) {
        lo = r.lo;
        loInc = r.loInc!;
      }
      const ch = compareValues(r.hi, hi);
      if (ch < 0 || (ch === 0 && !r.hiInc)) {
        hi = r.hi;
        hiInc = r.hiInc!;
      }
    }
    bounds.push({ kind: 'range', lo, loInc, hi, hiInc });
    score += 1;
    break;
  }
  return { bounds, score };
}

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}

/**
 * Whether scanning the index within these bounds yields the requested sort: the sort fields must
 * be the index fields that follow the single-point equality prefix, all in the index's directions
 * or all reversed, and only the first of them may carry several points or a range.
 */
function sortOrder(
  index: OrderedIndex,
  bounds: FieldBounds[],
  sort: Array<[string, number]>,
): 'forward' | 'reverse' | undefined {
  if (sort.length === 0 || index.multikey) return undefined;
  let start = 0;
  while (
    start < bounds.length &&
    bounds[start].kind === 'points' &&
    (bounds[start] as { values: unknown[] }).values.length === 1 &&
    index.fields[start] !== sort[0][0]
  )
    start++;
  let direction: number | undefined;
  for (let i = 0; i < sort.length; i++) {
    const at = start + i;
    if (index.fields[at] !== sort[i][0]) return undefined;
    if (i > 0 && bounds[at] && bounds[at].kind !== 'all') return undefined;
    const d = sort[i][1] * index.dirs[at];
    if (direction === undefined) direction = d;
    else if (direction !== d) return undefined;
  }
  // Bounds past the first sort field would make the scan jump between boxes out of order.
  if (bounds.length > start + 1) {
    for (let i = start + 1; i < bounds.length; i++) if (bounds[i].kind !== 'all') return undefined;
  }
  return direction === 1 ? 'forward' : 'reverse';
}

/** The `queryPlanner.winningPlan` of explain output. */
export function describePlan(plan: Plan, filter: Document, sortInMemory: Document | undefined): Document {
  let stage: Document;
  if (plan.stage === 'IXSCAN' && plan.index) {
    stage = {
      stage: 'FETCH',
      ...(Object.keys(filter).length ? { filter } : {}),
      inputStage: {
        stage: 'IXSCAN',
        keyPattern: plan.index.spec.key,
        indexName: plan.index.name,
        isMultiKey: plan.index.multikey,
        isUnique: !!plan.index.spec.unique,
        direction: plan.reverse ? 'backward' : 'forward',
        indexBounds: Object.fromEntries(
          plan.index.fields.map((f, i) => [f, describeBounds(plan.bounds?.[i])]),
        ),
      },
    };
  } else if (plan.stage === 'IDHACK') {
    stage =
      plan.indexName === '_id_'
        ? { stage: 'IDHACK' }
        : { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: plan.indexName } };
  } else if (plan.stage === 'EOF') stage = { stage: 'EOF' };
  else stage = { stage: 'COLLSCAN', filter, direction: 'forward' };
  return sortInMemory ? { stage: 'SORT', sortPattern: sortInMemory, inputStage: stage } : stage;
}

function describeBounds(b: FieldBounds | undefined): string[] {
  const show = (v: unknown) => (v instanceof Bound ? (v.side < 0 ? 'MinKey' : 'MaxKey') : JSON.stringify(v));
  if (!b || b.kind === 'all') return ['[MinKey, MaxKey]'];
  if (b.kind === 'points') return b.values.map((v) => `[${show(v)}, ${show(v)}]`);
  return [`${b.loInc ? '[' : '('}${show(b.lo)}, ${show(b.hi)}${b.hiInc ? ']' : ')'}`];
}
