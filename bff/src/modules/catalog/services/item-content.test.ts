import { FIXTURE_ITEMS } from '../testing/fixtures';
import { contentHash, diffContent, toItemContent } from './item-content';

describe('item content', () => {
  const item = FIXTURE_ITEMS[0];

  it('hashes the same content the same, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(item).reverse()) as typeof item;
    expect(contentHash(reordered)).toBe(contentHash(item));
  });

  it('changes the hash and names the changed fields', () => {
    const changed = { ...item, maxTrips: 0, guide: { ...item.guide, promisedLimitDays: 3 } };
    expect(contentHash(changed)).not.toBe(contentHash(item));
    expect(diffContent(item, changed)).toEqual([
      { field: 'maxTrips', before: 1, after: 0 },
      { field: 'guide.promisedLimitDays', before: 5, after: 3 },
    ]);
  });

  it('stores precomputed pinyin keys with the content', () => {
    expect(toItemContent({ ...item, row: 2 }).search).toMatchObject({
      pinyin: 'bu dong chan deng ji',
      initials: 'bdcdj',
    });
  });
});
