import { computeSearchKeys, pinyinMatch, pinyinMatcher, pinyinSyllables, prepareQuery } from './search-keys';

describe('search keys (computed at write time)', () => {
  it('gives full pinyin by syllable and the initials', () => {
    const keys = computeSearchKeys('不动产登记', '市自然资源局');
    expect(keys.pinyin).toBe('bu dong chan deng ji');
    expect(keys.initials).toBe('bdcdj');
    expect(keys.departmentInitials).toBe('szrzyj');
  });

  it('drops punctuation and keeps Latin runs as one token', () => {
    expect(pinyinSyllables('ICP备案（密山市）')).toEqual(['icp', 'bei', 'an', 'mi', 'shan', 'shi']);
  });

  it('reads polyphones in context (银行 → yin hang)', () => {
    expect(pinyinSyllables('银行账户开立核准')).toEqual([
      'yin',
      'hang',
      'zhang',
      'hu',
      'kai',
      'li',
      'he',
      'zhun',
    ]);
  });
});

describe('pinyin matching', () => {
  const m = pinyinMatcher('bu dong chan deng ji', 'bdcdj');

  it.each([
    ['budongchan', 2],
    ['budong', 2],
    ['bdcdj', 2],
    ['bdc', 2],
    ['dengji', 1],
    ['cdj', 1],
  ])('%s matches', (q, expected) => expect(pinyinMatch(m, q)).toBe(expected));

  it('does not match inside a syllable', () => {
    expect(pinyinMatch(m, 'ongchan')).toBe(0);
    expect(pinyinMatch(m, 'engji')).toBe(0);
  });

  it('prepares Latin queries without spaces and keeps Chinese as text', () => {
    expect(prepareQuery(' Bu Dong ')).toEqual({ text: 'bu dong', latin: 'budong' });
    expect(prepareQuery('不动产')).toEqual({ text: '不动产', latin: undefined });
  });
});
