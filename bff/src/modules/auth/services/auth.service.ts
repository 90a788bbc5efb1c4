import type { SessionResponse } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Logger } from '../../../infra/logger';
import type { EnterpriseService } from '../../enterprises/services/enterprise.service';
import type { User, UserRepository } from '../../users/repositories/user.repository';
import { verifyPassword } from '../../users/services/passwords';
import type { UserService } from '../../users/services/user.service';
import type { Principal } from '../access/principal';
import type { AccessTokens } from '../tokens/access-token';
import type { SessionStore } from '../tokens/session-store';
import type { WeChatClient } from '../wechat/wechat-client';
import type { Lock, LoginLockout } from './login-lockout';

export function createAuthService(deps: {
  logger: Logger;
  users: UserRepository;
  userService: UserService;
  enterpriseService: EnterpriseService;
  wechat: WeChatClient;
  tokens: AccessTokens;
  sessions: SessionStore;
  lockout: LoginLockout;
}) {
  const { users, userService, enterpriseService, tokens, sessions, lockout } = deps;

  async function principalFor(user: User, sessionId: string): Promise<Principal> {
    const enterprises =
      user.role === 'enterprise' ? await enterpriseService.activeEnterpriseIds(user.id) : [];
    return {
      userId: user.id,
      role: user.role,
      sessionId,
      ...(user.department ? { department: user.department } : {}),
      halls: user.halls,
      duties: user.duties,
      enterprises,
    };
  }

  async function sessionResponse(
    user: User,
    sessionId: string,
    refresh: { token: string; expiresAt: Date },
  ): Promise<SessionResponse> {
    const principal = await principalFor(user, sessionId);
    const access = tokens.sign(principal, await sessions.version(user.id));
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
      tokenType: 'Bearer',
      user: userService.meView(user, await enterpriseService.myMemberships(user.id)),
    };
  }

  async function startSession(user: User): Promise<SessionResponse> {
    const { sessionId, refresh } = await sessions.start(user.id);
    return sessionResponse(user, sessionId, refresh);
  }

  return {
    principalFor,
    startSession,

    /** wx.login code → code2Session → the WeChat user (created as a citizen the first time) → a session. */
    async wechatLogin(code: string): Promise<SessionResponse> {
      const { openid, unionid } = await deps.wechat.code2Session(code);
      const user = await users.upsertWechatUser(openid, unionid);
      if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
      return startSession(user);
    },

    /**
     * Username and password from the client address `ip`. Repeated failures lock that address out of
     * the account; failures from several addresses lock the account for a shorter time (see
     * login-lockout.ts). The owner is told of failures at their next successful login.
     */
    async staffLogin(username: string, password: string, ip: string): Promise<SessionResponse> {
      const locked = await lockout.lockedFor(username, ip);
      if (locked) throw lockedError(locked);
      const user = await users.findByUsername(username);
      const ok = await verifyPassword(user?.passwordHash ?? undefined, password);
      if (!ok || !user) {
        if (user) await lockout.noteForOwner(username, ip);
        const lockedNow = await lockout.recordFailure(username, ip);
        if (lockedNow) throw lockedError(lockedNow);
        throw new AppError('INVALID_CREDENTIALS');
      }
      await lockout.clear(username, ip);
      if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
      const session = await startSession(user);
      const failedLogins = await lockout.takeNotice(username);
      return failedLogins ? { ...session, failedLogins } : session;
    },

    /** One use per refresh token; a reused one revokes its whole session. Claims are re-read from the user. */
    async refresh(refreshToken: string): Promise<SessionResponse> {
      const rotated = await sessions.rotate(refreshToken);
      if (!rotated.ok) {
        if (rotated.reason === 'reused') deps.logger.warn('refresh token reused: session revoked');
        throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
      }
      const user = await users.findById(rotated.userId);
      if (!user || user.status !== 'active') {
        await sessions.revokeSession(rotated.sessionId);
        throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
      }
      return sessionResponse(user, rotated.sessionId, rotated.refresh);
    },

    async logout(principal: Principal): Promise<void> {
      await sessions.revokeSession(principal.sessionId);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

function lockedError({ until, scope }: Lock): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const message =
    scope === 'account'
      ? `该账号近期在多处登录失败，已临时锁定至 ${formatChinaTime(until)}，请稍后再试`
      : `登录失败次数过多，账号已锁定至 ${formatChinaTime(until)}（仅限当前网络），请稍后再试`;
  return new AppError('ACCOUNT_LOCKED', message, {
    lockedUntil: until.toISOString(),
    retryAfterSeconds,
    scope,
  });
}

function formatChinaTime(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}
