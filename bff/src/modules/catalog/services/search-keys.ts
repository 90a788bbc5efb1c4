import { pinyin } from 'pinyin-pro';
import type { ItemSearchKeys } from '../models/service-item.model';

/**
 * Pinyin syllables of a text, lower-case, without tones. Runs of non-Chinese characters (ICP, 12345)
 * stay one token; punctuation is dropped so it never splits a match.
 */
export function pinyinSyllables(text: string): string[] {
  return text.split(SEGMENT_BREAK).flatMap(segmentSyllables);
}

/**
 * Names repeat their parts (“…变更登记（密山市）”), so each punctuation-separated segment is
 * converted once per process; polyphone context never crosses punctuation anyway.
 */
const SEGMENT_BREAK = /[（）()【】[\]、，,；;：:。\s/]+/;
const segmentCache = new Map<string, string[]>();
const SEGMENT_CACHE_LIMIT = 50_000;

function segmentSyllables(segment: string): string[] {
  if (!segment) return [];
  const cached = segmentCache.get(segment);
  if (cached) return cached;
  const syllables = pinyin(segment, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((s) => s.length > 0);
  if (segmentCache.size < SEGMENT_CACHE_LIMIT) segmentCache.set(segment, syllables);
  return syllables;
}

/** Computed when an item is written (import), never per query. */
export function computeSearchKeys(
  name: string,
  departmentName: string,
  aliases: string[] = [],
): ItemSearchKeys {
  const nameSyllables = pinyinSyllables(name);
  const departmentSyllables = pinyinSyllables(departmentName);
  const aliasSyllables = aliases.map(pinyinSyllables);
  return {
    name: name.toLowerCase(),
    pinyin: nameSyllables.join(' '),
    initials: nameSyllables.map((s) => s[0]).join(''),
    departmentPinyin: departmentSyllables.join(' '),
    departmentInitials: departmentSyllables.map((s) => s[0]).join(''),
    ...(aliases.length > 0
      ? {
          aliasPinyin: aliasSyllables.map((s) => s.join(' ')),
          aliasInitials: aliasSyllables.map((s) => s.map((x) => x[0]).join('')),
        }
      : {}),
  };
}

/** A query as the ranking compares it: lower-case, and its pinyin form when it is Latin letters. */
export interface PreparedQuery {
  text: string;
  /** Letters only, spaces removed (`bu dong` → `budong`), or undefined for a Chinese query. */
  latin?: string;
}

export function prepareQuery(q: string): PreparedQuery {
  const text = q.trim().toLowerCase();
  const compact = text.replace(/\s+/g, '');
  return { text, latin: /^[a-z]+$/.test(compact) ? compact : undefined };
}

/**
 * Pinyin in a form that answers "does the query start at a syllable boundary?" quickly:
 * the syllables joined without spaces, and the offsets where each syllable starts.
 */
export interface PinyinMatcher {
  compact: string;
  starts: Uint8Array;
  initials: string;
}

export function pinyinMatcher(spacedPinyin: string, initials: string): PinyinMatcher {
  const syllables = spacedPinyin ? spacedPinyin.split(' ') : [];
  const compact = syllables.join('');
  const starts = new Uint8Array(compact.length + 1);
  let offset = 0;
  for (const s of syllables) {
    starts[offset] = 1;
    offset += s.length;
  }
  return { compact, starts, initials };
}

/**
 * 0 = no match, 2 = matches from the first syllable, 1 = matches from a later syllable.
 * Partial pinyin (`budong`) and initials (`bdcdj`) both count; a match inside a syllable
 * (`ongchan`) does not, or short queries would match almost everything.
 */
export function pinyinMatch(matcher: PinyinMatcher, latin: string): 0 | 1 | 2 {
  if (matcher.compact.startsWith(latin) || matcher.initials.startsWith(latin)) return 2;
  if (matcher.initials.includes(latin)) return 1;
  let from = matcher.compact.indexOf(latin, 1);
  while (from !== -1) {
    if (matcher.starts[from] === 1) return 1;
    from = matcher.compact.indexOf(latin, from + 1);
  }
  return 0;
}
