import {
  QUEUE_LETTERS,
  clipToOpeningHours,
  type HallBookingConfig,
  type OpeningSession,
  type WindowType,
} from '@app/shared';
import { addCalendarDays, chinaDateTime } from '../../calendar';

/**
 * Pure rules of the booking calendar: which slots a hall offers on a working day, their ids, and
 * when booking for a day opens and closes. Dates are China local dates, times `HH:mm` China time.
 */

export interface PlannedSlot {
  _id: string;
  hallCode: string;
  windowType: WindowType;
  date: string;
  start: string;
  end: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  opensAt: Date;
  closesAt: Date;
}

export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `JX-ZWFW:2026-10-09:A:0900`: deterministic, so two generators make the same slot. */
export function slotIdOf(hallCode: string, date: string, windowType: WindowType, start: string): string {
  return `${hallCode}:${date}:${QUEUE_LETTERS[windowType]}:${start.replace(':', '')}`;
}

/** Booking for day `date` opens `openDaysAhead` days before at `openAt`, closes `closeDaysBefore` days before at `closeAt`. */
export function bookingWindowOf(config: HallBookingConfig, date: string): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: chinaDateTime(addCalendarDays(date, -config.openDaysAhead), config.openAt),
    closesAt: chinaDateTime(addCalendarDays(date, -config.closeDaysBefore), config.closeAt),
  };
}

/**
 * The slots of one working day: each session cut into `slotMinutes` pieces (a tail shorter than a
 * slot is not offered), for each window type with open windows; capacity = windows × quota.
 */
export function planDay(
  config: HallBookingConfig,
  date: string,
  /** The hall's opening hours that day (catalogue): slots stay inside them; none known = the config's sessions. */
  opening: readonly OpeningSession[] = [],
): PlannedSlot[] {
  const { opensAt, closesAt } = bookingWindowOf(config, date);
  const sessions = clipToOpeningHours(config.sessions, opening).sort(
    (a, b) => minutesOf(a.start) - minutesOf(b.start),
  );
  const slots: PlannedSlot[] = [];
  for (const window of config.windows) {
    const capacity = window.openWindows * window.quotaPerWindow;
    if (capacity <= 0) continue;
    for (const session of sessions) {
      const last = minutesOf(session.end);
      for (let m = minutesOf(session.start); m + config.slotMinutes <= last; m += config.slotMinutes) {
        const start = timeOf(m);
        const end = timeOf(m + config.slotMinutes);
        slots.push({
          _id: slotIdOf(config.hallCode, date, window.type, start),
          hallCode: config.hallCode,
          windowType: window.type,
          date,
          start,
          end,
          startsAt: chinaDateTime(date, start),
          endsAt: chinaDateTime(date, end),
          capacity,
          opensAt,
          closesAt,
        });
      }
    }
  }
  return slots;
}

/** The two halls of the plan, with the defaults the issue names (7 days ahead at 08:00, closes the day before 17:00). */
export function defaultHallBookingConfig(hallCode: string): HallBookingConfig {
  return {
    hallCode,
    windows: [
      { type: '综合受理', openWindows: 6, quotaPerWindow: 2 },
      { type: '综合咨询', openWindows: 2, quotaPerWindow: 3 },
      { type: '部门窗口', openWindows: 10, quotaPerWindow: 1 },
    ],
    sessions: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:00' },
    ],
    slotMinutes: 30,
    openDaysAhead: 7,
    openAt: '08:00',
    closeDaysBefore: 1,
    closeAt: '17:00',
    cancelCutoffMinutes: 60,
  };
}
