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
  type OutboxRelay,
  type SubscribeSender,
} from '../../notifications';
import { toChinaDate, toChinaTime } from '../../calendar';
import type { BookingNoticeRecord } from '../models/booking.model';
import type { WaitlistOfferNoticeRecord } from '../models/waitlist-entry.model';
import type { Booking } from '../repositories/booking.repository';
import type { AppointmentsContext } from './context';
import {
  CONFIRMED_KIND,
  LEAD_MS,
  OFFER_KIND,
  REMINDER_KINDS,
  REMINDER_QUEUE,
  SLOT_NOTICE_KIND,
  reminderJobId,
  type ReminderKind,
} from './notice-entries';

/**
 * Reminders by WeChat subscribe message (订阅消息): the day before (same time) and one hour before
 * the slot, as BullMQ delayed jobs (`appt-<bookingId>-<kind>`). Cancelling or rescheduling removes
 * the jobs, and the sender looks at the booking again before sending, so a stale reminder is never
 * sent. Failures are retried with exponential backoff and recorded on the booking; a person who
 * refused the subscription (43101) is not retried.
 *
 * Every job reaches the queue through the outbox (see notice-entries.ts): the change that makes it
 * necessary writes it in its own update and relays it right after; `reconcile()` rebuilds the
 * reminder jobs of every future booking from MongoDB (start-up, every 10 minutes), so a Redis that
 * lost its data gets them back. The same queue carries the messages a person must get at once:
 * - `booking_confirmed` (`appt-<bookingId>-booking_confirmed`): crash recovery confirmed a booking
 *   whose request never got its answer; the owner is told it went through.
 * - `waitlist_offer` (`appt-offer-<entryId>`): "候补有位" to the first person on a waiting list when a
 *   seat is offered to them (hall, date, time, the deadline to claim it). Sent only while the entry
 *   is still `offered` and its hold has not run out; recorded on the entry (`offerNotice`).
 * - `slot_notice` (`appt-<bookingId>-notice-<at>`): a staff closure / capacity reduction to each
 *   booked person of the slot (the booking's notice text). Sent only while the booking is `booked`
 *   and the slot has not started; recorded on the booking (`reminders.notice_<kind>`).
 */
export {
  REMINDER_QUEUE,
  REMINDER_KINDS,
  OFFER_KIND,
  SLOT_NOTICE_KIND,
  CONFIRMED_KIND,
  reminderJobId,
  offerJobId,
  slotNoticeJobId,
  confirmedJobId,
  type ReminderKind,
} from './notice-entries';

export type ReminderJob =
  | { bookingId: string; kind: ReminderKind }
  | { entryId: string; kind: typeof OFFER_KIND }
  | { bookingId: string; kind: typeof CONFIRMED_KIND }
  | {
      bookingId: string;
      kind: typeof SLOT_NOTICE_KIND;
      notice: { kind: BookingNoticeRecord['kind']; message: string; at: string };
    };

export type ReminderOutcome = 'sent' | 'refused' | 'stale' | 'no-openid';

export interface ReminderOptions {
  templateId?: string;
  page?: string;
  /** Mini-program page of a waiting-list entry (the "候补有位" message opens it). */
  offerPage?: string;
  attempts?: number;
  backoffMs?: number;
}

/** The offer's deadline as `MM-DD HH:mm` (China time), short enough for a `thing` field. */
function deadlineText(at: Date): string {
  return `${toChinaDate(at).slice(5)} ${toChinaTime(at)}`;
}

export interface ReminderDeps {
  ctx: AppointmentsContext;
  redis: RedisHandle;
  logger: Logger;
  /** WeChat openid of a person (users module). */
  openIdOf: (personId: string) => Promise<string | undefined>;
  /** Item and hall names for the message text. */
  describe: (what: Pick<Booking, 'itemCode' | 'hallCode'>) => Promise<{ itemName: string; hallName: string }>;
  options?: ReminderOptions;
  /** The outbox relay that adds this queue's jobs (its retry settings are registered on it). */
  outbox?: Pick<OutboxRelay, 'registerQueue'>;
}

