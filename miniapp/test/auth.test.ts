import { meResponseSchema } from '@app/shared';
import { apiRequest } from '../src/services/api-client';
import {
  DEV_USER_KEY,
  SESSION_KEY,
  WECHAT_REQUIRED_MESSAGE,
  bootstrapSession,
  ensureSession,
  logout,
  readSession,
  resetSessionHooks,
  staffLogin,
} from '../src/services/auth';
import { STAFF_LOGIN_ROUTE } from '../src/utils/routes';
import { login, reLaunch, setCurrentRoute, storage } from './stubs/taro';
import { apiError, me, ok, routeApi, sessionResponse, storeSession } from './fixtures/identity';

const getMe = () => apiRequest({ path: '/api/me', schema: meResponseSchema });

describe('session', () => {
  const envBefore = process.env.TARO_ENV;
  beforeEach(() => resetSessionHooks());
  afterEach(() => {
    process.env.TARO_ENV = envBefore;
  });

  describe('silent login', () => {
    it('weapp: Taro.login code → POST /api/auth/wechat → tokens stored, Bearer sent', async () => {
      process.env.TARO_ENV = 'weapp';
      login.mockResolvedValue({ code: 'code-from-wx', errMsg: 'login:ok' });
      const sent = routeApi({
        'POST /api/auth/wechat': () => ok(sessionResponse(1)),
        'GET /api/me': () => ok(me()),
      });

      bootstrapSession();
      await expect(ensureSession()).resolves.toMatchObject({ accessToken: 'access-token-1' });
      await getMe();

      expect(login).toHaveBeenCalledTimes(1); // launch and page share one login
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/auth/wechat', 'GET /api/me']);
      expect(sent[0].data).toEqual({ code: 'code-from-wx' });
      expect(sent[0].header.Authorization).toBeUndefined();
      expect(sent[1].header.Authorization).toBe('Bearer access-token-1');
      // tokens and the role are kept; the personal data in the answer is not
      const stored = JSON.parse(String(storage.get(SESSION_KEY)));
      expect(stored).toEqual({
        accessToken: 'access-token-1',
        accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
        refreshToken: 'refresh-token-1-xxxxxxxxxxxxxxxx',
        refreshTokenExpiresAt: '2030-02-01T00:00:00.000Z',
        user: { id: me().id, role: 'citizen' },
      });
    });

    it('weapp: a failed Taro.login is a Chinese error, nothing sent', async () => {
      process.env.TARO_ENV = 'weapp';
      login.mockRejectedValue({ errMsg: 'login:fail' });
      const sent = routeApi({});
      await expect(ensureSession()).rejects.toMatchObject({ message: '微信登录失败，请稍后重试' });
      expect(sent).toHaveLength(0);
    });

    it('H5: dev code for a userKey kept in storage, then the same WeChat login', async () => {
      process.env.TARO_ENV = 'h5';
      let n = 0;
      const sent = routeApi({
        'POST /api/auth/dev-code': () => ok({ code: `dev-code-${++n}` }),
        'POST /api/auth/wechat': () => ok(sessionResponse(n)),
      });

      await ensureSession();
      expect(login).not.toHaveBeenCalled();
      expect(sent[0].url).toBe('/api/auth/dev-code'); // same origin on H5
      const userKey = (sent[0].data as { userKey: string }).userKey;
      expect(userKey).toMatch(/^h5-/);
      expect(storage.get(DEV_USER_KEY)).toBe(userKey);
      expect(sent[1].data).toEqual({ code: 'dev-code-1' });

      // the same browser stays the same person
      storage.delete(SESSION_KEY);
      await ensureSession();
      expect((sent[2].data as { userKey: string }).userKey).toBe(userKey);
    });

    it('H5 in production (no dev route, 404): 请在微信中打开', async () => {
      process.env.TARO_ENV = 'h5';
      routeApi({});
      await expect(ensureSession()).rejects.toMatchObject({
        code: 'WECHAT_REQUIRED',
        message: WECHAT_REQUIRED_MESSAGE,
      });
      expect(WECHAT_REQUIRED_MESSAGE).toBe('请在微信中打开');
      expect(readSession()).toBeUndefined();
    });

    it('shows the BFF message when WeChat refuses the code', async () => {
      routeApi({ 'POST /api/auth/wechat': () => apiError('WECHAT_CODE_INVALID') });
      await expect(ensureSession()).rejects.toMatchObject({
        message: '微信登录凭证无效或已过期，请重新登录',
      });
    });
  });

  describe('401 → refresh → retry', () => {
    it('parallel requests share one refresh, then retry with the new token', async () => {
      storeSession(1);
      let refreshes = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const sent = routeApi({
        'GET /api/me': (req) =>
          req.header.Authorization === 'Bearer access-token-2'
            ? ok(me())
            : apiError('UNAUTHENTICATED', { message: '登录已过期，请重新登录' }),
        'POST /api/auth/refresh': async () => {
          refreshes += 1;
          await gate;
          return ok(sessionResponse(2));
        },
      });

      const calls = [getMe(), getMe(), getMe()];
      await new Promise((r) => setTimeout(r, 0));
      release();
      await expect(Promise.all(calls)).resolves.toHaveLength(3);

      expect(refreshes).toBe(1);
      const refresh = sent.filter((r) => r.path === '/api/auth/refresh');
      expect(refresh).toHaveLength(1);
      expect(refresh[0].data).toEqual({ refreshToken: 'refresh-token-1-xxxxxxxxxxxxxxxx' });
      expect(refresh[0].header.Authorization).toBeUndefined();
      expect(sent.filter((r) => r.path === '/api/me').map((r) => r.header.Authorization)).toEqual([
        'Bearer access-token-1',
        'Bearer access-token-1',
        'Bearer access-token-1',
        'Bearer access-token-2',
        'Bearer access-token-2',
        'Bearer access-token-2',
      ]);
      expect(readSession()?.accessToken).toBe('access-token-2');
    });

    it('a 401 for a token older than the stored one just retries (no second refresh)', async () => {
      storeSession(1);
      let first = true;
      const sent = routeApi({
        'GET /api/me': () => {
          if (first) {
            first = false;
            storeSession(2); // another request refreshed meanwhile
            return apiError('UNAUTHENTICATED');
          }
          return ok(me());
        },
      });
      await getMe();
      expect(sent.map((r) => r.path)).toEqual(['/api/me', '/api/me']);
      expect(sent[1].header.Authorization).toBe('Bearer access-token-2');
    });

    it('retries once only: a second 401 goes to the page', async () => {
      storeSession(1);
      const sent = routeApi({
        'GET /api/me': () => apiError('UNAUTHENTICATED'),
        'POST /api/auth/refresh': () => ok(sessionResponse(2)),
      });
      await expect(getMe()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
      expect(sent.map((r) => r.path)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    });

    it('refresh refused (citizen): session cleared, silent login again, request retried', async () => {
      storeSession(1);
      const sent = routeApi({
        'GET /api/me': (req) =>
          req.header.Authorization === 'Bearer access-token-7' ? ok(me()) : apiError('UNAUTHENTICATED'),
        'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
        'POST /api/auth/wechat': () => ok(sessionResponse(7)),
      });
      await expect(getMe()).resolves.toMatchObject({ role: 'citizen' });
      expect(sent.map((r) => r.path)).toEqual([
        '/api/me',
        '/api/auth/refresh',
        '/api/auth/wechat',
        '/api/me',
      ]);
      expect(login).toHaveBeenCalledTimes(1);
    });

    it('refresh refused (staff): session cleared and off to the staff login page', async () => {
      storeSession(1, 'staff');
      const sent = routeApi({
        'GET /api/me': () => apiError('UNAUTHENTICATED'),
        'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      });
      await expect(getMe()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(readSession()).toBeUndefined();
      expect(reLaunch).toHaveBeenCalledWith({ url: STAFF_LOGIN_ROUTE });
      expect(login).not.toHaveBeenCalled();
      expect(sent.map((r) => r.path)).toEqual(['/api/me', '/api/auth/refresh']);
    });

    it('refresh failing on the network keeps the session (the page shows 重试)', async () => {
      storeSession(1);
      routeApi({
        'GET /api/me': () => apiError('UNAUTHENTICATED'),
        'POST /api/auth/refresh': () => Promise.reject({ errMsg: 'request:fail' }),
      });
      await expect(getMe()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(readSession()?.accessToken).toBe('access-token-1');
    });
  });

  it('logout: POST /api/auth/logout with the token, then no silent login at launch', async () => {
    storeSession(1);
    const sent = routeApi({ 'POST /api/auth/logout': () => ok({ ok: true }) });
    await logout();
    expect(sent[0].header.Authorization).toBe('Bearer access-token-1');
    expect(readSession()).toBeUndefined();
    bootstrapSession();
    expect(login).not.toHaveBeenCalled();
  });

  it('staff and citizen sessions are independent: each page sends its own, a workbench logout keeps the person signed in', async () => {
    process.env.TARO_ENV = 'weapp';
    storeSession(1); // the person's own WeChat session
    const sent = routeApi({
      'POST /api/auth/staff-login': () => ok(sessionResponse(2, { ...me(), role: 'staff' })),
      'POST /api/auth/logout': () => ok({ ok: true }),
      'GET /api/me': () => ok(me()),
    });

    setCurrentRoute('packages/auth/staff-login/index');
    await staffLogin('demo.window', 'Demo2026pass');
    setCurrentRoute('/packages/workbench/home/index');
    await getMe();
    expect(sent.at(-1)!.header.Authorization).toBe('Bearer access-token-2');
    setCurrentRoute('packages/appointments/staff/index');
    expect(readSession()?.user.role).toBe('staff');

    setCurrentRoute('pages/mine/index');
    await getMe();
    expect(sent.at(-1)!.header.Authorization).toBe('Bearer access-token-1');
    expect(readSession()?.user.role).toBe('citizen');

    // 退出登录 on the workbench: only the staff session ends
    setCurrentRoute('packages/workbench/home/index');
    await logout();
    expect(sent.at(-1)!.header.Authorization).toBe('Bearer access-token-2');
    expect(readSession()).toBeUndefined();
    setCurrentRoute('pages/mine/index');
    expect(readSession()?.accessToken).toBe('access-token-1');
    await getMe();
    expect(sent.at(-1)!.header.Authorization).toBe('Bearer access-token-1');

    // and the person's logout leaves a staff session alone
    setCurrentRoute('packages/auth/staff-login/index');
    await staffLogin('demo.window', 'Demo2026pass');
    setCurrentRoute('pages/mine/index');
    await logout();
    expect(readSession()).toBeUndefined();
    setCurrentRoute('packages/cases/staff-case/index');
    expect(readSession()?.accessToken).toBe('access-token-2');
  });
});
