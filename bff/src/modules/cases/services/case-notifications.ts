import { Queue, Worker, type Job } from 'bullmq';
import { CASE_STATUS_LABELS, type CaseStatus } from '@app/shared';
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

/**
 * Status changes reach the applicant by WeChat subscribe message (订阅消息), through a BullMQ queue:
 * the request that changed the case only enqueues (fast, and a WeChat outage never fails it); a
 * worker sends with retries through the notifications module's shared subscribe sender (the
 * `/cgi-bin/stable_token` access token cached in Redis, one for the whole BFF).
 */
export const CASE_NOTIFICATION_QUEUE = 'case-notifications';

export interface CaseNotificationJob {
  caseId: string;
  caseNumber: string;
  itemName: string;
  userId: string;
  status: CaseStatus;
  at: string;
}

/** Short status words for the template's `phrase` field (≤ 5 Chinese characters). */
const STATUS_PHRASES: Record<CaseStatus, string> = {
  submitted: '已申报',
  needs_correction: '需补正',
  prereviewed: '预审通过',
  accepted: '已受理',
  rejected: '不予受理',
  in_progress: '办理中',
  correction_paused: '需补正',
  completed: '已办结',
  delivered: '已出件',
  withdrawn: '已撤回',
};

export interface NotificationOptions {
  templateId?: string;
  page?: string;
}

/** Enqueuing side: reuses the app's Redis connection (no extra socket to close). */
export function createCaseNotifier(deps: { redis: RedisHandle; logger: Logger }) {
  let queue: Queue<CaseNotificationJob> | undefined;
  const get = () =>
    (queue ??= new Queue<CaseNotificationJob>(CASE_NOTIFICATION_QUEUE, {
      connection: deps.redis.client,
      prefix: bullPrefix(deps.redis),
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    }));
  return {
    /** Never throws: the case already changed; a lost notice is logged, not the caller's error. */
    async enqueue(job: CaseNotificationJob): Promise<void> {
      try {
        await get().add('status-changed', job, {
          jobId: `${job.caseId}-${job.status}-${Date.parse(job.at)}`,
        });
      } catch (err) {
        deps.logger.error({ err, caseId: job.caseId, status: job.status }, 'case notification not enqueued');
      }
    },
    queue: get,
  };
}
export type CaseNotifier = ReturnType<typeof createCaseNotifier>;

/** The subscribe message for a status change (template fields and WeChat's length limits). */
export function caseStatusMessage(
  job: CaseNotificationJob,
  openid: string,
  options: NotificationOptions = {},
): SubscribeMessage {
  return {
    touser: openid,
    template_id: options.templateId ?? 'case-status-changed',
    page: `${options.page ?? 'packages/cases/detail/index'}?id=${job.caseId}`,
    data: {
      thing1: { value: clip(job.itemName, 20) },
      character_string2: { value: job.caseNumber },
      phrase3: { value: STATUS_PHRASES[job.status] },
      time4: { value: toChinaDate(job.at) },
      thing5: { value: clip(CASE_STATUS_LABELS[job.status], 20) },
    },
  };
}

/**
 * The worker (startable and stoppable: tests and the process shutdown close it). It has its own
 * blocking connection (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export function startCaseNotificationWorker(deps: {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  apiBase: string;
  openIdOf: (userId: string) => Promise<string | undefined>;
  options?: NotificationOptions;
}) {
  const connection = workerConnection(deps.config.redis.url);
  const sender = createSubscribeSender({
    apiBase: deps.apiBase,
    wechat: deps.config.wechat,
    redis: deps.redis,
  });
  const worker = new Worker<CaseNotificationJob>(
    CASE_NOTIFICATION_QUEUE,
    async (job: Job<CaseNotificationJob>) => {
      const openid = await deps.openIdOf(job.data.userId);
      if (!openid) return 'no-openid';
      const outcome = await sender.send(caseStatusMessage(job.data, openid, deps.options));
      if (outcome === 'refused')
        deps.logger.info({ caseId: job.data.caseId }, 'applicant refused subscribe messages');
      return outcome;
    },
    { connection, prefix: bullPrefix(deps.redis), concurrency: 4 },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { caseId: job?.data.caseId, attempts: job?.attemptsMade, err: err.message },
      'case notification failed',
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
export type CaseNotificationWorker = ReturnType<typeof startCaseNotificationWorker>;
