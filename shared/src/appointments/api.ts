import { z } from 'zod';
import { dayKindSchema } from '../calendar';
import { materialFormSchema, materialRequirementSchema } from '../catalog/enums';
import { revealedIdentitySchema } from '../users/schemas';
import { appointmentWindowTypeSchema, bookingStatusSchema, waitlistStatusSchema } from './enums';
import {
  appointmentDateSchema,
  appointmentHallCodeSchema,
  appointmentItemCodeSchema,
  bookingNoticeSchema,
  cancelRequestSchema,
  capacityChangeSchema,
  checkInRequestSchema,
  idempotencyKeySchema,
  slotViewSchema,
  timeOfDaySchema,
} from './schemas';

/**
 * The HTTP contract of 预约办理 (what the mini-program calls). Every route is under `/api`; the person
 * and the staff member come from the session (Authorization header), never from the body or query.
 * Errors: `{ error: { code, message, fields? } }`, codes in shared/src/errors/error-codes.ts.
 *
 * Person routes (citizen / enterprise):
 * - `GET  /api/appointments/halls?itemCode=`                               → AppointmentHallsResponse
 * - `GET  /api/appointments/availability?hallCode=&itemCode=&from=&to=`    → AvailabilityResponse
 * - `GET  /api/appointments/slots?hallCode=&itemCode=&date=`               → SlotsResponse
 * - `POST /api/appointments` (header Idempotency-Key) CreateAppointmentBody → 201 CreateAppointmentResponse
 * - `GET  /api/appointments/mine`                                          → MyAppointmentsResponse
 * - `GET  /api/appointments/:id`                                           → Ticket
 * - `GET  /api/appointments/:id/position`                                  → QueuePosition (poll every ~5 s)
 * - `POST /api/appointments/:id/cancel` CancelAppointmentBody               → Ticket
 * - `POST /api/appointments/:id/reschedule` (header Idempotency-Key) RescheduleBody → Ticket (the new booking)
 * - `POST /api/appointments/waitlist/:id/claim`                            → Ticket (the booking made from the offer)
 * - `POST /api/appointments/waitlist/:id/leave`                            → WaitlistEntryView
 *
 * Staff routes (staff of the hall; supervisors may read):
 * - `GET  /api/staff/appointments?hallCode=&date=&status=`                 → StaffAppointmentsResponse
 * - `POST /api/staff/appointments/check-in` { code }                       → CheckInResponse
 * - `POST /api/staff/appointments/call-next` CallNextBody                  → CallNextResponse (404 QUEUE_EMPTY when nobody waits)
 * - `POST /api/staff/appointments/:id/served`                              → StaffAppointmentRow
 * - `GET  /api/staff/slots?hallCode=&date=&windowType=`                     → StaffSlotsResponse (名额与停约)
 * - `POST /api/staff/slots/capacity` CapacityChange                        → CapacityChangeResponse
 */

/** The header carrying the client's attempt key on `POST /api/appointments` and `…/reschedule`. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const idempotencyKeyHeaderSchema = idempotencyKeySchema;

/** Longest range `GET /api/appointments/availability` answers. */
export const AVAILABILITY_MAX_DAYS = 31;

// ---------------------------------------------------------------- halls

/** `GET /api/appointments/halls?itemCode=` */
export const appointmentHallsQuerySchema = z.object({ itemCode: appointmentItemCodeSchema });
export type AppointmentHallsQuery = z.infer<typeof appointmentHallsQuerySchema>;

export const bookingRulesSchema = z.object({
  /** Booking for day D opens `openDaysAhead` days before D at `openAt` … */
  openDaysAhead: z.number().int(),
  openAt: z.string(),
  /** … and closes `closeDaysBefore` days before D at `closeAt`. */
  closeDaysBefore: z.number().int(),
  closeAt: z.string(),
  /** Cancel / reschedule until this many minutes before the slot starts. */
  cancelCutoffMinutes: z.number().int(),
  slotMinutes: z.number().int(),
  /** The same in one Chinese sentence, e.g. 提前 7 天 08:00 开放预约，前一天 17:00 截止. */
  text: z.string(),
});
export type BookingRules = z.infer<typeof bookingRulesSchema>;

