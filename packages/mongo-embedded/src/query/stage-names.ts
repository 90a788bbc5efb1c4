/**
 * The names our own `$group` and `$facet` run under in mingo (mingo's operators win a name both
 * define, so `rewritePipeline` renames the stages to these).
 */
export const GROUP_STAGE = '$groupByKey';
export const FACET_STAGE = '$facetOverStored';
