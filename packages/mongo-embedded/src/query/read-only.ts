import type { Document } from 'bson';
import { isPlainObject } from './values';

/** Stages that never change the documents they are given (so the stored objects need no copy). */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount']);

/** A stage that never changes what it is given: one of READ_ONLY_STAGES, or a `$facet` of such stages. */
export function readOnly(stage: Document): boolean {
  const name = Object.keys(stage)[0];
  if (READ_ONLY_STAGES.has(name)) return true;
  if (name !== '$facet' || !isPlainObject(stage.$facet)) return false;
  return Object.values(stage.$facet as Document).every(
    (sub) => Array.isArray(sub) && (sub as Document[]).every(readOnly),
  );
}
