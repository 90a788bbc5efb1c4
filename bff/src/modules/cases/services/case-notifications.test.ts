import { eventually } from '../../../../test/support/eventually';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { identityOf } from '../../auth/identity';
import { casesOf } from '../cases.module';
import { person, publishItem } from '../testing/case-fixtures';
import type { CaseNotificationWorker } from './case-notifications';

let env: TestEnv;
let worker: CaseNotificationWorker | undefined;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await worker?.close();
  await env.close();
});

it('status changes are enqueued, then sent as subscribe messages to the applicant (fake WeChat records them)', async () => {
  const cases = casesOf(env.deps);
  const fake = env.deps.wechat.fake!;
  const code = await publishItem(env.deps, {
    name: '一个名字特别特别特别特别特别长的服务事项名称',
    departmentCode: 'dept-n',
  });
  const applicant = await person(env.deps, 'citizen');
  const openid = (await identityOf(env.deps).users.findById(applicant.user.id))!.wechatOpenId!;
  const lead = (await person(env.deps, 'staff', { department: 'dept-n' })).principal;

  const filed = await cases.service.apply(applicant.principal, { itemCode: code });
  await cases.service.prereview(lead, filed.id, { result: 'pass' });
  await cases.service.accept(lead, filed.id, {});

  // Enqueued while no worker runs: nothing is lost.
  const waiting = await cases.notifier.queue().getJobs(['waiting', 'delayed', 'active']);
  expect(waiting.map((j) => j.data.status).sort()).toEqual(['accepted', 'prereviewed', 'submitted']);

  worker = cases.startWorker({ templateId: 'tmpl-case' });
  const messages = await eventually(async () => {
    const res = await fetch(new URL(`/__fake/messages?touser=${openid}`, env.deps.wechat.apiBase));
    const { messages: sent } = (await res.json()) as {
      messages: Array<{ template_id: string; data: Record<string, { value: string }> }>;
    };
    return sent.length >= 3 ? sent : undefined;
  });
  expect(messages.map((m) => m.data.phrase3.value).sort()).toEqual(['已受理', '已申报', '预审通过'].sort());
  expect(messages[0]).toMatchObject({
    template_id: 'tmpl-case',
    data: { character_string2: { value: filed.number } },
  });
  expect(Array.from(messages[0].data.thing1.value).length).toBeLessThanOrEqual(20);
  expect(fake).toBeDefined();

  // The cached access token expires: the worker gets a fresh one and sends anyway.
  await fetch(new URL('/__fake/expire-tokens', env.deps.wechat.apiBase), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await cases.service.start(lead, filed.id);
  const after = await eventually(async () => {
    const res = await fetch(new URL(`/__fake/messages?touser=${openid}`, env.deps.wechat.apiBase));
    const { messages: sent } = (await res.json()) as {
      messages: Array<{ data: Record<string, { value: string }> }>;
    };
    return sent.length >= 4 ? sent : undefined;
  });
  expect(after.at(-1)!.data.phrase3.value).toBe('办理中');
});
