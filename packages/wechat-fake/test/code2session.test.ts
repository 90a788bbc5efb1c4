import { FakeWeChatServer } from '../src';
import { TestClock, code2Session, getJson, postJson, startFake } from './helpers';

describe('GET /sns/jscode2session', () => {
  const clock = new TestClock();
  let fake: FakeWeChatServer;

  beforeAll(async () => {
    fake = await startFake({ now: clock.now, issueUnionIds: true });
  });
  afterAll(() => fake.stop());
  afterEach(() => fake.reset());

  it('exchanges a code from POST /__fake/login-code for openid and session_key', async () => {
    const issued = await postJson(`${fake.url}/__fake/login-code`, {});
    expect(issued.status).toBe(200);
    expect(issued.body.code).toMatch(/^[A-Za-z0-9]{32}$/);

    const res = await code2Session(fake, issued.body.code);
    expect(res.status).toBe(200);
    // WeChat labels this JSON as text/plain; clients must parse it anyway.
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.body).toEqual({ openid: issued.body.openid, session_key: expect.any(String) });
    expect(res.body.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(Buffer.from(res.body.session_key, 'base64')).toHaveLength(16);
    expect(res.body).not.toHaveProperty('errcode');
  });

  it('gives a new openid when no user is named, and the same openid for the same user key', async () => {
    const a = fake.issueLoginCode();
    const b = fake.issueLoginCode();
    expect(a.openid).not.toBe(b.openid);

    const first = await postJson(`${fake.url}/__fake/login-code`, { userKey: 'alice' });
    const second = await postJson(`${fake.url}/__fake/login-code`, { userKey: 'alice' });
    const bob = await postJson(`${fake.url}/__fake/login-code`, { userKey: 'bob' });
    expect(first.body.code).not.toBe(second.body.code);
    const s1 = await code2Session(fake, first.body.code);
    const s2 = await code2Session(fake, second.body.code);
    const s3 = await code2Session(fake, bob.body.code);
    expect(s1.body.openid).toBe(s2.body.openid);
    expect(s1.body.openid).not.toBe(s3.body.openid);
    // issueUnionIds: user keys also get a stable unionid
    expect(s1.body.unionid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(s1.body.unionid).toBe(s2.body.unionid);
    expect(s1.body.session_key).not.toBe(s2.body.session_key);
  });

  it('keeps user-key openids stable across server restarts (same appid)', async () => {
    const other = await startFake();
    try {
      const again = await startFake();
      try {
        expect(other.issueLoginCode({ userKey: 'carol' }).openid).toBe(
          again.issueLoginCode({ userKey: 'carol' }).openid,
        );
      } finally {
        await again.stop();
      }
      const differentApp = await startFake({ appId: 'wx1111111111111111' });
      try {
        expect(differentApp.issueLoginCode({ userKey: 'carol' }).openid).not.toBe(
          other.issueLoginCode({ userKey: 'carol' }).openid,
        );
      } finally {
        await differentApp.stop();
      }
    } finally {
      await other.stop();
    }
  });

  it('uses an explicit openid and unionid, and remembers the unionid for that openid', async () => {
    const code = fake.issueLoginCode({ openid: 'oFixedOpenId000000000000000', unionid: 'oUnion' });
    const res = await code2Session(fake, code.code);
    expect(res.body).toEqual({
      openid: 'oFixedOpenId000000000000000',
      unionid: 'oUnion',
      session_key: expect.any(String),
    });
    const later = await code2Session(
      fake,
      fake.issueLoginCode({ openid: 'oFixedOpenId000000000000000' }).code,
    );
    expect(later.body.unionid).toBe('oUnion');
  });

  it('answers 40163 when a code is used twice', async () => {
    const { code } = fake.issueLoginCode();
    expect((await code2Session(fake, code)).body.openid).toBeDefined();
    const again = await code2Session(fake, code);
    expect(again.body.errcode).toBe(40163);
    expect(again.body.errmsg).toMatch(/^code been used, rid: /);
  });

  it('answers 40029 for an unknown code', async () => {
    const res = await code2Session(fake, 'notacodethisfakeeverissued000000');
    expect(res.status).toBe(200);
    expect(res.body.errcode).toBe(40029);
    expect(res.body.errmsg).toMatch(/^invalid code/);
  });

  it('answers 40029 once a code is older than 5 minutes', async () => {
    const fresh = fake.issueLoginCode();
    const stale = fake.issueLoginCode();
    clock.advanceSeconds(299);
    expect((await code2Session(fake, fresh.code)).body.openid).toBe(fresh.openid);
    clock.advanceSeconds(1);
    expect((await code2Session(fake, stale.code)).body.errcode).toBe(40029);
  });

  it('answers 40013 for a wrong appid and 40125 for a wrong secret', async () => {
    const { code } = fake.issueLoginCode();
    expect((await code2Session(fake, code, { appid: 'wx9999999999999999' })).body.errcode).toBe(40013);
    expect((await code2Session(fake, code, { secret: 'wrong' })).body.errcode).toBe(40125);
    // a rejected call does not use the code up
    expect((await code2Session(fake, code)).body.openid).toBeDefined();
  });

  it('answers 41002/41004/41008/40002 for missing appid, secret, js_code or a wrong grant_type', async () => {
    const { code } = fake.issueLoginCode();
    const base = { appid: fake.appId, secret: fake.secret, js_code: code, grant_type: 'authorization_code' };
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
    const url = `${fake.url}/sns/jscode2session`;
    expect((await getJson(url, without('appid'))).body.errcode).toBe(41002);
    expect((await getJson(url, without('secret'))).body.errcode).toBe(41004);
    expect((await getJson(url, without('js_code'))).body.errcode).toBe(41008);
    expect((await getJson(url, { ...base, grant_type: 'client_credential' })).body.errcode).toBe(40002);
  });

  it('answers 43001 to a POST', async () => {
    const res = await postJson(`${fake.url}/sns/jscode2session`, {});
    expect(res.body.errcode).toBe(43001);
  });

  it('honours a codeTtlSeconds option', async () => {
    const shortClock = new TestClock();
    const short = await startFake({ codeTtlSeconds: 10, now: shortClock.now });
    try {
      const { code, expiresAt } = short.issueLoginCode();
      expect(expiresAt).toBe(shortClock.ms + 10_000);
      shortClock.advanceSeconds(10);
      expect((await code2Session(short, code)).body.errcode).toBe(40029);
    } finally {
      await short.stop();
    }
  });

  it('rejects a malformed login-code request with HTTP 400', async () => {
    const res = await postJson(`${fake.url}/__fake/login-code`, { openid: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/openid/);
  });
});
