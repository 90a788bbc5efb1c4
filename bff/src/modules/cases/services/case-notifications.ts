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
  sendNow,
  workerConnection,
  type OutboxEntryRecord,
  type SubscribeMessage,
} from '../../notifications';
import type { CaseRecord } from '../models/case.model';

/**
 * Status changes reach the applicant by WeChat subscribe message (订阅消息), through a BullMQ queue:
 * the change writes an outbox entry in its own update and the outbox relays it (fast, and neither a
 * crash nor a WeChat or Redis outage fails or loses it); a
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

/** Retries and retention of the queue (the outbox relay adds the jobs with these defaults). */
export const CASE_NOTIFICATION_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  // Kept for a week: an entry relayed twice (crash after the add) is recognised as the same job.
  removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/**
 * The outbox entry of a status change, written by the change's own single-document update (see the
 * notifications README): a crash before the enqueue cannot lose it. Its job id comes from the record
 * (case, status, time of the change), so relaying it twice makes one message.
 */
export function statusChangedEntry(
  c: Pick<CaseRecord, '_id' | 'number' | 'itemName' | 'applicantId'>,
  status: CaseStatus,
  at: Date,
): OutboxEntryRecord {
  const job: CaseNotificationJob = {
    caseId: String(c._id),
    caseNumber: c.number,
    itemName: c.itemName,
    userId: c.applicantId,
    status,
    at: at.toISOString(),
  };
  return {
    ...sendNow(CASE_NOTIFICATION_QUEUE, 'status-changed', { ...job }),
    id: `case-${job.caseId}-${status}-${at.getTime()}`,
  };
}

/** The queue, for inspection (tests, tooling); jobs are added by the outbox relay only. */
export function createCaseNotifier(deps: { redis: RedisHandle; logger: Logger }) {
  let queue: Queue<CaseNotificationJob> | undefined;
  const get = () =>
    (queue ??= new Queue<CaseNotificationJob>(CASE_NOTIFICATION_QUEUE, {
      connection: deps.redis.client,
      prefix: bullPrefix(deps.redis),
    }));
  return {
    queue: get,
    async close() {
      await queue?.close();
    },
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
