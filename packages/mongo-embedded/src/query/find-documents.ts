import type { Document } from 'bson';
import { Query } from 'mingo';
import type { Collection } from '../storage/collection';
import { sortDocuments } from './compare';
import { collationCompare } from './comparisons';
import { compileQuery, mingoOptions } from './mingo-options';
import { describePlan, planQuery, type Plan } from './planner';
import { compileInclusion } from './projection';
import { withIdFirst } from './values';

export interface FindSpec {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: unknown;
  hint?: unknown;
  /** Command-level `let`. */
  variables?: Document;
  /** A pipeline's leading `$match`: compiled for scanning many documents (see compileQuery). */
  scan?: boolean;
}

export interface FindRun {
  docs: Document[];
  plan: Plan;
  /** The sort was done in memory (not given by the index). */
  sortedInMemory: boolean;
  docsExamined: number;
}

/**
 * filter -> sort -> skip -> limit -> projection, as mongod orders them, reading through the plan
 * the planner picks (an index when one fits). Returns stored objects when there is no projection:
 * callers must treat results as read-only.
 */
export function findDocuments(coll: Collection | undefined, spec: FindSpec): Document[] {
  return runFind(coll, spec).docs;
}

export function runFind(coll: Collection | undefined, spec: FindSpec): FindRun {
  const filter = spec.filter ?? {};
  const { sort, natural } = splitNaturalSort(spec.sort);
  const plan = planQuery(coll, filter, { sort, collation: spec.collation, hint: spec.hint });
  const query = compileQuery(filter, spec.collation, coll?.exoticNumbers ?? false, spec.variables, spec.scan);
  const skip = Math.max(0, spec.skip ?? 0);
  const limit = spec.limit ? Math.abs(spec.limit) : undefined;
  let docsExamined = 0;
  let docs: Document[] = [];
  const sortedInMemory = !!sort && !plan.sorted;
  if (!sortedInMemory) {
    // In the requested order already: stop as soon as skip + limit documents matched.
    const wanted = limit === undefined ? Infinity : skip + limit;
    let source = plan.docs();
    if (natural < 0 && plan.stage === 'COLLSCAN') source = (source as Document[]).slice().reverse();
    for (const doc of source) {
      docsExamined++;
      if (!query.test(doc)) continue;
      docs.push(doc);
      if (docs.length >= wanted) break;
    }
    docs = skip ? docs.slice(skip) : docs;
  } else {
    for (const doc of plan.docs()) {
      docsExamined++;
      if (query.test(doc)) docs.push(doc);
    }
    docs = sortDocuments(docs, sort!, collationCompare(spec.collation));
    docs = docs.slice(skip, limit === undefined ? undefined : skip + limit);
  }
  if (spec.projection && Object.keys(spec.projection).length) docs = projectAll(docs, spec.projection);
  return { docs, plan, sortedInMemory, docsExamined };
}

/** Plain inclusions walk each document once (projection.ts); anything else is mingo's. */
function projectAll(docs: Document[], projection: Document): Document[] {
  const fast = compileInclusion(projection);
  if (fast) return docs.map(fast);
  // mingo's inclusion projection appends _id last; mongod keeps it first.
  return new Query({}, mingoOptions()).find<Document>(docs, projection).all().map(withIdFirst);
}

/** `explain` of a find: the plan that was used and what running it took. */
export function explainFind(
  coll: Collection | undefined,
  ns: string,
  spec: FindSpec,
  verbosity: string,
): Document {
  const started = performance.now();
  const run = runFind(coll, spec);
  const filter = spec.filter ?? {};
  const winningPlan = describePlan(run.plan, filter, run.sortedInMemory ? spec.sort : undefined);
  const out: Document = {
    explainVersion: '1',
    queryPlanner: {
      namespace: ns,
      parsedQuery: filter,
      indexFilterSet: false,
      winningPlan,
      rejectedPlans: [],
    },
  };
  if (verbosity !== 'queryPlanner') {
    out.executionStats = {
      executionSuccess: true,
      nReturned: run.docs.length,
      executionTimeMillis: Math.round(performance.now() - started),
      totalKeysExamined: run.plan.keysExamined(),
      totalDocsExamined: run.docsExamined,
      executionStages: winningPlan,
    };
  }
  return out;
}

/** `$natural` is a storage-order hint, not a field: honour only its direction. */
function splitNaturalSort(sort: Document | undefined): { sort?: Document; natural: number } {
  if (!sort || Object.keys(sort).length === 0) return { natural: 1 };
  const { $natural, ...rest } = sort;
  return { sort: Object.keys(rest).length ? rest : undefined, natural: Number($natural ?? 1) };
}

/** Documents matching a filter, in plan order (update/delete targets). */
export function matchingDocuments(
  coll: Collection,
  filter: Document,
  collation?: unknown,
  hint?: unknown,
): Document[] {
  return findDocuments(coll, { filter, collation, hint });
}

/** Applies a find-style projection to one document (findAndModify `fields`). */
export function projectDocument(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  return projectAll([doc], projection)[0]!;
}