export const appointmentHallSchema = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  /** As the catalog words it, e.g. 周一至周五 9:00–12:00，13:30–17:00（法定节假日除外）. */
  openingHours: z.string(),
  /** The bookable sessions of a working day. */
  sessions: z.array(z.object({ start: z.string(), end: z.string() })),
  /** The window type this item is booked at in this hall: 综合受理 unless the guide names a department window. */
  windowType: appointmentWindowTypeSchema,
  /** The department window's name when `windowType` is 部门窗口. */
  windowName: z.string().optional(),
  rules: bookingRulesSchema,
  /** Booking here needs the real-name profile (the hall's config; required unless it waived it). */
  realNameRequired: z.boolean(),
});
export type AppointmentHall = z.infer<typeof appointmentHallSchema>;

export const appointmentHallsResponseSchema = z.object({
  item: z.object({ code: z.string(), name: z.string() }),
  halls: z.array(appointmentHallSchema),
});
export type AppointmentHallsResponse = z.infer<typeof appointmentHallsResponseSchema>;

// ---------------------------------------------------------------- availability

/** `GET /api/appointments/availability?hallCode=&itemCode=&from=&to=` (at most 31 days). */
export const availabilityQuerySchema = z.object({
  hallCode: appointmentHallCodeSchema,
  itemCode: appointmentItemCodeSchema,
  from: appointmentDateSchema,
  to: appointmentDateSchema,
});
export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;

export const availabilityDaySchema = z.object({
  date: z.string(),
  /** From the working-day calendar: workday / weekend / holiday / makeup_workday / closure. */
  kind: dayKindSchema,
  isWorkingDay: z.boolean(),
  /** 国庆节, 调休上班, the hall's closure reason … */
  note: z.string().optional(),
  /** Inside the booking window now (opened and not yet closed). */
  bookable: z.boolean(),
  /** When booking for this day opens / closes (ISO instants). */
  opensAt: z.string().optional(),
  closesAt: z.string().optional(),
  /** Sum over the day's open slots of this window type. */
  capacity: z.number().int(),
  /** 0 on a working day = full (the waiting list is possible). */
  seatsLeft: z.number().int(),
});
export type AvailabilityDay = z.infer<typeof availabilityDaySchema>;

