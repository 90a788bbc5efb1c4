import { z } from 'zod';
import { WINDOW_TYPES, type WindowType } from '../catalog/enums';

export { WINDOW_TYPES, type WindowType };

/** Window type as a request field, with a Chinese message for people. */
export const appointmentWindowTypeSchema = z.enum(WINDOW_TYPES, {
  error: '窗口类型应为 综合受理、综合咨询 或 部门窗口',
});

/** The letter a queue number starts with, by window type: A012 is the 12th 综合受理 ticket of the day. */
export const QUEUE_LETTERS: Record<WindowType, string> = {
  综合受理: 'A',
  综合咨询: 'B',
  部门窗口: 'C',
};

/**
 * A booking's life:
 * - `pending`: written first, before the seat is taken (internal, seconds at most; recovery settles it);
 * - `booked` → `checked_in` (queue number) → `called` → `served`;
 * - `cancelled` by the person, `no_show` (爽约) when not checked in by the slot's end + grace;
 * - `rescheduled`: replaced by a new booking (改约);
 * - `rejected`: the attempt found the slot full or closed (kept so a retry with the same key answers the same);
 * - `expired`: a pending attempt that never got its seat (crash, settled by recovery).
 */
export const BOOKING_STATUSES = [
  'pending',
  'booked',
  'checked_in',
  'called',
  'served',
  'cancelled',
  'no_show',
  'rescheduled',
  'rejected',
  'expired',
] as const;
export const bookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

/** Statuses that hold the person's one booking per item per day. */
export const ACTIVE_BOOKING_STATUSES = [
  'pending',
  'booked',
  'checked_in',
  'called',
] as const satisfies readonly BookingStatus[];

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending: '处理中',
  booked: '已预约',
  checked_in: '已签到',
  called: '已叫号',
  served: '已办理',
  cancelled: '已取消',
  no_show: '爽约',
  rescheduled: '已改约',
  rejected: '未约上',
  expired: '已失效',
};

/** A waiting-list entry (候补): waiting → offered (a seat is held for a limited time) → claimed, or expired / cancelled. */
export const WAITLIST_STATUSES = ['waiting', 'offered', 'claimed', 'expired', 'cancelled'] as const;
export const waitlistStatusSchema = z.enum(WAITLIST_STATUSES);
export type WaitlistStatus = z.infer<typeof waitlistStatusSchema>;

/** What a notice on a booking tells the person (the reminder channel sends it later). */
export const BOOKING_NOTICE_KINDS = ['slot_closed', 'capacity_reduced', 'offer', 'restricted'] as const;
export const bookingNoticeKindSchema = z.enum(BOOKING_NOTICE_KINDS);
export type BookingNoticeKind = z.infer<typeof bookingNoticeKindSchema>;

/** The alphabet of booking codes: no 0/O, 1/I/L, so a code read aloud or typed is not mistaken. */
export const BOOKING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const BOOKING_CODE_LENGTH = 8;

export const WAITLIST_STATUS_LABELS: Record<WaitlistStatus, string> = {
  waiting: '候补中',
  offered: '有名额待确认',
  claimed: '已转为预约',
  expired: '已失效',
  cancelled: '已退出',
};
