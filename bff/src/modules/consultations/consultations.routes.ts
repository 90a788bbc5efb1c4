import {
  answerRequestSchema,
  askConsultationRequestSchema,
  claimRequestSchema,
  closeDuplicateRequestSchema,
  consultationDetailSchema,
  consultationFileParamsSchema,
  consultationIdParamsSchema,
  consultationListResponseSchema,
  consultationSettingsParamsSchema,
  consultationSettingsRequestSchema,
  consultationSettingsSchema,
  followUpRequestSchema,
  idempotencyKeySchema,
  myConsultationsQuerySchema,
  provideInfoRequestSchema,
  requestInfoRequestSchema,
  resolveRequestSchema,
  staffConsultationsQuerySchema,
  transferRequestSchema,
  uploadPictureResponseSchema,
  type Role,
} from '@app/shared';
import type { Context } from 'koa';
import { AppError, zodIssuesToFields } from '../../http/app-error';
import { route, type RouteDef, type RoutePolicy } from '../../http/route-table';
import type { Principal } from '../auth/access/principal';
import { noteAudit } from '../audit/services/audit.service';
import { readUpload } from '../cases/http/multipart';
import { consultationsOf, type ConsultationsDeps } from './consultations.module';
import { faqRoutes } from './faq/faq.routes';
import type { ConsultationRecord } from './models/consultation.model';
import { detailView, summaryView } from './services/consultation-views';

const TAG = 'consultations';
const ASKERS: readonly Role[] = ['citizen', 'enterprise'];
const STAFF: readonly Role[] = ['staff'];
const VIEWERS: readonly Role[] = ['citizen', 'enterprise', 'staff', 'supervisor', 'admin'];

/** The `Idempotency-Key` header, validated like a field. */
function idempotencyKeyOf(ctx: Context): string {
  const parsed = idempotencyKeySchema.safeParse(ctx.get('idempotency-key') || undefined);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: zodIssuesToFields(parsed.error).map((f) => ({ ...f, path: 'headers.idempotency-key' })),
    });
  return parsed.data;
}