export const availabilityResponseSchema = z.object({
  hallCode: z.string(),
  itemCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  days: z.array(availabilityDaySchema),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;

// ---------------------------------------------------------------- slots

/** `GET /api/appointments/slots?hallCode=&itemCode=&date=` */
export const slotsQuerySchema = z.object({
  hallCode: appointmentHallCodeSchema,
  itemCode: appointmentItemCodeSchema,
  date: appointmentDateSchema,
});
export type SlotsQuery = z.infer<typeof slotsQuerySchema>;

export const slotOptionSchema = z.object({
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  closed: z.boolean(),
  closedReason: z.string().optional(),
  /** Can be booked now: booking window open, slot open (a full slot is bookable only via the waiting list). */
  bookable: z.boolean(),
  /** People on the waiting list (full slots). */
  waiting: z.number().int().optional(),
});
export type SlotOption = z.infer<typeof slotOptionSchema>;

export const slotsResponseSchema = z.object({
  hallCode: z.string(),
  itemCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  date: z.string(),
  isWorkingDay: z.boolean(),
  note: z.string().optional(),
  opensAt: z.string().optional(),
  closesAt: z.string().optional(),
  slots: z.array(slotOptionSchema),
});
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;

// ---------------------------------------------------------------- ticket

export const ticketMaterialSchema = z.object({
  name: z.string(),
  form: materialFormSchema,
  count: z.number().int(),
  /** required / waivable (容缺受理) — shared and cancelled materials are not listed. */
  requirement: materialRequirementSchema,
  /** 必须提交 / 可容缺 … */
  requirementLabel: z.string(),
  note: z.string().optional(),
});
export type TicketMaterial = z.infer<typeof ticketMaterialSchema>;

/** The ticket page (and a row of 我的预约). */
export const ticketSchema = z.object({
  id: z.string(),
  /** 8 characters, shown big: staff can type it. */
  code: z.string(),
  /** What the QR code encodes (staff scan it). */
  qrPayload: z.string(),
  status: bookingStatusSchema,
  statusLabel: z.string(),
  item: z.object({ code: z.string(), name: z.string() }),
  hall: z.object({ code: z.string(), name: z.string(), address: z.string() }),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  windowType: appointmentWindowTypeSchema,
  materials: z.array(ticketMaterialSchema),
  queueNo: z.string().optional(),
  /** Checked-in tickets before this one (same hall, day, window type). */
  ahead: z.number().int().optional(),
  calledWindow: z.string().optional(),
  notices: z.array(bookingNoticeSchema),
  cancellable: z.boolean(),
  /** ISO instant until which cancel / reschedule is allowed. */
  cancelDeadline: z.string(),
  /** Set on a rescheduled booking: the id of its replacement. */
  rescheduledTo: z.string().optional(),
  /** Booked on behalf of this enterprise (申报主体); its active members see the booking too. */
  enterprise: z.object({ id: z.string(), name: z.string() }).optional(),
  /** Who booked it (masked name), shown to the enterprise's other members. */
  bookedByName: z.string().optional(),
  /** Reminder delivery (订阅消息), for information. */
  reminders: z
    .array(z.object({ kind: z.enum(['day_before', 'hour_before']), status: z.string(), at: z.string() }))
    .optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

// ---------------------------------------------------------------- book

/** `POST /api/appointments` body (the window type follows from item and hall). */
export const createAppointmentBodySchema = z.object({
  itemCode: appointmentItemCodeSchema,
  hallCode: appointmentHallCodeSchema,
  date: appointmentDateSchema,
  start: timeOfDaySchema,
  /** When the slot is full: join its waiting list (候补) instead of failing with SLOT_FULL. */
  joinWaitlist: z.boolean({ error: '是否候补应为 true 或 false' }).optional(),
  /** Book on behalf of this enterprise (the caller must be an active member); omitted = for oneself. */
  enterpriseId: z
    .string()
    .regex(/^[0-9a-f]{24}$/, '企业编号格式不正确')
    .optional(),
});
export type CreateAppointmentBody = z.infer<typeof createAppointmentBodySchema>;

export const appointmentWaitlistEntrySchema = z.object({
  id: z.string(),
  status: waitlistStatusSchema,
  statusLabel: z.string(),
  item: z.object({ code: z.string(), name: z.string() }),
  hallCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  date: z.string(),
  start: z.string(),
  /** 1 = next to be offered a seat (while waiting). */
  position: z.number().int().optional(),
  /** While offered: claim before this instant. */
  offerExpiresAt: z.string().optional(),
});
export type AppointmentWaitlistEntry = z.infer<typeof appointmentWaitlistEntrySchema>;

/** 201 on the first answer; a retry with the same key answers 200 with the same booking. */
export const createAppointmentResponseSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('booked'), booking: ticketSchema }),
  z.object({ outcome: z.literal('waitlisted'), entry: appointmentWaitlistEntrySchema }),
]);
export type CreateAppointmentResponse = z.infer<typeof createAppointmentResponseSchema>;

// ---------------------------------------------------------------- mine, position, cancel, reschedule

export const myAppointmentsResponseSchema = z.object({
  upcoming: z.array(ticketSchema),
  past: z.array(ticketSchema),
  waitlist: z.array(appointmentWaitlistEntrySchema),
  /** Present while the person may not book (多次爽约). */
  restriction: z.object({ reason: z.string(), endsOn: z.string() }).optional(),
});
export type MyAppointmentsResponse = z.infer<typeof myAppointmentsResponseSchema>;

/** `GET /api/enterprises/:id/appointments`: bookings made for the enterprise by any member. */
export const enterpriseAppointmentsResponseSchema = z.object({
  upcoming: z.array(ticketSchema),
  past: z.array(ticketSchema),
});
export type EnterpriseAppointmentsResponse = z.infer<typeof enterpriseAppointmentsResponseSchema>;

export const queuePositionSchema = z.object({
  status: bookingStatusSchema,
  statusLabel: z.string(),
  queueNo: z.string().optional(),
  ahead: z.number().int().optional(),
  calledWindow: z.string().optional(),
});
export type QueuePosition = z.infer<typeof queuePositionSchema>;

export const cancelAppointmentBodySchema = cancelRequestSchema;
export type CancelAppointmentBody = z.infer<typeof cancelAppointmentBodySchema>;

/** `POST /api/appointments/:id/reschedule` (same hall and window type; header Idempotency-Key). */
export const rescheduleBodySchema = z.object({
  date: appointmentDateSchema,
  start: timeOfDaySchema,
});
export type RescheduleBody = z.infer<typeof rescheduleBodySchema>;

export const appointmentIdParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{24}$/i, '预约编号格式不正确'),
});

// ---------------------------------------------------------------- staff

