import type { ItemListQuery } from '@app/shared';
import { generateDemoItems } from '../demo/demo-catalog';
import { DEMO_SYNONYMS } from '../demo/demo-synonyms';
import type { IndexedItem } from '../repositories/service-item.repository';
import type { CatalogSnapshot } from './catalog-snapshot';
import { searchSnapshot } from './catalog-query.service';
import { toItemContent } from './item-content';
import { byPopularity, toRankable } from './search-ranking';
import { buildSynonymIndex } from './search-synonyms';
import { buildTypoIndex, type TypoIndex } from './search-typo';

/** The demo catalogue as the snapshot holds it, with a given synonyms table (no database needed). */
function snapshotOf(synonyms = DEMO_SYNONYMS): CatalogSnapshot {
  const items: IndexedItem[] = generateDemoItems().map((d, i) => {
    const c = toItemContent({ ...d, row: i + 2 });
    return { ...c, popularity: 0, promisedLimitDays: d.guide.promisedLimitDays };
  });
  const rankable = items.map(toRankable);
  const index = buildSynonymIndex(synonyms);
  let typo: TypoIndex | undefined;
  return {
    version: 1,
    builtAt: Date.now(),
    items: rankable,
    byPopularity: [...items].sort(byPopularity),
    departments: [],
    themes: [],
    stats: undefined as never,
    synonyms: index,
    typo: () => (typo ??= buildTypoIndex(rankable, index)),
  };
}

const snapshot = snapshotOf();
const search = (q: string, extra: Partial<ItemListQuery> = {}, s = snapshot) =>
  searchSnapshot(s, { q, page: 1, pageSize: 100, ...extra });
const names = (q: string, s = snapshot) => search(q, {}, s).items.map((i) => i.name);
const registrations = snapshot.items.filter((r) => /设立登记/.test(r.item.name)).length;

describe('search through aliases and synonyms (demo catalogue)', () => {
  it('营业执照 finds the 设立登记 items one gets a licence through, not only 营业执照补领', () => {
    const res = search('营业执照', { pageSize: 100 });
    const found = res.items.map((i) => i.name);
    expect(found.some((n) => n.startsWith('营业执照补领'))).toBe(true);
    const viaSynonym = found.filter((n) => n.includes('设立登记'));
    expect(viaSynonym.length).toBeGreaterThanOrEqual(Math.min(42, registrations));
    // Items people call 营业执照 (their 俗称) come first.
    expect(found[0]).toMatch(/设立登记/);
    expect(res.didYouMean).toBeUndefined();
  });

  it('yyzz and yingyezhizhao find the same items as 营业执照', () => {
    const chinese = search('营业执照').total;
    expect(search('yyzz').total).toBe(chinese);
    expect(search('yingyezhizhao').total).toBe(chinese);
    expect(names('yyzz')).toEqual(expect.arrayContaining(names('营业执照').slice(0, 10)));
  });

  it('身份证 finds the 居民身份证 items; 房产证 the 不动产权证书 ones', () => {
    const id = names('身份证');
    expect(id.length).toBeGreaterThan(0);
    expect(id.every((n) => n.includes('身份证'))).toBe(true);
    expect(id.some((n) => n.startsWith('居民身份证申领'))).toBe(true);
    expect(names('房产证').some((n) => n.startsWith('不动产权证书补发'))).toBe(true);
  });

  it('a synonym inside a longer query is replaced (个体营业执照 → 个体…设立登记 is not invented)', () => {
    // Only what the catalogue holds is found: no item is named 个体设立登记.
    expect(search('个体营业执照').total).toBe(0);
    expect(names('补领营业执照')).toEqual([]);
  });

  it('without the synonyms table, 营业执照 finds only names and aliases that hold it', () => {
    const bare = snapshotOf([]);
    const found = names('营业执照', bare);
    expect(found.every((n) => /营业执照|设立登记/.test(n))).toBe(true);
    expect(search('yyzz', {}, bare).total).toBeLessThan(search('yyzz').total);
  });
});

describe('您是不是要找 (one wrong character or pinyin syllable)', () => {
  it('营业执找 suggests 营业执照 and shows its results', () => {
    const res = search('营业执找');
    expect(res).toMatchObject({ didYouMean: '营业执照', showingSuggestion: true });
    expect(res.total).toBe(search('营业执照').total);
    expect(res.items.length).toBeGreaterThan(0);
  });

  it('a missing or doubled character is tolerated too', () => {
    expect(search('营业照').didYouMean).toBe('营业执照');
    expect(search('营业执执照').didYouMean).toBe('营业执照');
    expect(search('不动产登计').didYouMean).toBe('不动产登记');
  });

  it('one pinyin syllable wrong or missing', () => {
    expect(search('yingyezhizao')).toMatchObject({ didYouMean: '营业执照', showingSuggestion: true });
    expect(search('yingzhizhao').didYouMean).toBe('营业执照');
    expect(search('budongchandengqi').didYouMean).toBe('不动产登记');
  });

  it('no suggestion when the search finds enough, nor for nonsense', () => {
    expect(search('不动产登记').didYouMean).toBeUndefined();
    for (const q of ['天气预报', '量子计算机', 'asdfgh', 'qwertyuiop', 'zzzzzz', '啊啊啊啊'])
      expect({ q, ...search(q) }).toMatchObject({ q, total: 0, items: [] });
    for (const q of ['天气预报', 'asdfgh', 'zzzzzz']) expect(search(q).didYouMean).toBeUndefined();
  });

  it('keeps the filters: a suggestion is only offered when it finds something under them', () => {
    const res = search('营业执找', { department: 'GA' });
    expect(res.total).toBe(0);
    expect(res.didYouMean).toBeUndefined();
  });

  it('costs little even on a miss (typo index built once per snapshot)', () => {
    const fresh = snapshotOf();
    const started = performance.now();
    search('营业执找', {}, fresh);
    const first = performance.now() - started;
    const again = performance.now();
    for (const q of ['营业执找', 'yingyezhizao', '天气预报', 'qwertyuiop']) search(q, {}, fresh);
    const perQuery = (performance.now() - again) / 4;
    expect(first).toBeLessThan(2000);
    expect(perQuery).toBeLessThan(100);
  });
});
