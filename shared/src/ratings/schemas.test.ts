import { RATING_LEVELS, RATING_REASONS, createRatingRequestSchema, isBadLevel, isSatisfiedLevel } from '..';

const base = { kind: 'case', id: '0123456789abcdef01234567' };

describe('rating contract', () => {
  it('five levels; 基本满意 and better are satisfied, the last two are bad', () => {
    expect(RATING_LEVELS).toHaveLength(5);
    expect(RATING_LEVELS.filter(isBadLevel)).toEqual(['dissatisfied', 'very_dissatisfied']);
    expect(isSatisfiedLevel('basic')).toBe(true);
  });

  it('reasons belong to their level; comment ≤ 500; defaults', () => {
    const ok = createRatingRequestSchema.parse({ ...base, level: 'dissatisfied', reasons: ['many_trips'] });
    expect(ok).toMatchObject({ showComment: false, reasons: ['many_trips'] });
    const wrong = createRatingRequestSchema.safeParse({
      ...base,
      level: 'satisfied',
      reasons: ['many_trips'],
    });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toMatch(/不能选择这个原因/);
    expect(createRatingRequestSchema.safeParse({ ...base, level: 'great' }).success).toBe(false);
    expect(
      createRatingRequestSchema.safeParse({ ...base, level: 'basic', comment: '好'.repeat(501) }).success,
    ).toBe(false);
    expect(
      createRatingRequestSchema.safeParse({ ...base, level: 'basic', comment: '好'.repeat(500) }).success,
    ).toBe(true);
    expect(
      createRatingRequestSchema.safeParse({ ...base, level: 'basic', reasons: ['ok', 'ok'] }).success,
    ).toBe(false);
    for (const level of RATING_LEVELS) expect(RATING_REASONS[level].length).toBeGreaterThan(0);
  });
});
