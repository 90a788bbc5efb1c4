import { BOOKING_STATUS_LABELS, QUEUE_LETTERS, type BookingView, type WindowType } from '@app/shared';
import { AppError } from '../../../http/app-error';
import { toChinaDate } from '../../calendar';
import type { Booking } from '../repositories/booking.repository';
import { codeFromInput } from './booking-code';
import type { AppointmentsContext } from './context';
import { toBookingView } from './views';

/** Who acts at the hall. The auth layer will build it from the session; until then callers pass it. */
export interface StaffActor {
  staffId: string;
  /** Hall codes this staff member works at. */
  staffHalls: string[];
}

export interface QueueTicket {
  booking: BookingView;
  queueNo: string;
  /** Checked-in tickets of the same hall, window type and day before this one. */
  ahead: number;
}

const SERVED_OR_BEYOND = new Set(['checked_in', 'called', 'served']);

/** At the hall: check-in by code (queue number), call the next, mark served, queue position. */
export function createCheckInService(ctx: AppointmentsContext) {
  const { bookings, queue } = ctx.repos;

  function assertHall(staff: StaffActor, hallCode: string) {
    if (!staff.staffHalls.includes(hallCode)) throw new AppError('FORBIDDEN', '只能办理本大厅的预约');
  }

  async function ticket(booking: Booking): Promise<QueueTicket> {
    const ahead =
      booking.status === 'checked_in' && booking.queueSeq !== undefined
        ? await bookings.countCheckedInBefore({
            hallCode: booking.hallCode,
            windowType: booking.windowType,
            date: booking.date,
            queueSeq: booking.queueSeq,
          })
        : 0;
    return { booking: toBookingView(booking), queueNo: booking.queueNo ?? '', ahead };
  }

  return {
    /**
     * Checks a booking in by its code (typed, or the QR payload scanned) on its day, until the end of
     * its slot + the no-show grace, and gives it the next queue number of the hall, day and window
     * type (A012). Checking in twice returns the same number.
     */
    async checkIn(input: { code: string } & StaffActor): Promise<QueueTicket> {
      const code = codeFromInput(String(input.code ?? ''));
      if (!code)
        throw new AppError('VALIDATION_FAILED', '预约码格式不正确', {
          fields: [{ path: 'code', message: '预约码应为 8 位字母或数字' }],
        });
      const booking = await bookings.findByCode(code);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      assertHall(input, booking.hallCode);
      if (SERVED_OR_BEYOND.has(booking.status)) return ticket(booking);
      if (booking.status !== 'booked') {
        throw new AppError(
          'BOOKING_STATE_CONFLICT',
          `该预约${BOOKING_STATUS_LABELS[booking.status]}，不能签到`,
        );
      }
      const now = ctx.now();
      if (toChinaDate(now) !== booking.date) {
        throw new AppError('CHECK_IN_OUT_OF_TIME', `请在预约当天（${booking.date}）签到`);
      }
      const lastCheckIn = booking.slotEndsAt.getTime() + ctx.options.noShowGraceMinutes * 60_000;
      if (now.getTime() > lastCheckIn)
        throw new AppError('CHECK_IN_OUT_OF_TIME', '已超过签到时间，请重新预约');
      const letter = QUEUE_LETTERS[booking.windowType];
      const seq = await queue.next(booking.hallCode, booking.date, letter);
      const queueNo = `${letter}${String(seq).padStart(3, '0')}`;
      const checkedIn = await bookings.transition(booking._id, ['booked'], {
        status: 'checked_in',
        queueNo,
        queueSeq: seq,
        checkedInAt: now,
        checkedInBy: input.staffId,
        updatedAt: now,
      });
      if (checkedIn) {
        ctx.hooks
          .checkedIn?.(checkedIn)
          .catch((err: unknown) => ctx.logger.warn({ err }, 'check-in hook failed'));
        return ticket(checkedIn);
      }
      // Checked in at the same moment by another desk: that number stands (this one is skipped).
      const current = await bookings.findById(booking._id);
      if (current && SERVED_OR_BEYOND.has(current.status)) return ticket(current);
      throw new AppError('BOOKING_STATE_CONFLICT');
    },

    /** The oldest checked-in ticket of the hall and window type today becomes `called`; null when nobody waits. */
    async callNext(
      input: { hallCode: string; windowType: WindowType; windowName?: string } & StaffActor,
    ): Promise<BookingView | null> {
      assertHall(input, input.hallCode);
      const now = ctx.now();
      const called = await bookings.callNext(
        { hallCode: input.hallCode, windowType: input.windowType, date: toChinaDate(now) },
        {
          calledAt: now,
          calledBy: input.staffId,
          ...(input.windowName ? { windowName: input.windowName } : {}),
        },
      );
      return called ? toBookingView(called) : null;
    },

    async markServed(input: { bookingId: string } & StaffActor): Promise<BookingView> {
      const booking = await bookings.findById(input.bookingId);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      assertHall(input, booking.hallCode);
      const now = ctx.now();
      const served = await bookings.transition(
        booking._id,
        ['called'],
        {
          status: 'served',
          servedAt: now,
          updatedAt: now,
        },
        { deactivate: true },
      );
      if (served) return toBookingView(served);
      const current = await bookings.findById(booking._id);
      if (current?.status === 'served') return toBookingView(current);
      throw new AppError('BOOKING_STATE_CONFLICT', '只能将已叫号的预约标记为已办理');
    },

    /** The person's place in the queue: their number and how many checked-in tickets are before it. */
    async queuePosition(input: { bookingId: string; personId: string }): Promise<QueueTicket> {
      const booking = await bookings.findById(input.bookingId);
      if (!booking || booking.personId !== input.personId) throw new AppError('BOOKING_NOT_FOUND');
      if (!booking.queueNo) throw new AppError('BOOKING_STATE_CONFLICT', '尚未签到，没有排队号');
      return ticket(booking);
    },
  };
}
export type CheckInService = ReturnType<typeof createCheckInService>;
