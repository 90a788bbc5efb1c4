import { clipToOpeningHours, openingSessionsOn } from './opening-hours';

describe('opening hours as the catalogue words them', () => {
  it('reads 工作日 hours with a lunch break; weekends without hours have none', () => {
    const text = '工作日 8:30–11:30，13:30–17:00（法定节假日休息，调休工作日照常办公）';
    expect(openingSessionsOn(text, 3)).toEqual([
      { start: '08:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(openingSessionsOn(text, 6, true)).toEqual(openingSessionsOn(text, 1));
  });

  it('reads a shortened day (周六 mornings only)', () => {
    const text = '周一至周五 9:00-12:00，13:30-17:00；周六 9:00-12:00';
    expect(openingSessionsOn(text, 5)).toHaveLength(2);
    expect(openingSessionsOn(text, 6)).toEqual([{ start: '09:00', end: '12:00' }]);
    expect(openingSessionsOn(text, 7)).toEqual([]);
  });

  it('clips booking sessions to them (no slot in the lunch break or after closing)', () => {
    const opening = [
      { start: '08:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ];
    expect(
      clipToOpeningHours(
        [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:30' },
        ],
        opening,
      ),
    ).toEqual([
      { start: '09:00', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(clipToOpeningHours([{ start: '09:00', end: '12:00' }], [])).toEqual([
      { start: '09:00', end: '12:00' },
    ]);
  });
});