/** 咨询: the person's routes, staff's under /api/staff/consultations, and the FAQ's (faq/faq.routes.ts). */
export function consultationsRoutes(deps: ConsultationsDeps): RouteDef[] {
  const c = () => consultationsOf(deps);
  // Registered now so the app's syncIndexes creates the unique indexes (number, Idempotency-Key, votes).
  void c();
  const resource = { kind: 'consultation', param: 'id', load: (id: string) => c().ownership(id) };
  const on = (roles: readonly Role[]): RoutePolicy => ({ access: 'signed-in', roles, resource });
  const detail = (p: Principal, r: ConsultationRecord) => detailView(c().ctx, p, r);
  const brief = (r: ConsultationRecord) => ({
    number: r.number,
    status: r.status,
    version: r.version,
    department: r.department ?? null,
  });

  /** Staff writes name their action in the audit log, with the status before and after. */
  const staffWrite = async (
    ctx: Context,
    p: Principal,
    action: string,
    run: () => Promise<{ before: ConsultationRecord; after: ConsultationRecord }>,
  ) => {
    const { before, after } = await run();
    noteAudit(ctx, { action, target: String(after._id), before: brief(before), after: brief(after) });
    return detail(p, after);
  };
  const transitionErrors = ['409:CONFLICT', '403:CONSULTATION_READ_ONLY', '404:NOT_FOUND'];

  return [
    route({
      method: 'post',
      path: '/api/consultations',
      summary:
        '提出咨询（请求头 Idempotency-Key：重复提交只生成一条）：标题、问题（10–1000 字）、事项或部门（不填为综合咨询窗口）、是否同意电话回复',
      tag: TAG,
      policy: { access: 'signed-in', roles: ASKERS },
      request: { body: askConsultationRequestSchema },
      response: consultationDetailSchema,
      status: 201,
      errors: [
        '400:CONSULTATION_ITEM_NOT_FOUND',
        '400:CONSULTATION_DEPARTMENT_NOT_FOUND',
        '403:CONSULTATION_NOT_ENTERPRISE_MEMBER',
      ],
      handler: async ({ body, auth, ctx }) =>
        detail(auth!, await c().ask.ask(auth!, body, idempotencyKeyOf(ctx))),
    }),
    route({
      method: 'get',
      path: '/api/consultations/mine',
      summary: '我的咨询（含所在企业的咨询）：状态与答复时限',
      tag: TAG,
      policy: { access: 'signed-in', roles: ASKERS },
      request: { query: myConsultationsQuerySchema },
      response: consultationListResponseSchema,
      handler: async ({ query, auth }) => {
        const { items, total } = await c().ask.listMine(auth!, query);
        return {
          items: await Promise.all(items.map((r) => summaryView(c().ctx, auth!, r))),
          total,
          page: query.page,
          pageSize: query.pageSize,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/consultations/:id',
      summary: '咨询详情：问题、图片、答复与追问的完整记录、时限、可进行的操作',
      tag: TAG,
      policy: on(VIEWERS),
      request: { params: consultationIdParamsSchema },
      response: consultationDetailSchema,
      handler: async ({ params, auth }) => {
        const r = await c().repo.findById(params.id);
        if (!r) throw new AppError('NOT_FOUND');
        return detail(auth!, r);
      },
    }),
    route({
      method: 'post',
      path: '/api/consultations/:id/pictures',
      summary: '上传咨询图片（multipart/form-data：file = JPG/PNG，≤ 5 MB，按文件头识别；每条咨询最多 3 张）',
      tag: TAG,
      policy: on(ASKERS),
      request: { params: consultationIdParamsSchema },
      response: uploadPictureResponseSchema,
      status: 201,
      errors: [
        '409:CONSULTATION_TOO_MANY_PICTURES',
        '413:CASE_FILE_TOO_LARGE',
        '415:CONSULTATION_PICTURE_TYPE',
        '415:CASE_FILE_TYPE_NOT_ALLOWED',
        '415:UNSUPPORTED_MEDIA_TYPE',
      ],
      handler: async ({ params, ctx, auth }) => {
        const upload = await readUpload(ctx);
        if (!upload.file)
          throw new AppError('VALIDATION_FAILED', undefined, {
            fields: [{ path: 'body.file', message: '请选择要上传的图片' }],
          });
        const { after, picture } = await c().ask.uploadPicture(auth!, params.id, upload.file);
        return {
          picture: {
            id: String(picture.fileId),
            url: `/api/consultations/${params.id}/pictures/${String(picture.fileId)}`,
            contentType: picture.contentType,
            size: picture.size,
          },
          pictures: after.pictures.length,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/consultations/:id/pictures/:fileId',
      summary: '查看咨询图片（仅咨询人和经办人员可见）',
      tag: TAG,
      policy: on(VIEWERS),
      request: { params: consultationFileParamsSchema },
      raw: true,
      errors: ['404:CONSULTATION_FILE_NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const file = await c().ask.openPicture(params.id, params.fileId);
        ctx.set('Content-Type', file.contentType);
        ctx.set('Content-Length', String(file.length));
        ctx.set('Cache-Control', 'private, no-store');
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        ctx.status = 200;
        ctx.body = file.stream();
      },
    }),
    route({
      method: 'post',
      path: '/api/consultations/:id/follow-up',
      summary: '追问（同一咨询内，最多 3 次，每次重新计 3 个工作日）',
      tag: TAG,
      policy: on(ASKERS),
      request: { params: consultationIdParamsSchema, body: followUpRequestSchema },
      response: consultationDetailSchema,
      errors: ['409:CONSULTATION_FOLLOW_UP_LIMIT', '409:CONFLICT'],
      handler: async ({ params, body, auth }) =>
        detail(auth!, (await c().ask.followUp(auth!, params.id, body.question)).after),
    }),
    route({
      method: 'post',
      path: '/api/consultations/:id/info',
      summary: '补充信息（工作人员请求补充时；计时恢复）',
      tag: TAG,
      policy: on(ASKERS),
      request: { params: consultationIdParamsSchema, body: provideInfoRequestSchema },
      response: consultationDetailSchema,
      errors: ['409:CONFLICT'],
      handler: async ({ params, body, auth }) =>
        detail(auth!, (await c().ask.provideInfo(auth!, params.id, body.text)).after),
    }),
    route({
      method: 'post',
      path: '/api/consultations/:id/resolve',
      summary: '标记为已解决',
      tag: TAG,
      policy: on(ASKERS),
      request: { params: consultationIdParamsSchema, body: resolveRequestSchema },
      response: consultationDetailSchema,
      errors: ['409:CONFLICT'],
      handler: async ({ params, auth }) => detail(auth!, (await c().ask.resolve(auth!, params.id)).after),
    }),

    // ---------- staff ----------
    route({
      method: 'get',
      path: '/api/staff/consultations',
      summary:
        '工作台咨询队列：本部门的咨询（综合咨询岗另含未指定部门的），按到期时间排序；筛选状态、事项、是否超期',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor'] },
      request: { query: staffConsultationsQuerySchema },
      response: consultationListResponseSchema,
      handler: async ({ query, auth }) => {
        const { items, total } = await c().staff.queue(auth!, query);
        return {
          items: await Promise.all(items.map((r) => summaryView(c().ctx, auth!, r))),
          total,
          page: query.page,
          pageSize: query.pageSize,
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/consultations/:id/claim',
      summary: '受理（认领）咨询；两人同时认领时一人成功，另一人得到 409 和当前状态',
      tag: TAG,
      policy: on(STAFF),
      request: { params: consultationIdParamsSchema, body: claimRequestSchema },
      response: consultationDetailSchema,
      errors: transitionErrors,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'consultations.claim', () => c().staff.claim(auth!, params.id, body.version)),
    }),
    route({
      method: 'post',
      path: '/api/staff/consultations/:id/answer',
      summary: '答复（文字，可关联事项）；以订阅消息通知咨询人',
      tag: TAG,
      policy: on(STAFF),
      request: { params: consultationIdParamsSchema, body: answerRequestSchema },
      response: consultationDetailSchema,
      errors: [...transitionErrors, '400:CONSULTATION_ITEM_NOT_FOUND'],
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'consultations.answer', () => c().staff.answer(auth!, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/staff/consultations/:id/transfer',
      summary: '转办至其他部门（须填写原因；计时继续）',
      tag: TAG,
      policy: on(STAFF),
      request: { params: consultationIdParamsSchema, body: transferRequestSchema },
      response: consultationDetailSchema,
      errors: [
        ...transitionErrors,
        '400:CONSULTATION_DEPARTMENT_NOT_FOUND',
        '400:CONSULTATION_SAME_DEPARTMENT',
      ],
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'consultations.transfer', () => c().staff.transfer(auth!, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/staff/consultations/:id/request-info',
      summary: '请咨询人补充信息（暂停计时，直至补充）',
      tag: TAG,
      policy: on(STAFF),
      request: { params: consultationIdParamsSchema, body: requestInfoRequestSchema },
      response: consultationDetailSchema,
      errors: transitionErrors,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'consultations.request_info', () =>
          c().staff.requestInfo(auth!, params.id, body),
        ),
    }),
    route({
      method: 'post',
      path: '/api/staff/consultations/:id/close-duplicate',
      summary: '作为重复咨询关闭（填写原咨询编号）',
      tag: TAG,
      policy: on(STAFF),
      request: { params: consultationIdParamsSchema, body: closeDuplicateRequestSchema },
      response: consultationDetailSchema,
      errors: [...transitionErrors, '400:CONSULTATION_DUPLICATE_TARGET'],
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'consultations.close_duplicate', () =>
          c().staff.closeDuplicate(auth!, params.id, body),
        ),
    }),
    route({
      method: 'put',
      path: '/api/staff/consultations/settings/:department',
      summary: '设置部门的咨询答复时限（工作日，默认 3）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['admin'] },
      request: { params: consultationSettingsParamsSchema, body: consultationSettingsRequestSchema },
      response: consultationSettingsSchema,
      handler: async ({ params, body, ctx }) => {
        const after = await c().staff.setLimitDays(params.department, body.limitDays);
        noteAudit(ctx, { action: 'consultations.settings', target: params.department, after });
        return after;
      },
    }),
    ...faqRoutes(c),
  ];
}
