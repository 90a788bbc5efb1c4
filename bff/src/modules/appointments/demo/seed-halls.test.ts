import { openingSessionsOn } from '@app/shared';
import { demoHalls } from '../../catalog/demo/demo-reference';
import { planDay, defaultHallBookingConfig } from '../services/slot-plan';
import { DEMO_BOOKING_HALLS, demoHallBookingConfig } from './seed-halls';

describe('demo halls: booking slots inside the opening hours', () => {
  const halls = demoHalls();
  const inside = (slot: { start: string; end: string }, opening: Array<{ start: string; end: string }>) =>
    opening.some((o) => o.start <= slot.start && slot.end <= o.end);

  it.each(DEMO_BOOKING_HALLS.map((code) => [code]))(
    '%s: every slot of a working day fits its opening hours',
    (code) => {
      const hall = halls.find((h) => h.code === code);
      expect(hall).toBeDefined();
      // A Wednesday, and a 调休 Saturday (working-day hours).
      for (const [date, weekday, makeUp] of [
        ['2026-10-14', 3, false],
        ['2026-10-10', 6, true],
      ] as const) {
        const opening = openingSessionsOn(hall!.openingHours, weekday, makeUp);
        expect(opening.length).toBeGreaterThan(0);
        const config = demoHallBookingConfig(code, hall!.openingHours);
        // the configuration itself already fits, and the plan clipped to the hours keeps every slot
        expect(planDay(config, date).every((s) => inside(s, opening))).toBe(true);
        const slots = planDay(config, date, opening);
        expect(slots.length).toBeGreaterThan(0);
        expect(slots.filter((s) => !inside(s, opening))).toEqual([]);
      }
    },
  );

  it('a configuration wider than the hours is cut to them: no 11:30–12:00 for a hall closing at 11:30', () => {
    const config = {
      ...defaultHallBookingConfig('HALL-SZ'),
      sessions: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
    };
    const opening = openingSessionsOn('工作日 8:30–11:30，13:30–17:00', 3);
    const starts = planDay(config, '2026-10-14', opening)
      .filter((s) => s.windowType === '综合受理')
      .map((s) => `${s.start}-${s.end}`);
    expect(starts).not.toContain('11:30-12:00');
    expect(starts).not.toContain('13:00-13:30');
    expect(starts).not.toContain('17:00-17:30');
    expect(starts[0]).toBe('09:00-09:30');
    expect(starts.at(-1)).toBe('16:30-17:00');
  });
});
