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
import { toChinaDate, toChinaTime } from '../../calendar';
import type { BookingNoticeRecord } from '../models/booking.model';
import type { WaitlistOfferNoticeRecord } from '../models/waitlist-entry.model';
import type { Booking } from '../repositories/booking.repository';
import type { WaitlistEntry } from '../repositories/waitlist.repository';
import type { AppointmentsContext } from './context';

/**
 * Reminders by WeChat subscribe message (订阅消息): the day before (same time) and one hour before
 * the slot, as BullMQ delayed jobs (`appt-<bookingId>-<kind>`). Cancelling or rescheduling removes
 * the jobs, and the sender looks at the booking again before sending, so a stale reminder is never
 * sent. Failures are retried with exponential backoff and recorded on the booking; a person who
 * refused the subscription (43101) is not retried.
 *
 * The same queue carries the messages a person must get at once, enqueued (not awaited) by the
 * change after it is recorded (`ctx.notify`, wired by `attach`):
 * - `waitlist_offer` (`appt-offer-<entryId>`): "候补有位" to the first person on a waiting list when a
 *   seat is offered to them (hall, date, time, the deadline to claim it). Sent only while the entry
 *   is still `offered` and its hold has not run out; recorded on the entry (`offerNotice`).
 * - `slot_notice` (`appt-<bookingId>-notice-<at>`): a staff closure / capacity reduction to each
 *   booked person of the slot (the booking's notice text). Sent only while the booking is `booked`
 *   and the slot has not started; recorded on the booking (`reminders.notice_<kind>`).
 */
export const REMINDER_QUEUE = 'appointment-reminders';
export const REMINDER_KINDS = ['day_before', 'hour_before'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const OFFER_KIND = 'waitlist_offer';
export const SLOT_NOTICE_KIND = 'slot_notice';

export type ReminderJob =
  | { bookingId: string; kind: ReminderKind }
  | { entryId: string; kind: typeof OFFER_KIND }
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

const LEAD_MS: Record<ReminderKind, number> = {
  day_before: 24 * 60 * 60_000,
  hour_before: 60 * 60_000,
};

export function reminderJobId(bookingId: string, kind: ReminderKind): string {
  return `appt-${bookingId}-${kind}`;
}

export function offerJobId(entryId: string): string {
  return `appt-offer-${entryId}`;
}

export function slotNoticeJobId(bookingId: string, at: Date): string {
  return `appt-${bookingId}-notice-${at.getTime()}`;
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

  async function enqueueOffer(entry: WaitlistEntry): Promise<void> {
    const entryId = entry._id.toHexString();
    // Recorded before the add, so a fast worker's outcome is never overwritten by 'queued'.
    if (!entry.offerNotice) {
      await ctx.repos.waitlist.setOfferNotice(entry._id, { status: 'queued', at: ctx.now() });
    }
    await getQueue().add(OFFER_KIND, { entryId, kind: OFFER_KIND }, { jobId: offerJobId(entryId) });
  }

  async function enqueueSlotNotice(slotIds: string[], notice: BookingNoticeRecord): Promise<number> {
    const affected = await ctx.repos.bookings.bookedInSlots(slotIds);
    for (const booking of affected) {
      const bookingId = booking._id.toHexString();
      await getQueue().add(
        SLOT_NOTICE_KIND,
        {
          bookingId,
          kind: SLOT_NOTICE_KIND,
          notice: { kind: notice.kind, message: notice.message, at: notice.at.toISOString() },
        },
        { jobId: slotNoticeJobId(bookingId, notice.at) },
      );
    }
    return affected.length;
  }

  async function processOffer(
    entryId: string,
    sender: SubscribeSender,
    attempt: { made: number; max: number },
  ): Promise<ReminderOutcome> {
    const entry = await ctx.repos.waitlist.findById(entryId);
    if (!entry) return 'stale';
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

    /** Enqueues the "候补有位" message of an offered entry (the offer is already recorded). */
    enqueueOffer,

    /** Enqueues a message per booked booking of slots staff closed or reduced. */
    enqueueSlotNotice,

    /** Sets `ctx.notify`, so hand-overs and staff changes enqueue their messages from now on. */
    attach() {
      ctx.notify.offered = enqueueOffer;
      ctx.notify.slotsChanged = enqueueSlotNotice;
    },

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
    ): Promise<ReminderOutcome> {
      if (data.kind === OFFER_KIND) return processOffer(data.entryId, sender, attempt);
      if (data.kind === SLOT_NOTICE_KIND) return processSlotNotice(data, sender, attempt);
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
          template_id: templateId(),
          page: `${page()}?id=${booking._id.toHexString()}`,
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
