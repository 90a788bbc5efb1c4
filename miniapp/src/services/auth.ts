import Taro from '@tarojs/taro';
import {
  STAFF_ROLES,
  devCodeResponseSchema,
  logoutResponseSchema,
  sessionResponseSchema,
  type Role,
  type SessionResponse,
} from '@app/shared';
import { ApiError, apiRequest, setAuthHeaderProvider, setUnauthorizedHandler } from './api-client';
import { STAFF_LOGIN_ROUTE, isStaffPage } from '../utils/routes';

/**
 * The session (capability `auth` of the BFF): silent WeChat login, staff login, refresh on 401, logout.
 * Tokens live in Taro storage (localStorage on H5); of the user only id and role are kept there, never
 * the ID number or phone that `user` carries in the login answer.
 *
 * Two independent sessions: the person's own (WeChat login) and the staff workbench's (username and
 * password). The workbench's pages (`isStaffPage`) use the staff one, every other page the person's,
 * so signing out of the workbench leaves the person signed in and the other way round.
 */
export const SESSION_KEY = 'auth.session';
/** The staff workbench's session, beside the person's own. */
export const STAFF_SESSION_KEY = 'auth.staffSession';

export type SessionRealm = 'citizen' | 'staff';
/** H5 development login: the fake WeChat user this browser is (kept, so the same browser is the same person). */
export const DEV_USER_KEY = 'auth.devUserKey';
/** Set by an explicit 退出登录: no silent login until the person taps 登录. */
export const SIGNED_OUT_KEY = 'auth.signedOut';

export const WECHAT_REQUIRED_MESSAGE = '请在微信中打开';
export const WECHAT_LOGIN_FAILED_MESSAGE = '微信登录失败，请稍后重试';

export interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; role: Role };
}

export function isStaffRole(role: Role | undefined): boolean {
  return role !== undefined && (STAFF_ROLES as readonly Role[]).includes(role);
}

function isStoredSession(value: unknown): value is StoredSession {
  const v = value as Partial<StoredSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.user?.id === 'string' &&
    typeof v.user?.role === 'string'
  );
}

function realmKey(realm: SessionRealm): string {
  return realm === 'staff' ? STAFF_SESSION_KEY : SESSION_KEY;
}

