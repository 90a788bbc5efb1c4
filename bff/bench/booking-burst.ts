/**
 * The 8:00 burst over HTTP: 2,000 concurrent `POST /api/appointments` from 2,000 distinct signed-in
 * people (tokens made beforehand) on ONE 50-seat slot, spread over TWO BFF processes that share one
 * MongoDB engine (started here, standalone) and Redis. Prints the confirmed count (must be exactly
 * 50), p50/p99 latency and req/s, and the same burst against a bare Koa route for the ratio.
 *
 *   npm run bench                      (after the catalogue part)
 *   npx tsx bench/booking-burst.ts     [BURST_ATTEMPTS=2000] [BURST_CAPACITY=50]
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { deleteKeysWithPrefix, startEngine, startServerScript } from './processes';
import type { AppDeps } from '../src/app-deps';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/infra/logger';
import { connectMongo, syncIndexes } from '../src/infra/mongo/connect-mongo';
import { connectRedis } from '../src/infra/redis/connect-redis';
import { createAppointments } from '../src/modules/appointments';
import { defaultHallBookingConfig } from '../src/modules/appointments/services/slot-plan';
import { publishBookableItem, verifiedPerson } from '../src/modules/appointments/testing/http-fixtures';
import { startWeChat } from '../src/modules/auth/wechat/wechat-deps';
import { addCalendarDays, nextWorkingDay, todayInChina } from '../src/modules/calendar';

const ATTEMPTS = Number(process.env.BURST_ATTEMPTS ?? 2000);
const CAPACITY = Number(process.env.BURST_CAPACITY ?? 50);
const PROCESSES = 2;
/** Extra node flags for the BFF and engine child processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const CHILD_NODE_ARGS = (process.env.BURST_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Shot {
  url: string;
  init: RequestInit;
}

/**
 * Fires every request at once (all in flight together), over keep-alive sockets: at most
 * BURST_SOCKETS per server, as a load balancer or many phones behind NAT would present them — 2,000
 * fresh TCP connects at once would overflow the listen backlog and measure SYN retries instead.
 */
const SOCKETS = Number(process.env.BURST_SOCKETS ?? 256);

function send(agent: http.Agent, shot: Shot): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(shot.url);
    const req = http.request(
      url,
      { method: shot.init.method ?? 'GET', headers: shot.init.headers as http.OutgoingHttpHeaders, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(shot.init.body as string | undefined);
  });
}

