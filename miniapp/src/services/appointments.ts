import {
  IDEMPOTENCY_KEY_HEADER,
  appointmentHallsResponseSchema,
  appointmentWaitlistEntrySchema,
  availabilityResponseSchema,
  bookingPersonIdentitySchema,
  callNextResponseSchema,
  capacityChangeResponseSchema,
  checkInResponseSchema,
  createAppointmentResponseSchema,
  myAppointmentsResponseSchema,
  enterpriseAppointmentsResponseSchema,
  queuePositionSchema,
  slotsResponseSchema,
  staffAppointmentRowSchema,
  staffAppointmentsResponseSchema,
  staffSlotsResponseSchema,
  ticketSchema,
  type AppointmentHallsResponse,
  type AppointmentWaitlistEntry,
  type AvailabilityResponse,
  type BookingPersonIdentity,
  type BookingStatus,
  type CallNextBody,
  type CallNextResponse,
  type CapacityChange,
  type CapacityChangeResponse,
  type CheckInResponse,
  type CreateAppointmentBody,
  type CreateAppointmentResponse,
  type MyAppointmentsResponse,
  type EnterpriseAppointmentsResponse,
  type QueuePosition,
  type RescheduleBody,
  type SlotsResponse,
  type StaffAppointmentRow,
  type StaffAppointmentsResponse,
  type StaffSlotsResponse,
  type Ticket,
  type WindowType,
} from '@app/shared';
import { apiRequest } from './api-client';

// 预约办理 (capability `appointments`): the routes of shared/src/appointments/api.ts.

const enc = encodeURIComponent;

/** An attempt key for `Idempotency-Key` (8–64 of [A-Za-z0-9_-]): one per confirm screen, reused on retry. */
export function newIdempotencyKey(): string {
  let random = '';
  while (random.length < 20) random += Math.random().toString(36).slice(2);
  return `mp-${Date.now().toString(36)}-${random.slice(0, 20)}`;
}

export function listAppointmentHalls(itemCode: string): Promise<AppointmentHallsResponse> {
  return apiRequest({
    path: '/api/appointments/halls',
    query: { itemCode },
    schema: appointmentHallsResponseSchema,
  });
}

/** Days from `from` to `to` (inclusive, at most 31) with their kind and seats left. */
export function getAvailability(q: {
  hallCode: string;
  itemCode: string;
  from: string;
  to: string;
}): Promise<AvailabilityResponse> {
  return apiRequest({ path: '/api/appointments/availability', query: q, schema: availabilityResponseSchema });
}

export function getSlots(q: { hallCode: string; itemCode: string; date: string }): Promise<SlotsResponse> {
  return apiRequest({ path: '/api/appointments/slots', query: q, schema: slotsResponseSchema });
}

/** `POST /api/appointments`: the same `idempotencyKey` on a retry answers the same booking. */
export function createAppointment(
  body: CreateAppointmentBody,
  idempotencyKey: string,
): Promise<CreateAppointmentResponse> {
  return apiRequest({
    path: '/api/appointments',
    method: 'POST',
    data: body,
    headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
    schema: createAppointmentResponseSchema,
  });
}

export function myAppointments(): Promise<MyAppointmentsResponse> {
  return apiRequest({ path: '/api/appointments/mine', schema: myAppointmentsResponseSchema });
}

/** `GET /api/enterprises/:id/appointments`: bookings made for the enterprise by any member. */
export function listEnterpriseAppointments(enterpriseId: string): Promise<EnterpriseAppointmentsResponse> {
  return apiRequest({
    path: `/api/enterprises/${enc(enterpriseId)}/appointments`,
    schema: enterpriseAppointmentsResponseSchema,
  });
}

export function getTicket(id: string): Promise<Ticket> {
  return apiRequest({ path: `/api/appointments/${enc(id)}`, schema: ticketSchema });
}

export function getQueuePosition(id: string): Promise<QueuePosition> {
  return apiRequest({ path: `/api/appointments/${enc(id)}/position`, schema: queuePositionSchema });
}

export function cancelAppointment(id: string, reason?: string): Promise<Ticket> {
  return apiRequest({
    path: `/api/appointments/${enc(id)}/cancel`,
    method: 'POST',
    data: reason ? { reason } : {},
    schema: ticketSchema,
  });
}

/** 改约: the old booking stays unless the new seat is secured; answers the new booking. */
export function rescheduleAppointment(
  id: string,
  body: RescheduleBody,
  idempotencyKey: string,
): Promise<Ticket> {
  return apiRequest({
    path: `/api/appointments/${enc(id)}/reschedule`,
    method: 'POST',
    data: body,
    headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
    schema: ticketSchema,
  });
}

/** 确认候补: books the seat held for this entry. */
export function claimWaitlist(id: string): Promise<Ticket> {
  return apiRequest({
    path: `/api/appointments/waitlist/${enc(id)}/claim`,
    method: 'POST',
    schema: ticketSchema,
  });
}

export function leaveWaitlist(id: string): Promise<AppointmentWaitlistEntry> {
  return apiRequest({
    path: `/api/appointments/waitlist/${enc(id)}/leave`,
    method: 'POST',
    schema: appointmentWaitlistEntrySchema,
  });
}

// ---- staff (工作台 · 预约签到)

export function staffAppointments(q: {
  hallCode: string;
  date?: string;
  status?: BookingStatus;
}): Promise<StaffAppointmentsResponse> {
  return apiRequest({ path: '/api/staff/appointments', query: q, schema: staffAppointmentsResponseSchema });
}

export function checkIn(code: string): Promise<CheckInResponse> {
  return apiRequest({
    path: '/api/staff/appointments/check-in',
    method: 'POST',
    data: { code },
    schema: checkInResponseSchema,
  });
}

export function callNext(body: CallNextBody): Promise<CallNextResponse> {
  return apiRequest({
    path: '/api/staff/appointments/call-next',
    method: 'POST',
    data: body,
    schema: callNextResponseSchema,
  });
}

export function markServed(id: string): Promise<StaffAppointmentRow> {
  return apiRequest({
    path: `/api/staff/appointments/${enc(id)}/served`,
    method: 'POST',
    schema: staffAppointmentRowSchema,
  });
}

/** 核对身份: the booking's person's full name and ID last 4 (staff of the hall; every call is audited). */
export function revealBookingPerson(id: string): Promise<BookingPersonIdentity> {
  return apiRequest({
    path: `/api/staff/appointments/${enc(id)}/person-identity`,
    method: 'POST',
    data: {},
    schema: bookingPersonIdentitySchema,
  });
}

// ---- staff (工作台 · 名额与停约)

/** A day's slots of the hall with booked / capacity / waiting, and whether the hall works that day. */
export function staffSlots(q: {
  hallCode: string;
  date?: string;
  windowType?: WindowType;
}): Promise<StaffSlotsResponse> {
  return apiRequest({ path: '/api/staff/slots', query: q, schema: staffSlotsResponseSchema });
}

/** 调整名额 / 停约 / 恢复 of one slot (`start`) or a whole day: booked people keep their booking. */
export function changeCapacity(body: CapacityChange): Promise<CapacityChangeResponse> {
  return apiRequest({
    path: '/api/staff/slots/capacity',
    method: 'POST',
    data: body,
    schema: capacityChangeResponseSchema,
  });
}
