import type { Document } from 'bson';
import { Context, ProcessingMode, Query } from 'mingo';
import { $bsonType, rewriteTypeOperator } from './bson-types';

type ContextOps = NonNullable<Parameters<typeof Context.init>[0]>;

/** Our extra query operators, added to mingo's defaults by mingo itself. */
const CONTEXT = Context.init({ query: { $bsonType } as unknown as ContextOps['query'] });

export interface MingoOptions {
  context: Context;
  processingMode: ProcessingMode;
  collectionResolver?: (name: string) => Document[];
  collation?: { locale: string };
}

/**
 * Options for every mingo call. Aggregations clone their input because some stages
 * mutate documents in place and mingo otherwise hands us our stored objects.
 */
export function mingoOptions(
  extra: { resolver?: (name: string) => Document[]; cloneInput?: boolean; collation?: unknown } = {},
): MingoOptions {
  const opts: MingoOptions = {
    context: CONTEXT,
    processingMode: extra.cloneInput ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
  };
  if (extra.resolver) opts.collectionResolver = extra.resolver;
  if (
    extra.collation &&
    typeof extra.collation === 'object' &&
    'locale' in extra.collation &&
    extra.collation.locale !== 'simple'
  ) {
    opts.collation = extra.collation as { locale: string };
  }
  return opts;
}

/** The one way to build a mingo Query: applies our filter rewrites (BSON-aware `$type`). */
export function compileQuery(filter: Document | undefined, collation?: unknown): Query {
  return new Query(rewriteTypeOperator(filter ?? {}), mingoOptions({ collation }));
}

/** Rewrites `$match` stages (the only query-language stages we adjust) of a pipeline. */
export function rewritePipeline(pipeline: Document[]): Document[] {
  return pipeline.map((stage) =>
    '$match' in stage ? { $match: rewriteTypeOperator(stage.$match as Document) } : stage,
  );
}
