import { createHash } from 'node:crypto';
import type { FieldChange } from '../models/item-change.model';
import type { ServiceItemRecord } from '../models/service-item.model';
import type { ItemContent } from '../repositories/service-item.repository';
import type { ValidItem } from './import/validate-rows';
import { computeSearchKeys } from './search-keys';

/** The fields an import owns, in a fixed order (the hash depends on it). */
const CONTENT_FIELDS = [
  'name',
  'departmentCode',
  'departmentName',
  'kind',
  'level',
  'maxTrips',
  'tripsReason',
  'onlineCapable',
  'themes',
] as const;
const GUIDE_FIELDS = [
  'conditions',
  'materials',
  'steps',
  'legalLimitDays',
  'promisedLimitDays',
  'fees',
  'halls',
  'phone',
  'legalBasis',
] as const;

type Comparable = Pick<ServiceItemRecord, (typeof CONTENT_FIELDS)[number] | 'guide'> & {
  aliases?: string[];
};

/** JSON with keys sorted, so equal content always hashes the same whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function contentHash(item: Comparable): string {
  const parts = CONTENT_FIELDS.map((f) => stableJson(item[f]));
  parts.push(...GUIDE_FIELDS.map((f) => stableJson(item.guide?.[f])));
  // Aliases came later: an item without any hashes as before, so an upgrade re-imports nothing.
  if (item.aliases && item.aliases.length > 0) parts.push(`aliases:${stableJson(item.aliases)}`);
  return createHash('sha1').update(parts.join('\u0001')).digest('hex');
}

/** A validated row as stored: content, pinyin keys and hash (computed now, not per query). */
export function toItemContent(item: ValidItem): ItemContent {
  const { row: _row, ...content } = item;
  return {
    ...content,
    aliases: item.aliases ?? [],
    search: computeSearchKeys(item.name, item.departmentName, item.aliases),
    contentHash: contentHash(item),
  };
}

/** What changed, field by field (guide fields separately): the body of a change-log entry. */
export function diffContent(before: Comparable, after: Comparable): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of CONTENT_FIELDS) {
    if (stableJson(before[field]) !== stableJson(after[field])) {
      changes.push({ field, before: before[field], after: after[field] });
    }
  }
  if (stableJson(before.aliases ?? []) !== stableJson(after.aliases ?? [])) {
    changes.push({ field: 'aliases', before: before.aliases ?? [], after: after.aliases ?? [] });
  }
  for (const field of GUIDE_FIELDS) {
    if (stableJson(before.guide?.[field]) !== stableJson(after.guide?.[field])) {
      changes.push({ field: `guide.${field}`, before: before.guide?.[field], after: after.guide?.[field] });
    }
  }
  return changes;
}