/** `GET /api/staff/appointments?hallCode=&date=&status=` (date defaults to today). */
export const staffAppointmentsQuerySchema = z.object({
  hallCode: appointmentHallCodeSchema,
  date: appointmentDateSchema.optional(),
  status: bookingStatusSchema.optional(),
});
export type StaffAppointmentsQuery = z.infer<typeof staffAppointmentsQuerySchema>;

export const staffAppointmentRowSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: bookingStatusSchema,
  statusLabel: z.string(),
  item: z.object({ code: z.string(), name: z.string() }),
  hallCode: z.string(),
  windowType: appointmentWindowTypeSchema,
  date: z.string(),
  start: z.string(),
  end: z.string(),
  /** Masked (张*三); empty when the person has no real-name profile. */
  personName: z.string(),
  /** Masked (138****5678). */
  personPhone: z.string().optional(),
  queueNo: z.string().optional(),
  calledWindow: z.string().optional(),
});
export type StaffAppointmentRow = z.infer<typeof staffAppointmentRowSchema>;

export const staffAppointmentsResponseSchema = z.object({
  hallCode: z.string(),
  date: z.string(),
  items: z.array(staffAppointmentRowSchema),
});
export type StaffAppointmentsResponse = z.infer<typeof staffAppointmentsResponseSchema>;

export const checkInBodySchema = checkInRequestSchema;
export const checkInResponseSchema = z.object({
  ticket: staffAppointmentRowSchema,
  queueNo: z.string(),
  ahead: z.number().int(),
});
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;

export const callNextBodySchema = z.object({
  hallCode: appointmentHallCodeSchema,
  windowType: appointmentWindowTypeSchema,
  /** Shown to the person (e.g. 3号窗口). */
  windowName: z
    .string({ error: '请填写窗口名称' })
    .trim()
    .min(1, '请填写窗口名称')
    .max(40, '窗口名称最多 40 字'),
});
export type CallNextBody = z.infer<typeof callNextBodySchema>;

export const callNextResponseSchema = z.object({ ticket: staffAppointmentRowSchema });
export type CallNextResponse = z.infer<typeof callNextResponseSchema>;

export const capacityChangeBodySchema = capacityChangeSchema;
export const capacityChangeResponseSchema = z.object({ slots: z.array(slotViewSchema) });
export type CapacityChangeResponse = z.infer<typeof capacityChangeResponseSchema>;

/** How many upcoming working days `GET /api/staff/slots` names (the page's quick date choices). */
export const STAFF_SLOTS_NEXT_WORKING_DAYS = 5;

/** `GET /api/staff/slots?hallCode=&date=&windowType=`: a day's slots of the hall (date defaults to today). */
export const staffSlotsQuerySchema = z.object({
  hallCode: appointmentHallCodeSchema,
  date: appointmentDateSchema.optional(),
  windowType: appointmentWindowTypeSchema.optional(),
});
export type StaffSlotsQuery = z.infer<typeof staffSlotsQuerySchema>;

/**
 * What staff see to change capacity or close (名额与停约): every slot of the day with its booked
 * count and waiting list (`waiting` always set), whether the hall works that day and why not.
 * A working day whose slots are not generated yet shows the planned ones (booked 0); a change
 * generates them first.
 */
export const staffSlotsResponseSchema = z.object({
  hallCode: z.string(),
  date: z.string(),
  windowType: appointmentWindowTypeSchema.optional(),
  /** workday / weekend / holiday / makeup_workday / closure (the hall's own 闭厅). */
  kind: dayKindSchema,
  isWorkingDay: z.boolean(),
  /** The hall declared this day closed (闭厅): its slots, if any were generated, are closed. */
  hallClosed: z.boolean(),
  /** 国庆节, 调休上班, the closure's reason … */
  note: z.string().optional(),
  /** From today on, the hall's next working days (closures excluded), for quick date choices. */
  nextWorkingDays: z.array(z.string()),
  slots: z.array(slotViewSchema),
});
export type StaffSlotsResponse = z.infer<typeof staffSlotsResponseSchema>;

/**
 * `POST /api/staff/appointments/:id/person-identity` (staff of the booking's hall, checking the person
 * in): the full name and the ID number's last 4, behind an explicit tap, audited. Lists stay masked.
 */
export const bookingPersonIdentitySchema = revealedIdentitySchema;
export type BookingPersonIdentity = z.infer<typeof bookingPersonIdentitySchema>;
