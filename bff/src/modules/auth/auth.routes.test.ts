import type { FakeWeChatServer } from '@app/wechat-fake';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';

let env: TestEnv;
let wechat: FakeWeChatServer;

beforeAll(async () => {
  env = await createTestEnv({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
  wechat = env.deps.wechat.fake!;
});
afterEach(() => wechat.reset());
afterAll(() => env.close());

const login = (code: string) => request(env.callback).post('/api/auth/wechat').send({ code });

describe('POST /api/auth/wechat', () => {
  it('exchanges a wx.login code for a session; the same person gets the same account next time', async () => {
    const first = wechat.issueLoginCode({ userKey: 'alice' });
    const res = await login(first.code).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      user: { role: 'citizen', realNameVerified: false },
    });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.refreshToken.length).toBeGreaterThan(30);
    const calls = wechat.requests({ path: '/sns/jscode2session' });
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toMatchObject({
      js_code: first.code,
      grant_type: 'authorization_code',
      appid: wechat.appId,
    });

    const again = await login(wechat.issueLoginCode({ userKey: 'alice' }).code).expect(200);
    expect(again.body.user.id).toBe(res.body.user.id);
    const me = await request(env.callback)
      .get('/api/me')
      .set('Authorization', `Bearer ${again.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
  });

  it('keeps the unionid when WeChat gives one', async () => {
    const issued = wechat.issueLoginCode({ openid: 'o-union-test', unionid: 'u-union-test' });
    const res = await login(issued.code).expect(200);
    const user = await env.mongo.connection.collection('users').findOne({ wechatOpenId: 'o-union-test' });
    expect(user?.wechatUnionId).toBe('u-union-test');
    expect(String(user?._id)).toBe(res.body.user.id);
  });

  it('never returns, stores or logs the session_key', async () => {
    const res = await login(wechat.issueLoginCode({ userKey: 'bob' }).code).expect(200);
    expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);
    const user = await env.mongo.connection
      .collection('users')
      .findOne({ _id: { $exists: true }, wechatOpenId: { $exists: true } });
    expect(JSON.stringify(user)).not.toMatch(/session_?key/i);
    expect(env.logs.text()).not.toMatch(/session_?key/i);
  });

  it.each([
    [40029, 400, 'WECHAT_CODE_INVALID'],
    [40163, 400, 'WECHAT_CODE_USED'],
    [45011, 429, 'WECHAT_RATE_LIMITED'],
  ])('WeChat errcode %d answers %d %s without a retry', async (errcode, status, code) => {
    wechat.injectFault({ path: '/sns/jscode2session', errcode, times: 1 });
    const res = await login(wechat.issueLoginCode({ userKey: 'carol' }).code);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(wechat.requests({ path: '/sns/jscode2session' })).toHaveLength(1);
  });

  it('an unknown code is 40029 and a used code is 40163 for real (no fault injection)', async () => {
    const unknown = await login('no-such-code').expect(400);
    expect(unknown.body.error.code).toBe('WECHAT_CODE_INVALID');
    const { code } = wechat.issueLoginCode({ userKey: 'dave' });
    await login(code).expect(200);
    const reused = await login(code).expect(400);
    expect(reused.body.error.code).toBe('WECHAT_CODE_USED');
  });

  it('a busy WeChat (-1) is retried once and then succeeds', async () => {
    wechat.injectFault({ path: '/sns/jscode2session', errcode: -1, times: 1 });
    const res = await login(wechat.issueLoginCode({ userKey: 'erin' }).code);
    expect(res.status).toBe(200);
    expect(wechat.requests({ path: '/sns/jscode2session' })).toHaveLength(2);
  });

  it('a WeChat busy twice answers 503 WECHAT_UNAVAILABLE after exactly one retry', async () => {
    wechat.injectFault({ path: '/sns/jscode2session', errcode: -1, times: 2 });
    const res = await login(wechat.issueLoginCode({ userKey: 'frank' }).code);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(wechat.requests({ path: '/sns/jscode2session' })).toHaveLength(2);
  });

  it('rejects a missing or empty code with the field named', async () => {
    for (const body of [{}, { code: '' }, { code: 42 }]) {
      const res = await request(env.callback).post('/api/auth/wechat').send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].path).toBe('body.code');
    }
  });
});

describe('POST /api/auth/dev-code', () => {
  it('asks the fake WeChat server for a code that logs in as that userKey', async () => {
    const res = await request(env.callback)
      .post('/api/auth/dev-code')
      .send({ userKey: 'h5-dev' })
      .expect(200);
    expect(typeof res.body.code).toBe('string');
    const session = await login(res.body.code).expect(200);
    const again = await request(env.callback)
      .post('/api/auth/dev-code')
      .send({ userKey: 'h5-dev' })
      .expect(200);
    const second = await login(again.body.code).expect(200);
    expect(second.body.user.id).toBe(session.body.user.id);
  });

  it('rejects a bad userKey', async () => {
    const res = await request(env.callback).post('/api/auth/dev-code').send({ userKey: '' }).expect(400);
    expect(res.body.error.details.fields[0].path).toBe('body.userKey');
  });

  it('does not exist in production', async () => {
    const { buildRouteTable } = await import('../../app');
    const prod = buildRouteTable({
      ...env.deps,
      config: { ...env.deps.config, isProduction: true },
    });
    expect(prod.find((r) => r.path === '/api/auth/dev-code')).toBeUndefined();
    expect(prod.find((r) => r.path === '/api/auth/wechat')).toBeDefined();
  });
});
