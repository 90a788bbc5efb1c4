import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { eventually } from '../../../../test/support/eventually';
import { identityOf } from '../../auth/identity';
import { person } from '../../cases/testing/case-fixtures';
import { complaintsOf } from '../complaints.module';
import { staffWith } from '../testing/complaint-fixtures';

/**
 * Subscribe messages at 受理, 答复 and 办结 go through the outbox to the `complaints` queue and its worker
 * sends them to the person's openid (the fake WeChat records what it accepted). Bad input on every
 * staff step answers the envelope and changes nothing.
 */
let env: TestEnv;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  worker = complaintsOf(env.deps, { templateId: 'complaint-status' }).startWorker();
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

it('the person is told at 受理, 答复 and 办结', async () => {
  const citizen = await person(env.deps, 'citizen');
  const desk = await staffWith(env.deps, 'dept-c', ['complaint_dispatch']);
  const handler = await staffWith(env.deps, 'dept-h', ['complaint_handling']);
  const followup = await staffWith(env.deps, 'dept-c', ['complaint_followup']);
  const api = () => request(env.callback);
  const filed = await api()
    .post('/api/complaints')
    .set('Authorization', citizen.header)
    .set('Idempotency-Key', 'notice-test-1')
    .send({
      kind: 'suggestion',
      subject: { kind: 'free', text: '大厅' },
      description: '建议大厅增加母婴室和饮水机。',
    });
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  const step = async (who: { header: string }, path: string, body: object) => {
    const v = (await api().get(`/api/complaints/${id}`).set('Authorization', desk.header)).body.version;
    const res = await api()
      .post(`/api/staff/complaints/${id}/${path}`)
      .set('Authorization', who.header)
      .send({ version: v, ...body });
    expect(res.status).toBe(200);
  };
  await step(desk, 'accept', {});
  await step(desk, 'dispatch', { leadDepartment: 'dept-h' });
  await step(handler, 'reply', { result: '已采纳', reply: '感谢建议，已增设母婴室。' });
  await step(followup, 'followups', { method: 'phone', reached: true, verdict: 'satisfied' });
  const openid = (await identityOf(env.deps).users.findById(citizen.user.id))!.wechatOpenId!;
  const sent = await eventually(async () => {
    const messages = env.deps.wechat.fake!.sentMessages({ touser: openid, templateId: 'complaint-status' });
    return messages.length >= 3 ? messages : undefined;
  });
  expect(sent.map((m) => m.data.phrase3?.value)).toEqual(['已受理', '已答复', '已办结']);
  expect(sent[0]!.page).toBe(`packages/complaints/detail/index?id=${id}`);
});

it('bad input on every staff step: the envelope with a Chinese message, nothing changed', async () => {
  const citizen = await person(env.deps, 'citizen');
  const desk = await staffWith(env.deps, 'dept-c', ['complaint_dispatch']);
  const supervisor = await person(env.deps, 'supervisor');
  const filed = await request(env.callback)
    .post('/api/complaints')
    .set('Authorization', citizen.header)
    .set('Idempotency-Key', 'notice-test-2')
    .send({
      kind: 'complaint',
      subject: { kind: 'free', text: '大厅' },
      description: '大厅空调坏了一个星期没人修。',
    });
  const id = filed.body.id as string;
  const bad: Array<[string, object]> = [
    ['accept', { version: 'x' }],
    ['reject', { version: 0, reason: 'because', note: '' }],
    ['dispatch', { version: 0, leadDepartment: '$where', coDepartments: ['a'] }],
    ['dispatch', { version: 0, leadDepartment: 'dept-a', dueDate: '2026-13-40' }],
    ['return', { version: 0, reason: '' }],
    ['co-part', { version: 0, part: 'x'.repeat(2001) }],
    ['extension', { version: 0, days: 99, reason: '需要' }],
    ['extension/decision', { version: 0, approve: 'yes' }],
    ['reply', { version: 0, result: '\u202e反转', reply: '答复' }],
    ['followups', { version: 0, method: 'email', reached: false }],
    ['followups', { version: 0, method: 'phone', reached: true }],
    ['supervise', { version: 0 }],
    ['escalation', { version: 0, decision: 'later', note: '意见' }],
    ['contact', {}],
    ['accept', { version: 0, extra: 1 }],
  ];
  for (const [path, body] of bad) {
    const res = await request(env.callback)
      .post(`/api/staff/complaints/${id}/${path}`)
      .set('Authorization', path === 'supervise' || path === 'escalation' ? supervisor.header : desk.header)
      .send(body);
    expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
      path,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(res.body.error.details.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
  }
  const bogusId = await request(env.callback)
    .get('/api/complaints/not-an-id')
    .set('Authorization', desk.header);
  expect(bogusId.status).toBe(400);
  const after = await complaintsOf(env.deps).repo.findById(id);
  expect({ status: after!.status, version: after!.version }).toEqual({ status: 'submitted', version: 0 });
});
