import { z } from 'zod';
import { isLocalDate } from '../calendar';
import { humanText, optionalHumanText } from '../common/text';
import {
  appointmentWindowTypeSchema,
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  bookingNoticeKindSchema,
  bookingStatusSchema,
  waitlistStatusSchema,
} from './enums';

/**
 * Requests the appointment routes take (预约办理). The person and the staff member come from the
 * session, never from the body. Every message is for people, in Chinese.
 */

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const appointmentDateSchema = z
  .string({ error: '请选择预约日期' })
  .trim()
  .refine(isLocalDate, { message: '日期格式应为 YYYY-MM-DD，且须为有效日期' });

/** A local time `HH:mm` (China time). */
export const timeOfDaySchema = z
  .string({ error: '请选择时间' })
  .trim()
  .regex(TIME_PATTERN, '时间格式应为 HH:mm，例如 09:30');

export const appointmentHallCodeSchema = z
  .string({ error: '请选择办事大厅' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, '大厅编码只能包含字母、数字、短横线和下划线，长度 1–40');

export const appointmentItemCodeSchema = z
  .string({ error: '请选择办理事项' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, '事项编码只能包含字母、数字和短横线，长度 3–40');

/** Chosen by the client once per attempt and sent again on retries: the same key never books twice. */
export const idempotencyKeySchema = z
  .string({ error: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、短横线或下划线');

const codePattern = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${BOOKING_CODE_LENGTH}}$`);

/** An 8-character booking code (case and spaces forgiven). */
export const bookingCodeSchema = z
  .string({ error: '请输入预约码' })
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(codePattern, `预约码应为 ${BOOKING_CODE_LENGTH} 位字母或数字`));

/** `POST /api/appointments` */
export const bookRequestSchema = z.object({
  itemCode: appointmentItemCodeSchema,
  hallCode: appointmentHallCodeSchema,
  windowType: appointmentWindowTypeSchema,
  date: appointmentDateSchema,
  start: timeOfDaySchema,
  idempotencyKey: idempotencyKeySchema,
  /** When the slot is full: join its waiting list (候补) instead of failing. */
  joinWaitlist: z.boolean({ error: '是否候补应为 true 或 false' }).optional(),
});
export type BookRequest = z.infer<typeof bookRequestSchema>;

/** `POST /api/appointments/:id/cancel` */
export const cancelRequestSchema = z.object({
  reason: optionalHumanText({ label: '取消原因', max: 200, multiline: true }),
});
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

/** `POST /api/appointments/:id/reschedule`: hall and window type default to the booking's own. */
export const rescheduleRequestSchema = z.object({
  hallCode: appointmentHallCodeSchema.optional(),
  windowType: appointmentWindowTypeSchema.optional(),
  date: appointmentDateSchema,
  start: timeOfDaySchema,
  idempotencyKey: idempotencyKeySchema,
});
export type RescheduleRequest = z.infer<typeof rescheduleRequestSchema>;

/** `POST /api/staff/appointments/check-in`: the code typed in, or the QR payload scanned. */
export const checkInRequestSchema = z.object({
  code: z
    .string({ error: '请输入或扫描预约码' })
    .trim()
    .min(1, '请输入或扫描预约码')
    .max(200, '预约码内容过长'),
});
export type CheckInRequest = z.infer<typeof checkInRequestSchema>;

/** `POST /api/staff/appointments/call-next` */
export const callNextRequestSchema = z.object({
  hallCode: appointmentHallCodeSchema,
  windowType: appointmentWindowTypeSchema,
  /** The window that calls (shown on the hall's screen), e.g. 3号窗口. */
  windowName: optionalHumanText({ label: '窗口名称', max: 40 }),
});
export type CallNextRequest = z.infer<typeof callNextRequestSchema>;

/**
 * `POST /api/staff/appointments/slots/capacity`: one slot (with `start`) or a whole day (without),
 * of one window type or all of them. Booked people keep their booking and get a notice.
 */
export const capacityChangeSchema = z
  .object({
    hallCode: appointmentHallCodeSchema,
    windowType: appointmentWindowTypeSchema.optional(),
    date: appointmentDateSchema,
    start: timeOfDaySchema.optional(),
    capacity: z
      .number({ error: '名额应为数字' })
      .int('名额应为整数')
      .min(0, '名额不能小于 0')
      .max(1000, '名额不能超过 1000')
      .optional(),
    closed: z.boolean({ error: '是否停约应为 true 或 false' }).optional(),
    reason: humanText({ label: '调整原因', max: 200 }),
  })
  .refine((v) => v.capacity !== undefined || v.closed !== undefined, {
    message: '请填写新的名额或是否停约',
    path: ['capacity'],
  });
export type CapacityChange = z.infer<typeof capacityChangeSchema>;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const openingSessionSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((s) => minutesOf(s.end) > minutesOf(s.start), { message: '结束时间须晚于开始时间', path: ['end'] });

export const windowCapacitySchema = z.object({
  type: appointmentWindowTypeSchema,
  openWindows: z
    .number({ error: '开放窗口数应为数字' })
    .int('开放窗口数应为整数')
    .min(0, '开放窗口数不能小于 0')
    .max(100, '开放窗口数不能超过 100'),
  quotaPerWindow: z
    .number({ error: '每窗口名额应为数字' })
    .int('每窗口名额应为整数')
    .min(0, '每窗口名额不能小于 0')
    .max(500, '每窗口名额不能超过 500'),
});

const minutes = (label: string) => z.number({ error: `${label}应为数字` }).int(`${label}应为整数`);

/** A hall's booking configuration (the hall itself lives in the catalog). */
export const hallBookingConfigSchema = z
  .object({
    hallCode: appointmentHallCodeSchema,
    windows: z.array(windowCapacitySchema).min(1, '至少配置一种窗口'),
    sessions: z.array(openingSessionSchema).min(1, '至少配置一个办公时段'),
    slotMinutes: minutes('时段长度').min(5, '时段长度至少 5 分钟').max(240, '时段长度最多 240 分钟'),
    /** Booking for day D opens `openDaysAhead` calendar days before D at `openAt`. */
    openDaysAhead: minutes('提前开放天数').min(0, '提前开放天数不能小于 0').max(60, '最多提前 60 天开放'),
    openAt: timeOfDaySchema,
    /** … and closes `closeDaysBefore` calendar days before D at `closeAt` (0 = the same day). */
    closeDaysBefore: minutes('截止提前天数').min(0, '截止提前天数不能小于 0').max(30, '截止最多提前 30 天'),
    closeAt: timeOfDaySchema,
    /** A booking can be cancelled or rescheduled until this many minutes before its slot starts. */
    cancelCutoffMinutes: minutes('取消截止时间')
      .min(0, '取消截止时间不能小于 0')
      .max(7 * 24 * 60, '取消截止时间最多提前 7 天'),
    /**
     * Booking needs the real-name profile (实名信息), as online applications do. Absent means required:
     * only a hall that decided otherwise sets `false`.
     */
    realNameRequired: z.boolean({ error: '是否需要实名应为是或否' }).optional(),
  })
  .superRefine((config, ctx) => {
    const sorted = [...config.sessions].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOf(sorted[i].start) < minutesOf(sorted[i - 1].end)) {
        ctx.addIssue({ code: 'custom', path: ['sessions'], message: '办公时段不能重叠' });
      }
    }
    const types = config.windows.map((w) => w.type);
    if (new Set(types).size !== types.length) {
      ctx.addIssue({ code: 'custom', path: ['windows'], message: '同一种窗口只能配置一次' });
    }
  });
export type HallBookingConfig = z.infer<typeof hallBookingConfigSchema>;

export const slotViewSchema = z.object({
  id: z.string(),
  hallCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  date: z.string(),
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  available: z.number().int(),
  closed: z.boolean(),
  closedReason: z.string().optional(),
  waiting: z.number().int().optional(),
});
export type SlotView = z.infer<typeof slotViewSchema>;

export const bookingNoticeSchema = z.object({
  kind: bookingNoticeKindSchema,
  message: z.string(),
  at: z.string(),
});
export type BookingNotice = z.infer<typeof bookingNoticeSchema>;

export const bookingViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: bookingStatusSchema,
  itemCode: z.string(),
  hallCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  date: z.string(),
  start: z.string(),
  end: z.string(),
  qrPayload: z.string(),
  queueNo: z.string().optional(),
  notices: z.array(bookingNoticeSchema),
  rescheduledTo: z.string().optional(),
});
export type BookingView = z.infer<typeof bookingViewSchema>;

export const waitlistEntryViewSchema = z.object({
  id: z.string(),
  status: waitlistStatusSchema,
  slotId: z.string(),
  itemCode: z.string(),
  date: z.string(),
  start: z.string(),
  position: z.number().int().optional(),
  offerExpiresAt: z.string().optional(),
});
export type WaitlistEntryView = z.infer<typeof waitlistEntryViewSchema>;
