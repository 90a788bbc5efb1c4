import type { AppDeps } from '../../app-deps';
import { identityOf } from '../auth/identity';
import { seedDemoParallelItems } from '../cases/demo/demo-parallel-items';
import { startEnterpriseNoticesWorker } from './services/enterprise-notices';

/**
 * What `npm start` runs for enterprises: the worker that tells admins of join requests, and (outside
 * production) the demo's parallel items, so an enterprise's 分公司设立登记 can be walked to 办结.
 */
export async function startEnterprisesBackground(deps: AppDeps, options: { seedDemo: boolean }) {
  if (options.seedDemo) await seedDemoParallelItems(deps);
  const identity = identityOf(deps);
  return startEnterpriseNoticesWorker({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    apiBase: deps.wechat.apiBase,
    enterprises: identity.enterprises,
    openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
  });
}
