import {
  enterpriseAdminsRequestSchema,
  enterpriseAdminsResponseSchema,
  enterpriseClaimListSchema,
  enterpriseClaimSchema,
  leaveEnterpriseResponseSchema,
  removeMemberResponseSchema,
  verifyEnterpriseRequestSchema,
  verifyEnterpriseResponseSchema,
  bindEnterpriseRequestSchema,
  bindEnterpriseResponseSchema,
  enterpriseDetailSchema,
  enterpriseIdParamsSchema,
  enterpriseMemberParamsSchema,
  memberDecisionResponseSchema,
  myEnterprisesResponseSchema,
} from '@app/shared';
import type { Context } from 'koa';
import { AppError } from '../../http/app-error';
import { route, type ResourceRule, type RouteDef } from '../../http/route-table';
import type { Principal } from '../auth/access/principal';
import type { Identity } from '../auth/identity';
import { noteAudit } from '../audit/services/audit.service';
import { readUpload } from '../cases/http/multipart';

const TAG = 'enterprises';

export function enterprisesRoutes(identity: Identity): RouteDef[] {
  const { enterpriseService, membershipAdmin, enterpriseVerification } = identity;
  /** An enterprise's claim (its first admin, until verified): the claimant; hall staff while it waits. */
  const claimResource: ResourceRule = {
    kind: 'enterprise-claim',
    param: 'id',
    load: (id) => enterpriseVerification.claimOwnership(id),
  };
  /** Membership changes by enterprise users are audited too (the guard audits staff roles only). */
  const auditMembership = (
    ctx: Context,
    p: Principal,
    action: string,
    target: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ) =>
    identity.audit.record({
      actor: { userId: p.userId, role: p.role },
      method: ctx.method.toLowerCase(),
      path: ctx.path,
      status: 200,
      requestId: ctx.state.requestId as string | undefined,
      note: { action, target, before, after },
    });
  /** An enterprise's records: its active members reach them (and supervisors, admins). */
  const enterpriseResource: ResourceRule = {
    kind: 'enterprise',
    param: 'id',
    load: (id) => enterpriseService.ownership(id),
  };
  const decide = (status: 'active' | 'rejected', summary: string) =>
    route({
      method: 'post',
      path: `/api/enterprises/:id/members/:userId/${status === 'active' ? 'approve' : 'reject'}`,
      summary,
      tag: TAG,
      policy: { access: 'signed-in', roles: ['enterprise'], resource: enterpriseResource },
      request: { params: enterpriseMemberParamsSchema },
      response: memberDecisionResponseSchema,
      errors: [
        '403: ENTERPRISE_ADMIN_REQUIRED',
        '404: NOT_FOUND / MEMBER_NOT_FOUND',
        '409: MEMBERSHIP_NOT_PENDING',
      ],
      handler: ({ params, auth }) => enterpriseService.decide(params.id, auth!.userId, params.userId, status),
    });
  return [
    route({
      method: 'post',
      path: '/api/enterprises/bind',
      summary:
        '以统一社会信用代码绑定企业（须已实名）：首位绑定者上传营业执照、经大厅工作人员核验后成为企业管理员；之后绑定者须经管理员审核',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['citizen', 'enterprise'] },
      request: { body: bindEnterpriseRequestSchema },
      response: bindEnterpriseResponseSchema,
      errors: ['403: ENTERPRISE_REAL_NAME_REQUIRED'],
      handler: async ({ body, auth }) => (await enterpriseService.bind(auth!.userId, body)).membership,
    }),
    route({
      method: 'get',
      path: '/api/enterprises/mine',
      summary: '我绑定的企业及审核状态',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['citizen', 'enterprise'] },
      response: myEnterprisesResponseSchema,
      handler: async ({ auth }) => ({ items: await enterpriseService.myMemberships(auth!.userId) }),
    }),
    route({
      method: 'get',
      path: '/api/enterprises/:id',
      summary: '企业信息与成员（成员个人信息已脱敏）',
      tag: TAG,
      policy: {
        access: 'signed-in',
        roles: ['enterprise', 'supervisor', 'admin'],
        resource: enterpriseResource,
      },
      request: { params: enterpriseIdParamsSchema },
      response: enterpriseDetailSchema,
      errors: ['404: NOT_FOUND'],
      handler: ({ params }) => enterpriseService.detail(params.id),
    }),
    decide('active', '企业管理员通过成员的绑定申请'),
    decide('rejected', '企业管理员拒绝成员的绑定申请'),
    route({
      method: 'delete',
      path: '/api/enterprises/:id/members/:userId',
      summary: '企业管理员移除成员（含待审核的申请）：立即生效，其登录凭证随即失效，记入审计',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['enterprise'], resource: enterpriseResource },
      request: { params: enterpriseMemberParamsSchema },
      response: removeMemberResponseSchema,
      errors: ['403: ENTERPRISE_ADMIN_REQUIRED', '404: NOT_FOUND / MEMBER_NOT_FOUND', '409: CONFLICT'],
      handler: async ({ params, auth, ctx }) => {
        const { before, after } = await membershipAdmin.remove(params.id, auth!.userId, params.userId);
        await auditMembership(
          ctx,
          auth!,
          'enterprises.member.remove',
          `${params.id}/${params.userId}`,
          {
            role: before.role,
            status: before.status,
          },
          { status: after.status },
        );
        return after;
      },
    }),
    route({
      method: 'post',
      path: '/api/enterprises/:id/leave',
      summary: '成员退出企业（唯一的管理员须先移交管理员）：立即生效，记入审计',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['enterprise'], resource: enterpriseResource },
      request: { params: enterpriseIdParamsSchema },
      response: leaveEnterpriseResponseSchema,
      errors: ['404: NOT_FOUND / MEMBER_NOT_FOUND', '409: ENTERPRISE_LAST_ADMIN'],
      handler: async ({ params, auth, ctx }) => {
        const before = await membershipAdmin.leave(params.id, auth!.userId);
        await auditMembership(
          ctx,
          auth!,
          'enterprises.member.leave',
          `${params.id}/${auth!.userId}`,
          {
            role: before.role,
            status: before.status,
          },
          { status: 'removed' },
        );
        return { left: true as const };
      },
    }),
    route({
      method: 'post',
      path: '/api/enterprises/:id/admins',
      summary: '企业管理员移交（handover：对方成为管理员，自己成为成员）或共享（share：增加一位管理员）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['enterprise'], resource: enterpriseResource },
      request: { params: enterpriseIdParamsSchema, body: enterpriseAdminsRequestSchema },
      response: enterpriseAdminsResponseSchema,
      errors: [
        '403: ENTERPRISE_ADMIN_REQUIRED',
        '404: MEMBER_NOT_FOUND',
        '409: MEMBER_NOT_ACTIVE / CONFLICT',
      ],
      handler: async ({ params, body, auth, ctx }) => {
        const result = await membershipAdmin.setAdmin(params.id, auth!.userId, body);
        await auditMembership(
          ctx,
          auth!,
          `enterprises.admin.${body.mode}`,
          `${params.id}/${body.userId}`,
          {
            admin: auth!.userId,
          },
          { admin: body.userId, mode: body.mode },
        );
        return result;
      },
    }),

    // ---------- the first admin's verification (营业执照) ----------
    route({
      method: 'post',
      path: '/api/enterprises/:id/licence',
      summary:
        '首位绑定者上传营业执照照片（multipart/form-data：file = JPG/PNG/PDF，≤ 5 MB），供大厅工作人员核验',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['citizen', 'enterprise'], resource: claimResource },
      request: { params: enterpriseIdParamsSchema },
      response: enterpriseClaimSchema,
      status: 201,
      errors: [
        '409: ENTERPRISE_NOT_PENDING',
        '413: CASE_FILE_TOO_LARGE',
        '415: CASE_FILE_TYPE_NOT_ALLOWED',
        '415: UNSUPPORTED_MEDIA_TYPE',
      ],
      handler: async ({ params, ctx, auth }) => {
        const upload = await readUpload(ctx);
        if (!upload.file)
          throw new AppError('VALIDATION_FAILED', undefined, {
            fields: [{ path: 'body.file', message: '请选择营业执照照片' }],
          });
        return enterpriseVerification.uploadLicence(auth!, params.id, upload.file);
      },
    }),
    route({
      method: 'get',
      path: '/api/enterprises/:id/licence',
      summary: '营业执照照片（申请人本人；待认证期间的大厅工作人员；督查、管理员）',
      tag: TAG,
      policy: {
        access: 'signed-in',
        roles: ['citizen', 'enterprise', 'staff', 'supervisor', 'admin'],
        resource: claimResource,
      },
      request: { params: enterpriseIdParamsSchema },
      raw: true,
      errors: ['404: NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const file = await enterpriseVerification.openLicence(params.id);
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
      method: 'get',
      path: '/api/staff/enterprise-claims',
      summary: '待认证的企业（首位绑定者及其上传的营业执照），先到先审',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor', 'admin'] },
      response: enterpriseClaimListSchema,
      handler: async ({ auth }) => {
        if (auth!.role === 'staff' && auth!.halls.length === 0) return { items: [] };
        return { items: await enterpriseVerification.pendingClaims() };
      },
    }),
    route({
      method: 'post',
      path: '/api/enterprises/:id/verify',
      summary:
        '大厅工作人员核验营业执照后认证企业的首位管理员（或拒绝，撤销该绑定）；管理员亦可认证；记入审计',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'admin'], resource: claimResource },
      request: { params: enterpriseIdParamsSchema, body: verifyEnterpriseRequestSchema },
      response: verifyEnterpriseResponseSchema,
      errors: ['404: NOT_FOUND', '409: ENTERPRISE_NOT_PENDING / ENTERPRISE_LICENCE_REQUIRED'],
      handler: async ({ params, body, auth, ctx }) => {
        const { enterprise, verified } = await enterpriseVerification.verify(auth!, params.id, body);
        noteAudit(ctx, {
          action: verified ? 'enterprises.verify.approve' : 'enterprises.verify.reject',
          target: params.id,
          before: { status: 'pending', creditCode: enterprise.creditCode },
          after: { status: verified ? 'verified' : 'deleted', ...(body.note ? { note: body.note } : {}) },
        });
        return { enterpriseId: params.id, verified };
      },
    }),
  ];
}
