import { FakeWeChatServer } from '../src';
import { accessToken, getJson, postJson, sendJson, sendSubscribe, startFake } from './helpers';

describe('POST /cgi-bin/message/subscribe/send', () => {
  let fake: FakeWeChatServer;
  let token: string;
  const send = (body: unknown) => sendSubscribe(fake, token, body);
  const valid = {
    touser: 'oAlice',
    template_id: 'TPL_APPOINTMENT',
    page: 'pages/appointment/detail?id=42',
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: {
      thing1: { value: '不动产登记' },
      time2: { value: '2025年1月2日 09:30' },
      character_string3: { value: 'A-0042' },
      phrase4: { value: '待办理' },
    },
  };

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    token = await accessToken(fake);
  });

  it('accepts a valid message and records it in sentMessages()', async () => {
    const res = await send(valid);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    const sent = fake.sentMessages();
    expect(sent).toEqual([
      {
        msgid: res.body.msgid,
        touser: 'oAlice',
        template_id: 'TPL_APPOINTMENT',
        page: valid.page,
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        data: valid.data,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const second = await send({
      touser: 'oBob',
      template_id: 'TPL_OTHER',
      data: { thing1: { value: '材料补正' } },
    });
    expect(second.body.msgid).toBeGreaterThan(res.body.msgid);
    expect(fake.sentMessages({ touser: 'oBob' })).toHaveLength(1);
    const viaHttp = await getJson(`${fake.url}/__fake/messages`, { touser: 'oAlice' });
    expect(viaHttp.body.messages.map((m: { msgid: number }) => m.msgid)).toEqual([res.body.msgid]);
  });

  it('answers 41001 without a token, 40001 for an unknown one, 42001 for an expired one', async () => {
    const noToken = await postJson(`${fake.url}/cgi-bin/message/subscribe/send`, valid);
    expect(noToken.body.errcode).toBe(41001);
    expect((await sendSubscribe(fake, 'bogus', valid)).body.errcode).toBe(40001);
    fake.expireTokens();
    expect((await send(valid)).body.errcode).toBe(42001);
    expect(fake.sentMessages()).toEqual([]);
  });

  it.each([
    ['touser', { ...valid, touser: undefined }],
    ['template_id', { ...valid, template_id: '' }],
    ['data', { ...valid, data: undefined }],
    ['empty data', { ...valid, data: {} }],
    ['a value that is not {value}', { ...valid, data: { thing1: '不动产登记' } }],
    ['an empty value', { ...valid, data: { thing1: { value: ' ' } } }],
    [
      'a thing over 20 characters',
      { ...valid, data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } },
    ],
    ['a phrase that is not Chinese', { ...valid, data: { phrase1: { value: 'done' } } }],
    ['a number that is not numeric', { ...valid, data: { number1: { value: '12a' } } }],
    ['a bad miniprogram_state', { ...valid, miniprogram_state: 'production' }],
    ['a bad lang', { ...valid, lang: 'fr_FR' }],
  ])('answers 47003 for missing or invalid %s', async (_what, body) => {
    const res = await send(body);
    expect(res.body.errcode).toBe(47003);
    expect(res.body.errmsg).toMatch(/^argument invalid!/);
    expect(fake.sentMessages()).toEqual([]);
  });

  it('accepts a thing of exactly 20 characters', async () => {
    const res = await send({
      ...valid,
      data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } },
    });
    expect(res.body.errcode).toBe(0);
  });

  it('answers 47001 for a body that is not JSON, 44002 for none, 43002 for GET', async () => {
    const url = `${fake.url}/cgi-bin/message/subscribe/send?access_token=${token}`;
    expect((await sendJson('POST', url, '{oops')).body.errcode).toBe(47001);
    expect((await sendJson('POST', url)).body.errcode).toBe(44002);
    expect((await getJson(url)).body.errcode).toBe(43002);
  });

  it('answers 43101 after the user refused (per template or all templates)', async () => {
    fake.refuseSubscription({ openid: 'oAlice', templateId: 'TPL_APPOINTMENT' });
    const refused = await send(valid);
    expect(refused.body.errcode).toBe(43101);
    expect(refused.body.errmsg).toMatch(/^user refuse to accept the msg/);
    expect((await send({ ...valid, template_id: 'TPL_OTHER' })).body.errcode).toBe(0);
    expect((await send({ ...valid, touser: 'oBob' })).body.errcode).toBe(0);

    const http = await postJson(`${fake.url}/__fake/refuse-subscription`, { openid: 'oBob' });
    expect(http.status).toBe(200);
    expect((await send({ ...valid, touser: 'oBob' })).body.errcode).toBe(43101);
    expect((await send({ ...valid, touser: 'oBob', template_id: 'TPL_OTHER' })).body.errcode).toBe(43101);

    await sendJson('DELETE', `${fake.url}/__fake/refuse-subscription`);
    expect((await send({ ...valid, touser: 'oBob' })).body.errcode).toBe(0);
    expect((await postJson(`${fake.url}/__fake/refuse-subscription`, {})).status).toBe(400);
  });

  it('with templates configured, answers 40037 for an unknown template and 47003 for missing keys', async () => {
    const strict = await startFake({
      templates: { TPL_APPOINTMENT: ['thing1', 'time2'] },
      strictOpenIds: true,
    });
    try {
      const t = await accessToken(strict);
      const { openid } = strict.issueLoginCode({ userKey: 'alice' });
      const base = { touser: openid, template_id: 'TPL_APPOINTMENT', data: valid.data };
      expect((await sendSubscribe(strict, t, base)).body.errcode).toBe(0);
      expect((await sendSubscribe(strict, t, { ...base, template_id: 'TPL_NOPE' })).body.errcode).toBe(40037);
      const missing = await sendSubscribe(strict, t, { ...base, data: { thing1: { value: '不动产登记' } } });
      expect(missing.body.errcode).toBe(47003);
      expect(missing.body.errmsg).toMatch(/time2/);
      // strictOpenIds: only openids this fake issued are valid recipients
      expect((await sendSubscribe(strict, t, { ...base, touser: 'oStranger' })).body.errcode).toBe(40003);
    } finally {
      await strict.stop();
    }
  });
});
