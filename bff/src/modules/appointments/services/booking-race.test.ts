import { EmbeddedMongo } from '@app/mongo-embedded';
import { chinaDateTime } from '../../calendar';
import { bookingModel } from '../models/booking.model';
import { slotModel } from '../models/slot.model';
import {
  createAppointmentsFixture,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';
import { percentile, startWorker } from '../testing/race-helpers';

/**
 * No overbooking, ever: 8:00, a 50-seat slot, thousands of people at once. The seat count is decided
 * by MongoDB alone (a conditional single-document update per seat), so it holds within a process and
 * across processes.
 */

async function assertLedger(fx: AppointmentsFixture, slotId: string, expected: number) {
  const slot = await slotModel(fx.env.mongo.connection).findById(slotId).lean().exec();
  const holders = Object.keys(slot?.seats ?? {});
  const confirmed = await bookingModel(fx.env.mongo.connection)
    .find({ slotId, status: 'booked' }, { _id: 1 })
    .lean()
    .exec();
  expect(slot?.booked).toBe(expected);
  expect(holders).toHaveLength(expected);
  expect(confirmed).toHaveLength(expected);
  expect(new Set(confirmed.map((b) => b._id.toHexString()))).toEqual(new Set(holders));
  expect(await bookingModel(fx.env.mongo.connection).countDocuments({ slotId, status: 'pending' })).toBe(0);
}

describe('capacity race in one process', () => {
  let fx: AppointmentsFixture;
  beforeAll(async () => {
    fx = await createAppointmentsFixture();
    await fx.appt.slots.configureHall(smallHall('RACE', 50));
    await fx.appt.slots.generateSlots({ hallCode: 'RACE', from: '2026-10-13', to: '2026-10-13' });
    fx.clock.set('2026-10-06', '08:00'); // the minute booking for 2026-10-13 opens
  });
  afterAll(() => fx.close());

  it('2,000 concurrent book() from distinct people on a 50-seat slot → exactly 50 booked, 1,950 SLOT_FULL', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        fx.appt.bookings
          .book({
            personId: `race-${i}`,
            itemCode: 'JX-GA-0001',
            hallCode: 'RACE',
            windowType: '综合受理',
            date: '2026-10-13',
            start: '09:00',
            idempotencyKey: `race-key-${i}`,
          })
          .then((r) => r.outcome as string)
          .catch((e: { code?: string }) => e.code ?? String(e)),
      ),
    );
    const elapsed = Date.now() - started;
    const counts = results.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ booked: 50, SLOT_FULL: 1950 });
    await assertLedger(fx, 'RACE:2026-10-13:A:0900', 50);
    // The losers were refused before writing anything (seat gate + full flag): without them, every
    // attempt that read the slot before it filled wrote a pending booking and then its rejection.
    const rejected = await bookingModel(fx.env.mongo.connection).countDocuments({
      slotId: 'RACE:2026-10-13:A:0900',
      status: 'rejected',
    });
    expect(rejected).toBeLessThanOrEqual(10);
    console.info(`in-process race: 2000 attempts in ${elapsed} ms; ${rejected} rejected documents`);
  }, 120_000);

  it('the same burst asking for the waiting list → 50 booked, the rest waiting in order', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        fx.appt.bookings
          .book({
            personId: `wl-${i}`,
            itemCode: 'JX-GA-0001',
            hallCode: 'RACE',
            windowType: '综合受理',
            date: '2026-10-13',
            start: '09:30',
            idempotencyKey: `wl-key-${i}`,
            joinWaitlist: true,
          })
          .then((r) => r.outcome as string)
          .catch((e: { code?: string }) => e.code ?? String(e)),
      ),
    );
    expect(results.filter((r) => r === 'booked')).toHaveLength(50);
    expect(results.filter((r) => r === 'waitlisted')).toHaveLength(250);
    await assertLedger(fx, 'RACE:2026-10-13:A:0930', 50);
    expect(await fx.appt.ctx.repos.waitlist.countWaiting('RACE:2026-10-13:A:0930')).toBe(250);
  }, 120_000);
});

describe('capacity race across two BFF processes', () => {
  let engine: EmbeddedMongo;
  let fx: AppointmentsFixture;
  beforeAll(async () => {
    engine = await EmbeddedMongo.start({ port: 0 });
    fx = await createAppointmentsFixture({}, { MONGODB_URI: engine.uri() });
    await fx.appt.slots.configureHall(smallHall('RACE2', 50));
    await fx.appt.slots.generateSlots({ hallCode: 'RACE2', from: '2026-10-13', to: '2026-10-13' });
  }, 60_000);
  afterAll(async () => {
    await fx.close();
    await engine.stop();
  });

  it('two processes × 1,000 concurrent bookings on one 50-seat slot → exactly 50 booked in total', async () => {
    const env = {
      RACE_MONGODB_URI: engine.uri(),
      RACE_DB_NAME: fx.env.config.mongo.dbName,
      RACE_REDIS_URL: fx.env.config.redis.url,
      RACE_REDIS_PREFIX: fx.env.config.redis.keyPrefix,
      RACE_NOW: chinaDateTime('2026-10-06', '08:00').toISOString(),
      RACE_HALL: 'RACE2',
      RACE_DATE: '2026-10-13',
      RACE_START: '10:00',
      BURST_COUNT: '1000',
    };
    const workers = [
      startWorker({ ...env, RACE_PERSON_PREFIX: 'proc-a' }),
      startWorker({ ...env, RACE_PERSON_PREFIX: 'proc-b' }),
    ];
    await Promise.all(workers.map((w) => w.ready));
    const started = Date.now();
    for (const w of workers) w.child.stdin!.end('go\n');
    const results = await Promise.all(workers.map((w) => w.result));
    const elapsed = Date.now() - started;
    const total = (key: string) => results.reduce((n, r) => n + (r.outcomes[key] ?? 0), 0);
    expect(total('booked')).toBe(50);
    expect(total('SLOT_FULL')).toBe(1950);
    expect(results.every((r) => (r.outcomes.booked ?? 0) + (r.outcomes.SLOT_FULL ?? 0) === 1000)).toBe(true);
    await assertLedger(fx, 'RACE2:2026-10-13:A:1000', 50);
    const latencies = results.flatMap((r) => r.latencies);
    console.info(
      `two-process race: 2000 attempts in ${elapsed} ms; booked per process ${results.map((r) => r.outcomes.booked ?? 0).join('+')}; ` +
        `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
  }, 180_000);
});
