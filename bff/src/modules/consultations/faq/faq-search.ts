import type { FaqEntry } from '@app/shared';
import {
  pinyinMatch,
  pinyinMatcher,
  pinyinSyllables,
  prepareQuery,
  type PinyinMatcher,
  type PreparedQuery,
} from '../../catalog/services/search-keys';
import type { FaqEntryRecord } from '../models/faq.model';

/**
 * FAQ search as the catalog searches items (the same pinyin keys and matcher, pinyin-pro): Chinese
 * substring, full pinyin from a syllable boundary, initials; plus, for a sentence typed in the ask
 * page (“营业执照丢了怎么补办”), the share of its two-character pieces found in the question, so a
 * suggestion appears before the wording matches exactly. Keys are computed when an entry is written.
 */
export function faqSearchKeys(question: string): FaqEntryRecord['search'] {
  const syllables = pinyinSyllables(question);
  return {
    text: question.toLowerCase(),
    pinyin: syllables.join(' '),
    initials: syllables.map((s) => s[0]).join(''),
  };
}

export interface IndexedFaq {
  view: FaqEntry;
  items: string[];
  departments: string[];
  text: string;
  answerText: string;
  matcher: PinyinMatcher;
  bigrams: Set<string>;
  rank: number;
}

const HAN = /\p{Script=Han}/u;
// Common words that say nothing about the subject of a question.
const STOP = new Set([
  '怎么',
  '如何',
  '什么',
  '需要',
  '可以',
  '是否',
  '我想',
  '请问',
  '办理',
  '哪里',
  '多久',
  '一下',
  '的话',
  '时候',
]);

export function bigramsOf(text: string): string[] {
  const grams: string[] = [];
  const chars = Array.from(text.toLowerCase()).filter((ch) => HAN.test(ch) || /[a-z0-9]/.test(ch));
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    if (!STOP.has(g)) grams.push(g);
  }
  return grams;
}

export function toIndexed(record: FaqEntryRecord, view: FaqEntry): IndexedFaq {
  return {
    view,
    items: record.items,
    departments: record.departments,
    text: record.search?.text ?? record.question.toLowerCase(),
    answerText: record.answer.toLowerCase(),
    matcher: pinyinMatcher(record.search?.pinyin ?? '', record.search?.initials ?? ''),
    bigrams: new Set(bigramsOf(record.question)),
    rank: (record.helpful ?? 0) - (record.notHelpful ?? 0),
  };
}

export function scoreFaq(entry: IndexedFaq, q: PreparedQuery, grams: string[]): number {
  if (!q.text) return 1;
  if (entry.text.startsWith(q.text)) return 100;
  if (entry.text.includes(q.text)) return 90;
  if (q.latin) {
    const m = pinyinMatch(entry.matcher, q.latin);
    if (m === 2) return 80;
    if (m === 1) return 70;
    return 0;
  }
  if (entry.answerText.includes(q.text)) return 50;
  if (grams.length === 0) return 0;
  let hits = 0;
  for (const g of grams) if (entry.bigrams.has(g)) hits++;
  const share = hits / grams.length;
  return hits >= 2 && share >= 0.3 ? Math.round(10 + 35 * share) : 0;
}

export function searchFaq(
  index: IndexedFaq[],
  query: { q?: string; item?: string; department?: string; limit: number },
): { items: FaqEntry[]; total: number } {
  const q = prepareQuery(query.q ?? '');
  const grams = q.latin ? [] : [...new Set(bigramsOf(q.text))];
  const scored: Array<{ entry: IndexedFaq; score: number }> = [];
  for (const entry of index) {
    if (query.item && !entry.items.includes(query.item)) continue;
    if (query.department && !entry.departments.includes(query.department)) continue;
    const score = scoreFaq(entry, q, grams);
    if (score > 0) scored.push({ entry, score });
  }
  scored.sort((a, b) => b.score - a.score || b.entry.rank - a.entry.rank);
  return { items: scored.slice(0, query.limit).map((s) => s.entry.view), total: scored.length };
}
