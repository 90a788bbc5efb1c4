/**
 * 8:00, one 50-seat slot, 2,000 people at once, across two BFF processes sharing MongoDB and Redis.
 * Prints confirmed bookings (must be exactly 50), p50/p99 latency per attempt and throughput.
 *
 *   npx tsx bff/bench/booking-burst.ts [--per-process 1000] [--processes 2] [--capacity 50]
 *
 * MongoDB: MONGODB_URI when set, else an embedded engine started here. Redis: REDIS_URL (default local).
 * The HTTP version comes with the routes.
 */
import { randomBytes } from 'node:crypto';
import { EmbeddedMongo } from '@app/mongo-embedded';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import pino from 'pino';
import { chinaDateTime } from '../src/modules/calendar';
import { createAppointments } from '../src/modules/appointments';
import { percentile, startWorker } from '../src/modules/appointments/testing/race-helpers';
import { defaultHallBookingConfig } from '../src/modules/appointments/services/slot-plan';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const perProcess = arg('per-process', 1000);
  const processes = arg('processes', 2);
  const capacity = arg('capacity', 50);
  const engine = process.env.MONGODB_URI ? undefined : await EmbeddedMongo.start({ port: 0 });
  const uri = process.env.MONGODB_URI ?? engine!.uri();
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `bench:${dbName}:`;

  const connection = mongoose.createConnection(uri, { dbName, autoIndex: false });
  await connection.asPromise();
  const client = new Redis(redisUrl);
  const now = chinaDateTime('2026-10-06', '08:00');
  const appt = createAppointments(
    { logger: pino({ level: 'silent' }), mongo: { connection }, redis: { client, keyPrefix } },
    { now: () => now },
  );
  await appt.ensureIndexes();
  await appt.slots.configureHall({
    ...defaultHallBookingConfig('BENCH'),
    windows: [{ type: '综合受理', openWindows: 1, quotaPerWindow: capacity }],
  });
  await appt.slots.generateSlots({ hallCode: 'BENCH', from: '2026-10-13', to: '2026-10-13' });

  const workers = Array.from({ length: processes }, (_, i) =>
    startWorker({
      RACE_MONGODB_URI: uri,
      RACE_DB_NAME: dbName,
      RACE_REDIS_URL: redisUrl,
      RACE_REDIS_PREFIX: keyPrefix,
      RACE_NOW: now.toISOString(),
      RACE_HALL: 'BENCH',
      RACE_DATE: '2026-10-13',
      RACE_START: '09:00',
      BURST_COUNT: String(perProcess),
      RACE_PERSON_PREFIX: `bench-${i}`,
    }),
  );
  await Promise.all(workers.map((w) => w.ready));
  const started = performance.now();
  for (const w of workers) w.child.stdin!.end('go\n');
  const results = await Promise.all(workers.map((w) => w.result));
  const elapsed = performance.now() - started;

  const latencies = results.flatMap((r) => r.latencies);
  const outcomes: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  const slot = await appt.ctx.repos.slots.findById('BENCH:2026-10-13:A:0900');
  console.log(`attempts      ${latencies.length} (${processes} processes × ${perProcess})`);
  console.log(`outcomes      ${JSON.stringify(outcomes)}`);
  console.log(
    `confirmed     ${outcomes.booked ?? 0} (capacity ${capacity}; ledger booked=${slot?.booked}, holders=${Object.keys(slot?.seats ?? {}).length})`,
  );
  console.log(`per process   ${results.map((r) => r.outcomes.booked ?? 0).join(' + ')}`);
  console.log(
    `latency       p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  console.log(
    `throughput    ${((latencies.length / elapsed) * 1000).toFixed(0)} attempts/s over ${elapsed.toFixed(0)} ms`,
  );

  await connection.dropDatabase();
  await connection.close();
  client.disconnect();
  await engine?.stop();
  if ((outcomes.booked ?? 0) !== capacity) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
