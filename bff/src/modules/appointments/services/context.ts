import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createHallClosureRepository, registerCalendarModels } from '../../calendar';
import { createBookingRepository, type Booking } from '../repositories/booking.repository';
import { createHallBookingConfigRepository } from '../repositories/hall-booking-config.repository';
import { createFullFlagRepository } from '../repositories/full-flag.repository';
import { createQueueCounterRepository } from '../repositories/queue-counter.repository';
import { createRestrictionRepository } from '../repositories/restriction.repository';
import { createSlotRepository } from '../repositories/slot.repository';
import { createWaitlistRepository } from '../repositories/waitlist.repository';
import { outboxOf, type NotificationsDeps } from '../../notifications/notifications.module';
import { registerAppointmentModels } from '../models';
import { createSeatGate } from './seat-gate';

/** What the module needs of the BFF's AppDeps (AppDeps fits). */
export interface AppointmentsDeps {
  logger: Logger;
  mongo: { connection: Connection };
  redis: { client: Redis; keyPrefix: string };
}

export interface AppointmentsOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** A pending booking older than this is settled by recovery (confirmed if it holds a seat, else expired). */
  pendingTimeoutMs?: number;
  /** How long a seat offered to the first person on a waiting list is held. */
  waitlistHoldMinutes?: number;
  /** A booking not checked in by its slot's end + this grace becomes a no-show. */
  noShowGraceMinutes?: number;
  /** `noShowLimit` no-shows within `noShowWindowDays` → no booking for `restrictionDays`. */
  noShowLimit?: number;
  noShowWindowDays?: number;
  restrictionDays?: number;
}

export type ResolvedOptions = Required<Omit<AppointmentsOptions, 'now'>>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  pendingTimeoutMs: 30_000,
  waitlistHoldMinutes: 30,
  noShowGraceMinutes: 15,
  noShowLimit: 3,
  noShowWindowDays: 30,
  restrictionDays: 30,
};

export function createContext(deps: AppointmentsDeps, options: AppointmentsOptions = {}) {
  const { connection } = deps.mongo;
  registerAppointmentModels(connection);
  registerCalendarModels(connection);
  const { now = () => new Date(), ...rest } = options;
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (resolved as unknown as Record<string, number>)[key] = value as number;
  }
  const fullFlags = createFullFlagRepository(deps.redis);
  // What a change must enqueue is written with it (outbox entries) and relayed right after the write.
  const outbox = outboxOf(deps as unknown as NotificationsDeps);
  const bookings = createBookingRepository(connection);
  const waitlist = createWaitlistRepository(connection);
  const bookingsCollection = bookings.collectionName;
  const waitlistCollection = waitlist.collectionName;
  outbox.registerSource(bookingsCollection);
  outbox.registerSource(waitlistCollection);
  return {
    now,
    options: resolved,
    logger: deps.logger,
    /** Relays a document's outbox entries after its write (awaited; never throws — the sweep retries). */
    relay: {
      booking: (id: unknown) => outbox.relay(bookingsCollection, id),
      entry: (id: unknown) => outbox.relay(waitlistCollection, id),
    },
    /**
     * Other modules' hooks on recorded changes (the rating invitation after a check-in): called after
     * the write, never awaited by it; a failure is logged, never thrown.
     */
    hooks: {} as { checkedIn?: (booking: Booking) => Promise<unknown> },
    /**
     * The hall's opening hours as the catalogue words them (set by the runtime, which knows the
     * catalogue): slots are kept inside them. Unset (tests of this module alone): the config's sessions.
     */
    hallHours: { of: async (_hallCode: string): Promise<string | undefined> => undefined },
    /** Per-process admission to a slot's seat race (see seat-gate.ts). */
    seatGate: createSeatGate(fullFlags.knownFull),
    repos: {
      configs: createHallBookingConfigRepository(connection),
      slots: createSlotRepository(connection),
      bookings,
      waitlist,
      restrictions: createRestrictionRepository(connection),
      closures: createHallClosureRepository(connection),
      queue: createQueueCounterRepository(deps.redis),
      fullFlags,
    },
  };
}
export type AppointmentsContext = ReturnType<typeof createContext>;
