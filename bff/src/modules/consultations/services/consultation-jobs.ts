import { Worker, type Job } from 'bullmq';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import {
  bullPrefix,
  clip,
  closeConnection,
  createSubscribeSender,
  workerConnection,
} from '../../notifications';
import { toChinaDate } from '../../calendar';
import { CONSULTATION_QUEUE, type ConsultationContext } from './consultation-context';
import type { StaffService } from './staff.service';

/**
 * The consultations queue's worker: `overdue` (delayed to the due instant, id
 * `consultation-overdue-<id>-<dueAt ms>`) marks an unanswered round overdue; `answered` and
 * `info_requested` (relayed from the outbox at once) tell the person by WeChat subscribe message,
 * opening the thread page. Every job re-reads the record, so a stale one does nothing.
 */
export interface ConsultationWorkerDeps {
  ctx: ConsultationContext;
  staff: StaffService;
  redis: RedisHandle;
  redisUrl: string;
  logger: Logger;
  apiBase: string;
  wechat: { appId: string; secret: string };
  openIdOf: (userId: string) => Promise<string | undefined>;
  templateId?: string;
}

export const THREAD_PAGE = 'packages/consultations/thread/index';

export function createJobProcessor(deps: Omit<ConsultationWorkerDeps, 'redisUrl'>) {
  const sender = createSubscribeSender({ apiBase: deps.apiBase, wechat: deps.wechat, redis: deps.redis });
  return async (job: Pick<Job, 'name' | 'data'>): Promise<string> => {
    const data = job.data as { consultationId: string; dueAt?: number; round?: number };
    if (job.name === 'overdue') {
      return (await deps.staff.markOverdue(data.consultationId, Number(data.dueAt))) ? 'marked' : 'stale';
    }
    const c = await deps.ctx.repo.findById(data.consultationId);
    if (!c) return 'stale';
    if (job.name === 'answered' && c.status !== 'answered' && c.status !== 'resolved') return 'stale';
    const openid = await deps.openIdOf(c.askerId);
    if (!openid) return 'no-openid';
    const outcome = await sender.send({
      touser: openid,
      template_id: deps.templateId ?? 'consultation-reply',
      page: `${THREAD_PAGE}?id=${String(c._id)}`,
      data: {
        thing1: { value: clip(c.title) },
        phrase2: { value: job.name === 'answered' ? '已答复' : '请补充信息' },
        date3: { value: toChinaDate(deps.ctx.now()) },
        thing4: {
          value: clip(job.name === 'answered' ? '工作人员已答复您的咨询，点击查看' : '工作人员请您补充信息'),
        },
      },
    });
    return outcome;
  };
}

export function startConsultationWorker(deps: ConsultationWorkerDeps) {
  const connection = workerConnection(deps.redisUrl);
  const process = createJobProcessor(deps);
  const worker = new Worker(CONSULTATION_QUEUE, (job) => process(job), {
    connection,
    prefix: bullPrefix(deps.redis),
    concurrency: 4,
  });
  worker.on('failed', (job, err) =>
    deps.logger.warn({ jobId: job?.id, name: job?.name, err: err.message }, 'consultations: job failed'),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await closeConnection(connection);
    },
  };
}
