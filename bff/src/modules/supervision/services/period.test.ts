import { todayOfClock } from './period';

describe('todayOfClock', () => {
  it('answers the China day of the clock, worked out again when the clock crosses China midnight either way', () => {
    let now = new Date('2026-03-01T15:59:59.000Z'); // 23:59:59 in China
    const today = todayOfClock(() => now);
    expect(today()).toBe('2026-03-01');
    now = new Date('2026-03-01T16:00:00.000Z'); // 00:00 on the 2nd in China
    expect(today()).toBe('2026-03-02');
    now = new Date('2026-03-02T15:59:59.999Z');
    expect(today()).toBe('2026-03-02');
    now = new Date('2026-02-27T01:00:00.000Z'); // a test clock set back
    expect(today()).toBe('2026-02-27');
  });
});
