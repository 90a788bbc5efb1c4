import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from '../auth/identity';
import { fileCase, person, publishItem } from '../cases/testing/case-fixtures';
import { complaintsOf } from './complaints.module';
import { staffWith, type Who } from './testing/complaint-fixtures';

/**
 * 举报人信息保密: the handling department's staff never get the filer's name, phone, openid, user id or
 * enterprise — checked by walking EVERY response they receive through the whole loop (queues, detail,
 * each of their steps, refusals). The desk and supervisors can reveal it, each time audited.
 */
let env: TestEnv;
let reporter: Who;
let desk: Who;
let handler: Who;
let coHandler: Who;
let supervisor: Who;
const NAME = '王秘密';
const PHONE = '13912344321';

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  await publishItem(env.deps, { code: 'JX-WB-0001', departmentCode: 'dept-x' });
  reporter = await person(env.deps, 'enterprise', { name: NAME });
  await identityOf(env.deps).userService.setRealNameProfile(reporter.user.id, {
    name: NAME,
    idNumber: '230103199003071238',
    phone: PHONE,
  });
  desk = await staffWith(env.deps, 'dept-center', ['complaint_dispatch']);
  handler = await staffWith(env.deps, 'dept-x', ['complaint_handling']);
  coHandler = await staffWith(env.deps, 'dept-y', ['complaint_handling']);
  supervisor = await person(env.deps, 'supervisor');
});
afterAll(() => env.close());

const api = () => request(env.callback);

it('the department’s staff see nothing of who filed a 举报; desk and supervisor reveals are audited', async () => {
  const user = (await identityOf(env.deps).users.findById(reporter.user.id))!;
  const [enterpriseId] = reporter.principal.enterprises;
  const enterprise = await identityOf(env.deps).enterprises.findById(enterpriseId!);
  const secrets = [
    NAME,
    PHONE,
    PHONE.slice(-4),
    user.wechatOpenId!,
    user.id,
    enterpriseId!,
    enterprise!.name,
    enterprise!.creditCode,
  ];

  const filed = await api()
    .post('/api/complaints')
    .set('Authorization', reporter.header)
    .set('Idempotency-Key', 'whistle-0001')
    .send({
      kind: 'report',
      subject: { kind: 'item', code: 'JX-WB-0001' },
      description: '某窗口工作人员收受好处费后违规加快办理。',
      onBehalfOf: enterpriseId,
    });
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  const deptResponses: Array<{ what: string; body: unknown }> = [];
  const dept = async (who: Who, what: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = api()[method](path).set('Authorization', who.header);
    const res = method === 'get' ? await req : await req.send(body ?? {});
    deptResponses.push({ what, body: res.body });
    return res;
  };
  const version = async () =>
    (await api().get(`/api/complaints/${id}`).set('Authorization', desk.header)).body.version as number;
  const S = (step: string) => `/api/staff/complaints/${id}/${step}`;

  await api()
    .post(S('accept'))
    .set('Authorization', desk.header)
    .send({ version: await version() });
  await api()
    .post(S('dispatch'))
    .set('Authorization', desk.header)
    .send({ version: await version(), leadDepartment: 'dept-x', coDepartments: ['dept-y'] });

  for (const who of [handler, coHandler]) {
    await dept(who, 'queue', 'get', '/api/staff/complaints?duty=handling');
    await dept(who, 'queue-all', 'get', '/api/staff/complaints');
    await dept(who, 'detail', 'get', `/api/complaints/${id}`);
    const reveal = await dept(who, 'reveal', 'post', S('contact'), { reason: '想联系举报人' });
    expect(reveal.status).toBe(403);
  }
  await dept(coHandler, 'co-part', 'post', S('co-part'), {
    version: await version(),
    part: '协查：未发现相关记录',
  });
  await dept(handler, 'extension', 'post', S('extension'), {
    version: await version(),
    days: 3,
    reason: '需调取监控',
  });
  await api()
    .post(S('extension/decision'))
    .set('Authorization', desk.header)
    .send({ version: await version(), approve: true });
  await api()
    .post(S('supervise'))
    .set('Authorization', supervisor.header)
    .send({ version: await version(), note: '请尽快核实' });
  const sup = (await dept(handler, 'detail-supervised', 'get', `/api/complaints/${id}`)).body.supervisions[0];
  await dept(handler, 'answer', 'post', `/api/staff/complaints/${id}/supervisions/${sup.id}/answer`, {
    version: await version(),
    answer: '正在核实',
  });
  await dept(handler, 'reply', 'post', S('reply'), {
    version: await version(),
    result: '经查属实，已处理',
    reply: '感谢举报，已依法处理',
  });
  await dept(handler, 'detail-after', 'get', `/api/complaints/${id}`);
  await dept(handler, 'stale-step', 'post', S('reply'), { version: 0, result: '重复', reply: '重复' });

  expect(deptResponses.length).toBeGreaterThan(12);
  for (const r of deptResponses) {
    const text = JSON.stringify(r.body);
    for (const secret of secrets)
      expect({ what: r.what, leaks: text.includes(secret) ? secret : null }).toEqual({
        what: r.what,
        leaks: null,
      });
  }
  // The department saw the complaint itself: the walk is not vacuous.
  expect(JSON.stringify(deptResponses.find((r) => r.what === 'detail')!.body)).toContain('收受好处费');

  // Desk and supervisors may reveal; each reveal is in the audit log.
  const shown = await api()
    .post(S('contact'))
    .set('Authorization', desk.header)
    .send({ reason: '核实举报线索' });
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({ name: NAME, phone: PHONE, enterprise: enterprise!.name });
  const audit = await identityOf(env.deps).audit.list({ action: 'complaints.contact.reveal' }, 1, 10);
  expect(
    audit.items.some(
      (e: { target?: string; actorId: string }) => e.target === id && e.actorId === desk.user.id,
    ),
  ).toBe(true);
  // And never in a log line.
  expect(env.logs.text()).not.toContain(PHONE);
  void complaintsOf;
});

it('a 举报 about the reporter’s own case shows the department the item, never the case number', async () => {
  const theCase = await fileCase(env.deps, reporter.principal, 'JX-WB-0001');
  const filed = await api()
    .post('/api/complaints')
    .set('Authorization', reporter.header)
    .set('Idempotency-Key', 'whistle-0002')
    .send({
      kind: 'report',
      subject: { kind: 'case', id: theCase.id },
      description: '办理该事项时被索要好处费。',
    });
  expect(filed.status).toBe(201);
  expect(filed.body.subject.label).toContain(theCase.number);
  const id = filed.body.id as string;
  const version = async () =>
    (await api().get(`/api/complaints/${id}`).set('Authorization', desk.header)).body.version as number;
  await api()
    .post(`/api/staff/complaints/${id}/accept`)
    .set('Authorization', desk.header)
    .send({ version: await version() });
  await api()
    .post(`/api/staff/complaints/${id}/dispatch`)
    .set('Authorization', desk.header)
    .send({ version: await version(), leadDepartment: 'dept-x' });
  const seen = [
    await api().get('/api/staff/complaints?duty=handling').set('Authorization', handler.header),
    await api().get(`/api/complaints/${id}`).set('Authorization', handler.header),
  ];
  expect(seen[1]!.status).toBe(200);
  for (const res of seen) {
    expect(JSON.stringify(res.body)).not.toContain(theCase.number);
    expect(JSON.stringify(res.body)).not.toContain(theCase.id);
  }
});
