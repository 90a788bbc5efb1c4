import {
  acceptRequestSchema,
  caseApplicantIdentitySchema,
  caseDetailSchema,
  caseFileParamsSchema,
  caseIdParamsSchema,
  caseListResponseSchema,
  caseTaskParamsSchema,
  chooseDeliveryRequestSchema,
  completeRequestSchema,
  correctionRequestSchema,
  createCaseRequestSchema,
  deliverRequestSchema,
  myCasesQuerySchema,
  overdueStatsResponseSchema,
  prereviewRequestSchema,
  progressQueryRequestSchema,
  progressQueryResponseSchema,
  recordTripRequestSchema,
  rejectRequestSchema,
  resubmitRequestSchema,
  staffCasesQuerySchema,
  startRequestSchema,
  updateTaskRequestSchema,
  uploadMaterialResponseSchema,
  waiveMaterialRequestSchema,
  withdrawRequestSchema,
  type Role,
} from '@app/shared';
import type { Context } from 'koa';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import { route, type RouteDef, type RoutePolicy } from '../../http/route-table';
import type { Principal } from '../auth/access/principal';
import { noteAudit } from '../audit/services/audit.service';
import { casesOf, type CasesDeps } from './cases.module';
import { readUpload } from './http/multipart';
import type { CaseRecord } from './models/case.model';
import { enterpriseIdParamsSchema } from '@app/shared';
import { identityOf } from '../auth/identity';

const TAG = 'cases';
const APPLICANTS: readonly Role[] = ['citizen', 'enterprise'];
const STAFF: readonly Role[] = ['staff'];
const VIEWERS: readonly Role[] = ['citizen', 'enterprise', 'staff', 'supervisor', 'admin'];
/** A citizen's documents: admins manage accounts, not cases, and do not read them. */
const DOCUMENT_READERS: readonly Role[] = ['citizen', 'enterprise', 'staff', 'supervisor'];