/** Enqueuing side plus the job processor (the worker runs `process`). */
export function createReminders(deps: ReminderDeps) {
  const { ctx } = deps;
  const attempts = deps.options?.attempts ?? 5;
  const backoffMs = deps.options?.backoffMs ?? 30_000;
  const jobOptions = {
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs },
    // Kept for a week: a relayed entry or a reconciled reminder re-added meanwhile stays one job.
    removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
  // The outbox relay adds this queue's jobs with these defaults (retries, backoff, retention).
  deps.outbox?.registerQueue(REMINDER_QUEUE, jobOptions);
  let queue: Queue<ReminderJob> | undefined;
  const getQueue = () =>
    (queue ??= new Queue<ReminderJob>(REMINDER_QUEUE, {
      connection: deps.redis.client,
      prefix: bullPrefix(deps.redis),
      defaultJobOptions: jobOptions,
    }));

  async function record(
    id: Types.ObjectId,
    kind: string,
    state: Parameters<AppointmentsContext['repos']['bookings']['setReminder']>[2],
  ) {
    await ctx.repos.bookings.setReminder(id, kind, state);
  }

  const templateId = () => deps.options?.templateId ?? 'appointment-reminder';
  // The mini-program's ticket page (subpackage path in miniapp/src/app.config.ts).
  const page = () => deps.options?.page ?? 'packages/appointments/ticket/index';

  /** The person refused this template before (43101 recorded here): do not ask WeChat again. */
  const refusedBefore = (records: Array<{ status: string } | undefined>) =>
    records.some((r) => r?.status === 'refused');

  async function processOffer(
    entryId: string,
    sender: SubscribeSender,
    attempt: { made: number; max: number },
  ): Promise<ReminderOutcome> {
    const entry = await ctx.repos.waitlist.findById(entryId);
    if (!entry) return 'stale';
    // Sent already (a relayed entry added twice after a crash): nothing more to say.
    if (entry.offerNotice?.status === 'sent') return 'stale';
    const now = ctx.now();
    const recordOffer = (state: WaitlistOfferNoticeRecord) =>
      ctx.repos.waitlist.setOfferNotice(entry._id, state);
    if (entry.status !== 'offered' || !entry.offerExpiresAt || entry.offerExpiresAt <= now) {
      await recordOffer({
        status: 'skipped',
        note: entry.status === 'offered' ? 'expired' : entry.status,
        at: now,
      });
      return 'stale';
    }
    if (refusedBefore([entry.offerNotice])) return 'refused';
    const openid = await deps.openIdOf(entry.personId);
    if (!openid) return (await recordOffer({ status: 'skipped', note: 'no-openid', at: now }), 'no-openid');
    const { itemName, hallName } = await deps.describe(entry);
    try {
      const outcome = await sender.send({
        touser: openid,
        template_id: templateId(),
        page: `${deps.options?.offerPage ?? 'packages/appointments/mine/index'}?entry=${entryId}`,
        data: {
          thing1: { value: clip(itemName) },
          time2: { value: `${entry.date} ${entry.start}` },
          thing3: { value: clip(hallName) },
          thing5: { value: clip(`候补有位，${deadlineText(entry.offerExpiresAt)}前确认`) },
        },
      });
      await recordOffer({ status: outcome, attempts: attempt.made + 1, at: ctx.now() });
      return outcome;
    } catch (err) {
      await recordOffer({
        status: 'failed',
        attempts: attempt.made + 1,
        lastError: (err as Error).message.slice(0, 200),
        note: attempt.made + 1 >= attempt.max ? 'gave up' : 'will retry',
        at: ctx.now(),
      });
      throw err;
    }
  }

  async function processSlotNotice(
    data: Extract<ReminderJob, { kind: typeof SLOT_NOTICE_KIND }>,
    sender: SubscribeSender,
    attempt: { made: number; max: number },
  ): Promise<ReminderOutcome> {
    const booking = await ctx.repos.bookings.findById(data.bookingId);
    if (!booking) return 'stale';
    const now = ctx.now();
    const key = `notice_${data.notice.kind}`;
    const dueAt = new Date(data.notice.at);
    const skip = (note: string) => record(booking._id, key, { status: 'skipped', dueAt, note, at: now });
    const earlier = booking.reminders?.[key];
    if (earlier?.status === 'sent' && new Date(earlier.dueAt).getTime() === dueAt.getTime()) return 'stale';
    if (booking.status !== 'booked' || booking.slotStartsAt <= now) return (await skip('stale'), 'stale');
    if (refusedBefore(Object.values(booking.reminders ?? {}))) {
      return (await skip('refused-before'), 'refused');
    }
    const openid = await deps.openIdOf(booking.personId);
    if (!openid) return (await skip('no-openid'), 'no-openid');
    const { itemName, hallName } = await deps.describe(booking);
    try {
      const outcome = await sender.send({
        touser: openid,
        template_id: templateId(),
        page: `${page()}?id=${booking._id.toHexString()}`,
        data: {
          thing1: { value: clip(itemName) },
          time2: { value: `${booking.date} ${booking.start}` },
          thing3: { value: clip(hallName) },
          character_string4: { value: booking.code },
          thing5: {
            value: clip(
              data.notice.kind === 'slot_closed' ? '该时段已停约，预约仍有效' : '名额已调整，预约仍有效',
            ),
          },
        },
      });
      await record(booking._id, key, { status: outcome, dueAt, attempts: attempt.made + 1, at: ctx.now() });
      return outcome;
    } catch (err) {
      await record(booking._id, key, {
        status: 'failed',
        dueAt,
        attempts: attempt.made + 1,
        lastError: (err as Error).message.slice(0, 200),
        note: attempt.made + 1 >= attempt.max ? 'gave up' : 'will retry',
        at: ctx.now(),
      });
      throw err;
    }
  }

  return {
    queue: getQueue,

    /**
     * Rebuilds the reminder jobs of every booked booking whose slot is still ahead, from MongoDB (the
     * source of truth): job ids come from the record, so a job that exists is left as it is, and a
     * reminder already sent is not scheduled again. Run at start-up and every 10 minutes; after Redis
     * lost everything, every future booking has its reminders again within one period.
     */
    async reconcile(): Promise<{ bookings: number; added: number }> {
      const now = ctx.now();
      let added = 0;
      let seen = 0;
      let after: Types.ObjectId | undefined;
      for (;;) {
        const page = await ctx.repos.bookings.bookedStartingAfter(now, 500, after);
        for (const booking of page) {
          seen++;
          const bookingId = booking._id.toHexString();
          for (const kind of REMINDER_KINDS) {
            const dueAt = booking.slotStartsAt.getTime() - LEAD_MS[kind];
            if (dueAt <= now.getTime()) continue;
            const state = booking.reminders?.[kind]?.status;
            if (state === 'sent' || state === 'refused' || state === 'skipped') continue;
            const jobId = reminderJobId(bookingId, kind);
            if (await getQueue().getJob(jobId)) continue;
            await getQueue().add(kind, { bookingId, kind }, { jobId, delay: dueAt - now.getTime() });
            added++;
          }
        }
        if (page.length < 500) break;
        after = page[page.length - 1]!._id;
      }
      if (added > 0) deps.logger.info({ added, bookings: seen }, 'appointment reminders reconciled');
      return { bookings: seen, added };
    },

    /**
     * One send. Returns what happened; throws (for BullMQ to retry with backoff) only on a failure
     * worth retrying. `attemptsMade` / `maxAttempts` let it record the final failure.
     */
    async process(
      data: ReminderJob,
      sender: SubscribeSender,
      attempt: { made: number; max: number } = { made: 0, max: attempts },
    ): Promise<ReminderOutcome> {
      if (data.kind === OFFER_KIND) return processOffer(data.entryId, sender, attempt);
      if (data.kind === SLOT_NOTICE_KIND) return processSlotNotice(data, sender, attempt);
      const booking = await ctx.repos.bookings.findById(data.bookingId);
      const now = ctx.now();
      if (!booking) return 'stale';
      // Sent (or refused) already: a job re-added by reconciliation or a second relay sends nothing.
      const before = booking.reminders?.[data.kind]?.status;
      if (before === 'sent') return 'stale';
      if (before === 'refused') return 'refused';
      const dueAt =
        data.kind === CONFIRMED_KIND ? now : new Date(booking.slotStartsAt.getTime() - LEAD_MS[data.kind]);
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
          template_id: templateId(),
          page: `${page()}?id=${booking._id.toHexString()}`,
          data: {
            thing1: { value: clip(itemName) },
            time2: { value: `${booking.date} ${booking.start}` },
            thing3: { value: clip(hallName) },
            character_string4: { value: booking.code },
            thing5: {
              value:
                data.kind === CONFIRMED_KIND
                  ? '预约已成功，请按时到达'
                  : data.kind === 'day_before'
                    ? '明天办事，请带齐材料按时到达'
                    : '1小时后办事，请按时到达签到',
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
      {
        id: job && ('entryId' in job.data ? job.data.entryId : job.data.bookingId),
        kind: job?.data.kind,
        attempts: job?.attemptsMade,
        err: err.message,
      },
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
