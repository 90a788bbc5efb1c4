import type { TestEnv } from '../../../../test/support/test-env';
import { identityOf } from '../../auth/identity';
import { createSubscribeSender } from '../../notifications';
import { verifiedPerson } from './http-fixtures';

/** The sender the reminder worker uses, against the test env's fake WeChat. */
export const reminderSender = (env: TestEnv) =>
  createSubscribeSender({
    apiBase: env.deps.wechat.apiBase,
    wechat: env.deps.config.wechat,
    redis: env.deps.redis,
  });

/** A signed-in citizen (实名 done: they book) and the openid their subscribe messages go to. */
export async function citizenWithOpenId(env: TestEnv) {
  const person = await verifiedPerson(env.deps);
  const openid = (await identityOf(env.deps).users.findById(person.user.id))!.wechatOpenId!;
  return { ...person, openid };
}
