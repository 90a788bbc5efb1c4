import {
  devCodeRequestSchema,
  devCodeResponseSchema,
  logoutResponseSchema,
  meResponseSchema,
  refreshRequestSchema,
  sessionResponseSchema,
  staffLoginRequestSchema,
  wechatLoginRequestSchema,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { route, type RouteDef } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import { ANY_ROLE } from './access/policy';
import type { Identity } from './identity';

const TAG = 'auth';

export function authRoutes(identity: Identity, options: { isProduction: boolean }): RouteDef[] {
  const { auth, rateLimits, users, userService, enterpriseService } = identity;
  const routes: RouteDef[] = [
    route({
      method: 'post',
      path: '/api/auth/wechat',
      summary: '微信登录：wx.login 取得的 code 换取会话（首次登录即注册为群众用户）',
      tag: TAG,
      policy: { access: 'public' },
      request: { body: wechatLoginRequestSchema },
      response: sessionResponseSchema,
      errors: [
        '400: WECHAT_CODE_INVALID / WECHAT_CODE_USED',
        '429: RATE_LIMITED / WECHAT_RATE_LIMITED',
        '503: WECHAT_UNAVAILABLE (WeChat busy after one retry)',
      ],
      handler: async ({ body, ctx }) => {
        await rateLimits.login(ctx.ip);
        return auth.wechatLogin(body.code);
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/staff-login',
      summary:
        '工作人员、督查人员、管理员用户名密码登录；同一地址连续失败将暂停该地址登录该账号，多个地址失败时短时锁定账号；登录成功时告知上次登录以来的失败次数（failedLogins）',
      tag: TAG,
      policy: { access: 'public' },
      request: { body: staffLoginRequestSchema },
      response: sessionResponseSchema,
      errors: [
        '401: INVALID_CREDENTIALS',
        '403: ACCOUNT_DISABLED',
        '423: ACCOUNT_LOCKED (details.lockedUntil, Retry-After)',
        '429: RATE_LIMITED',
      ],
      handler: async ({ body, ctx }) => {
        await rateLimits.login(ctx.ip, body.username);
        const session = await auth.staffLogin(body.username, body.password, ctx.ip);
        noteAudit(ctx, {
          action: 'auth.staff-login',
          target: session.user.id,
          actor: { userId: session.user.id, role: session.user.role },
        });
        return session;
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/refresh',
      summary: '用刷新令牌换取新的访问令牌与刷新令牌（刷新令牌只能用一次）',
      tag: TAG,
      policy: { access: 'public' },
      request: { body: refreshRequestSchema },
      response: sessionResponseSchema,
      errors: ['401: UNAUTHENTICATED'],
      handler: ({ body }) => auth.refresh(body.refreshToken),
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      summary: '退出登录：当前会话的访问令牌与刷新令牌立即失效',
      tag: TAG,
      policy: { access: 'signed-in', roles: ANY_ROLE },
      response: logoutResponseSchema,
      errors: ['401: UNAUTHENTICATED'],
      handler: async ({ auth: principal }) => {
        await auth.logout(principal!);
        return { ok: true as const };
      },
    }),
    route({
      method: 'get',
      path: '/api/me',
      summary: '我的资料（本人可见完整身份证号与手机号）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ANY_ROLE },
      response: meResponseSchema,
      errors: ['401: UNAUTHENTICATED'],
      handler: async ({ auth: principal }) => {
        const user = await users.findById(principal!.userId);
        if (!user) throw new AppError('UNAUTHENTICATED');
        return userService.meView(user, await enterpriseService.myMemberships(user.id));
      },
    }),
  ];
  if (!options.isProduction) {
    routes.push(
      route({
        method: 'post',
        path: '/api/auth/dev-code',
        summary: '（仅开发与测试环境）向模拟微信服务申请登录 code，供 H5 开发登录使用',
        tag: TAG,
        policy: { access: 'public' },
        request: { body: devCodeRequestSchema },
        response: devCodeResponseSchema,
        errors: ['503: WECHAT_UNAVAILABLE'],
        handler: async ({ body }) => ({ code: await identity.wechat.devLoginCode(body.userKey) }),
      }),
    );
  }
  return routes;
}
