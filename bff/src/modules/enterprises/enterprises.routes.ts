import {
  bindEnterpriseRequestSchema,
  bindEnterpriseResponseSchema,
  enterpriseDetailSchema,
  enterpriseIdParamsSchema,
  enterpriseMemberParamsSchema,
  memberDecisionResponseSchema,
  myEnterprisesResponseSchema,
} from '@app/shared';
import { route, type ResourceRule, type RouteDef } from '../../http/route-table';
import type { Identity } from '../auth/identity';

const TAG = 'enterprises';

export function enterprisesRoutes(identity: Identity): RouteDef[] {
  const { enterpriseService } = identity;
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
      summary: '以统一社会信用代码绑定企业：首位绑定者成为企业管理员，之后绑定者须经管理员审核',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['citizen', 'enterprise'] },
      request: { body: bindEnterpriseRequestSchema },
      response: bindEnterpriseResponseSchema,
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
  ];
}
