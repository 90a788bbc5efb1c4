import type { Document } from 'bson';
import { FACET_STAGE, GROUP_STAGE } from './stage-names';
import { isPlainObject } from './values';

/**
 * Stages that never change the documents they are given (so the stored objects need no copy),
 * under their MongoDB names and, after `rewritePipeline`, ours.
 */
const READ_ONLY_STAGES = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$group',
  '$sortByCount',
  GROUP_STAGE,
]);
const FACETS = new Set(['$facet', FACET_STAGE]);

/** A stage that never changes what it is given: one of READ_ONLY_STAGES, or a `$facet` of such stages. */
export function readOnly(stage: Document): boolean {
  const name = Object.keys(stage)[0];
  if (READ_ONLY_STAGES.has(name)) return true;
  if (!FACETS.has(name) || !isPlainObject(stage[name])) return false;
  return Object.values(stage[name] as Document).every(
    (sub) => Array.isArray(sub) && (sub as Document[]).every(readOnly),
  );
}
