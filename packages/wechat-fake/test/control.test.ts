import { FakeWeChatServer } from '../src';
import { accessToken, code2Session, getJson, postJson, sendJson, sendSubscribe, startFake } from './helpers';

describe('fault injection', () => {
  let fake: FakeWeChatServer;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.stop());
  afterEach(() => fake.reset());

  it.each([45011, -1, 40029, 40226])(
    'POST /__fake/faults makes the next call to jscode2session answer %i, then behaves normally',
    async (errcode) => {
      const set = await postJson(`${fake.url}/__fake/faults`, {
        path: '/sns/jscode2session',
        errcode,
        times: 1,
      });
      expect(set.status).toBe(200);
      const { code, openid } = fake.issueLoginCode();
      const faulted = await code2Session(fake, code);
      expect(faulted.body.errcode).toBe(errcode);
      expect(typeof faulted.body.errmsg).toBe('string');
      // the faulted call did not consume the code
      expect((await code2Session(fake, code)).body.openid).toBe(openid);
    },
  );

  it('affects `times` calls and only the named path', async () => {
    fake.injectFault({ path: '/cgi-bin/token', errcode: -1, times: 2, errmsg: 'system busy' });
    const url = `${fake.url}/cgi-bin/token?grant_type=client_credential&appid=${fake.appId}&secret=${fake.secret}`;
    const first = await getJson(url);
    expect(first.body.errcode).toBe(-1);
    expect(first.body.errmsg).toMatch(/^system busy/);
    expect(fake.activeFaults()).toEqual([expect.objectContaining({ path: '/cgi-bin/token', remaining: 1 })]);
    const { code } = fake.issueLoginCode();
    expect((await code2Session(fake, code)).body.openid).toBeDefined();
    expect((await getJson(url)).body.errcode).toBe(-1);
    expect((await getJson(url)).body.access_token).toBeDefined();
    expect(fake.activeFaults()).toEqual([]);
  });

  it('DELETE /__fake/faults clears pending faults', async () => {
    await postJson(`${fake.url}/__fake/faults`, {
      path: '/cgi-bin/message/subscribe/send',
      errcode: 45011,
      times: 5,
    });
    expect((await getJson(`${fake.url}/__fake/faults`)).body.faults).toHaveLength(1);
    expect((await sendJson('DELETE', `${fake.url}/__fake/faults`)).status).toBe(200);
    const token = await accessToken(fake);
    const res = await sendSubscribe(fake, token, {
      touser: 'o1',
      template_id: 'T',
      data: { thing1: { value: 'x' } },
    });
    expect(res.body.errcode).toBe(0);
  });

  it('can fault subscribe sends with 40001 to exercise token refresh', async () => {
    const token = await accessToken(fake);
    fake.injectFault({ path: '/cgi-bin/message/subscribe/send', errcode: 40001 });
    const body = { touser: 'o1', template_id: 'T', data: { thing1: { value: 'x' } } };
    expect((await sendSubscribe(fake, token, body)).body.errcode).toBe(40001);
    expect((await sendSubscribe(fake, token, body)).body.errcode).toBe(0);
    expect(fake.sentMessages()).toHaveLength(1);
  });

  it('delayMs delays the answer', async () => {
    fake.injectFault({ path: '/cgi-bin/token', delayMs: 300 });
    const started = Date.now();
    const token = await accessToken(fake);
    expect(token).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('rejects bad fault specs with HTTP 400', async () => {
    const url = `${fake.url}/__fake/faults`;
    expect((await postJson(url, { errcode: 45011 })).status).toBe(400);
    expect((await postJson(url, { path: '/sns/jscode2session' })).status).toBe(400);
    expect((await postJson(url, { path: '/sns/jscode2session', errcode: 45011, times: 0 })).status).toBe(400);
    expect((await postJson(url, { path: '/__fake/requests', errcode: 45011 })).status).toBe(400);
    expect((await postJson(url, 'nope')).status).toBe(400);
    expect(() => fake.injectFault({ path: 'sns', errcode: 1 })).toThrow(/path/);
  });
});

describe('recording', () => {
  let fake: FakeWeChatServer;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.stop());
  afterEach(() => fake.reset());

  it('records every WeChat API call with method, path, query, body, time and errcode', async () => {
    const { code } = fake.issueLoginCode();
    await code2Session(fake, code);
    await code2Session(fake, code);
    const token = await accessToken(fake);
    const message = { touser: 'o1', template_id: 'T', data: { thing1: { value: '提醒' } } };
    await sendSubscribe(fake, token, message);
    await getJson(`${fake.url}/no/such/api`);

    const all = fake.requests();
    expect(all.map((r) => [r.method, r.path, r.errcode])).toEqual([
      ['GET', '/sns/jscode2session', 0],
      ['GET', '/sns/jscode2session', 40163],
      ['GET', '/cgi-bin/token', 0],
      ['POST', '/cgi-bin/message/subscribe/send', 0],
      ['GET', '/no/such/api', 40066],
    ]);
    expect(all[0].query).toEqual({
      appid: fake.appId,
      secret: fake.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    expect(all[0].body).toBeUndefined();
    expect(all[3].query).toEqual({ access_token: token });
    expect(all[3].body).toEqual(message);
    expect(new Date(all[0].time).getTime()).toBeGreaterThan(0);
    expect(all[4].status).toBe(404);
    expect(all.map((r) => r.seq)).toEqual([...all.map((r) => r.seq)].sort((a, b) => a - b));

    expect(fake.requests({ path: '/sns/jscode2session' })).toHaveLength(2);
    expect(fake.requests({ method: 'post' })).toHaveLength(1);

    const http = await getJson(`${fake.url}/__fake/requests`, { path: '/cgi-bin/message/subscribe/send' });
    expect(http.body.requests).toHaveLength(1);
    expect(http.body.requests[0].body).toEqual(message);
    // control endpoints are not recorded
    expect(fake.requests().some((r) => r.path.startsWith('/__fake'))).toBe(false);
  });

  it('records faulted calls with the injected errcode and raw non-JSON bodies', async () => {
    fake.injectFault({ path: '/cgi-bin/stable_token', errcode: 45011 });
    await postJson(`${fake.url}/cgi-bin/stable_token`, { grant_type: 'client_credential' });
    await postJson(`${fake.url}/cgi-bin/stable_token`, 'raw text');
    expect(fake.requests().map((r) => [r.errcode, r.body])).toEqual([
      [45011, { grant_type: 'client_credential' }],
      [47001, 'raw text'],
    ]);
  });

  it('DELETE /__fake/requests and clear() forget requests and sent messages', async () => {
    const token = await accessToken(fake);
    await sendSubscribe(fake, token, { touser: 'o1', template_id: 'T', data: { thing1: { value: 'x' } } });
    expect(fake.requests()).toHaveLength(2);
    expect(fake.sentMessages()).toHaveLength(1);
    expect((await sendJson('DELETE', `${fake.url}/__fake/requests`)).status).toBe(200);
    expect(fake.requests()).toEqual([]);
    expect(fake.sentMessages()).toEqual([]);
    // clearing recordings keeps tokens valid
    await sendSubscribe(fake, token, { touser: 'o1', template_id: 'T', data: { thing1: { value: 'x' } } });
    expect(fake.sentMessages()).toHaveLength(1);
    fake.clear();
    expect((await getJson(`${fake.url}/__fake/requests`)).body.requests).toEqual([]);
  });

  it('POST /__fake/reset drops tokens, codes, faults and refusals too', async () => {
    const token = await accessToken(fake);
    const { code } = fake.issueLoginCode();
    fake.injectFault({ path: '/cgi-bin/token', errcode: -1 });
    fake.refuseSubscription({ openid: 'o1' });
    expect((await postJson(`${fake.url}/__fake/reset`)).status).toBe(200);
    expect(fake.activeFaults()).toEqual([]);
    expect((await code2Session(fake, code)).body.errcode).toBe(40029);
    const message = { touser: 'o1', template_id: 'T', data: { thing1: { value: 'x' } } };
    expect((await sendSubscribe(fake, token, message)).body.errcode).toBe(40001);
    expect((await sendSubscribe(fake, await accessToken(fake), message)).body.errcode).toBe(0);
  });

  it('GET /__fake/info tells the credentials; unknown control endpoints answer 404', async () => {
    const info = await getJson(`${fake.url}/__fake/info`);
    expect(info.body).toEqual({
      appId: fake.appId,
      secret: fake.secret,
      tokenTtlSeconds: 7200,
      codeTtlSeconds: 300,
    });
    expect((await getJson(`${fake.url}/__fake/nope`)).status).toBe(404);
  });
});

describe('lifecycle', () => {
  it('listens on the requested host and port and stops cleanly (twice is fine)', async () => {
    const probe = await startFake();
    const port = probe.port;
    await probe.stop();
    const fake = await FakeWeChatServer.start({ port, host: '127.0.0.1' });
    expect(fake.url).toBe(`http://127.0.0.1:${port}`);
    await getJson(`${fake.url}/__fake/info`); // leaves a keep-alive connection open
    await fake.stop();
    await fake.stop();
    await expect(fetch(`${fake.url}/__fake/info`)).rejects.toThrow();
  });

  it('rejects start() when the port is taken', async () => {
    const fake = await startFake();
    try {
      await expect(FakeWeChatServer.start({ port: fake.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await fake.stop();
    }
  });
});
