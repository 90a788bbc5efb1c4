/**
 * `npm run bench`: the catalogue search against a bare Koa route, side by side, on loopback.
 * Each server runs in its own process (so neither steals the other's CPU, nor autocannon's); the
 * BFF talks to the embedded MongoDB engine running as its own process (as mongod would be), seeds
 * the 4,505 demo items there, and uses the real Redis.
 * BENCH_SECONDS (default 5, per run), BENCH_ROUNDS (default 3), BENCH_WARMUP_SECONDS (default 6)
 * and BENCH_CONNECTIONS (default 50) bound the run; BENCH_ONLY=search, BENCH_ONLY=booking or BENCH_ONLY=engine
 * (the embedded engine's storage at 1k/100k/300k documents, packages/mongo-embedded/bench) or BENCH_ONLY=faq
 * (the ask page's FAQ suggestions over 2,000 entries, bench/faq-bench.ts) or BENCH_ONLY=supervision (the
 * 督查 dashboard over a year of seeded history, bench/supervision-bench.ts) runs one part.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  alternateRounds,
  CLIENT_HEADERS,
  CONNECTIONS,
  load,
  medianRound,
  REDIS_URL,
  ROUNDS,
  SECONDS,
  WARMUP_SECONDS,
} from './bench-load';
import { printTable, resultHeader, resultRow, roundRows } from './bench-report';
import { deleteKeysWithPrefix, startEngine, startServerScript } from './processes';

const PREFIX = `bench:${randomBytes(3).toString('hex')}:`;

/** What people type: Chinese, full pinyin, partial pinyin, initials, plus filters and paging. */
export const SEARCH_QUERIES = [
  'q=不动产登记',
  'q=公积金',
  'q=营业执照',
  'q=社会保障卡',
  'q=户口',
  'q=bdcdj',
  'q=budongchan',
  'q=gongjijin',
  'q=sbk',
  'q=yyzz',
  'q=shebao&maxTrips=1',
  'q=登记&department=SCJG&page=2',
  'theme=KBQY',
  'maxTrips=0&online=true',
  '',
].map((qs) => `/api/items${qs ? `?${encodeURI(qs)}` : ''}`);

async function main() {
  console.log(
    `Starting the embedded MongoDB engine (its own process), the BFF (seeding 4,505 demo items) and a bare Koa app…`,
  );
  const t0 = Date.now();
  // The database in its own process, as in production (MONGODB_URI, when set, is used instead).
  const engine = process.env.MONGODB_URI ? undefined : await startEngine();
  const [bff, bare] = await Promise.all([
    startServerScript('bench-server.ts', {
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'warn',
      MONGODB_URI: process.env.MONGODB_URI ?? engine!.uri,
      MONGODB_DB_NAME: `bench_search_${PREFIX.split(':')[1]}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      H5_DIST: '/nonexistent',
    }),
    startServerScript('bare-koa.ts', {}),
  ]);
  console.log(`Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: BFF ${bff.url}, bare Koa ${bare.url}`);
  try {
    // One pass so every query is answered once (snapshot built, Redis cache filled), as in steady state.
    for (const p of SEARCH_QUERIES) {
      const res = await fetch(bff.url + p);
      if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    }
    console.log(
      `Warming up ${WARMUP_SECONDS} s, then ${ROUNDS} rounds of bare Koa then search, ${SECONDS} s each, ${CONNECTIONS} connections, loopback…`,
    );
    // Nothing counts until both servers are in steady state: JIT warm, and the BFF past its
    // start-up work (the appointment scheduler's first pass opens the demo halls' slots and the
    // catalog snapshot is built, seconds of allocation and GC that no later request pays for).
    await load('warm-up', bare.url, ['/'], CLIENT_HEADERS, 2);
    await load('warm-up', bff.url, SEARCH_QUERIES, CLIENT_HEADERS, WARMUP_SECONDS);
    const rounds = await alternateRounds(
      () => load('bare Koa', bare.url, ['/']),
      () => load('search', bff.url, SEARCH_QUERIES),
    );
    // For reference: the BFF's own middleware stack on its lightest route, to separate the
    // cost of the stack (request id, logger, headers, cors…) from the cost of searching.
    const healthz = await load('healthz', bff.url, ['/healthz']);
    // For reference: a client that does not accept gzip gets the full JSON (≈7× the bytes).
    const identity = await load('search, identity', bff.url, SEARCH_QUERIES, {});
    const withBytes = { bytesPerResponse: true };
    printTable([
      resultHeader(withBytes),
      ...roundRows(rounds, `GET /api/items (${SEARCH_QUERIES.length} queries)`, withBytes),
      resultRow('GET /healthz (BFF stack only)', healthz, undefined, withBytes),
      resultRow('GET /api/items, no gzip accepted', identity, undefined, withBytes),
    ]);
    const { ratio, measured: search } = medianRound(rounds);
    console.log('');
    console.log(
      `search / bare Koa (median round): ${(ratio * 100).toFixed(1)}% (goal ≥ 50%)   its search p99: ${search.latency.p99} ms (goal < 20 ms)`,
    );
    const clean = rounds.every((r) => r.measured.errors === 0 && r.measured.non2xx === 0);
    const ok = ratio >= 0.5 && search.latency.p99 < 20 && clean;
    console.log(ok ? 'Goals met.' : 'Goals NOT met.');
  } finally {
    bff.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    engine?.child.kill('SIGTERM');
    await deleteKeysWithPrefix(REDIS_URL, PREFIX);
  }
}

const ONLY = process.env.BENCH_ONLY;

/** Part three: the embedded engine's storage, in its own process tree (packages/mongo-embedded/bench). */
function runEngineBench(): Promise<void> {
  const script = path.join(__dirname, '..', '..', 'packages', 'mongo-embedded', 'bench', 'storage-bench.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`engine bench exited with ${code}`)),
    ),
  );
}

(ONLY === 'booking' || ONLY === 'engine' || ONLY === 'faq' || ONLY === 'supervision'
  ? Promise.resolve()
  : main()
)
  // The FAQ suggestions of the ask page (bench/faq-bench.ts).
  .then(async () => {
    if (ONLY !== undefined && ONLY !== 'faq') return;
    const { runFaqBench } = await import('./faq-bench');
    if (!(await runFaqBench())) process.exitCode = 1;
  })
  // Part two: the 8:00 booking burst over two BFF processes (bench/booking-burst.ts).
  .then(async () => {
    if (ONLY === 'search' || ONLY === 'engine' || ONLY === 'faq' || ONLY === 'supervision') return;
    const { runBookingBurst } = await import('./booking-burst');
    if (!(await runBookingBurst())) process.exitCode = 1;
  })
  .then(async () => {
    if (ONLY === undefined || ONLY === 'engine') await runEngineBench();
  })
  // The 督查 dashboard over a year of seeded history (bench/supervision-bench.ts).
  .then(async () => {
    if (ONLY !== undefined && ONLY !== 'supervision') return;
    const { runSupervisionBench } = await import('./supervision-bench');
    if (!(await runSupervisionBench())) process.exitCode = 1;
  })
  .catch((err) => {
    console.error('bench failed:', err);
    process.exit(1);
  });
