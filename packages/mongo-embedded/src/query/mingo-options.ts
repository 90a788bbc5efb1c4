import type { Document } from 'bson';
import { Context, ProcessingMode, Query } from 'mingo';
import { $bsonType, rewriteTypeOperator } from './bson-types';
import { comparisonOperators, rewriteComparisons } from './comparisons';
import { $facet } from './facet';
import { $group } from './group';
import { FACET_STAGE, GROUP_STAGE } from './stage-names';

type ContextOps = NonNullable<Parameters<typeof Context.init>[0]>;

/**
 * Our extra query operators and our `$group` (group.ts), added to mingo's defaults by mingo itself.
 * mingo's own operators win a name both define, so ours has its own name and `rewritePipeline`
 * renames the stages.
 */
const CONTEXT = Context.init({
  query: { $bsonType, ...comparisonOperators } as unknown as ContextOps['query'],
  pipeline: { [GROUP_STAGE]: $group, [FACET_STAGE]: $facet } as unknown as ContextOps['pipeline'],
});
const OWN_OPERATORS = new Set(['$bsonType', ...Object.keys(comparisonOperators)]);

export interface MingoOptions {
  context: Context;
  processingMode: ProcessingMode;
  collectionResolver?: (name: string) => Document[];
  collation?: { locale: string };
  /** Command-level `let`: `$$name` in expressions. */
  variables?: Document;
}

/**
 * Options for every mingo call. Aggregations clone their input because some stages
 * mutate documents in place and mingo otherwise hands us our stored objects.
 */
export function mingoOptions(
  extra: {
    resolver?: (name: string) => Document[];
    cloneInput?: boolean;
    collation?: unknown;
    variables?: Document;
  } = {},
): MingoOptions {
  const opts: MingoOptions = {
    context: CONTEXT,
    processingMode: extra.cloneInput ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
  };
  if (extra.resolver) opts.collectionResolver = extra.resolver;
  if (extra.variables) opts.variables = extra.variables;
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

/**
 * The one way to build a mingo Query: applies our filter rewrites (BSON-aware `$type`; exact
 * numeric comparison when the documents may hold Decimal128/Long values; collation-aware string
 * comparison under a non-simple collation).
 */
export function compileQuery(
  filter: Document | undefined,
  collation?: unknown,
  exoticNumbers = false,
  variables?: Document,
  /** The filter will test many documents (a pipeline's `$match`): worth our set-based `$in`. */
  scan = false,
): Query {
  const strings = hasLocale(collation);
  let rewritten = rewriteTypeOperator(filter ?? {});
  rewritten = rewriteComparisons(rewritten, { numbers: exoticNumbers, strings, sets: scan });
  const options = mingoOptions({ collation, variables });
  // With a context, mingo merges all its operator tables with ours on every `new Query` (copying
  // each table): that dominated the engine's CPU on point look-ups. Only filters using our
  // operator need it; the others get mingo's defaults, which it does not re-merge.
  if (!usesOwnOperator(rewritten)) return new Query(rewritten, { ...options, context: undefined });
  return new Query(rewritten, options);
}

/** Whether a (rewritten) filter mentions `$bsonType` anywhere. */
export function usesOwnOperator(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesOwnOperator);
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (OWN_OPERATORS.has(key) || usesOwnOperator(v)) return true;
  }
  return false;
}

function hasLocale(collation: unknown): boolean {
  return (
    !!collation &&
    typeof collation === 'object' &&
    'locale' in collation &&
    (collation as { locale: unknown }).locale !== 'simple'
  );
}

/**
 * Rewrites the stages of a pipeline we run our way: `$match` (`$type`, numbers compared exactly
 * across BSON types, strings by the collation) and `$group` (ours, see group.ts), also inside `$facet`.
 */
export function rewritePipeline(pipeline: Document[], collation?: unknown): Document[] {
  const strings = hasLocale(collation);
  return pipeline.map((stage) => {
    if (Object.keys(stage).length !== 1) return stage;
    if ('$group' in stage) return { [GROUP_STAGE]: stage.$group as Document };
    if ('$match' in stage)
      return {
        $match: rewriteComparisons(rewriteTypeOperator(stage.$match as Document), {
          numbers: true,
          strings,
          sets: true,
        }),
      };
    // Each facet is a pipeline of its own over the same documents: the same rewrites; ours (facet.ts).
    if ('$facet' in stage && stage.$facet && typeof stage.$facet === 'object')
      return {
        [FACET_STAGE]: Object.fromEntries(
          Object.entries(stage.$facet as Document).map(([name, sub]) => [
            name,
            Array.isArray(sub) ? rewritePipeline(sub as Document[], collation) : sub,
          ]),
        ),
      };
    return stage;
  });
}