/** Access, state change, view: the handlers only translate HTTP to the service and back. */
export function casesRoutes(deps: CasesDeps): RouteDef[] {
  const cases = casesOf(deps);
  const { service } = cases;
  const caseResource = { kind: 'case', param: 'id', load: (id: string) => service.ownership(id) };
  const documentResource = {
    kind: 'case-document',
    param: 'id',
    load: (id: string) => service.documentOwnership(id),
  };
  const taskResource = {
    kind: 'case-task',
    param: 'taskId',
    load: (id: string) => service.taskOwnership(id),
  };
  const onCase = (roles: readonly Role[]): RoutePolicy => ({
    access: 'signed-in',
    roles,
    resource: caseResource,
  });

  const view = (p: Principal, c: CaseRecord) => service.viewFor(p, c);
  const brief = (c: CaseRecord) => ({ number: c.number, status: c.status, version: c.version });

  /** Staff writes name their action in the audit log, with the case's status before and after. */
  const staffWrite = async (
    ctx: Context,
    p: Principal,
    action: string,
    run: () => Promise<{ before: CaseRecord; after: CaseRecord }>,
  ) => {
    const { before, after } = await run();
    noteAudit(ctx, { action, target: String(after._id), before: brief(before), after: brief(after) });
    return view(p, after);
  };

  const errorsOfTransition = ['409:CONFLICT', '403:CASE_NOT_YOUR_DEPARTMENT', '404:NOT_FOUND'];

  const identity = identityOf(deps);
  return [
    route({
      method: 'get',
      path: '/api/enterprises/:id/cases',
      summary: '企业的办件（所有成员代企业申报的，含申报人），可按状态筛选，已超期的在前',
      tag: TAG,
      policy: {
        access: 'signed-in',
        roles: ['enterprise', 'supervisor', 'admin'],
        resource: {
          kind: 'enterprise',
          param: 'id',
          load: (id: string) => identity.enterpriseService.ownership(id),
        },
      },
      request: { params: enterpriseIdParamsSchema, query: myCasesQuerySchema },
      response: caseListResponseSchema,
      handler: ({ params, query }) => service.listForEnterprise(params.id, query),
    }),
    route({
      method: 'post',
      path: '/api/cases/progress',
      summary:
        '办件进度公开查询（无需登录）：办件编号 + 申请人姓名，或办件编号 + 身份证号后 4 位；按 IP 限流，查不到与信息不符答复相同',
      tag: TAG,
      policy: { access: 'public' },
      request: { body: progressQueryRequestSchema },
      response: progressQueryResponseSchema,
      errors: ['404:CASE_PROGRESS_NOT_FOUND', '429:RATE_LIMITED'],
      handler: ({ body, ctx }) => service.progress(ctx.ip, body),
    }),
    route({
      method: 'post',
      path: '/api/cases',
      summary: '申报办件：个人或代所在企业申报一个已公布事项',
      tag: TAG,
      policy: { access: 'signed-in', roles: APPLICANTS },
      request: { body: createCaseRequestSchema },
      response: caseDetailSchema,
      status: 201,
      errors: [
        '404:CASE_ITEM_NOT_AVAILABLE',
        '403:CASE_REAL_NAME_REQUIRED',
        '403:CASE_NOT_ENTERPRISE_MEMBER',
      ],
      handler: ({ body, auth }) => service.apply(auth!, body),
    }),
    route({
      method: 'get',
      path: '/api/cases',
      summary: '我的办件（含所在企业的办件），带即将到期 / 已超期标记',
      tag: TAG,
      policy: { access: 'signed-in', roles: APPLICANTS },
      request: { query: myCasesQuerySchema },
      response: caseListResponseSchema,
      handler: ({ query, auth }) => service.listMine(auth!, query),
    }),
    route({
      method: 'get',
      path: '/api/cases/:id',
      summary: '办件详情：时间线、并联任务、跑动次数、材料与缺件清单、时限',
      tag: TAG,
      policy: onCase(VIEWERS),
      request: { params: caseIdParamsSchema },
      response: caseDetailSchema,
      handler: ({ params, auth }) => service.detail(auth!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/withdraw',
      summary: '撤回申请（受理前）',
      tag: TAG,
      policy: onCase(APPLICANTS),
      request: { params: caseIdParamsSchema, body: withdrawRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: async ({ params, body, auth }) =>
        view(auth!, (await service.withdraw(auth!, params.id, body.reason)).after),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/resubmit',
      summary: '补正后重新提交（回到预审，或办理中补正后恢复计时）',
      tag: TAG,
      policy: onCase(APPLICANTS),
      request: { params: caseIdParamsSchema, body: resubmitRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: async ({ params, body, auth }) =>
        view(auth!, (await service.resubmit(auth!, params.id, body.note)).after),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/materials',
      summary:
        '上传材料（multipart/form-data：index = 材料序号，file = JPG/PNG/PDF，≤ 5 MB，按文件头识别类型）',
      tag: TAG,
      policy: onCase(APPLICANTS),
      request: { params: caseIdParamsSchema },
      response: uploadMaterialResponseSchema,
      status: 201,
      errors: [
        '409:CONFLICT',
        '413:CASE_FILE_TOO_LARGE',
        '415:CASE_FILE_TYPE_NOT_ALLOWED',
        '415:UNSUPPORTED_MEDIA_TYPE',
      ],
      handler: async ({ params, ctx, auth }) => {
        const upload = await readUpload(ctx);
        const fields = z
          .object({
            // A form field is text: "" or "abc" must not become material #0.
            index: z
              .string()
              .regex(/^\d{1,3}$/, '材料序号须为整数')
              .transform(Number)
              .pipe(z.number().int().min(0, '材料序号不正确').max(199, '材料序号不正确')),
          })
          .safeParse(upload.fields);
        const problems = [
          ...(fields.success ? [] : [{ path: 'body.index', message: '请指明材料序号（index）' }]),
          ...(upload.file ? [] : [{ path: 'body.file', message: '请选择要上传的文件' }]),
        ];
        if (!fields.success || !upload.file)
          throw new AppError('VALIDATION_FAILED', undefined, { fields: problems });
        return (await service.uploadMaterial(auth!, params.id, fields.data.index, upload.file)).view;
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/materials/waive',
      summary: '容缺：指南允许容缺的材料先不提交',
      tag: TAG,
      policy: onCase(APPLICANTS),
      request: { params: caseIdParamsSchema, body: waiveMaterialRequestSchema },
      response: caseDetailSchema,
      errors: ['409:CASE_MATERIAL_NOT_WAIVABLE', '409:CONFLICT'],
      handler: ({ params, body, auth }) => service.waiveMaterial(auth!, params.id, body.index),
    }),
    route({
      method: 'get',
      path: '/api/cases/:id/materials/:fileId',
      summary:
        '下载材料文件：申请人、企业办件的企业成员、办件所属部门及并联部门的工作人员、督查人员；工作人员每次下载均记入审计',
      tag: TAG,
      policy: {
        access: 'signed-in',
        roles: DOCUMENT_READERS,
        resource: documentResource,
        audited: true,
      },
      request: { params: caseFileParamsSchema },
      raw: true,
      rawTypes: ['image/jpeg', 'image/png', 'application/pdf'],
      errors: ['404:CASE_FILE_NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const file = await service.openFile(params.id, params.fileId);
        noteAudit(ctx, {
          action: 'cases.download-material',
          target: params.id,
          after: { fileId: params.fileId, contentType: file.contentType, size: file.length },
        });
        ctx.set('Content-Type', file.contentType);
        ctx.set('Content-Length', String(file.length));
        ctx.set('Cache-Control', 'private, no-store');
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        ctx.status = 200;
        ctx.body = file.stream();
      },
    }),
    route({
      method: 'put',
      path: '/api/cases/:id/delivery',
      summary: '选择取件方式：窗口领取，或邮寄（收件地址）',
      tag: TAG,
      policy: onCase(APPLICANTS),
      request: { params: caseIdParamsSchema, body: chooseDeliveryRequestSchema },
      response: caseDetailSchema,
      errors: ['409:CONFLICT'],
      handler: ({ params, body, auth }) => service.chooseDelivery(auth!, params.id, body),
    }),

    // ---------- staff ----------
    route({
      method: 'get',
      path: '/api/staff/cases',
      summary:
        '工作台办件队列：prereview 待预审 / working 办理中 / tasks 并联任务 / delivery 待出件；按时限排序',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor'] },
      request: { query: staffCasesQuerySchema },
      response: caseListResponseSchema,
      handler: ({ query, auth }) => service.staffQueue(auth!, query),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/applicant-identity',
      summary:
        '核对申请人：办理该件的工作人员点“查看”后看到申请人全名和身份证号后 4 位（每次查看记入审计日志；列表仍打码）',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema },
      response: caseApplicantIdentitySchema,
      errors: ['404:NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const { number, ...identity } = await service.applicantIdentity(params.id);
        noteAudit(ctx, { action: 'cases.view-applicant', target: params.id, after: { number } });
        return identity;
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/prereview',
      summary: '预审：通过，或需补正（列出缺少的材料和原因）',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: prereviewRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, `cases.prereview.${body.result}`, () =>
          service.prereview(auth!, params.id, body),
        ),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/correction',
      summary: '办理中通知补正：计时暂停，申请人重新提交后恢复',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: correctionRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.correction', () =>
          service.requestCorrection(auth!, params.id, body.items, body.note),
        ),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/accept',
      summary: '受理：开始计时；可为并联审批的其他部门建任务',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: acceptRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.accept', () => service.accept(auth!, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/reject',
      summary: '不予受理（写明法律依据）',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: rejectRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.reject', () =>
          service.reject(auth!, params.id, body.legalReason, body.note),
        ),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/start',
      summary: '开始办理',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: startRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.start', () => service.start(auth!, params.id, body.note)),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/complete',
      summary: '办结（准予 / 不予许可）；并联任务全部办结后才可办结',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: completeRequestSchema },
      response: caseDetailSchema,
      errors: [...errorsOfTransition, '409:CASE_TASKS_OPEN'],
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.complete', () =>
          service.complete(auth!, params.id, body.outcome, body.note),
        ),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/deliver',
      summary: '出件：窗口领取，或邮寄（快递单号）',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: deliverRequestSchema },
      response: caseDetailSchema,
      errors: errorsOfTransition,
      handler: ({ params, body, auth, ctx }) =>
        staffWrite(ctx, auth!, 'cases.deliver', () => service.deliver(auth!, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/trips',
      summary: '登记一次到窗口办理（跑动次数）',
      tag: TAG,
      policy: onCase(STAFF),
      request: { params: caseIdParamsSchema, body: recordTripRequestSchema },
      response: caseDetailSchema,
      status: 201,
      errors: ['403:CASE_NOT_YOUR_DEPARTMENT', '409:CONFLICT'],
      handler: async ({ params, body, auth, ctx }) => {
        const before = await service.detail(auth!, params.id);
        const after = await service.recordTrip(params.id, {
          source: 'window',
          ...(body.hallCode ? { hallCode: body.hallCode } : {}),
          ...(body.note ? { note: body.note } : {}),
          actor: auth!,
        });
        noteAudit(ctx, {
          action: 'cases.trip',
          target: params.id,
          before: { trips: before.trips.taken },
          after: { number: after.number, trips: after.trips.length },
        });
        return view(auth!, after);
      },
    }),
    route({
      method: 'get',
      path: '/api/staff/case-tasks/:taskId',
      summary: '并联任务所在的办件（任务部门的工作人员可见）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor'], resource: taskResource },
      request: { params: caseTaskParamsSchema },
      response: caseDetailSchema,
      handler: ({ params, auth }) => service.detailByTask(auth!, params.taskId),
    }),
    route({
      method: 'post',
      path: '/api/staff/case-tasks/:taskId',
      summary: '更新本部门的并联任务：开始办理，或办结（同意 / 不同意）',
      tag: TAG,
      policy: { access: 'signed-in', roles: STAFF, resource: taskResource },
      request: { params: caseTaskParamsSchema, body: updateTaskRequestSchema },
      response: caseDetailSchema,
      errors: ['409:CONFLICT', '403:CASE_NOT_YOUR_DEPARTMENT'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after } = await service.updateTask(auth!, params.taskId, body);
        const task = (c: CaseRecord) => c.tasks.find((t) => String(t._id) === params.taskId)?.status;
        noteAudit(ctx, {
          action: `cases.task.${body.status}`,
          target: String(after._id),
          before: { ...brief(before), task: task(before) },
          after: { ...brief(after), task: task(after) },
        });
        return service.viewFor(auth!, after);
      },
    }),
    route({
      method: 'get',
      path: '/api/stats/overdue-cases',
      summary: '督查：各部门在办、即将到期、已超期办件数及超期并联任务数',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['supervisor', 'admin'] },
      response: overdueStatsResponseSchema,
      handler: () => service.overdueStats(),
    }),
  ];
}
