import type { IndexedItem } from '../repositories/service-item.repository';
import { pinyinMatch, pinyinMatcher, type PinyinMatcher, type PreparedQuery } from './search-keys';

/** An indexed item with its matchers built once per index rebuild. */
export interface RankableItem {
  item: IndexedItem;
  nameLower: string;
  codeLower: string;
  departmentLower: string;
  name: PinyinMatcher;
  department: PinyinMatcher;
}

export function toRankable(item: IndexedItem): RankableItem {
  return {
    item,
    nameLower: item.search?.name ?? item.name.toLowerCase(),
    codeLower: item.code.toLowerCase(),
    departmentLower: item.departmentName.toLowerCase(),
    name: pinyinMatcher(item.search?.pinyin ?? '', item.search?.initials ?? ''),
    department: pinyinMatcher(item.search?.departmentPinyin ?? '', item.search?.departmentInitials ?? ''),
  };
}

/** Relevance tiers, best first: the order the issue asks for. */
export const SCORE = {
  exactName: 100,
  namePrefix: 80,
  nameSubstring: 60,
  pinyinPrefix: 45,
  pinyin: 40,
  otherField: 20,
  none: 0,
} as const;

export function scoreItem(r: RankableItem, q: PreparedQuery): number {
  if (r.nameLower === q.text) return SCORE.exactName;
  if (r.nameLower.startsWith(q.text)) return SCORE.namePrefix;
  if (r.nameLower.includes(q.text)) return SCORE.nameSubstring;
  if (q.latin) {
    const m = pinyinMatch(r.name, q.latin);
    if (m === 2) return SCORE.pinyinPrefix;
    if (m === 1) return SCORE.pinyin;
  }
  if (r.departmentLower.includes(q.text) || r.codeLower.includes(q.text)) return SCORE.otherField;
  if (q.latin && pinyinMatch(r.department, q.latin) > 0) return SCORE.otherField;
  return SCORE.none;
}

/** Popularity first, then the code so equal items keep a stable order across pages. */
export function byPopularity(a: IndexedItem, b: IndexedItem): number {
  return b.popularity - a.popularity || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Matching items by relevance tier, then popularity. */
export function rankItems(items: RankableItem[], q: PreparedQuery): IndexedItem[] {
  const scored: Array<{ item: IndexedItem; score: number }> = [];
  for (const r of items) {
    const score = scoreItem(r, q);
    if (score > 0) scored.push({ item: r.item, score });
  }
  scored.sort((a, b) => b.score - a.score || byPopularity(a.item, b.item));
  return scored.map((s) => s.item);
}
