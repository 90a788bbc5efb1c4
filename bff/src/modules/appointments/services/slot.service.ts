import {
  capacityChangeSchema,
  hallBookingConfigSchema,
  STAFF_SLOTS_NEXT_WORKING_DAYS,
  WINDOW_TYPES,
  type CapacityChange,
  type HallBookingConfig,
  type SlotView,
  type StaffSlotsResponse,
  type WindowType,
} from '@app/shared';
import { AppError, validationError } from '../../../http/app-error';
import {
  addCalendarDays,
  closureReason,
  closuresFrom,
  describeDay,
  listDays,
  toChinaDate,
  toChinaTime,
  isProvisionalBridgeDay,
  PROVISIONAL_BRIDGE_NOTE,
} from '../../calendar';
import type { Slot } from '../repositories/slot.repository';
import type { BookingNoticeRecord } from '../models/booking.model';
import type { AppointmentsContext } from './context';
import { slotChangedEntry } from './notice-entries';
import { offerFreeSeats } from './seat-handover';
import { bookingWindowOf, planDay, slotIdOf, type PlannedSlot } from './slot-plan';
import { openingSessionsOn, type HallBookingConfig as PlanConfig } from '@app/shared';
import { isStatutoryWorkingDay } from '../../calendar';
import { plannedSlotView, toSlotView } from './views';

export interface GeneratedDay {
  date: string;
  working: boolean;
  /** Why no slots: 国庆节, 周末, the hall's closure reason. */
  reason?: string;
  slots: number;
}

export interface SlotQuery {
  hallCode: string;
  date: string;
  windowType?: WindowType;
}

/** How far from today to look for the next working days (the Spring Festival week and its weekends fit). */
const WORKING_DAY_LOOKAHEAD = 30;

const windowOrder = (type: WindowType) => WINDOW_TYPES.indexOf(type);

/** 综合受理 before 综合咨询 before 部门窗口, then by start time. */
function byWindowThenStart(a: SlotView, b: SlotView): number {
  return windowOrder(a.windowType) - windowOrder(b.windowType) || a.start.localeCompare(b.start);
}

/**
 * A day's slots as staff see them: the generated ones with their waiting lists, plus the planned
 * ones not generated yet (the daily job may not have reached the day; a change generates them).
 */
function staffDayViews(generated: Slot[], planned: PlannedSlot[], waiting: Map<string, number>): SlotView[] {
  const generatedIds = new Set(generated.map((s) => s._id));
  return [
    ...generated.map((s) => toSlotView(s, waiting.get(s._id) ?? 0)),
    ...planned.filter((p) => !generatedIds.has(p._id)).map(plannedSlotView),
  ].sort(byWindowThenStart);
}

