import { eventually } from '../../../../test/support/eventually';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { identityOf } from '../../auth/identity';
import { createVerifiedEnterprise, makeCreditCode } from '../../auth/testing/identity-fixtures';
import { person } from '../../cases/testing/case-fixtures';
import { startEnterpriseNoticesWorker } from './enterprise-notices';

let env: TestEnv;
let worker: ReturnType<typeof startEnterpriseNoticesWorker> | undefined;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await worker?.close();
  await env.close();
});

it('a join request reaches every active admin as a subscribe message (through the outbox)', async () => {
  const identity = identityOf(env.deps);
  const admin = await person(env.deps, 'citizen');
  const creditCode = makeCreditCode();
  const enterpriseId = await createVerifiedEnterprise(
    env.deps,
    admin.user.id,
    '通知测试有限公司',
    creditCode,
  );
  const openid = (await identity.users.findById(admin.user.id))!.wechatOpenId!;

  const joiner = await person(env.deps, 'citizen');
  const { membership } = await identity.enterpriseService.bind(joiner.user.id, {
    creditCode,
    name: '通知测试有限公司',
  });
  expect(membership).toMatchObject({ enterpriseId, status: 'pending', role: 'member' });

  worker = startEnterpriseNoticesWorker({
    config: env.deps.config,
    logger: env.deps.logger,
    redis: env.deps.redis,
    apiBase: env.deps.wechat.apiBase,
    enterprises: identity.enterprises,
    openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
    templateId: 'tmpl-join',
  });
  const messages = await eventually(async () => {
    const res = await fetch(new URL(`/__fake/messages?touser=${openid}`, env.deps.wechat.apiBase));
    const { messages: sent } = (await res.json()) as {
      messages: Array<{ template_id: string; page?: string; data: Record<string, { value: string }> }>;
    };
    return sent.length >= 1 ? sent : undefined;
  });
  expect(messages[0]).toMatchObject({
    template_id: 'tmpl-join',
    page: `packages/enterprises/detail/index?id=${enterpriseId}`,
    data: { thing1: { value: '通知测试有限公司' }, phrase2: { value: '待审核' } },
  });
});