function readStored(realm: SessionRealm): StoredSession | undefined {
  try {
    const raw: unknown = Taro.getStorageSync(realmKey(realm));
    const value: unknown = typeof raw === 'string' && raw ? JSON.parse(raw) : raw;
    return isStoredSession(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The route of the page in front ('packages/…/index'), when the platform knows one. */
function frontRoute(): string | undefined {
  try {
    const pages = (Taro.getCurrentPages?.() ?? []) as Array<{ route?: string; __route__?: string }>;
    const page = pages[pages.length - 1];
    const route = page?.route || page?.__route__;
    return route ? route.replace(/^\//, '').split('?')[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whose session the page in front uses: the staff one on workbench pages, the person's elsewhere.
 * With no page known (app launch), the staff session only when it is the only one.
 */
export function sessionRealm(): SessionRealm {
  const route = frontRoute();
  if (route) return isStaffPage(route) ? 'staff' : 'citizen';
  return !readStored('citizen') && readStored('staff') ? 'staff' : 'citizen';
}

/** The session of the page in front (see `sessionRealm`), or of the realm asked for. */
export function readSession(realm: SessionRealm = sessionRealm()): StoredSession | undefined {
  return readStored(realm);
}

function saveSession(res: SessionResponse, realm: SessionRealm): StoredSession {
  const session: StoredSession = {
    accessToken: res.accessToken,
    accessTokenExpiresAt: res.accessTokenExpiresAt,
    refreshToken: res.refreshToken,
    refreshTokenExpiresAt: res.refreshTokenExpiresAt,
    user: { id: res.user.id, role: res.user.role },
  };
  Taro.setStorageSync(realmKey(realm), JSON.stringify(session));
  if (realm === 'citizen') Taro.removeStorageSync(SIGNED_OUT_KEY);
  return session;
}

export function clearSession(realm: SessionRealm = sessionRealm()): void {
  Taro.removeStorageSync(realmKey(realm));
  if (realm === 'staff') Taro.removeStorageSync(LOGIN_NOTICE_KEY);
}

export function isSignedOut(): boolean {
  return Boolean(Taro.getStorageSync(SIGNED_OUT_KEY));
}

/** The signed-in role, if any. */
export function currentRole(): Role | undefined {
  return readSession()?.user.role;
}

function bearer(token: string): string {
  return `Bearer ${token}`;
}

// ---- WeChat (citizen) login --------------------------------------------------------------------

function devUserKey(): string {
  const saved: unknown = Taro.getStorageSync(DEV_USER_KEY);
  if (typeof saved === 'string' && saved) return saved;
  const key = `h5-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  Taro.setStorageSync(DEV_USER_KEY, key);
  return key;
}

/** weapp: `Taro.login()`. H5 has no wx.login: the BFF's development route hands out a fake code. */
async function obtainLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const res = await apiRequest({
        path: '/api/auth/dev-code',
        method: 'POST',
        data: { userKey: devUserKey() },
        schema: devCodeResponseSchema,
        auth: false,
      });
      return res.code;
    } catch (err) {
      // Production has no dev route: a browser cannot log in there.
      if (err instanceof ApiError && err.status === 404) {
        throw new ApiError('WECHAT_REQUIRED', WECHAT_REQUIRED_MESSAGE, 404);
      }
      throw err;
    }
  }
  let code: string | undefined;
  try {
    code = (await Taro.login()).code;
  } catch {
    code = undefined;
  }
  if (!code) throw new ApiError('WECHAT_LOGIN_FAILED', WECHAT_LOGIN_FAILED_MESSAGE);
  return code;
}

let loginInFlight: Promise<StoredSession> | null = null;

/** Silent WeChat login (single-flight): code → `POST /api/auth/wechat` → tokens stored. */
export function loginWithWeChat(): Promise<StoredSession> {
  loginInFlight ??= (async () => {
    const code = await obtainLoginCode();
    const res = await apiRequest({
      path: '/api/auth/wechat',
      method: 'POST',
      data: { code },
      schema: sessionResponseSchema,
      auth: false,
    });
    return saveSession(res, 'citizen');
  })().finally(() => {
    loginInFlight = null;
  });
  return loginInFlight;
}

/** The person's own session, logging in silently when there is none (citizen flow). */
export async function ensureSession(): Promise<StoredSession> {
  return readSession('citizen') ?? loginWithWeChat();
}

/** App launch: log in silently unless a session exists or the person signed out. Failures stay quiet. */
export function bootstrapSession(): void {
  installSession();
  if (readSession('citizen') || isSignedOut()) return;
  loginWithWeChat().catch(() => undefined);
}

// ---- staff login -------------------------------------------------------------------------------

export async function staffLogin(username: string, password: string): Promise<StoredSession> {
  const res = await apiRequest({
    path: '/api/auth/staff-login',
    method: 'POST',
    data: { username, password },
    schema: sessionResponseSchema,
    auth: false,
  });
  if (res.failedLogins) Taro.setStorageSync(LOGIN_NOTICE_KEY, JSON.stringify(res.failedLogins));
  else Taro.removeStorageSync(LOGIN_NOTICE_KEY);
  return saveSession(res, 'staff');
}

/** Failed password attempts since the staff member's previous login, shown on the workbench until dismissed. */
export const LOGIN_NOTICE_KEY = 'auth.failedLogins';
export type FailedLoginsNotice = NonNullable<SessionResponse['failedLogins']>;

export function readLoginNotice(): FailedLoginsNotice | undefined {
  try {
    const raw: unknown = Taro.getStorageSync(LOGIN_NOTICE_KEY);
    const value = (typeof raw === 'string' && raw ? JSON.parse(raw) : raw) as FailedLoginsNotice | null;
    return value && typeof value.count === 'number' && value.count > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function dismissLoginNotice(): void {
  Taro.removeStorageSync(LOGIN_NOTICE_KEY);
}

// ---- refresh -----------------------------------------------------------------------------------

type RefreshOutcome = 'ok' | 'dead' | 'failed';
let refreshInFlight: Promise<RefreshOutcome> | null = null;

/**
 * Trades the refresh token for a new pair, once for everybody waiting (refresh tokens are single-use:
 * a second use would revoke the session). 'dead': the BFF refused it; 'failed': network or server trouble.
 */
export function refreshSession(realm: SessionRealm = sessionRealm()): Promise<RefreshOutcome> {
  refreshInFlight ??= (async (): Promise<RefreshOutcome> => {
    const session = readSession(realm);
    if (!session) return 'dead';
    try {
      const res = await apiRequest({
        path: '/api/auth/refresh',
        method: 'POST',
        data: { refreshToken: session.refreshToken },
        schema: sessionResponseSchema,
        auth: false,
      });
      saveSession(res, realm);
      return 'ok';
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429)
        return 'dead';
      return 'failed';
    }
  })().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** Shown when a session cannot be renewed (a 503 while the server cannot check it never gets here). */
export const SESSION_GONE_MESSAGE = '登录已失效，请重新登录';

let recoveryInFlight: Promise<boolean> | null = null;

/**
 * A request answered 401: refresh once and retry. If the refresh token is refused too, the session is
 * over: citizens log in silently again; staff go to the staff login page.
 */
async function onUnauthorized({ sentHeader }: { sentHeader: Record<string, string> }): Promise<boolean> {
  const realm = sessionRealm();
  const session = readSession(realm);
  // Sent with an older token than the current one: somebody already refreshed, just retry.
  if (session && sentHeader.Authorization !== bearer(session.accessToken)) return true;
  recoveryInFlight ??= (async () => {
    if (session) {
      const outcome = await refreshSession(realm);
      if (outcome === 'ok') return true;
      if (outcome === 'failed') return false;
      clearSession(realm);
      if (realm === 'staff' || isStaffRole(session.user.role)) {
        // The session is gone (expired, revoked, or lost by the server): say so, then the login page.
        void Taro.showToast({ title: SESSION_GONE_MESSAGE, icon: 'none', duration: 2500 });
        void Taro.reLaunch({ url: STAFF_LOGIN_ROUTE });
        return false;
      }
    }
    if (realm === 'staff') {
      void Taro.reLaunch({ url: STAFF_LOGIN_ROUTE });
      return false;
    }
    if (isSignedOut()) return false;
    try {
      await loginWithWeChat();
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    recoveryInFlight = null;
  });
  return recoveryInFlight;
}

let installed = false;

/** Wires the session into the API client: the bearer header and the 401 handler. */
export function installSession(): void {
  if (installed) return;
  installed = true;
  setAuthHeaderProvider(() => {
    const session = readSession();
    return session ? { Authorization: bearer(session.accessToken) } : undefined;
  });
  setUnauthorizedHandler(onUnauthorized);
}

/** For tests: install again after the client's hooks were reset. */
export function resetSessionHooks(): void {
  installed = false;
  installSession();
}

// ---- logout ------------------------------------------------------------------------------------

/**
 * `POST /api/auth/logout`, then forget the tokens of the page's session only (the workbench's or the
 * person's); after the person's own logout, no silent login until they ask for it.
 */
export async function logout(realm: SessionRealm = sessionRealm()): Promise<void> {
  try {
    // No refresh-and-retry: a session that is dead already needs no logout.
    const session = readSession(realm);
    await apiRequest({
      path: '/api/auth/logout',
      method: 'POST',
      schema: logoutResponseSchema,
      auth: false,
      headers: session ? { Authorization: bearer(session.accessToken) } : {},
    });
  } catch (err) {
    // An expired or revoked session is logged out already; anything else (network) is worth telling.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  clearSession(realm);
  if (realm === 'citizen') Taro.setStorageSync(SIGNED_OUT_KEY, '1');
}

/** 登录 after a logout: clears the flag and logs in silently. */
export function signInAgain(): Promise<StoredSession> {
  Taro.removeStorageSync(SIGNED_OUT_KEY);
  return loginWithWeChat();
}
