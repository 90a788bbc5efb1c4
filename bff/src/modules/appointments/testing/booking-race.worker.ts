/**
 * A second (third …) BFF process for the cross-process race test and the bench: connects to the
 * MongoDB and Redis it is told, waits for `go` on stdin, fires BURST_COUNT concurrent book() calls
 * from distinct people on one slot, and prints one JSON line with the outcome and latencies.
 *
 *   node --import tsx booking-race.worker.ts   (env: see below)
 */
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createAppointments } from '../appointments.module';

async function main() {
  const env = process.env;
  const connection = mongoose.createConnection(env.RACE_MONGODB_URI!, {
    dbName: env.RACE_DB_NAME,
    maxPoolSize: Number(env.RACE_POOL ?? 100),
    autoIndex: false,
  });
  await connection.asPromise();
  const client = new Redis(env.RACE_REDIS_URL!, { maxRetriesPerRequest: 1 });
  const now = new Date(env.RACE_NOW!);
  const appt = createAppointments(
    {
      logger: pino({ level: 'silent' }),
      mongo: { connection },
      redis: { client, keyPrefix: env.RACE_REDIS_PREFIX! },
    },
    { now: () => now },
  );
  const count = Number(env.BURST_COUNT ?? 1000);
  const prefix = env.RACE_PERSON_PREFIX ?? `w${process.pid}`;
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

  const started = performance.now();
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t0 = performance.now();
      let outcome: string;
      try {
        const result = await appt.bookings.book({
          personId: `${prefix}-${i}`,
          itemCode: env.RACE_ITEM ?? 'JX-GA-0001',
          hallCode: env.RACE_HALL!,
          windowType: env.RACE_WINDOW ?? '综合受理',
          date: env.RACE_DATE!,
          start: env.RACE_START!,
          idempotencyKey: `race-${prefix}-${i}`,
        });
        outcome = result.outcome;
      } catch (err) {
        outcome = (err as { code?: string }).code ?? (err as Error).message;
      }
      latencies.push(performance.now() - t0);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  const elapsedMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, outcomes, latencies, elapsedMs })}\n`);
  await connection.close();
  client.disconnect();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
