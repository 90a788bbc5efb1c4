import {
  acceptComplaintRequestSchema,
  answerSupervisionRequestSchema,
  coPartRequestSchema,
  complaintContactSchema,
  complaintDetailSchema,
  complaintFeedbackRequestSchema,
  complaintFileParamsSchema,
  complaintIdParamsSchema,
  complaintListResponseSchema,
  complaintSubjectsResponseSchema,
  complaintSupervisionParamsSchema,
  complaintUploadResponseSchema,
  dispatchComplaintRequestSchema,
  escalationDecisionRequestSchema,
  extensionDecisionRequestSchema,
  extensionRequestSchema,
  fileComplaintRequestSchema,
  followupAttemptRequestSchema,
  idempotencyKeyHeaderSchema,
  myComplaintsQuerySchema,
  rejectComplaintRequestSchema,
  replyComplaintRequestSchema,
  returnComplaintRequestSchema,
  revealContactRequestSchema,
  staffComplaintsQuerySchema,
  superviseRequestSchema,
  type Role,
} from '@app/shared';
import type { Context } from 'koa';
import { AppError, zodIssuesToFields } from '../../http/app-error';
import { route, type RouteDef, type RoutePolicy } from '../../http/route-table';
import type { Principal } from '../auth/access/principal';
import { noteAudit } from '../audit/services/audit.service';
import { readUpload } from '../cases';
import { complaintsOf, type ComplaintsDeps } from './complaints.module';
import type { ComplaintRecord } from './models/complaint.model';

const TAG = 'complaints';
const PEOPLE: readonly Role[] = ['citizen', 'enterprise'];
const VIEWERS: readonly Role[] = ['citizen', 'enterprise', 'staff', 'supervisor', 'admin'];
const STAFF: readonly Role[] = ['staff'];
const SUPERVISORS: readonly Role[] = ['supervisor'];

function idempotencyKeyOf(ctx: Context): string {
  const parsed = idempotencyKeyHeaderSchema.safeParse(ctx.get('idempotency-key') || undefined);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: zodIssuesToFields(parsed.error, 'headers.idempotency-key').map((f) => ({
        ...f,
        path: 'headers.idempotency-key',
      })),
    });
  return parsed.data;
}

