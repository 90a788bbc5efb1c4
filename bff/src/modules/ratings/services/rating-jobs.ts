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
import type { RectificationRepository } from '../repositories/rectification.repository';

/**
 * The ratings queue. Every job comes through the outbox (written with the change it follows from):
 * - `callback-overdue` / `rectify-overdue` (`rect-<id>-callback` / `rect-<id>-rectify`, delayed to the
 *   deadline): flags the step overdue if it is still open then (re-read; a promoted early job does nothing);
 * - `outcome` (random id): tells the person the rectification's outcome and that they may rate again;
 * - `invite` (random id, on the invitation `<kind>:<id>`): invites the person to rate a service that ended.
 */
export const RATINGS_QUEUE = 'ratings';

export type RatingJob =
  | { name: 'callback-overdue' | 'rectify-overdue'; data: { rectificationId: string } }
  | { name: 'outcome'; data: { rectificationId: string } }
  | { name: 'invite'; data: { kind: string; serviceId: string; personId: string; title: string } };

export const overdueJobId = (id: string, step: 'callback' | 'rectify') => `rect-${id}-${step}`;

export interface RatingJobDeps {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  apiBase: string;
  rectifications: RectificationRepository;
  openIdOf(userId: string): Promise<string | undefined>;
  /** Whether the person rated the service already (an invitation then is stale). */
  isRated(kind: string, serviceId: string): Promise<boolean>;
  now: () => Date;
}

const PAGE = {
  case: 'packages/cases/detail/index',
  appointment: 'packages/appointments/ticket/index',
  consultation: 'packages/consultations/thread/index',
  complaint: 'packages/complaints/detail/index',
} as Record<string, string>;

/** Runs one job (the worker's processor; tests call it with a controlled clock). */
export function ratingJobProcessor(deps: RatingJobDeps) {
  const sender = createSubscribeSender({
    apiBase: deps.apiBase,
    wechat: deps.config.wechat,
    redis: deps.redis,
  });
  const templates = deps.config.ratings.templates;

  async function send(userId: string, message: Omit<SubscribeMessage, 'touser'>) {
    const openid = await deps.openIdOf(userId);
    if (!openid) return 'no-openid';
    return sender.send({ ...message, touser: openid });
  }

  return async (name: string, data: Record<string, string>): Promise<string> => {
    if (name === 'callback-overdue' || name === 'rectify-overdue') {
      const rect = await deps.rectifications.findById(data.rectificationId!);
      if (!rect) return 'gone';
      const step = name === 'callback-overdue' ? 'callback' : 'rectify';
      const dueAt = step === 'callback' ? rect.callbackDueAt : rect.rectifyDueAt;
      if (deps.now() < dueAt) return 'early';
      const flagged = await deps.rectifications.flagOverdue(rect._id, step);
      if (flagged) deps.logger.warn({ rectificationId: data.rectificationId, step }, 'rectification overdue');
      return flagged ? 'flagged' : 'done-in-time';
    }
    if (name === 'outcome') {
      const rect = await deps.rectifications.findById(data.rectificationId!);
      if (!rect?.rectification) return 'stale';
      return send(rect.personId, {
        template_id: templates.outcome,
        page: `packages/ratings/rate/index?kind=${rect.kind}&id=${rect.serviceId}`,
        data: {
          thing1: { value: clip(rect.title, 20) },
          thing2: { value: clip(rect.rectification.actions, 20) },
          time3: { value: toChinaDate(rect.rectification.at) },
          thing4: { value: '整改已完成，欢迎再次评价' },
        },
      });
    }
    if (name === 'invite') {
      if (await deps.isRated(data.kind!, data.serviceId!)) return 'stale';
      return send(data.personId!, {
        template_id: templates.invite,
        page: `${PAGE[data.kind!] ?? 'packages/ratings/pending/index'}?id=${data.serviceId}`,
        data: {
          thing1: { value: clip(data.title!, 20) },
          thing2: { value: '服务已完成，请您评价' },
          time3: { value: toChinaDate(deps.now()) },
        },
      });
    }
    return 'unknown';
  };
}

/** The worker on its own blocking connection; the process (or a test) closes it. */
export function startRatingWorker(deps: RatingJobDeps) {
  const connection = workerConnection(deps.config.redis.url);
  const run = ratingJobProcessor(deps);
  const worker = new Worker(RATINGS_QUEUE, (job: Job<Record<string, string>>) => run(job.name, job.data), {
    connection,
    prefix: bullPrefix(deps.redis),
    concurrency: 4,
  });
  worker.on('failed', (job, err) =>
    deps.logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'ratings job failed'),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await closeConnection(connection);
    },
  };
}
