import { pinyinSyllables, type PreparedQuery } from './search-keys';

/**
 * The city's synonyms as search uses them, built once per snapshot: a term (营业执照) by its text
 * and by its full pinyin and initials (yingyezhizhao, yyzz), each with what it should also find.
 */
export interface SynonymIndex {
  byTerm: Map<string, string[]>;
  /** Compact pinyin or initials → the term. */
  byLatin: Map<string, string>;
}

export function buildSynonymIndex(entries: Array<{ term: string; expansions: string[] }>): SynonymIndex {
  const byTerm = new Map<string, string[]>();
  const byLatin = new Map<string, string>();
  for (const e of entries) {
    const term = e.term.trim().toLowerCase();
    if (!term) continue;
    byTerm.set(
      term,
      e.expansions.map((x) => x.trim().toLowerCase()).filter((x) => x && x !== term),
    );
    const syllables = pinyinSyllables(term);
    // Initials of a two-character term (sf) would hijack too many short queries.
    if (syllables.length < 2) continue;
    byLatin.set(syllables.join(''), term);
    if (syllables.length >= 3) byLatin.set(syllables.map((s) => s[0]).join(''), term);
  }
  return { byTerm, byLatin };
}

/**
 * Texts a query should also find through the synonyms, each a Chinese substring to look for in
 * names and aliases: the expansions of a term typed whole (营业执照 → 设立登记) or inside a longer
 * query (个体营业执照 → 个体设立登记), and for pinyin the term it spells with its expansions
 * (yyzz → 营业执照, 设立登记).
 */
export function expandQuery(q: PreparedQuery, index: SynonymIndex): string[] {
  if (index.byTerm.size === 0) return [];
  if (q.latin) {
    const term = index.byLatin.get(q.latin);
    return term ? [term, ...(index.byTerm.get(term) ?? [])] : [];
  }
  const exact = index.byTerm.get(q.text);
  if (exact) return exact;
  const found: string[] = [];
  for (const [term, expansions] of index.byTerm) {
    if (term.length < 2 || !q.text.includes(term)) continue;
    for (const e of expansions) found.push(q.text.replace(term, e));
  }
  return found;
}
