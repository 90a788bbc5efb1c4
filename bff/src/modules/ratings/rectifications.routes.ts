import {
  callbackRequestSchema,
  rectificationContactSchema,
  rectificationFileParamsSchema,
  rectificationIdParamsSchema,
  rectificationListResponseSchema,
  rectificationsQuerySchema,
  rectificationViewSchema,
  rectifyRequestSchema,
  uploadEvidenceResponseSchema,
  type Role,
} from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import { route, type RouteDef, type RoutePolicy } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import { readUpload } from '../cases/http/multipart';
import type { RectificationRecord } from './models/rectification.model';
import { ratingsOf } from './ratings.module';

const TAG = 'ratings';
const STAFF: readonly Role[] = ['staff'];

/** 整改 under /api/staff/rectifications: the department's queue, 回访, evidence, rectification. */
export function rectificationsRoutes(deps: AppDeps): RouteDef[] {
  const rect = () => ratingsOf(deps).rectifications;
  const resource = { kind: 'rectification', param: 'id', load: (id: string) => rect().ownership(id) };
  const on = (roles: readonly Role[]): RoutePolicy => ({ access: 'signed-in', roles, resource });
  const brief = (r: RectificationRecord) => ({
    status: r.status,
    version: r.version,
    assignee: r.assigneeId,
  });

  return [
    route({
      method: 'get',
      path: '/api/staff/rectifications',
      summary: '整改队列：本部门的差评整改（督查看全部），可按状态、超期筛选，按回访期限排序',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor'] },
      request: { query: rectificationsQuerySchema },
      response: rectificationListResponseSchema,
      handler: ({ query, auth }) => rect().list(auth!, query),
    }),
    route({
      method: 'get',
      path: '/api/staff/rectifications/:id',
      summary: '整改详情（不含评价人身份）',
      tag: TAG,
      policy: on(['staff', 'supervisor']),
      request: { params: rectificationIdParamsSchema },
      response: rectificationViewSchema,
      handler: ({ params, auth }) => rect().detail(auth!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/staff/rectifications/:id/claim',
      summary: '承接回访：本部门第一位承接的工作人员负责本次回访',
      tag: TAG,
      policy: on(STAFF),
      request: { params: rectificationIdParamsSchema },
      response: rectificationViewSchema,
      errors: ['403:RECTIFICATION_NOT_ASSIGNED'],
      handler: async ({ params, auth, ctx }) => {
        const { before, after, view } = await rect().claim(auth!, params.id);
        noteAudit(ctx, {
          action: 'rectifications.claim',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return view;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/rectifications/:id/contact',
      summary: '查看评价人姓名和电话以便回访：仅负责本次回访的工作人员可查看，每次查看留痕审计',
      tag: TAG,
      policy: on(STAFF),
      request: { params: rectificationIdParamsSchema },
      response: rectificationContactSchema,
      errors: ['403:RECTIFICATION_NOT_ASSIGNED'],
      handler: async ({ params, auth, ctx }) => {
        const { rectification, contact } = await rect().contact(auth!, params.id);
        noteAudit(ctx, {
          action: 'rectifications.contact',
          target: params.id,
          after: { viewed: 'rater-contact', rating: String(rectification.ratingId) },
        });
        return contact;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/rectifications/:id/callback',
      summary: '登记回访：是否联系上、评价人反映的情况（默认 1 个工作日内）',
      tag: TAG,
      policy: on(STAFF),
      request: { params: rectificationIdParamsSchema, body: callbackRequestSchema },
      response: rectificationViewSchema,
      errors: ['409:RECTIFICATION_STATE_CONFLICT', '409:CONFLICT', '403:RECTIFICATION_NOT_ASSIGNED'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after, view } = await rect().callback(auth!, params.id, body);
        noteAudit(ctx, {
          action: 'rectifications.callback',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return view;
      },
    }),
    route({
      method: 'post',
      path: '/api/staff/rectifications/:id/evidence',
      summary:
        '上传整改佐证材料（multipart/form-data：file = JPG/PNG/PDF，≤ 5 MB，按文件头识别类型；最多 10 个）',
      tag: TAG,
      policy: on(STAFF),
      request: { params: rectificationIdParamsSchema },
      response: uploadEvidenceResponseSchema,
      status: 201,
      errors: [
        '409:RECTIFICATION_STATE_CONFLICT',
        '409:RECTIFICATION_EVIDENCE_LIMIT',
        '413:CASE_FILE_TOO_LARGE',
        '415:CASE_FILE_TYPE_NOT_ALLOWED',
        '415:UNSUPPORTED_MEDIA_TYPE',
      ],
      handler: async ({ params, auth, ctx }) => {
        const upload = await readUpload(ctx);
        if (!upload.file)
          throw new AppError('VALIDATION_FAILED', undefined, {
            fields: [{ path: 'body.file', message: '请选择要上传的文件' }],
          });
        const file = await rect().uploadEvidence(auth!, params.id, upload.file);
        noteAudit(ctx, { action: 'rectifications.evidence', target: params.id, after: { file: file.id } });
        return file;
      },
    }),
    route({
      method: 'get',
      path: '/api/staff/rectifications/:id/evidence/:fileId',
      summary: '下载整改佐证材料',
      tag: TAG,
      policy: on(['staff', 'supervisor']),
      request: { params: rectificationFileParamsSchema },
      raw: true,
      errors: ['404:RECTIFICATION_FILE_NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const file = await rect().openEvidence(params.id, params.fileId);
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
      method: 'post',
      path: '/api/staff/rectifications/:id/rectify',
      summary:
        '登记整改：存在问题、整改措施，附已上传的佐证材料（默认 15 个工作日内）；完成后告知评价人并可再评价',
      tag: TAG,
      policy: on(STAFF),
      request: { params: rectificationIdParamsSchema, body: rectifyRequestSchema },
      response: rectificationViewSchema,
      errors: ['409:RECTIFICATION_STATE_CONFLICT', '409:CONFLICT'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after, view } = await rect().rectify(auth!, params.id, body);
        noteAudit(ctx, {
          action: 'rectifications.rectify',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return view;
      },
    }),
  ];
}
