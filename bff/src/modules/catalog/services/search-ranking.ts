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
  /** 俗称, lower-case, and their pinyin (most items have none: two empty arrays). */
  aliasesLower: string[];
  aliases: PinyinMatcher[];
}

const NONE: never[] = [];

export function toRankable(item: IndexedItem): RankableItem {
  return {
    item,
    nameLower: item.search?.name ?? item.name.toLowerCase(),
    codeLower: item.code.toLowerCase(),
    departmentLower: item.departmentName.toLowerCase(),
    name: pinyinMatcher(item.search?.pinyin ?? '', item.search?.initials ?? ''),
    department: pinyinMatcher(item.search?.departmentPinyin ?? '', item.search?.departmentInitials ?? ''),
    aliasesLower: item.aliases?.length ? item.aliases.map((a) => a.toLowerCase()) : NONE,
    aliases: item.aliases?.length
      ? item.aliases.map((_, i) =>
          pinyinMatcher(item.search?.aliasPinyin?.[i] ?? '', item.search?.aliasInitials?.[i] ?? ''),
        )
      : NONE,
  };
}

/** Relevance tiers, best first: the order the issue asks for. */
export const SCORE = {
  exactName: 100,
  /** The query is one of the item's 俗称 (营业执照 for 有限责任公司设立登记). */
  aliasExact: 90,
  namePrefix: 80,
  nameSubstring: 60,
  aliasSubstring: 55,
  /** The name or an alias holds what a synonym of the query expands to (营业执照 → 设立登记). */
  synonym: 50,
  /** Pinyin or initials spelling a whole alias (yyzz). */
  aliasPinyinExact: 48,
  pinyinPrefix: 45,
  pinyin: 40,
  aliasPinyin: 38,
  otherField: 20,
  none: 0,
} as const;

function aliasPinyinScore(r: RankableItem, latin: string): number {
  let best: number = SCORE.none;
  for (const m of r.aliases) {
    if (m.compact === latin || m.initials === latin) return SCORE.aliasPinyinExact;
    if (pinyinMatch(m, latin) > 0) best = SCORE.aliasPinyin;
  }
  return best;
}

function directScore(r: RankableItem, q: PreparedQuery): number {
  if (r.nameLower === q.text) return SCORE.exactName;
  if (r.aliasesLower.length > 0 && r.aliasesLower.includes(q.text)) return SCORE.aliasExact;
  if (r.nameLower.startsWith(q.text)) return SCORE.namePrefix;
  if (r.nameLower.includes(q.text)) return SCORE.nameSubstring;
  if (r.aliasesLower.some((a) => a.includes(q.text))) return SCORE.aliasSubstring;
  if (q.latin) {
    const alias = r.aliases.length > 0 ? aliasPinyinScore(r, q.latin) : SCORE.none;
    if (alias === SCORE.aliasPinyinExact) return alias;
    const m = pinyinMatch(r.name, q.latin);
    if (m === 2) return SCORE.pinyinPrefix;
    if (m === 1) return SCORE.pinyin;
    if (alias > SCORE.none) return alias;
  }
  if (r.departmentLower.includes(q.text) || r.codeLower.includes(q.text)) return SCORE.otherField;
  if (q.latin && pinyinMatch(r.department, q.latin) > 0) return SCORE.otherField;
  return SCORE.none;
}

/**
 * The item's best tier for the query itself, or for the texts the synonyms expand it to
 * (`expandQuery`): an expansion match ranks below a direct name match, above pinyin.
 */
export function scoreItem(r: RankableItem, q: PreparedQuery, expansions: readonly string[] = NONE): number {
  const direct = directScore(r, q);
  if (direct >= SCORE.synonym || expansions.length === 0) return direct;
  for (const e of expansions) {
    if (r.nameLower.includes(e) || r.aliasesLower.some((a) => a.includes(e))) return SCORE.synonym;
  }
  return direct;
}

/** Popularity first, then the code so equal items keep a stable order across pages. */
export function byPopularity(a: IndexedItem, b: IndexedItem): number {
  return b.popularity - a.popularity || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Matching items by relevance tier, then popularity. */
export function rankItems(
  items: RankableItem[],
  q: PreparedQuery,
  expansions: readonly string[] = NONE,
): IndexedItem[] {
  const scored: Array<{ item: IndexedItem; score: number }> = [];
  for (const r of items) {
    const score = scoreItem(r, q, expansions);
    if (score > 0) scored.push({ item: r.item, score });
  }
  scored.sort((a, b) => b.score - a.score || byPopularity(a.item, b.item));
  return scored.map((s) => s.item);
}
