import { PINYIN_SYLLABLES } from './pinyin-syllables';
import { pinyinSyllables, type PreparedQuery } from './search-keys';
import type { RankableItem } from './search-ranking';
import type { SynonymIndex } from './search-synonyms';

/**
 * “您是不是要找”: what a query one character (营业执找 → 营业执照) or one pinyin syllable
 * (yingyezhizao, yingzhizhao → 营业执照) away from the catalog's words probably meant. Only asked
 * when a search finds nothing or little, so its cost (a pass over the distinct names) is paid
 * once per query and version: the page it produces is cached like any other.
 */
export interface TypoIndex {
  /** Distinct lower-case names, aliases and synonym terms, with how much each counts. */
  texts: Array<{ text: string; weight: number }>;
  /** Chinese phrases with one syllable per character: names' leading runs, aliases, terms. */
  phrases: Array<{ chars: string; syllables: string[]; weight: number }>;
}

const CJK_RUN = /^[\u4e00-\u9fff]+/;
const isCjk = (code: number) => code >= 0x4e00 && code <= 0x9fff;
/** Synonym terms and aliases are what people call things: prefer them over a word inside a name. */
const WEIGHT = { name: 1, alias: 3, term: 5 } as const;

export function buildTypoIndex(items: RankableItem[], synonyms: SynonymIndex): TypoIndex {
  const texts = new Map<string, number>();
  const phrases = new Map<string, { syllables: string[]; weight: number }>();
  const addText = (text: string, weight: number) => texts.set(text, (texts.get(text) ?? 0) + weight);
  const addPhrase = (chars: string, syllables: string[], weight: number) => {
    if (chars.length < 2 || syllables.length < chars.length) return;
    const known = phrases.get(chars);
    if (known) known.weight += weight;
    else phrases.set(chars, { syllables: syllables.slice(0, chars.length), weight });
  };
  for (const r of items) {
    addText(r.nameLower, WEIGHT.name);
    const head = CJK_RUN.exec(r.item.name)?.[0];
    if (head) addPhrase(head, (r.item.search?.pinyin ?? '').split(' '), WEIGHT.name);
    r.aliasesLower.forEach((alias, i) => {
      addText(alias, WEIGHT.alias);
      const chars = CJK_RUN.exec(alias)?.[0];
      if (chars === alias) addPhrase(alias, (r.item.search?.aliasPinyin?.[i] ?? '').split(' '), WEIGHT.alias);
    });
  }
  for (const term of synonyms.byTerm.keys()) {
    addText(term, WEIGHT.term);
    if (CJK_RUN.exec(term)?.[0] === term) addPhrase(term, pinyinSyllables(term), WEIGHT.term);
  }
  return {
    texts: Array.from(texts, ([text, weight]) => ({ text, weight })),
    phrases: Array.from(phrases, ([chars, p]) => ({ chars, ...p })),
  };
}

/** True when dropping exactly one character of `longer` gives `shorter`. */
function dropsOneTo(longer: string, from: number, shorter: string): boolean {
  let skipped = false;
  for (let i = 0, j = 0; j < shorter.length; i++) {
    if (longer.charCodeAt(from + i) === shorter.charCodeAt(j)) j++;
    else if (skipped) return false;
    else skipped = true;
  }
  return true;
}

type AddCandidate = (text: string, weight: number, edit: number, before?: string, after?: string) => void;

/**
 * Windows of the catalog's texts one wrong, missing or extra Chinese character from `q`, with the
 * characters around each occurrence (to tell a whole word from a piece of one, see suggestQueries).
 */
