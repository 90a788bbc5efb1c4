import {
  bookingPersonIdentitySchema,
  appointmentHallsQuerySchema,
  appointmentHallsResponseSchema,
  appointmentIdParamsSchema,
  appointmentWaitlistEntrySchema,
  availabilityQuerySchema,
  availabilityResponseSchema,
  callNextBodySchema,
  callNextResponseSchema,
  cancelAppointmentBodySchema,
  capacityChangeBodySchema,
  capacityChangeResponseSchema,
  checkInBodySchema,
  checkInResponseSchema,
  createAppointmentBodySchema,
  createAppointmentResponseSchema,
  idempotencyKeyHeaderSchema,
  myAppointmentsResponseSchema,
  enterpriseAppointmentsResponseSchema,
  enterpriseIdParamsSchema,
  queuePositionSchema,
  rescheduleBodySchema,
  slotsQuerySchema,
  slotsResponseSchema,
  staffAppointmentRowSchema,
  staffAppointmentsQuerySchema,
  staffAppointmentsResponseSchema,
  staffSlotsQuerySchema,
  staffSlotsResponseSchema,
  ticketSchema,
  type Role,
} from '@app/shared';
import type { Context } from 'koa';
import type { AppDeps } from '../../app-deps';
import { AppError, zodIssuesToFields } from '../../http/app-error';
import { route, type RouteDef } from '../../http/route-table';
import type { Principal } from '../auth/access/principal';
import { noteAudit } from '../audit/services/audit.service';
import { identityOf } from '../auth/identity';
import { casesOf } from '../cases/cases.module';
import { appointmentsOf } from './appointments.runtime';
import { registerAppointmentModels } from './models';
import type { Booking } from './repositories/booking.repository';

const PERSON: readonly Role[] = ['citizen', 'enterprise'];
const STAFF: readonly Role[] = ['staff'];
const STAFF_READ: readonly Role[] = ['staff', 'supervisor'];
const TAG = 'appointments';

/** The `Idempotency-Key` header, validated like a field (path `headers.idempotency-key`). */
function idempotencyKeyOf(ctx: Context): string {
  const parsed = idempotencyKeyHeaderSchema.safeParse(ctx.get('idempotency-key') || undefined);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: zodIssuesToFields(parsed.error, 'headers.idempotency-key').map((f) => ({
        ...f,
        path: 'headers.idempotency-key',
      })),
    });
  }
  return parsed.data;
}

function principal(auth: Principal | undefined): Principal {
  if (!auth) throw new AppError('UNAUTHENTICATED');
  return auth;
}

