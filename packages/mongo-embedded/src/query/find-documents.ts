import type { Document } from 'bson';
import { Query } from 'mingo';
import type { Collection } from '../storage/collection';
import { compileQuery, mingoOptions } from './mingo-options';
import { withIdFirst } from './values';

export interface FindSpec {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: unknown;
}

/**
 * filter -> sort -> skip -> limit -> projection, as mongod orders them. Returns stored
 * objects when there is no projection: callers must treat results as read-only.
 */
export function findDocuments(coll: Collection | undefined, spec: FindSpec): Document[] {
  const filter = spec.filter ?? {};
  let source = coll ? coll.candidates(filter) : [];
  const { sort, natural } = splitNaturalSort(spec.sort);
  if (natural < 0) source = source.slice().reverse();
  const cursor = compileQuery(filter, spec.collation).find<Document>(source, spec.projection ?? {});
  if (sort) cursor.sort(sort as Record<string, 1 | -1>);
  if (spec.skip) cursor.skip(spec.skip);
  if (spec.limit) cursor.limit(Math.abs(spec.limit));
  const docs = cursor.all();
  // mingo's inclusion projection appends _id last; mongod keeps it first.
  return spec.projection && Object.keys(spec.projection).length ? docs.map(withIdFirst) : docs;
}

/** `$natural` is a storage-order hint, not a field: honour only its direction. */
function splitNaturalSort(sort: Document | undefined): { sort?: Document; natural: number } {
  if (!sort || Object.keys(sort).length === 0) return { natural: 1 };
  const { $natural, ...rest } = sort;
  return { sort: Object.keys(rest).length ? rest : undefined, natural: Number($natural ?? 1) };
}

/** Documents matching a filter, in storage order (update/delete targets). */
export function matchingDocuments(coll: Collection, filter: Document): Document[] {
  const query = compileQuery(filter);
  return coll.candidates(filter ?? {}).filter((doc) => query.test(doc));
}

/** Applies a find-style projection to one document (findAndModify `fields`). */
export function projectDocument(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const [projected] = new Query({}, mingoOptions()).find<Document>([doc], projection).all();
  return withIdFirst(projected);
}
