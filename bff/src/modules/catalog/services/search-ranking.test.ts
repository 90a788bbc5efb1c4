import type { IndexedItem } from '../repositories/service-item.repository';
import { computeSearchKeys, prepareQuery } from './search-keys';
import { rankItems, scoreItem, SCORE, toRankable } from './search-ranking';

function item(code: string, name: string, popularity = 0, departmentName = '市自然资源局'): IndexedItem {
  return {
    code,
    name,
    departmentCode: 'D',
    departmentName,
    kind: '行政权力',
    level: '市',
    maxTrips: 1,
    onlineCapable: true,
    themes: [],
    popularity,
    promisedLimitDays: 5,
    search: computeSearchKeys(name, departmentName),
  };
}

const items = [
  item('A', '不动产登记资料查询', 50),
  item('B', '不动产登记', 1),
  item('C', '国有土地不动产登记', 900),
  item('D', '抵押权首次登记', 5000),
  item('E', '营业执照补领', 10, '市市场监督管理局'),
].map(toRankable);

const codes = (q: string) => rankItems(items, prepareQuery(q)).map((i) => i.code);

describe('relevance ranking', () => {
  it('exact name > name prefix > name substring, popularity only within a tier', () => {
    expect(codes('不动产登记')).toEqual(['B', 'A', 'C']);
  });

  it('name match beats pinyin match beats department match', () => {
    const r = toRankable(item('X', '不动产登记', 0));
    expect(scoreItem(r, prepareQuery('不动产登记'))).toBe(SCORE.exactName);
    expect(scoreItem(r, prepareQuery('budong'))).toBe(SCORE.pinyinPrefix);
    expect(scoreItem(r, prepareQuery('dengji'))).toBe(SCORE.pinyin);
    expect(scoreItem(r, prepareQuery('自然资源'))).toBe(SCORE.otherField);
    expect(scoreItem(r, prepareQuery('zrzy'))).toBe(SCORE.otherField);
    expect(scoreItem(r, prepareQuery('营业'))).toBe(SCORE.none);
  });

  it('full pinyin, partial pinyin and initials find the same items', () => {
    for (const q of ['budongchandengji', 'bdcdj', 'budong', 'bdc', 'BuDong'])
      expect(codes(q)).toEqual(['A', 'B', 'C']);
  });

  it('a match from the first syllable outranks a later one, whatever the popularity', () => {
    // C (popularity 900) matches from its fifth syllable; A (50) and B (1) from the first.
    expect(codes('bdc')).toEqual(['A', 'B', 'C']);
    expect(codes('dengji')).toEqual(['D', 'C', 'A', 'B']);
  });

  it('finds nothing for unrelated text', () => {
    expect(codes('护照')).toEqual([]);
  });
});