/** 预约办理: the person's routes and the hall staff's. Contract: shared/src/appointments/api.ts. */
export function appointmentsRoutes(deps: AppDeps): RouteDef[] {
  // Registered now so the app's syncIndexes creates the unique indexes the booking protocol relies on.
  registerAppointmentModels(deps.mongo.connection);
  const api = () => appointmentsOf(deps).api;
  const own = {
    kind: 'appointment',
    param: 'id',
    load: (id: string) => api().ownership(id),
  };
  /** Reading a booking: also the active members of the enterprise it was booked for. */
  const readable = {
    kind: 'appointment',
    param: 'id',
    load: (id: string) => api().readOwnership(id),
  };
  const ofHall = {
    kind: 'appointment',
    param: 'id',
    load: (id: string) => api().hallOwnership(id),
  };
  /**
   * A check-in is an in-person visit: a trip on the person's open case of the same item, if any
   * (cases module, idempotent per appointment). Failing to record it never fails the check-in.
   */
  const recordVisit = async (booking: Booking): Promise<void> => {
    try {
      await casesOf(deps).service.recordAppointmentTrip({
        personId: booking.personId,
        itemCode: booking.itemCode,
        appointmentId: booking._id.toString(),
        hallCode: booking.hallCode,
      });
    } catch (err) {
      deps.logger.warn(
        { err, appointmentId: booking._id.toString() },
        'appointments: check-in could not be recorded as a case trip',
      );
    }
  };
  return [
    route({
      method: 'get',
      path: '/api/appointments/halls',
      summary: '可预约某事项的大厅：地址、办公时间、预约规则和使用的窗口类型',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { query: appointmentHallsQuerySchema },
      response: appointmentHallsResponseSchema,
      errors: ['ITEM_NOT_FOUND'],
      handler: ({ query }) => api().halls(query.itemCode),
    }),
    route({
      method: 'get',
      path: '/api/appointments/availability',
      summary: '预约日历：每天是否工作日、是否在预约开放期内、剩余名额',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { query: availabilityQuerySchema },
      response: availabilityResponseSchema,
      errors: ['ITEM_NOT_FOUND', 'HALL_NOT_CONFIGURED', 'ITEM_NOT_BOOKABLE'],
      handler: ({ query }) => api().availability(query),
    }),
    route({
      method: 'get',
      path: '/api/appointments/slots',
      summary: '某天的预约时段：名额、剩余、是否停约、是否可约',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { query: slotsQuerySchema },
      response: slotsResponseSchema,
      errors: ['ITEM_NOT_FOUND', 'HALL_NOT_CONFIGURED', 'ITEM_NOT_BOOKABLE'],
      handler: ({ query }) => api().slots(query),
    }),
    route({
      method: 'post',
      path: '/api/appointments',
      summary: '预约（请求头 Idempotency-Key：同一编号重试得到同一预约）；约满时可加入候补',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { body: createAppointmentBodySchema },
      response: createAppointmentResponseSchema,
      status: 201,
      errors: [
        'ITEM_NOT_FOUND',
        'HALL_NOT_CONFIGURED',
        'ITEM_NOT_BOOKABLE',
        'FORBIDDEN',
        'SLOT_NOT_FOUND',
        'SLOT_FULL',
        'SLOT_CLOSED',
        'BOOKING_NOT_OPEN',
        'BOOKING_CLOSED',
        'BOOKING_DUPLICATE',
        'BOOKING_RESTRICTED',
        'BOOKING_REAL_NAME_REQUIRED',
        'IDEMPOTENCY_KEY_REUSED',
        'WAITLIST_DUPLICATE',
      ],
      handler: ({ body, ctx, auth }) => api().book(principal(auth), body, idempotencyKeyOf(ctx)),
    }),
    route({
      method: 'get',
      path: '/api/appointments/mine',
      summary: '我的预约：待办理、历史、候补和预约限制',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      response: myAppointmentsResponseSchema,
      handler: ({ auth }) => api().mine(principal(auth)),
    }),
    route({
      method: 'get',
      path: '/api/appointments/:id',
      summary: '预约凭证：预约码、二维码内容、大厅地址、需带材料、排队号',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: readable },
      request: { params: appointmentIdParamsSchema },
      response: ticketSchema,
      errors: ['BOOKING_NOT_FOUND'],
      handler: ({ params, auth }) => api().get(principal(auth), params.id),
    }),
    route({
      method: 'get',
      path: '/api/appointments/:id/position',
      summary: '排队进度（凭证页每 5 秒轮询）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: readable },
      request: { params: appointmentIdParamsSchema },
      response: queuePositionSchema,
      errors: ['BOOKING_NOT_FOUND'],
      handler: ({ params, auth }) => api().position(principal(auth), params.id),
    }),
    route({
      method: 'get',
      path: '/api/enterprises/:id/appointments',
      summary: '企业的预约（成员代企业预约的，含预约人）：待办理和历史',
      tag: TAG,
      policy: {
        access: 'signed-in',
        roles: ['enterprise', 'supervisor', 'admin'],
        resource: {
          kind: 'enterprise',
          param: 'id',
          load: (id: string) => identityOf(deps).enterpriseService.ownership(id),
        },
      },
      request: { params: enterpriseIdParamsSchema },
      response: enterpriseAppointmentsResponseSchema,
      handler: ({ params, auth }) => api().listForEnterprise(principal(auth), params.id),
    }),
    route({
      method: 'post',
      path: '/api/appointments/:id/cancel',
      summary: '取消预约（截止时间前）；名额转给第一位候补',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: own },
      request: { params: appointmentIdParamsSchema, body: cancelAppointmentBodySchema },
      response: ticketSchema,
      errors: ['BOOKING_NOT_FOUND', 'BOOKING_STATE_CONFLICT', 'CANCEL_TOO_LATE'],
      handler: ({ params, body, auth }) => api().cancel(principal(auth), params.id, body.reason),
    }),
    route({
      method: 'post',
      path: '/api/appointments/:id/reschedule',
      summary: '改约（请求头 Idempotency-Key）：新时段约上后才释放原预约',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: own },
      request: { params: appointmentIdParamsSchema, body: rescheduleBodySchema },
      response: ticketSchema,
      errors: [
        'BOOKING_NOT_FOUND',
        'BOOKING_STATE_CONFLICT',
        'CANCEL_TOO_LATE',
        'SLOT_FULL',
        'SLOT_CLOSED',
        'SLOT_NOT_FOUND',
        'BOOKING_NOT_OPEN',
        'BOOKING_CLOSED',
        'BOOKING_DUPLICATE',
        'BOOKING_RESTRICTED',
        'IDEMPOTENCY_KEY_REUSED',
      ],
      handler: ({ params, body, ctx, auth }) =>
        api().reschedule(principal(auth), params.id, body, idempotencyKeyOf(ctx)),
    }),
    route({
      method: 'post',
      path: '/api/appointments/waitlist/:id/claim',
      summary: '候补有名额时确认预约（保留时间内）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: own },
      request: { params: appointmentIdParamsSchema },
      response: ticketSchema,
      errors: ['WAITLIST_NOT_FOUND', 'WAITLIST_OFFER_EXPIRED', 'BOOKING_DUPLICATE', 'BOOKING_RESTRICTED'],
      handler: ({ params, auth }) => api().claim(principal(auth), params.id),
    }),
    route({
      method: 'post',
      path: '/api/appointments/waitlist/:id/leave',
      summary: '退出候补（或放弃保留的名额）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: own },
      request: { params: appointmentIdParamsSchema },
      response: appointmentWaitlistEntrySchema,
      errors: ['WAITLIST_NOT_FOUND'],
      handler: ({ params, auth }) => api().leave(principal(auth), params.id),
    }),

    // -------------------------------------------------------------- staff
    route({
      method: 'get',
      path: '/api/staff/appointments',
      summary: '本大厅某天的预约（默认今天，姓名脱敏）',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF_READ },
      request: { query: staffAppointmentsQuerySchema },
      response: staffAppointmentsResponseSchema,
      errors: ['FORBIDDEN'],
      handler: ({ query, auth }) => api().staffList(principal(auth), query),
    }),
    route({
      method: 'post',
      path: '/api/staff/appointments/check-in',
      summary: '签到：输入或扫描预约码，取排队号',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF },
      request: { body: checkInBodySchema },
      response: checkInResponseSchema,
      errors: ['BOOKING_NOT_FOUND', 'BOOKING_STATE_CONFLICT', 'CHECK_IN_OUT_OF_TIME'],
      handler: async ({ body, ctx, auth }) => {
        const result = await api().checkIn(principal(auth), body.code, recordVisit);
        noteAudit(ctx, {
          action: 'appointments.check-in',
          target: result.ticket.id,
          after: {
            code: result.ticket.code,
            status: result.ticket.status,
            queueNo: result.queueNo,
            hallCode: result.ticket.hallCode,
          },
        });
        return result;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/appointments/:id/person-identity',
      summary:
        '核对身份：签到时本大厅工作人员点“查看”后看到预约人全名和身份证号后 4 位（每次查看记入审计日志；列表仍打码）',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF, resource: ofHall },
      request: { params: appointmentIdParamsSchema },
      response: bookingPersonIdentitySchema,
      errors: ['BOOKING_NOT_FOUND', 'BOOKING_PERSON_NOT_VERIFIED'],
      handler: async ({ params, ctx, auth }) => {
        const { code, ...identity } = await api().personIdentity(principal(auth), params.id);
        noteAudit(ctx, { action: 'appointments.view-person', target: params.id, after: { code } });
        return identity;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/appointments/call-next',
      summary: '叫号：本大厅该窗口类型今天最早签到的一位',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF },
      request: { body: callNextBodySchema },
      response: callNextResponseSchema,
      errors: ['QUEUE_EMPTY', 'FORBIDDEN'],
      handler: async ({ body, ctx, auth }) => {
        const result = await api().callNext(principal(auth), body);
        noteAudit(ctx, {
          action: 'appointments.call-next',
          target: result.ticket.id,
          after: {
            code: result.ticket.code,
            queueNo: result.ticket.queueNo,
            window: body.windowName,
            hallCode: body.hallCode,
          },
        });
        return result;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/appointments/:id/served',
      summary: '办结：已叫号的预约标记为已办理',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF, resource: ofHall },
      request: { params: appointmentIdParamsSchema },
      response: staffAppointmentRowSchema,
      errors: ['BOOKING_NOT_FOUND', 'BOOKING_STATE_CONFLICT'],
      handler: async ({ params, ctx, auth }) => {
        const row = await api().served(principal(auth), params.id);
        noteAudit(ctx, {
          action: 'appointments.served',
          target: row.id,
          after: { code: row.code, status: row.status },
        });
        return row;
      },
    }),
    route({
      method: 'get',
      path: '/api/staff/slots',
      summary: '名额与停约：本大厅某天（默认今天）的预约时段、已约人数、候补人数，是否工作日或闭厅',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF_READ },
      request: { query: staffSlotsQuerySchema },
      response: staffSlotsResponseSchema,
      errors: ['HALL_NOT_CONFIGURED', 'FORBIDDEN'],
      handler: ({ query, auth }) => api().staffSlots(principal(auth), query),
    }),
    route({
      method: 'post',
      path: '/api/staff/slots/capacity',
      summary: '调整某天/某时段名额或停约（已预约的群众保留预约并收到通知）',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF },
      request: { body: capacityChangeBodySchema },
      response: capacityChangeResponseSchema,
      errors: ['SLOT_NOT_FOUND', 'FORBIDDEN'],
      handler: async ({ body, ctx, auth }) => {
        const result = await api().changeCapacity(principal(auth), body);
        noteAudit(ctx, {
          action: 'appointments.capacity',
          target: `${body.hallCode}:${body.date}${body.start ? `:${body.start}` : ''}`,
          after: {
            windowType: body.windowType,
            capacity: body.capacity,
            closed: body.closed,
            reason: body.reason,
            slots: result.slots.length,
          },
        });
        return result;
      },
    }),
  ];
}
