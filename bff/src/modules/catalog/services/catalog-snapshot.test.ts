import { departmentsInPinyinOrder } from './catalog-snapshot';

describe('departments for the 办事 chips', () => {
  it('come in pinyin order (without the 市 prefix) with pinyin and initials to search by', () => {
    const list = departmentsInPinyinOrder(
      [
        { code: 'SCJG', name: '市市场监督管理局' },
        { code: 'GA', name: '市公安局' },
        { code: 'ZRZY', name: '市自然资源局' },
        { code: 'CZ', name: '市财政局' },
      ],
      new Map([['GA', 12]]),
    );
    expect(list.map((d) => d.code)).toEqual(['CZ', 'GA', 'SCJG', 'ZRZY']);
    expect(list[1]).toEqual({
      code: 'GA',
      name: '市公安局',
      itemCount: 12,
      pinyin: 'shi gong an ju',
      initials: 'sgaj',
    });
  });
});
