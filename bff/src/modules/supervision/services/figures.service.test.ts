import { STATS_PAGE_CORRECTION_ITEMS } from '@app/shared';
import { pageViewOf } from './figures.service';

const itemRow = (i: number) => ({
  key: `ITEM-${i}`,
  name: `事项${i}`,
  received: 10,
  corrections: 9 - (i % 9),
  correctionRate: 0.5,
});

test('the page gets the first 补正 items of a long list (the export keeps them all); other routes as computed', () => {
  const cases = {
    headline: {},
    correctionByItem: Array.from({ length: 120 }, (_, i) => itemRow(i)),
    correctionItems: 120,
  };
  const page = pageViewOf('cases')!(cases) as typeof cases;
  expect(page.correctionByItem).toEqual(cases.correctionByItem.slice(0, STATS_PAGE_CORRECTION_ITEMS));
  expect(page.correctionItems).toBe(120);
  expect(cases.correctionByItem).toHaveLength(120); // what is kept (and exported) is not cut

  const short = { ...cases, correctionByItem: cases.correctionByItem.slice(0, 3), correctionItems: 3 };
  expect(pageViewOf('cases')!(short)).toBe(short);
  expect(pageViewOf('overview')).toBeUndefined();
});
