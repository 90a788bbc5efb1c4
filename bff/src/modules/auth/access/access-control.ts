import type { Context, Middleware, Next } from 'koa';
import { AppError } from '../../../http/app-error';
import type { RouteDef } from '../../../http/route-table';
import { isAuditedRole, type AuditNote, type AuditService } from '../../audit/services/audit.service';
import type { AccessTokens } from '../tokens/access-token';
import type { SessionStore } from '../tokens/session-store';
import type { RecentSessions } from '../tokens/recent-sessions';
import type { Logger } from '../../../infra/logger';
import { decideResource, decideRole, isWrite } from './policy';
import type { Principal } from './principal';
import type { RateLimits } from './rate-limits';

const UNAUTHENTICATED_MESSAGES = {
  missing: '请先登录',
  expired: '登录已过期，请重新登录',
  invalid: '登录凭证无效，请重新登录',
  revoked: '登录已失效，请重新登录',
} as const;
/** The token is well signed but Redis cannot say whether its session is alive: not the person's fault. */
const UNVERIFIABLE = 'unverifiable';
type AuthProblem = keyof typeof UNAUTHENTICATED_MESSAGES;

/**
 * Authorization in one place: `authenticate()` reads the bearer token of every request once;
 * `guard(def)` runs in front of each route's handler and enforces its policy:
 *   rate limit (writes) → signed in? (401) → role listed? (403) → resource reachable? (404)
 *   → handler → audit (writes, and reads whose policy says `audited`, by staff, supervisors, admins).
 */
export function createAccessControl(deps: {
  tokens: AccessTokens;
  sessions: SessionStore;
  rateLimits: RateLimits;
  audit: AuditService;
  /** Sessions Redis confirmed a moment ago: what a read may rely on while Redis cannot answer. */
  recent?: RecentSessions;
  logger?: Logger;
}) {
  /**
   * Is the token's session alive? Redis decides whenever it answers. When it cannot (down, frozen
   * past REDIS_COMMAND_TIMEOUT_MS), a session it confirmed within SESSION_CACHE_SECONDS counts, but
   * the request is marked `authDegraded` (reads only); otherwise the token is `unverifiable` (503
   * where a sign-in is needed, anonymous on public routes) — never "logged out".
   */
  let lastWarned = 0;
  async function sessionState(
    sessionId: string,
    userId: string,
    version: number,
    read: boolean,
  ): Promise<'current' | 'revoked' | 'degraded' | typeof UNVERIFIABLE> {
    try {
      if (await deps.sessions.isCurrent(sessionId, userId, version, { mayTrust: read })) {
        deps.recent?.remember(sessionId, userId, version);
        return 'current';
      }
      deps.recent?.forget(sessionId, userId, version);
      return 'revoked';
    } catch (err) {
      // Once per 10 s at most: an outage must not flood the log with one line per request.
      if (Date.now() - lastWarned > 10_000) {
        lastWarned = Date.now();
        deps.logger?.warn({ err: (err as Error).message }, 'session check: Redis unavailable');
      }
      return deps.recent?.seenRecently(sessionId, userId, version) ? 'degraded' : UNVERIFIABLE;
    }
  }

  /** Sets `ctx.state.auth` when a valid, unrevoked token came; remembers why not otherwise. */
  function authenticate(): Middleware {
    return async (ctx, next) => {
      const header = ctx.get('authorization');
      if (header) {
        const match = /^Bearer ([A-Za-z0-9._-]{10,2000})$/.exec(header);
        const verified = match ? deps.tokens.verify(match[1]) : ({ ok: false, reason: 'invalid' } as const);
        if (!verified.ok) {
          ctx.state.authProblem = verified.reason satisfies AuthProblem;
        } else {
          const { principal, version } = verified;
          // A read may rely on a confirmation of a moment ago (session-store.ts); a write asks Redis.
          const read = ctx.method === 'GET' || ctx.method === 'HEAD';
          const state = await sessionState(principal.sessionId, principal.userId, version, read);
          if (state === 'current' || state === 'degraded') {
            ctx.state.auth = principal;
            if (state === 'degraded') ctx.state.authDegraded = true;
          } else if (state === 'revoked') {
            ctx.state.authProblem = 'revoked' satisfies AuthProblem;
          } else {
            ctx.state.authProblem = UNVERIFIABLE;
          }
        }
      }
      await next();
    };
  }

  /**
   * The route's guard, or undefined when its policy leaves nothing to enforce (a public read: no
   * rate limit, no role, no record to check), so the busiest public routes skip a middleware hop.
   */
  function guard(def: RouteDef): Middleware | undefined {
    const policy = def.policy;
    const write = isWrite(def.method);
    if (policy.access === 'public' && !write) return undefined;
    return async (ctx: Context, next: Next) => {
      try {
        const principal = ctx.state.auth as Principal | undefined;
        // A write needs Redis (its rate limits, the session's revocation): never run it unchecked.
        if (write && ctx.state.authDegraded) throw new AppError('SERVICE_UNAVAILABLE');
        // Redis could not confirm a well-signed token: try again shortly, not "please log in" (and
        // without waiting for Redis a second time on the rate limits).
        if (ctx.state.authProblem === UNVERIFIABLE && (write || policy.access === 'signed-in'))
          throw new AppError('SERVICE_UNAVAILABLE');
        if (write) await deps.rateLimits.write(ctx.ip, principal?.userId);
        const byRole = decideRole(policy, principal);
        if (!byRole.allow) {
          if (byRole.code === 'UNAUTHENTICATED') {
            const problem = (ctx.state.authProblem as AuthProblem | undefined) ?? 'missing';
            throw new AppError('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGES[problem]);
          }
          throw new AppError(byRole.code);
        }
        if (policy.access === 'signed-in' && policy.resource && principal) {
          const params = def.request?.params?.safeParse((ctx as Context & { params?: unknown }).params ?? {});
          // Malformed params: the validator answers 400 next; nothing to load.
          if (!params || params.success) {
            const id = (ctx as Context & { params: Record<string, string> }).params[policy.resource.param];
            const owner = await policy.resource.load(id);
            if (!decideResource(principal, owner).allow) throw new AppError('NOT_FOUND');
            ctx.state.resource = owner;
          }
        }
        if (write || (policy.access === 'signed-in' && policy.audited))
          await auditAround(ctx, def, principal, next);
        else await next();
      } catch (err) {
        const retry = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
        if (typeof retry === 'number') ctx.set('Retry-After', String(retry));
        throw err;
      }
    };
  }

  async function auditAround(ctx: Context, def: RouteDef, principal: Principal | undefined, next: Next) {
    let status = 200;
    try {
      await next();
      status = ctx.status;
    } catch (err) {
      status = err instanceof AppError ? err.status : 500;
      throw err;
    } finally {
      const note = ctx.state.audit as AuditNote | undefined;
      const actor = principal ? { userId: principal.userId, role: principal.role } : note?.actor;
      if (actor && isAuditedRole(actor.role)) {
        const param = def.policy.access === 'signed-in' ? def.policy.resource?.param : undefined;
        await deps.audit.record({
          actor,
          method: def.method,
          path: def.path,
          status,
          requestId: ctx.state.requestId,
          note,
          routeLabel: def.summary,
          defaultTarget: param
            ? (ctx as Context & { params: Record<string, string> }).params[param]
            : undefined,
        });
      }
    }
  }

  return { authenticate, guard };
}
export type AccessControl = ReturnType<typeof createAccessControl>;
