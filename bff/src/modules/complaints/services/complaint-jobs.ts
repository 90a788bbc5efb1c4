import { Worker, type Job } from 'bullmq';
import { COMPLAINT_CLOCK_STATUSES, COMPLAINT_KIND_LABELS, COMPLAINT_STATUS_LABELS } from '@app/shared';
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
import type { ComplaintRecord } from '../models/complaint.model';
import type { ComplaintRepository } from '../repositories/complaint.repository';
import { COMPLAINT_QUEUE, type ComplaintJob, type ComplaintNoticeEvent } from './complaint-deadlines';
import type { Stepper } from './complaint-step';

/**
 * What the `complaints` queue runs. Every job re-reads the complaint first, so a stale job (a due date
 * that moved, a complaint already answered) does nothing:
 * - `warn` (80% of the limit): flags it for the handling department (`warnedFor` = that due date);
 * - `overdue` (the day after the due date): flags it for the supervisors and the department;
 * - `notify`: the subscribe message to the person at 受理, 答复 and 办结 (and 不予受理).
 */
export const NOTICE_PHRASES: Record<ComplaintNoticeEvent, string> = {
  accepted: '已受理',
  rejected: '不予受理',
  replied: '已答复',
  closed: '已办结',
};

export function complaintMessage(
  c: ComplaintRecord,
  event: ComplaintNoticeEvent,
  openid: string,
  templateId: string,
): SubscribeMessage {
  return {
    touser: openid,
    template_id: templateId,
    page: `packages/complaints/detail/index?id=${String(c._id)}`,
    data: {
      character_string1: { value: c.number },
      thing2: { value: clip(`${COMPLAINT_KIND_LABELS[c.kind]}：${c.subject.label}`, 20) },
      phrase3: { value: NOTICE_PHRASES[event] },
      time4: { value: toChinaDate(new Date()) },
      thing5: { value: clip(COMPLAINT_STATUS_LABELS[c.status], 20) },
    },
  };
}

export interface JobDeps {
  repo: ComplaintRepository;
  steps: Stepper;
  now: () => Date;
  openIdOf: (userId: string) => Promise<string | undefined>;
  send?: (message: SubscribeMessage) => Promise<'sent' | 'refused'>;
  templateId: string;
  logger: Logger;
}

export function createJobProcessor(deps: JobDeps) {
  return async function process(data: ComplaintJob): Promise<string> {
    const c = await deps.repo.findById(data.complaintId);
    if (!c) return 'gone';
    if (data.kind === 'notify') {
      if (!deps.send) return 'no-sender';
      const openid = await deps.openIdOf(c.filerId);
      if (!openid) return 'no-openid';
      return deps.send(complaintMessage(c, data.event, openid, deps.templateId));
    }
    const running = (COMPLAINT_CLOCK_STATUSES as readonly string[]).includes(c.status);
    if (!running || c.dueDate !== data.dueDate || c.round !== data.round) return 'stale';
    const field = data.kind === 'warn' ? 'warnedFor' : 'overdueFor';
    if (c[field] === data.dueDate) return 'done-before';
    const system = { role: 'system' as const, as: 'system' };
    await deps.steps
      .touch(c, c.version, [c.status], system, deps.now(), {
        set: { [field]: data.dueDate },
        events: [
          data.kind === 'warn'
            ? { kind: 'warned', note: `已用去办理时限的 80%（至 ${data.dueDate}），已提醒承办部门` }
            : { kind: 'overdue', note: `已超过办理时限 ${data.dueDate}，已通报督查和承办部门` },
        ],
      })
      .catch(() => {
        throw new Error('complaint changed while flagging; retry');
      });
    return data.kind;
  };
}

/** The worker of the `complaints` queue (its own blocking connection); close it before the stores. */
export function startComplaintWorker(deps: {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  apiBase: string;
  process: (data: ComplaintJob) => Promise<string>;
}) {
  const connection = workerConnection(deps.config.redis.url);
  const worker = new Worker<ComplaintJob>(
    COMPLAINT_QUEUE,
    async (job: Job<ComplaintJob>) => deps.process(job.data),
    {
      connection,
      prefix: bullPrefix(deps.redis),
      concurrency: 4,
    },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { complaintId: job?.data.complaintId, kind: job?.data.kind, err: err.message },
      'complaint job failed',
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

export function senderFor(deps: { apiBase: string; config: AppConfig; redis: RedisHandle }) {
  const sender = createSubscribeSender({
    apiBase: deps.apiBase,
    wechat: deps.config.wechat,
    redis: deps.redis,
  });
  return (m: SubscribeMessage) => sender.send(m);
}