/** Citizen side, staff queues and every step of the loop: rows of the route table, each with its policy. */
export function complaintsRoutes(deps: ComplaintsDeps): RouteDef[] {
  const c = () => complaintsOf(deps);
  const resource = { kind: 'complaint', param: 'id', load: (id: string) => c().queries.ownership(id) };
  const on = (roles: readonly Role[]): RoutePolicy => ({ access: 'signed-in', roles, resource });
  const brief = (x: ComplaintRecord) => ({ number: x.number, status: x.status, version: x.version });
  const conflictErrors = ['409:CONFLICT', '403:COMPLAINT_DUTY_REQUIRED', '403:COMPLAINT_NOT_YOUR_DEPARTMENT'];

  /** Staff steps: audited with the action name and the status before and after (no personal data). */
  const step =
    (
      action: string,
      run: (
        p: Principal,
        id: string,
        body: never,
      ) => Promise<{ before: ComplaintRecord; after: ComplaintRecord }>,
    ) =>
    async ({
      params,
      body,
      auth,
      ctx,
    }: {
      params: { id: string };
      body: unknown;
      auth?: Principal;
      ctx: Context;
    }) => {
      const { before, after } = await run(auth!, params.id, body as never);
      noteAudit(ctx, {
        action: `complaints.${action}`,
        target: params.id,
        before: brief(before),
        after: brief(after),
      });
      return c().view(auth!, after);
    };
  const staffRow = (
    path: string,
    summary: string,
    body: Parameters<typeof route>[0]['request'] extends infer R
      ? R extends { body?: infer B }
        ? B
        : never
      : never,
    action: string,
    run: (
      p: Principal,
      id: string,
      body: never,
    ) => Promise<{ before: ComplaintRecord; after: ComplaintRecord }>,
    roles: readonly Role[] = STAFF,
    errors: string[] = [],
  ) =>
    route({
      method: 'post',
      path: `/api/staff/complaints/:id/${path}`,
      summary,
      tag: TAG,
      policy: on(roles),
      request: { params: complaintIdParamsSchema, body },
      response: complaintDetailSchema,
      errors: [...conflictErrors, ...errors],
      handler: step(action, run) as never,
    });

  return [
    route({
      method: 'post',
      path: '/api/complaints/attachments',
      summary:
        '上传投诉附件（multipart/form-data：file = JPG/PNG/PDF，≤ 5 MB，按文件头识别类型）；提交时引用其编号，每件最多 5 个',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      response: complaintUploadResponseSchema,
      status: 201,
      errors: ['413:CASE_FILE_TOO_LARGE', '415:CASE_FILE_TYPE_NOT_ALLOWED', '415:UNSUPPORTED_MEDIA_TYPE'],
      handler: async ({ ctx, auth }) => {
        const upload = await readUpload(ctx);
        if (!upload.file)
          throw new AppError('VALIDATION_FAILED', undefined, {
            fields: [{ path: 'body.file', message: '请选择要上传的文件' }],
          });
        return c().filing.upload(auth!, upload.file);
      },
    }),
    route({
      method: 'post',
      path: '/api/complaints',
      summary:
        '提交投诉 / 建议 / 举报（请求头 Idempotency-Key：重试得到同一件）；投诉和建议须实名，举报可匿名',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      request: { body: fileComplaintRequestSchema },
      response: complaintDetailSchema,
      status: 201,
      errors: [
        '403:COMPLAINT_REAL_NAME_REQUIRED',
        '403:COMPLAINT_NOT_ENTERPRISE_MEMBER',
        '404:COMPLAINT_SUBJECT_NOT_FOUND',
        '404:COMPLAINT_ATTACHMENT_NOT_FOUND',
        '409:COMPLAINT_KEY_REUSED',
      ],
      handler: ({ body, ctx, auth }) => c().filing.file(auth!, body, idempotencyKeyOf(ctx)),
    }),
    route({
      method: 'get',
      path: '/api/complaints/mine',
      summary: '我的投诉（含所在企业的）：状态、承办部门、时限、答复',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      request: { query: myComplaintsQuerySchema },
      response: complaintListResponseSchema,
      handler: ({ query, auth }) => c().filing.mine(auth!, query),
    }),
    route({
      method: 'get',
      path: '/api/complaints/subjects',
      summary: '可投诉的对象：本人（及所在企业）的办件和预约',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      response: complaintSubjectsResponseSchema,
      handler: ({ auth }) => c().filing.subjectsOf(auth!),
    }),
    route({
      method: 'get',
      path: '/api/complaints/:id',
      summary: '投诉详情与时间线（举报件的承办部门看不到举报人的任何信息）',
      tag: TAG,
      policy: on(VIEWERS),
      request: { params: complaintIdParamsSchema },
      response: complaintDetailSchema,
      handler: async ({ params, auth }) => c().view(auth!, await c().load(params.id)),
    }),
    route({
      method: 'get',
      path: '/api/complaints/:id/attachments/:fileId',
      summary: '下载投诉附件',
      tag: TAG,
      policy: on(VIEWERS),
      request: { params: complaintFileParamsSchema },
      raw: true,
      errors: ['404:COMPLAINT_FILE_NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const file = await c().files.open(params.id, params.fileId);
        if (!file) throw new AppError('COMPLAINT_FILE_NOT_FOUND');
        ctx.set('Content-Type', file.contentType);
        ctx.set('Content-Length', String(file.length));
        ctx.set('Cache-Control', 'private, no-store');
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        ctx.status = 200;
        ctx.body = file.stream();
      },
    }),
    route({
      method: 'post',
      path: '/api/complaints/:id/feedback',
      summary: '答复后群众反馈问题是否已解决（每次答复一次）',
      tag: TAG,
      policy: on(PEOPLE),
      request: { params: complaintIdParamsSchema, body: complaintFeedbackRequestSchema },
      response: complaintDetailSchema,
      errors: ['409:COMPLAINT_FEEDBACK_CLOSED', '409:CONFLICT'],
      handler: async ({ params, body, auth }) =>
        c().view(auth!, (await c().followup.feedback(auth!, params.id, body)).after),
    }),

    // ---------- staff ----------
    route({
      method: 'get',
      path: '/api/staff/complaints',
      summary:
        '工作台投诉队列：duty = dispatch 派单 / handling 承办 / followup 回访 / supervision 督办；status、due = overdue | soon；按时限排序；督查不带条件看全部',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor', 'admin'] },
      request: { query: staffComplaintsQuerySchema },
      response: complaintListResponseSchema,
      errors: ['403:COMPLAINT_DUTY_REQUIRED'],
      handler: ({ query, auth }) => c().queries.staffQueue(auth!, query),
    }),
    staffRow(
      'accept',
      '派单：受理（开始计时，默认投诉 13、建议和举报 15 个工作日）',
      acceptComplaintRequestSchema,
      'accept',
      (p, id, b) => c().desk.accept(p, id, b),
    ),
    staffRow(
      'reject',
      '派单：不予受理（理由和去向群众可见）',
      rejectComplaintRequestSchema,
      'reject',
      (p, id, b) => c().desk.reject(p, id, b),
    ),
    staffRow(
      'dispatch',
      '派单：交办承办部门和协办部门，可定办理时限（退单后重新交办，时限不变）',
      dispatchComplaintRequestSchema,
      'dispatch',
      (p, id, b) => c().desk.dispatch(p, id, b),
      STAFF,
      ['400:COMPLAINT_DUE_DATE_INVALID'],
    ),
    staffRow(
      'return',
      '承办部门退单（写明理由，回到派单，时限继续计算）',
      returnComplaintRequestSchema,
      'return',
      (p, id, b) => c().desk.returnToDesk(p, id, b),
    ),
    staffRow('co-part', '协办部门提交办理意见', coPartRequestSchema, 'co_part', (p, id, b) =>
      c().desk.coPart(p, id, b),
    ),
    staffRow(
      'extension',
      '承办部门申请延期（每件一次）',
      extensionRequestSchema,
      'extension.request',
      (p, id, b) => c().desk.requestExtension(p, id, b),
      STAFF,
      ['409:COMPLAINT_EXTENSION_USED'],
    ),
    staffRow(
      'extension/decision',
      '派单：同意或不同意延期（同意则顺延时限，重排预警和超期任务）',
      extensionDecisionRequestSchema,
      'extension.decide',
      (p, id, b) => c().desk.decideExtension(p, id, b),
      STAFF,
      ['409:COMPLAINT_EXTENSION_NOT_PENDING'],
    ),
    staffRow(
      'reply',
      '承办部门：办理结果和答复（协办意见齐全后）；匿名举报答复即办结',
      replyComplaintRequestSchema,
      'reply',
      (p, id, b) => c().desk.reply(p, id, b),
      STAFF,
      ['409:COMPLAINT_CO_PARTS_OPEN'],
    ),
    staffRow(
      'followups',
      '回访：记录方式、是否联系上、满意度（不满意重办，两次后转督查；三个工作日未联系上按无法联系办结）',
      followupAttemptRequestSchema,
      'followup',
      (p, id, b) => c().followup.attempt(p, id, b),
      STAFF,
      ['409:COMPLAINT_ATTEMPT_SAME_DAY'],
    ),
    staffRow(
      'supervise',
      '督查：督办意见（承办部门须回复）',
      superviseRequestSchema,
      'supervise',
      (p, id, b) => c().followup.supervise(p, id, b),
      SUPERVISORS,
    ),
    staffRow(
      'escalation',
      '督查：对转督查的件决定重办或办结',
      escalationDecisionRequestSchema,
      'escalation',
      (p, id, b) => c().followup.escalation(p, id, b),
      SUPERVISORS,
    ),
    route({
      method: 'post',
      path: '/api/staff/complaints/:id/supervisions/:supervisionId/answer',
      summary: '承办部门回复督办意见',
      tag: TAG,
      policy: on(STAFF),
      request: { params: complaintSupervisionParamsSchema, body: answerSupervisionRequestSchema },
      response: complaintDetailSchema,
      errors: [...conflictErrors, '404:COMPLAINT_SUPERVISION_NOT_FOUND'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after } = await c().desk.answerSupervision(
          auth!,
          params.id,
          params.supervisionId,
          body,
        );
        noteAudit(ctx, {
          action: 'complaints.supervision.answer',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return c().view(auth!, after);
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/complaints/:id/contact',
      summary: '查看诉求人完整联系方式（回访岗位限投诉和建议；派单和督查可看举报人）；每次查看均记入审计',
      tag: TAG,
      policy: on(['staff', 'supervisor']),
      request: { params: complaintIdParamsSchema, body: revealContactRequestSchema },
      response: complaintContactSchema,
      errors: ['403:COMPLAINT_DUTY_REQUIRED', '409:COMPLAINT_NO_CONTACT'],
      handler: async ({ params, body, auth, ctx }) => {
        const { contact, complaint } = await c().followup.reveal(auth!, params.id, body.reason);
        noteAudit(ctx, {
          action: 'complaints.contact.reveal',
          target: params.id,
          after: { number: complaint.number, kind: complaint.kind, reason: body.reason },
        });
        return contact;
      },
    }),
    // GET /api/stats/complaints: taken over by the supervision module (督查, issue 14).
  ];
}