/** Hall booking configuration, slot generation over the working-day calendar, staff capacity changes. */
export function createSlotService(ctx: AppointmentsContext) {
  const { configs, slots, bookings, closures, waitlist } = ctx.repos;

  async function requireConfig(hallCode: string): Promise<HallBookingConfig> {
    const config = await configs.get(hallCode);
    if (!config) throw new AppError('HALL_NOT_CONFIGURED');
    return config;
  }

  /**
   * Staff closed or cut these slots: each pending / booked booking gets the notice and — when booked —
   * its subscribe message (`slot_changed`) in the same single-document update, relayed after it.
   */
  async function noticeWithMessages(slotIds: string[], notice: BookingNoticeRecord): Promise<void> {
    for (const booking of await bookings.inSlots(slotIds, ['pending', 'booked'])) {
      const entries =
        booking.status === 'booked' ? [slotChangedEntry(booking._id.toHexString(), notice)] : [];
      if ((await bookings.addNoticeWithOutbox(booking._id, notice, entries)) && entries.length > 0) {
        await ctx.relay.booking(booking._id);
      }
    }
  }

  async function closeSlots(hallCode: string, date: string, reason: string, by: string) {
    const changed = await slots.change({ hallCode, date }, { closed: true, reason, by, at: ctx.now() });
    const held = changed.filter((s) => s.booked > 0).map((s) => s._id);
    if (held.length > 0) {
      await bookings.addNotice(held, {
        kind: 'slot_closed',
        message: `大厅于 ${date} 停止办公（${reason}），您的预约仍然有效，请留意大厅通知或改约`,
        at: ctx.now(),
      });
    }
    return changed.length;
  }

  /** The day's slots, inside the hall's opening hours that weekday (lunch break, shortened days). */
  async function planFor(config: PlanConfig, date: string): Promise<PlannedSlot[]> {
    const text = await ctx.hallHours.of(config.hallCode);
    if (!text) return planDay(config, date);
    const [y, m, d] = date.split('-').map(Number);
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
    const makeUp = weekday >= 6 && isStatutoryWorkingDay(date);
    return planDay(config, date, openingSessionsOn(text, weekday, makeUp));
  }

  const service = {
    async configureHall(input: unknown): Promise<HallBookingConfig> {
      const parsed = hallBookingConfigSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      await configs.upsert(parsed.data);
      // Slots already generated keep their own opening and closing times: apply the new rule to them,
      // or the calendar (read from the rule) would offer days that booking (read from the slot) refuses.
      const today = toChinaDate(ctx.now());
      const dates = Array.from({ length: WORKING_DAY_LOOKAHEAD + 1 }, (_, i) => addCalendarDays(today, i));
      await slots.setBookingWindows(
        parsed.data.hallCode,
        dates.map((date) => ({ date, ...bookingWindowOf(parsed.data, date) })),
      );
      return parsed.data;
    },

    getHallConfig: requireConfig,

    /** The day's planned slots inside the hall's opening hours (what generation would create). */
    plan: planFor,

    /**
     * Creates the slots of every working day from `from` to `to` (both inclusive): statutory holidays
     * and weekends have none, 调休 working Saturdays have them, hall closures have none — and slots
     * already generated for a day that became a closure are closed (their bookings keep their seat
     * and get a notice). Safe to run again and from several processes.
     */
    async generateSlots(input: {
      hallCode: string;
      from: string;
      to: string;
      by?: string;
    }): Promise<GeneratedDay[]> {
      const config = await requireConfig(input.hallCode);
      const closureMap = closuresFrom(await closures.listInRange(input.hallCode, input.from, input.to));
      const days: GeneratedDay[] = [];
      for (const day of listDays(input.from, input.to, closureMap)) {
        if (!day.isWorkingDay) {
          if (day.kind === 'closure') {
            await closeSlots(input.hallCode, day.date, day.note ?? '大厅闭厅', input.by ?? 'system');
          }
          days.push({ date: day.date, working: false, reason: day.note ?? day.name ?? day.kind, slots: 0 });
          continue;
        }
        // Not promised before the year's notice: it may well become a day off (calendar module).
        if (day.provisional && isProvisionalBridgeDay(day.date)) {
          days.push({ date: day.date, working: false, reason: PROVISIONAL_BRIDGE_NOTE, slots: 0 });
          continue;
        }
        const planned = await planFor(config, day.date);
        await slots.insertMissing(planned);
        days.push({ date: day.date, working: true, slots: planned.length });
      }
      return days;
    },

    /** A day's slots with what is left (the booking page). */
    async listSlots(query: SlotQuery): Promise<SlotView[]> {
      const list = await slots.list(query);
      return Promise.all(
        list.map(async (slot) =>
          toSlotView(slot, slot.booked >= slot.capacity ? await waitlist.countWaiting(slot._id) : 0),
        ),
      );
    },

    /**
     * 名额与停约: a day's slots of a hall for staff (booked, capacity, closed, waiting list), whether the
     * hall works that day and why not, and its next working days from `today`. On a day off only
     * slots generated before it became one are shown (closed, their people keep their booking).
     */
    async staffDay(query: SlotQuery, today: string): Promise<StaffSlotsResponse> {
      const config = await requireConfig(query.hallCode);
      const horizonEnd = addCalendarDays(today, WORKING_DAY_LOOKAHEAD);
      const [dayClosures, horizonClosures, generated] = await Promise.all([
        closures.listInRange(query.hallCode, query.date, query.date),
        closures.listInRange(query.hallCode, today, horizonEnd),
        slots.list(query),
      ]);
      const closureMap = closuresFrom(dayClosures);
      const day = describeDay(query.date, closureMap);
      const planned = day.isWorkingDay
        ? (await planFor(config, query.date)).filter(
            (p) => !query.windowType || p.windowType === query.windowType,
          )
        : [];
      const waiting = await waitlist.countWaitingBySlot(generated.map((s) => s._id));
      const res: StaffSlotsResponse = {
        hallCode: query.hallCode,
        date: query.date,
        kind: day.kind,
        isWorkingDay: day.isWorkingDay,
        hallClosed: closureReason(closureMap, query.date) !== undefined,
        nextWorkingDays: listDays(today, horizonEnd, closuresFrom(horizonClosures))
          .filter((d) => d.isWorkingDay)
          .slice(0, STAFF_SLOTS_NEXT_WORKING_DAYS)
          .map((d) => d.date),
        slots: staffDayViews(generated, planned, waiting),
      };
      if (query.windowType) res.windowType = query.windowType;
      const note = day.note ?? day.name;
      if (note) res.note = note;
      return res;
    },

    /**
     * The slot a booking asks for, checked: configured hall, working day for the hall (closures
     * included), booking window open, slot open. A missing slot of a working day is generated.
     */
    async requireBookableSlot(
      q: { hallCode: string; windowType: WindowType; date: string; start: string },
      now: Date,
    ): Promise<Slot> {
      if (isProvisionalBridgeDay(q.date)) throw new AppError('BOOKING_DAY_PROVISIONAL');
      const id = slotIdOf(q.hallCode, q.date, q.windowType, q.start);
      let slot = await slots.findById(id);
      if (!slot) {
        const config = await requireConfig(q.hallCode);
        const closure = await closures.listInRange(q.hallCode, q.date, q.date);
        const day = describeDay(q.date, closuresFrom(closure));
        if (!day.isWorkingDay)
          throw new AppError('SLOT_NOT_FOUND', `${q.date} 不办公（${day.note ?? day.name ?? '休息日'}）`);
        const planned = (await planFor(config, q.date)).find((p) => p._id === id);
        if (!planned) throw new AppError('SLOT_NOT_FOUND');
        await slots.insertMissing([planned]);
        slot = await slots.findById(id);
        if (!slot) throw new AppError('SLOT_NOT_FOUND');
      }
      if (now < slot.opensAt) {
        throw new AppError(
          'BOOKING_NOT_OPEN',
          `该时段将于 ${toChinaDate(slot.opensAt)} ${toChinaTime(slot.opensAt)} 开放预约`,
          {
            opensAt: slot.opensAt.toISOString(),
          },
        );
      }
      if (now >= slot.closesAt) throw new AppError('BOOKING_CLOSED');
      if (slot.closed)
        throw new AppError(
          'SLOT_CLOSED',
          slot.closedReason ? `该时段已停止预约：${slot.closedReason}` : undefined,
        );
      return slot;
    },

    /**
     * Staff change a slot's or a day's capacity, or close / reopen. People already booked keep their
     * seat (capacity may go below `booked`: nobody new gets in until it is back under) and get a
     * notice. Raising capacity offers the new seats to the waiting list first.
     */
    async changeCapacity(input: unknown, staffId: string): Promise<SlotView[]> {
      const parsed = capacityChangeSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      const change: CapacityChange = parsed.data;
      const now = ctx.now();
      const before = await slots.list(change);
      if (before.length === 0) throw new AppError('SLOT_NOT_FOUND');
      const after = await slots.change(change, {
        capacity: change.capacity,
        closed: change.closed,
        reason: change.reason,
        by: staffId,
        at: now,
      });
      await ctx.repos.fullFlags.clear(after.map((s) => s._id));
      const closedNow = after.filter((s) => s.closed && !before.find((b) => b._id === s._id)?.closed);
      const reduced = after.filter((s) => !s.closed && s.booked > s.capacity);
      if (closedNow.some((s) => s.booked > 0)) {
        const ids = closedNow.filter((s) => s.booked > 0).map((s) => s._id);
        const notice = {
          kind: 'slot_closed' as const,
          message: `该时段已停止预约（${change.reason}），您的预约仍然有效`,
          at: now,
        };
        await noticeWithMessages(ids, notice);
      }
      if (reduced.length > 0) {
        const ids = reduced.map((s) => s._id);
        const notice = {
          kind: 'capacity_reduced' as const,
          message: `该时段名额已调整（${change.reason}），您的预约仍然有效，优先办理`,
          at: now,
        };
        await noticeWithMessages(ids, notice);
      }
      for (const slot of after) {
        if (!slot.closed && slot.booked < slot.capacity) await offerFreeSeats(ctx, slot._id);
      }
      return (await slots.list(change)).map((s) => toSlotView(s));
    },

    /** The next `days` days' slots from today (a daily job keeps the booking horizon filled). */
    async generateHorizon(hallCode: string, days?: number): Promise<GeneratedDay[]> {
      const config = await requireConfig(hallCode);
      const today = toChinaDate(ctx.now());
      return service.generateSlots({
        hallCode,
        from: today,
        to: addCalendarDays(today, days ?? config.openDaysAhead + 1),
      });
    },
  };
  return service;
}
export type SlotService = ReturnType<typeof createSlotService>;
