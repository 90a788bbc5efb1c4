import path from 'node:path';
import { startBffChild, type BffChild } from '../../../../test/support/bff-child';
import { eventually } from '../../../../test/support/eventually';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { identityOf } from '../../auth/identity';
import { casesOf } from '../../cases/cases.module';
import { person, publishItem } from '../../cases/testing/case-fixtures';
import { CASE_NOTIFICATION_QUEUE } from '../../cases/services/case-notifications';

/**
 * The outbox against a real crash: a BFF process (what `npm start` runs) is killed (SIGKILL) between
 * writing a case's status change — with its subscribe message in the outbox of the same update — and
 * putting that message on BullMQ. After a restart the start-up sweep relays it and the applicant gets
 * the message exactly once. The stores (embedded engine, Redis, fake WeChat) belong to the test, so
 * they outlive the killed process.
 */
const KILL_HOOK = path.resolve(__dirname, '../testing/kill-on-enqueue.cjs');
let env: TestEnv;
let child: BffChild | undefined;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'error' });
});
afterAll(async () => {
  await child?.stop('SIGKILL');
  await env.close();
});

function childEnv(): Record<string, string> {
  return {
    MONGODB_URI: env.mongo.uri,
    MONGODB_DB_NAME: env.config.mongo.dbName,
    REDIS_URL: env.config.redis.url,
    REDIS_KEY_PREFIX: env.config.redis.keyPrefix,
    WECHAT_API_BASE: env.deps.wechat.apiBase,
    LOG_LEVEL: 'warn',
  };
}

it('a BFF killed between the write and the enqueue: after restart the message is sent exactly once', async () => {
  const fake = env.deps.wechat.fake!;
  const itemCode = await publishItem(env.deps, { name: '不动产登记', departmentCode: 'dept-crash' });
  const applicant = await person(env.deps, 'citizen');
  const openid = (await identityOf(env.deps).users.findById(applicant.user.id))!.wechatOpenId!;
  const lead = await person(env.deps, 'staff', { department: 'dept-crash' });
  const filed = await casesOf(env.deps).service.apply(applicant.principal, { itemCode });

  // 1. A BFF that dies the moment it tries to enqueue a case notification.
  child = await startBffChild(
    { ...childEnv(), TEST_KILL_ON_ENQUEUE: CASE_NOTIFICATION_QUEUE },
    { requires: [KILL_HOOK] },
  );
  const answer = fetch(`${child.url}/api/cases/${filed.id}/prereview`, {
    method: 'POST',
    headers: { authorization: lead.header, 'content-type': 'application/json' },
    body: JSON.stringify({ result: 'pass' }),
  });
  await expect(answer).rejects.toThrow(); // no answer: the process died mid-request
  const died = await child.exited;
  expect(died.signal).toBe('SIGKILL');
  expect(child.output()).toContain('kill-on-enqueue');

  // The change is stored, and so is its message — in the case's outbox, not on the queue.
  const stored = await casesOf(env.deps).repo.findById(filed.id);
  expect(stored!.status).toBe('prereviewed');
  expect(stored!.outbox).toHaveLength(1);
  const entryId = stored!.outbox![0].id;
  expect(await casesOf(env.deps).notifier.queue().getJob(entryId)).toBeUndefined();

  // 2. Restart (no hook): the start-up sweep relays the entry, the worker sends it.
  const restartedAt = Date.now();
  child = await startBffChild(childEnv());
  const phrases = () => fake.sentMessages({ touser: openid }).map((m) => m.data.phrase3?.value);
  await eventually(async () => (phrases().includes('预审通过') ? true : undefined), 30_000);
  const deliveredMs = Date.now() - restartedAt;
  // Give a duplicate every chance to show up (a second sweep, a second relay) before counting.
  await new Promise((r) => setTimeout(r, 1500));
  expect(phrases().filter((p) => p === '预审通过')).toHaveLength(1);
  expect(phrases().filter((p) => p === '已申报')).toHaveLength(1);
  expect((await casesOf(env.deps).repo.findById(filed.id))!.outbox ?? []).toHaveLength(0);
  console.info(`outbox crash test: message delivered ${deliveredMs} ms after the restart began`);

  const stopped = Date.now();
  const exit = await child.stop('SIGTERM');
  expect(exit.code).toBe(0);
  console.info(`outbox crash test: SIGTERM → exit in ${exit.at - stopped} ms`);
  child = undefined;
}, 300_000);