function chineseCandidates(q: string, index: TypoIndex, add: AddCandidate) {
  const n = q.length;
  const found = (text: string, from: number, length: number, weight: number, edit: number) =>
    add(text.slice(from, from + length), weight, edit, text[from - 1] ?? '^', text[from + length] ?? '$');
  const [first, second] = [q[0], q[1]];
  for (const { text, weight } of index.texts) {
    // With one edit at most, every window meant holds the query's first or second character.
    if (!text.includes(first) && !text.includes(second)) continue;
    // One wrong character: a window of the same length differing in one Chinese character.
    for (let i = 0; i + n <= text.length; i++) {
      let diff = 0;
      let at = 0;
      for (let j = 0; j < n && diff < 2; j++) {
        if (text.charCodeAt(i + j) !== q.charCodeAt(j)) {
          diff++;
          at = j;
        }
      }
      if (diff === 1 && isCjk(text.charCodeAt(i + at))) found(text, i, n, weight, 0);
    }
    // One character left out (营业照), or one typed twice or extra (营业执执照).
    for (let i = 0; i + n + 1 <= text.length; i++) {
      if (dropsOneTo(text, i, q)) found(text, i, n + 1, weight, 1);
    }
    if (n - 1 >= 3) {
      for (let i = 0; i + n - 1 <= text.length; i++) {
        if (dropsOneTo(q, 0, text.slice(i, i + n - 1))) found(text, i, n - 1, weight, 1);
      }
    }
  }
}

/**
 * Phrases whose pinyin is the query with one syllable wrong (a real syllable, not noise) or one
 * missing, with at least two syllables typed right.
 */
function pinyinCandidates(latin: string, index: TypoIndex, add: AddCandidate) {
  for (const { chars, syllables, weight } of index.phrases) {
    let k = 0;
    let pos = 0;
    while (k < syllables.length && latin.startsWith(syllables[k], pos)) pos += syllables[k++].length;
    if (k === syllables.length) continue; // the whole phrase typed right: not a typo of it
    const rest = latin.slice(pos);
    let tail = '';
    for (let t = 0; k + 1 + t <= syllables.length; t++) {
      if (t > 0) tail += syllables[k + t];
      if (k + t < 2) continue;
      if (t > 0 && rest === tail) add(chars.slice(0, k + 1 + t), weight, 1); // syllable k missing
      if (rest.length > tail.length && rest.endsWith(tail)) {
        const wrong = rest.slice(0, rest.length - tail.length);
        if (wrong !== syllables[k] && PINYIN_SYLLABLES.has(wrong)) add(chars.slice(0, k + 1 + t), weight, 0);
      }
    }
  }
}

interface Candidate {
  weight: number;
  /** 0 = a wrong character or syllable, 1 = one missing or extra. */
  edit: number;
  before: Set<string>;
  after: Set<string>;
}

/**
 * A window that is always preceded (or followed) by the same character is a piece of a longer
 * word (营业执 of 营业执照), not what a person meant; beginnings and ends of texts count as
 * boundaries. Pinyin candidates are name beginnings, synonym terms and aliases: whole already.
 */
const isWhole = (c: Candidate) =>
  (c.before.size === 0 || c.before.size > 1 || c.before.has('^')) &&
  (c.after.size === 0 || c.after.size > 1 || c.after.has('$'));

/**
 * Likely meant queries, best first (whole words, then the most supported by the catalog, then a
 * wrong character before a missing one, then shortest, then in code order): Chinese queries of
 * 3+ characters, pinyin of 5+ letters. Shorter ones are left alone, or nearly every
 * two-character query would “mean” something.
 */
export function suggestQueries(q: PreparedQuery, index: TypoIndex, limit = 3): string[] {
  const found = new Map<string, Candidate>();
  const add: AddCandidate = (text, weight, edit, before, after) => {
    let c = found.get(text);
    if (!c) {
      c = { weight: 0, edit, before: new Set(), after: new Set() };
      found.set(text, c);
    }
    c.weight += weight;
    c.edit = Math.min(c.edit, edit);
    if (before !== undefined) c.before.add(before);
    if (after !== undefined) c.after.add(after);
  };
  if (q.latin) {
    if (q.latin.length < 5) return [];
    pinyinCandidates(q.latin, index, add);
  } else {
    if (q.text.length < 3 || q.text.length > 20) return [];
    for (let i = 0; i < q.text.length; i++) if (!isCjk(q.text.charCodeAt(i))) return [];
    chineseCandidates(q.text, index, add);
  }
  return Array.from(found)
    .map(([text, c]) => ({ text, whole: isWhole(c) ? 0 : 1, ...c }))
    .sort(
      (a, b) =>
        a.whole - b.whole ||
        b.weight - a.weight ||
        a.edit - b.edit ||
        a.text.length - b.text.length ||
        (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
    )
    .slice(0, limit)
    .map((c) => c.text);
}
