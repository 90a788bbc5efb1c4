import {
  createUserRequestSchema,
  meResponseSchema,
  realNameProfileRequestSchema,
  updateUserRequestSchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListResponseSchema,
  userSummarySchema,
} from '@app/shared';
import { route, type ResourceRule, type RouteDef } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import type { Identity } from '../auth/identity';
import { accountAuditSummary } from './services/user.service';

const TAG = 'users';

export function usersRoutes(identity: Identity): RouteDef[] {
  const { users, userService, enterpriseService } = identity;
  /** A person's record: theirs (and supervisors' and admins', whose roles reach everything). */
  const userResource: ResourceRule = {
    kind: 'user',
    param: 'id',
    load: async (id) => ((await users.findById(id)) ? { userId: id } : undefined),
  };
  return [
    route({
      method: 'put',
      path: '/api/me/profile',
      summary: '填写或更新本人实名信息（姓名、身份证号、手机号）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['citizen', 'enterprise'] },
      request: { body: realNameProfileRequestSchema },
      response: meResponseSchema,
      handler: async ({ body, auth }) => {
        const user = await userService.setRealNameProfile(auth!.userId, body);
        return userService.meView(user, await enterpriseService.myMemberships(user.id));
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/users',
      summary: '管理员创建工作人员、督查人员或管理员账号',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['admin'] },
      request: { body: createUserRequestSchema },
      response: userSummarySchema,
      status: 201,
      errors: ['409: USERNAME_TAKEN'],
      handler: async ({ body, ctx }) => {
        const user = await userService.createAccount(body);
        noteAudit(ctx, { action: 'users.create', target: user.id, after: accountAuditSummary(user) });
        return userService.summary(user);
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/users',
      summary: '用户列表（个人信息已脱敏），可按角色、部门筛选',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['admin', 'supervisor'] },
      request: { query: userListQuerySchema },
      response: userListResponseSchema,
      handler: async ({ query }) => {
        const { items, total } = await users.list(query, query.page, query.pageSize);
        return { items: items.map(userService.summary), total, page: query.page, pageSize: query.pageSize };
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/users/:id',
      summary: '查看一个用户（个人信息已脱敏）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['admin', 'supervisor'], resource: userResource },
      request: { params: userIdParamsSchema },
      response: userSummarySchema,
      errors: ['404: NOT_FOUND'],
      handler: async ({ params }) => userService.summary((await users.findById(params.id))!),
    }),
    route({
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: '修改用户角色、部门、大厅或停用账号；修改后该用户须重新登录',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['admin'], resource: userResource },
      request: { params: userIdParamsSchema, body: updateUserRequestSchema },
      response: userSummarySchema,
      errors: ['404: NOT_FOUND'],
      handler: async ({ params, body, ctx }) => {
        const { before, after } = await userService.updateAccount(params.id, body);
        noteAudit(ctx, {
          action: 'users.update',
          target: params.id,
          before: accountAuditSummary(before),
          after: accountAuditSummary(after),
        });
        return userService.summary(after);
      },
    }),
  ];
}
