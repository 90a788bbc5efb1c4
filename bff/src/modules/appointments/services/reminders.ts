import { Queue, Worker, type Job } from 'bullmq';
import type { Types } from 'mongoose';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import {
  bullPrefix,
  clip,
  closeConnection,
  createSubscribeSender,
  workerConnection,
  type SubscribeSender,
} from '../../notifications';
import type { Booking } from '../repositories/booking.repository';
import type { AppointmentsContext } from './context';

/**
 * Reminders by WeChat subscribe message (订阅消息): the day before (same time) and one hour before
 * the slot, as BullMQ delayed jobs (`appt-<bookingId>-<kind>`). Cancelling or rescheduling removes
 * the jobs, and the sender looks at the booking again before sending, so a stale reminder is never
 * sent. Failures are retried with exponential backoff and recorded on the booking; a person who
 * refused the subscription (43101) is not retried.
 */
export const REMINDER_QUEUE = 'appointment-reminders';
export const REMINDER_KINDS = ['day_before', 'hour_before'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderJob {
  bookingId: string;
  kind: ReminderKind;
}

export interface ReminderOptions {
  templateId?: string;
  page?: string;
  attempts?: number;
  backoffMs?: number;
}

const LEAD_MS: Record<ReminderKind, number> = {
  day_before: 24 * 60 * 60_000,
  hour_before: 60 * 60_000,
};

export function reminderJobId(bookingId: string, kind: ReminderKind): string {
  return `appt-${bookingId}-${kind}`;
}

export interface ReminderDeps {
  ctx: AppointmentsContext;
  redis: RedisHandle;
  logger: Logger;
  /** WeChat openid of a person (users module). */
  openIdOf: (personId: string) => Promise<string | undefined>;
  /** Item and hall names for the message text. */
  describe: (booking: Booking) => Promise<{ itemName: string; hallName: string }>;
  options?: ReminderOptions;
}

/** Enqueuing side plus the job processor (the worker runs `process`). */
export function createReminders(deps: ReminderDeps) {
  const { ctx } = deps;
  const attempts = deps.options?.attempts ?? 5;
  const backoffMs = deps.options?.backoffMs ?? 30_000;
  let queue: Queue<ReminderJob> | undefined;
  const getQueue = () =>
    (queue ??= new Queue<ReminderJob>(REMINDER_QUEUE, {
      connection: deps.redis.client,
      prefix: bullPrefix(deps.redis),
      defaultJobOptions: {
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    }));

  async function record(
    id: Types.ObjectId,
    kind: ReminderKind,
    state: Parameters<AppointmentsContext['repos']['bookings']['setReminder']>[2],
  ) {
    await ctx.repos.bookings.setReminder(id, kind, state);
  }

  return {
    queue: getQueue,

    /** Schedules both reminders of a booked booking (those already due are skipped). Never throws. */
    async schedule(booking: Booking): Promise<ReminderKind[]> {
      const scheduled: ReminderKind[] = [];
      try {
        const now = ctx.now().getTime();
        for (const kind of REMINDER_KINDS) {
          const dueAt = booking.slotStartsAt.getTime() - LEAD_MS[kind];
          if (dueAt <= now) continue;
          await getQueue().add(
            kind,
            { bookingId: booking._id.toHexString(), kind },
            { jobId: reminderJobId(booking._id.toHexString(), kind), delay: dueAt - now },
          );
          await record(booking._id, kind, { status: 'scheduled', dueAt: new Date(dueAt), at: new Date(now) });
          scheduled.push(kind);
        }
      } catch (err) {
        deps.logger.error(
          { err, bookingId: booking._id.toHexString() },
          'appointment reminder not scheduled',
        );
      }
      return scheduled;
    },

    /** Removes the reminders of a cancelled or rescheduled booking. Never throws. */
    async unschedule(bookingId: string): Promise<void> {
      for (const kind of REMINDER_KINDS) {
        try {
          await getQueue().remove(reminderJobId(bookingId, kind));
        } catch (err) {
          // An active (locked) job cannot be removed: the sender re-checks the status anyway.
          deps.logger.warn({ err, bookingId, kind }, 'appointment reminder not removed');
        }
      }
    },

    /**
     * One send. Returns what happened; throws (for BullMQ to retry with backoff) only on a failure
     * worth retrying. `attemptsMade` / `maxAttempts` let it record the final failure.
     */
    async process(
      data: ReminderJob,
      sender: SubscribeSender,
      attempt: { made: number; max: number } = { made: 0, max: attempts },
    ): Promise<'sent' | 'refused' | 'stale' | 'no-openid'> {
      const booking = await ctx.repos.bookings.findById(data.bookingId);
      const now = ctx.now();
      if (!booking) return 'stale';
      const dueAt = new Date(booking.slotStartsAt.getTime() - LEAD_MS[data.kind]);
      const skip = async (note: string) => {
        await record(booking._id, data.kind, { status: 'skipped', dueAt, note, at: now });
        return note;
      };
      if (booking.status !== 'booked') return (await skip('stale'), 'stale');
      if (booking.slotStartsAt <= now) return (await skip('stale'), 'stale');
      if (Object.values(booking.reminders ?? {}).some((r) => r.status === 'refused')) {
        return (await skip('refused-before'), 'refused');
      }
      const openid = await deps.openIdOf(booking.personId);
      if (!openid) return (await skip('no-openid'), 'no-openid');
      const { itemName, hallName } = await deps.describe(booking);
      try {
        const outcome = await sender.send({
          touser: openid,
          template_id: deps.options?.templateId ?? 'appointment-reminder',
          page: `${deps.options?.page ?? 'pages/appointments/ticket'}?id=${booking._id.toHexString()}`,
          data: {
            thing1: { value: clip(itemName) },
            time2: { value: `${booking.date} ${booking.start}` },
            thing3: { value: clip(hallName) },
            character_string4: { value: booking.code },
            thing5: {
              value:
                data.kind === 'day_before' ? '明天办事，请带齐材料按时到达' : '1小时后办事，请按时到达签到',
            },
          },
        });
        await record(booking._id, data.kind, {
          status: outcome,
          dueAt,
          attempts: attempt.made + 1,
          at: ctx.now(),
        });
        return outcome;
      } catch (err) {
        await record(booking._id, data.kind, {
          status: 'failed',
          dueAt,
          attempts: attempt.made + 1,
          lastError: (err as Error).message.slice(0, 200),
          note: attempt.made + 1 >= attempt.max ? 'gave up' : 'will retry',
          at: ctx.now(),
        });
        throw err;
      }
    },
  };
}
export type Reminders = ReturnType<typeof createReminders>;

/** The worker: its own blocking Redis connection; `close()` stops it (tests, shutdown). */
export function startReminderWorker(deps: {
  reminders: Reminders;
  redis: RedisHandle;
  redisUrl: string;
  logger: Logger;
  apiBase: string;
  wechat: { appId: string; secret: string };
  concurrency?: number;
}) {
  const connection = workerConnection(deps.redisUrl);
  const sender = createSubscribeSender({ apiBase: deps.apiBase, wechat: deps.wechat, redis: deps.redis });
  const worker = new Worker<ReminderJob>(
    REMINDER_QUEUE,
    (job: Job<ReminderJob>) =>
      deps.reminders.process(job.data, sender, { made: job.attemptsMade, max: job.opts.attempts ?? 1 }),
    { connection, prefix: bullPrefix(deps.redis), concurrency: deps.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { bookingId: job?.data.bookingId, kind: job?.data.kind, attempts: job?.attemptsMade, err: err.message },
      'appointment reminder failed',
    ),
  );
  worker.on('error', (err) => deps.logger.warn({ err: err.message }, 'appointment reminder worker error'));
  return {
    worker,
    sender,
    async close() {
      await worker.close();
      await closeConnection(connection);
    },
  };
}
export type ReminderWorker = ReturnType<typeof startReminderWorker>;
