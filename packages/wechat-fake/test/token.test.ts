import { FakeWeChatServer } from '../src';
import { TestClock, getJson, postJson, sendSubscribe, startFake } from './helpers';

const message = { touser: 'oUser', template_id: 'TPL', data: { thing1: { value: '办理提醒' } } };

describe('access tokens', () => {
  const clock = new TestClock();
  let fake: FakeWeChatServer;
  const getToken = (query: Record<string, string> = {}) =>
    getJson(`${fake.url}/cgi-bin/token`, {
      grant_type: 'client_credential',
      appid: fake.appId,
      secret: fake.secret,
      ...query,
    });
  const stableToken = (body: Record<string, unknown> = {}) =>
    postJson(`${fake.url}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: fake.appId,
      secret: fake.secret,
      ...body,
    });

  beforeAll(async () => {
    fake = await startFake({ now: clock.now, tokenTtlSeconds: 60 });
  });
  afterAll(() => fake.stop());
  afterEach(() => fake.reset());

  describe('GET /cgi-bin/token', () => {
    it('issues an access token with expires_in = the configured TTL', async () => {
      const res = await getToken();
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).toEqual({ access_token: expect.any(String), expires_in: 60 });
      expect(res.body.access_token.length).toBeGreaterThan(100);
    });

    it('defaults expires_in to 7200', async () => {
      const plain = await startFake();
      try {
        const res = await getJson(`${plain.url}/cgi-bin/token`, {
          grant_type: 'client_credential',
          appid: plain.appId,
          secret: plain.secret,
        });
        expect(res.body.expires_in).toBe(7200);
      } finally {
        await plain.stop();
      }
    });

    it('answers 40013, 40125, 40002, 41002 and 41004 for bad credentials or grant_type', async () => {
      expect((await getToken({ appid: 'wx9999999999999999' })).body.errcode).toBe(40013);
      expect((await getToken({ secret: 'nope' })).body.errcode).toBe(40125);
      expect((await getToken({ grant_type: 'authorization_code' })).body.errcode).toBe(40002);
      expect((await getToken({ appid: '' })).body.errcode).toBe(41002);
      expect((await getToken({ secret: '' })).body.errcode).toBe(41004);
    });

    it('issues a new token each call; the previous one keeps working for 5 minutes at most', async () => {
      const slow = await startFake({ now: clock.now });
      try {
        const url = `${slow.url}/cgi-bin/token?grant_type=client_credential&appid=${slow.appId}&secret=${slow.secret}`;
        const first = (await getJson(url)).body.access_token;
        const second = (await getJson(url)).body.access_token;
        expect(first).not.toBe(second);
        expect((await sendSubscribe(slow, first, message)).body.errcode).toBe(0);
        clock.advanceSeconds(300);
        expect((await sendSubscribe(slow, first, message)).body.errcode).toBe(42001);
        expect((await sendSubscribe(slow, second, message)).body.errcode).toBe(0);
      } finally {
        await slow.stop();
      }
    });

    it('expires tokens after the TTL (42001)', async () => {
      const token = (await getToken()).body.access_token;
      clock.advanceSeconds(59);
      expect((await sendSubscribe(fake, token, message)).body.errcode).toBe(0);
      clock.advanceSeconds(1);
      const res = await sendSubscribe(fake, token, message);
      expect(res.body.errcode).toBe(42001);
      expect(res.body.errmsg).toMatch(/^access_token expired/);
    });
  });

  describe('POST /cgi-bin/stable_token', () => {
    it('returns the same token with its remaining lifetime until it expires', async () => {
      const first = await stableToken();
      expect(first.body).toEqual({ access_token: expect.any(String), expires_in: 60 });
      clock.advanceSeconds(20);
      const second = await stableToken({ force_refresh: false });
      expect(second.body).toEqual({ access_token: first.body.access_token, expires_in: 40 });
      clock.advanceSeconds(40);
      const third = await stableToken();
      expect(third.body.access_token).not.toBe(first.body.access_token);
      expect(third.body.expires_in).toBe(60);
    });

    it('is independent of /cgi-bin/token', async () => {
      const stable = (await stableToken()).body.access_token;
      await getToken();
      await getToken();
      expect((await stableToken()).body.access_token).toBe(stable);
      expect((await sendSubscribe(fake, stable, message)).body.errcode).toBe(0);
    });

    it('force_refresh issues a new token and invalidates the old one (40001)', async () => {
      const old = (await stableToken()).body.access_token;
      const fresh = await stableToken({ force_refresh: true });
      expect(fresh.body.access_token).not.toBe(old);
      expect(fresh.body.expires_in).toBe(60);
      expect((await sendSubscribe(fake, old, message)).body.errcode).toBe(40001);
      expect((await sendSubscribe(fake, fresh.body.access_token, message)).body.errcode).toBe(0);
      expect((await stableToken()).body.access_token).toBe(fresh.body.access_token);
    });

    it('validates credentials, grant_type and the body', async () => {
      expect((await stableToken({ appid: 'wx9999999999999999' })).body.errcode).toBe(40013);
      expect((await stableToken({ secret: 'nope' })).body.errcode).toBe(40125);
      expect((await stableToken({ grant_type: 'password' })).body.errcode).toBe(40002);
      expect((await stableToken({ appid: undefined })).body.errcode).toBe(41002);
      expect((await stableToken({ force_refresh: 'yes' })).body.errcode).toBe(47003);
      expect((await postJson(`${fake.url}/cgi-bin/stable_token`, 'not json')).body.errcode).toBe(47001);
      expect((await postJson(`${fake.url}/cgi-bin/stable_token`)).body.errcode).toBe(44002);
      expect((await getJson(`${fake.url}/cgi-bin/stable_token`)).body.errcode).toBe(43002);
    });
  });

  describe('invalidating tokens', () => {
    it('POST /__fake/expire-tokens makes every token answer 42001 and new ones work', async () => {
      const token = (await getToken()).body.access_token;
      const stable = (await stableToken()).body.access_token;
      expect((await postJson(`${fake.url}/__fake/expire-tokens`)).status).toBe(200);
      expect((await sendSubscribe(fake, token, message)).body.errcode).toBe(42001);
      expect((await sendSubscribe(fake, stable, message)).body.errcode).toBe(42001);
      const newStable = (await stableToken()).body.access_token;
      expect(newStable).not.toBe(stable);
      expect((await sendSubscribe(fake, newStable, message)).body.errcode).toBe(0);
    });

    it('mode "invalid" makes every token answer 40001', async () => {
      const token = (await getToken()).body.access_token;
      await postJson(`${fake.url}/__fake/expire-tokens`, { mode: 'invalid' });
      expect((await sendSubscribe(fake, token, message)).body.errcode).toBe(40001);
      expect((await postJson(`${fake.url}/__fake/expire-tokens`, { mode: 'later' })).status).toBe(400);
    });

    it('in-process expireTokens()', async () => {
      const token = (await getToken()).body.access_token;
      fake.expireTokens();
      expect((await sendSubscribe(fake, token, message)).body.errcode).toBe(42001);
    });
  });
});