async function burst(shots: Shot[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
  const started = performance.now();
  const results = await Promise.all(
    shots.map(async (shot) => {
      const t0 = performance.now();
      try {
        const res = await send(agent, shot);
        let code: string | undefined;
        try {
          code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        return { status: res.status, code, ms: performance.now() - t0 };
      } catch (err) {
        return { status: 0, code: (err as Error).message, ms: performance.now() - t0 };
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    results,
    elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: (shots.length / elapsed) * 1000,
  };
}

export async function runBookingBurst(): Promise<boolean> {
  const runId = randomBytes(3).toString('hex');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench-burst:${runId}:`;
  const dbName = `bench_burst_${runId}`;
  console.log('');
  console.log(
    `Booking burst: ${ATTEMPTS} people, one ${CAPACITY}-seat slot, ${PROCESSES} BFF processes, one MongoDB engine, one Redis`,
  );
  // The engine in its own process (as a mongod would be), so neither it nor the load generator
  // steals the other's CPU. MONGODB_URI, when set, is used instead.
  const engine = process.env.MONGODB_URI ? undefined : await startEngine(CHILD_NODE_ARGS);
  const mongoUri = process.env.MONGODB_URI ?? engine!.uri;
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'error',
    MONGODB_URI: mongoUri,
    MONGODB_DB_NAME: dbName,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    H5_DIST: '/nonexistent',
  };
  // The bench's own handle on the same stores: hall, slot, item, people and their tokens.
  const config = loadConfig(env);
  const logger = createLogger({ level: 'error' });
  const redis = await connectRedis(config.redis.url, config.redis.keyPrefix, logger);
  const mongo = await connectMongo(config.mongo, logger);
  const wechat = await startWeChat(config);
  const deps: AppDeps = { config, logger, mongo, redis, wechat };
  const processes: ChildProcess[] = [];
  try {
    const appt = createAppointments(deps);
    await appt.ensureIndexes();
    const date = nextWorkingDay(addCalendarDays(todayInChina(), 2));
    await appt.slots.configureHall({
      ...defaultHallBookingConfig('HALL-BENCH'),
      windows: [{ type: '综合受理', openWindows: 1, quotaPerWindow: CAPACITY }],
      openDaysAhead: 30,
      openAt: '00:00',
      closeDaysBefore: 0,
      closeAt: '08:00',
    });
    await appt.slots.generateSlots({ hallCode: 'HALL-BENCH', from: date, to: date });
    const itemCode = await publishBookableItem(deps, { halls: [{ hallCode: 'HALL-BENCH', windows: [] }] });
    await syncIndexes(mongo.connection);

    const t0 = Date.now();
    const tokens: string[] = [];
    for (let i = 0; i < ATTEMPTS; i += 100) {
      const batch = await Promise.all(
        Array.from(
          { length: Math.min(100, ATTEMPTS - i) },
          // Booking needs 实名信息: every person has filled it in (the users service).
          async () => (await verifiedPerson(deps)).header,
        ),
      );
      tokens.push(...batch);
    }
    console.log(`${ATTEMPTS} people signed in beforehand (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    const [bffs, bare] = await Promise.all([
      Promise.all(
        Array.from({ length: PROCESSES }, () => startServerScript('bench-server.ts', env, CHILD_NODE_ARGS)),
      ),
      startServerScript('bare-koa.ts', {}, CHILD_NODE_ARGS),
    ]);
    processes.push(...bffs.map((b) => b.child), bare.child);
    // Warm-up: every BFF answers a few reads of the same slot (JIT, pools, caches), as before 8:00.
    for (const b of bffs) {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(
          `${b.url}/api/appointments/slots?hallCode=HALL-BENCH&itemCode=${itemCode}&date=${date}`,
          {
            headers: { authorization: tokens[i] },
          },
        );
        if (res.status !== 200) throw new Error(`warm-up answered ${res.status}: ${await res.text()}`);
      }
    }
    // The baseline gets the same warm-up (as many requests as one BFF got) and the very same client:
    // burst() below, i.e. one keep-alive agent with at most SOCKETS sockets per server, every
    // request in flight at once.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${bare.url}/`);
      if (res.status !== 200) throw new Error(`bare Koa warm-up answered ${res.status}`);
    }
    const bareRun = await burst(Array.from({ length: ATTEMPTS }, () => ({ url: `${bare.url}/`, init: {} })));

    const shots: Shot[] = tokens.map((authorization, i) => ({
      url: `${bffs[i % PROCESSES].url}/api/appointments`,
      init: {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          'idempotency-key': `burst-${runId}-${i}`,
        },
        body: JSON.stringify({ itemCode, hallCode: 'HALL-BENCH', date, start: '09:00' }),
      },
    }));
    const run = await burst(shots);

    const byStatus: Record<string, number> = {};
    for (const r of run.results) {
      const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
      byStatus[k] = (byStatus[k] ?? 0) + 1;
    }
    const confirmed = run.results.filter((r) => r.status === 201).length;
    const [slot] = await appt.ctx.repos.slots.list({ hallCode: 'HALL-BENCH', date, start: '09:00' });
    const booked = await mongo.connection
      .collection('appointment_bookings')
      .countDocuments({ slotId: slot._id, status: 'booked' });
    const perProcess = bffs.map(
      (_, p) => run.results.filter((r, i) => i % PROCESSES === p && r.status === 201).length,
    );
    const ratio = run.rps / bareRun.rps;
    console.log(`answers       ${JSON.stringify(byStatus)}`);
    console.log(
      `confirmed     ${confirmed} (capacity ${CAPACITY}; per process ${perProcess.join(' + ')}; ledger booked=${slot.booked}, holders=${Object.keys(slot.seats).length}, booked documents=${booked})`,
    );
    console.log(
      `BFF burst     p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, ${run.rps.toFixed(0)} req/s (${run.elapsed.toFixed(0)} ms for ${ATTEMPTS})`,
    );
    console.log(
      `bare Koa      p50 ${bareRun.p50.toFixed(1)} ms, p99 ${bareRun.p99.toFixed(1)} ms, ${bareRun.rps.toFixed(0)} req/s (same burst shape)`,
    );
    console.log(
      `client        same for both runs: keep-alive agent, at most ${SOCKETS} sockets per server (BFF: ${PROCESSES} servers, bare Koa: 1), all ${ATTEMPTS} requests in flight at once, 20 warm-up requests per server`,
    );
    console.log(`burst / bare Koa: ${(ratio * 100).toFixed(1)}% (goal ≥ 25%)`);
    const ok = confirmed === CAPACITY && slot.booked === CAPACITY && booked === CAPACITY;
    console.log(
      ok ? `Exactly ${CAPACITY} confirmed.` : `WRONG: ${confirmed} confirmed for ${CAPACITY} seats.`,
    );
    console.log(ratio >= 0.25 ? 'Throughput goal met.' : 'Throughput goal NOT met.');
    // Exit status: only overbooking (or underbooking) fails the bench; the ratio is reported.
    return ok;
  } finally {
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(
      processes.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await mongo.connection.dropDatabase().catch(() => undefined);
    await mongo.close();
    await redis.close();
    await wechat.close();
    engine?.child.kill('SIGTERM');
    await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

if (require.main === module) {
  runBookingBurst()
    .then((ok) => {
      if (!ok) process.exitCode = 1;
    })
    .catch((err) => {
      console.error('booking burst failed:', err);
      process.exit(1);
    });
}
