import { Worker, type Job } from 'bullmq';
import type { AppConfig } from '../../../config/config';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import { toChinaDate } from '../../calendar';
import {
  bullPrefix,
  clip,
  closeConnection,
  createSubscribeSender,
  workerConnection,
  type SubscribeMessage,
} from '../../notifications';
import type { EnterpriseRepository } from '../repositories/enterprise.repository';

/**
 * 企业成员申请 reach the enterprise's admins by subscribe message. The join request's membership
 * document carries the job as an outbox entry (written with the request, relayed by the
 * notifications module); this worker re-reads the membership (a request decided meanwhile sends
 * nothing) and messages every active admin.
 */
export const ENTERPRISE_NOTICES_QUEUE = 'enterprise-notices';
export const ENTERPRISE_JOIN_TEMPLATE = 'enterprise-join-requested';

export interface JoinRequestedJob {
  enterpriseId: string;
  userId: string;
}

export function joinRequestedMessage(
  input: { enterpriseId: string; enterpriseName: string; at: Date },
  openid: string,
  templateId = ENTERPRISE_JOIN_TEMPLATE,
): SubscribeMessage {
  return {
    touser: openid,
    template_id: templateId,
    page: `packages/enterprises/detail/index?id=${input.enterpriseId}`,
    data: {
      thing1: { value: clip(input.enterpriseName, 20) },
      phrase2: { value: '待审核' },
      thing3: { value: '有新成员申请绑定企业' },
      date4: { value: toChinaDate(input.at) },
    },
  };
}

export function startEnterpriseNoticesWorker(deps: {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  apiBase: string;
  enterprises: EnterpriseRepository;
  openIdOf: (userId: string) => Promise<string | undefined>;
  templateId?: string;
}) {
  const connection = workerConnection(deps.config.redis.url);
  const sender = createSubscribeSender({
    apiBase: deps.apiBase,
    wechat: deps.config.wechat,
    redis: deps.redis,
  });
  const worker = new Worker<JoinRequestedJob>(
    ENTERPRISE_NOTICES_QUEUE,
    async (job: Job<JoinRequestedJob>) => {
      const { enterpriseId, userId } = job.data;
      const request = await deps.enterprises.findMembership(enterpriseId, userId);
      if (request?.status !== 'pending') return 'decided';
      const enterprise = await deps.enterprises.findById(enterpriseId);
      if (!enterprise) return 'gone';
      let sent = 0;
      for (const admin of await deps.enterprises.activeAdmins(enterpriseId)) {
        const openid = await deps.openIdOf(admin.userId);
        if (!openid) continue;
        const message = joinRequestedMessage(
          { enterpriseId, enterpriseName: enterprise.name, at: request.createdAt },
          openid,
          deps.templateId,
        );
        if ((await sender.send(message)) === 'sent') sent += 1;
      }
      return `sent:${sent}`;
    },
    { connection, prefix: bullPrefix(deps.redis), concurrency: 2 },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { enterpriseId: job?.data.enterpriseId, err: err.message },
      'join request notice failed',
    ),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await closeConnection(connection);
    },
  };
}
