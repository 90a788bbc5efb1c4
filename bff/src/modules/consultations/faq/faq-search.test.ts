import type { FaqEntry } from '@app/shared';
import type { FaqEntryRecord } from '../models/faq.model';
import { bigramsOf, faqSearchKeys, searchFaq, toIndexed } from './faq-search';

function entry(id: string, question: string, extra: Partial<FaqEntryRecord> = {}) {
  const record = {
    question,
    answer: `${question}的答复`,
    items: [],
    departments: ['SCJG'],
    search: faqSearchKeys(question),
    helpful: 0,
    notHelpful: 0,
    ...extra,
  } as unknown as FaqEntryRecord;
  return toIndexed(record, { id } as FaqEntry);
}

const index = [
  entry('a', '营业执照丢失了如何补办？', { helpful: 5 }),
  entry('b', '公积金提取需要哪些材料？', { departments: ['GJJ'], items: ['JX-GJJ-0001'] }),
  entry('c', '营业执照可以委托他人代办吗？'),
];
const ids = (q: Parameters<typeof searchFaq>[1]) => searchFaq(index, q).items.map((e) => e.id);

it('matches Chinese, full and partial pinyin from a syllable boundary, and initials', () => {
  expect(ids({ q: '营业执照', limit: 10 })).toEqual(['a', 'c']);
  expect(ids({ q: 'yingyezhizhao', limit: 10 })).toEqual(['a', 'c']);
  expect(ids({ q: 'gongjijin', limit: 10 })).toEqual(['b']);
  expect(ids({ q: 'gjj', limit: 10 })).toEqual(['b']);
  expect(ids({ q: 'ngjijin', limit: 10 })).toEqual([]);
});

it('finds a question from a typed sentence, filters by item and department, limits', () => {
  expect(ids({ q: '我的营业执照丢了，想补办一下', limit: 10 })[0]).toBe('a');
  expect(ids({ q: '提取公积金要什么材料', limit: 10 })).toEqual(['b']);
  expect(ids({ item: 'JX-GJJ-0001', limit: 10 })).toEqual(['b']);
  expect(ids({ department: 'SCJG', limit: 1 })).toHaveLength(1);
  // Words that say nothing about the subject (怎么, 办理) do not count.
  expect(bigramsOf('怎么办理')).toEqual(['么办']);
});
