/**
 * `npm run bench` part: the FAQ suggestion endpoint (`GET /api/faq?q=…`, what the ask page calls while
 * the person types) over 2,000 published entries, against the bare Koa route in the same run
 * (alternating rounds), 50 connections, loopback. `BENCH_ONLY=faq` runs this part alone.
 * The BFF process runs as `npm start` does (demo data seeded); this script then adds entries up to
 * 2,000 straight into the database and bumps the FAQ version so every instance rebuilds its index.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { faqSearchKeys } from '../src/modules/consultations/faq/faq-search';
import { startEngine } from './processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ENTRIES = 2000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What people type while asking: Chinese words and sentences, full and partial pinyin, initials, filters. */
export const FAQ_QUERIES = [
  'q=营业执照',
  'q=营业执照丢了怎么补办',
  'q=公积金提取需要什么材料',
  'q=委托',
  'q=户口迁移',
  'q=yingyezhizhao',
  'q=gongjijin',
  'q=yyzz',
  'q=wt',
  'q=bufa',
  'q=多久能办好&department=SCJG',
  'q=网上办理',
  'department=GA',
  'q=材料&department=RSJ',
  'q=社保卡补办要带身份证吗',
].map((qs) => `/api/faq?${encodeURI(qs)}`);

const SUBJECTS = [
  '营业执照',
  '食品经营许可',
  '公积金提取',
  '社会保障卡',
  '户口迁移',
  '居住证',
  '不动产登记',
  '医保报销',
  '出生登记',
  '道路运输证',
];
const ASPECTS = [
  '需要带哪些材料',
  '可以网上办理吗',
  '多久能办好',
  '可以委托他人代办吗',
  '要收费吗',
  '丢了怎么补办',
  '在哪个窗口办理',
  '需要本人到场吗',
];
const DEPARTMENTS = ['SCJG', 'GA', 'RSJ', 'GJJ', 'ZRZY', 'WJW', 'JT', 'MZ'];

function start(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const run = (title: string, url: string, paths: string[], seconds = SECONDS) =>
  autocannon({
    title,
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Tops the FAQ up to 2,000 published entries and bumps the version (instances rebuild their index). */
async function fillFaq(uri: string, db: string, prefix: string): Promise<number> {
  const connection = await mongoose.createConnection(uri, { dbName: db }).asPromise();
  try {
    const faq = connection.collection('faq_entries');
    const have = await faq.countDocuments({ status: 'published' });
    const docs = [];
    for (let n = have; n < ENTRIES; n++) {
      const question = `${SUBJECTS[n % SUBJECTS.length]}${ASPECTS[Math.floor(n / SUBJECTS.length) % ASPECTS.length]}？（${n}）`;
      docs.push({
        question,
        answer: `请以办事指南为准。第 ${n} 条常见问题的通用答复：材料齐全可在线申报，一般无需到场。`,
        items: [],
        departments: [DEPARTMENTS[n % DEPARTMENTS.length]],
        status: 'published',
        search: faqSearchKeys(question),
        createdBy: 'bench',
        publishedAt: new Date(),
        views: n % 97,
        helpful: n % 13,
        notHelpful: n % 3,
        version: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    }
    if (docs.length) await faq.insertMany(docs);
    const redis = new Redis(REDIS_URL);
    await redis.incr(`${prefix}faq:version`);
    await redis.quit();
    return await faq.countDocuments({ status: 'published' });
  } finally {
    await connection.close();
  }
}

export async function runFaqBench(): Promise<boolean> {
  const prefix = `bench:${randomBytes(3).toString('hex')}:`;
  const db = `bench_faq_${prefix.split(':')[1]}`;
  console.log('\nFAQ suggestions: starting the engine, the BFF (demo data) and a bare Koa app…');
  const engine = process.env.MONGODB_URI ? undefined : await startEngine();
  const uri = process.env.MONGODB_URI ?? engine!.uri;
  const [bff, bare] = await Promise.all([
    start('bench-server.ts', {
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'warn',
      MONGODB_URI: uri,
      MONGODB_DB_NAME: db,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      H5_DIST: '/nonexistent',
    }),
    start('bare-koa.ts', {}),
  ]);
  try {
    const entries = await fillFaq(uri, db, prefix);
    await new Promise((r) => setTimeout(r, 1200)); // past the index's trust window
    for (const p of FAQ_QUERIES) {
      const res = await fetch(bff.url + p);
      if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    }
    const sample = (await (await fetch(`${bff.url}${FAQ_QUERIES[1]}`)).json()) as { total: number };
    console.log(
      `${fmt(entries)} published entries (“营业执照丢了怎么补办” matches ${sample.total}); warming up ${WARMUP_SECONDS} s, then ${ROUNDS} rounds of bare Koa then FAQ, ${SECONDS} s each, ${CONNECTIONS} connections…`,
    );
    await run('warm-up', bare.url, ['/'], 2);
    await run('warm-up', bff.url, FAQ_QUERIES, WARMUP_SECONDS);
    const rounds: Array<{ baseline: autocannon.Result; faq: autocannon.Result; ratio: number }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      const baseline = await run('bare Koa', bare.url, ['/']);
      const faq = await run('faq', bff.url, FAQ_QUERIES);
      rounds.push({ baseline, faq, ratio: faq.requests.average / baseline.requests.average });
    }
    const row = (name: string, res: autocannon.Result, ratio?: number) => [
      name,
      fmt(res.requests.average),
      fmt(res.latency.p50, 1),
      fmt(res.latency.p99, 1),
      String(res.errors),
      String(res.non2xx),
      ratio === undefined ? '' : `${(ratio * 100).toFixed(1)}%`,
    ];
    const rows = [
      ['', 'req/s (avg)', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'of bare Koa'],
      ...rounds.flatMap((r, i) => [
        row(`round ${i + 1}: bare Koa route`, r.baseline),
        row(`round ${i + 1}: GET /api/faq (${FAQ_QUERIES.length} queries)`, r.faq, r.ratio),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    console.log('');
    for (const r of rows)
      console.log(
        r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
      );
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
    console.log('');
    console.log(
      `FAQ suggestions / bare Koa (median round): ${(median.ratio * 100).toFixed(1)}% (goal ≥ 50%)   p99: ${median.faq.latency.p99} ms (goal < 20 ms)`,
    );
    const clean = rounds.every((r) => r.faq.errors === 0 && r.faq.non2xx === 0);
    const ok = median.ratio >= 0.5 && median.faq.latency.p99 < 20 && clean;
    console.log(ok ? 'Goals met.' : 'Goals NOT met.');
    return ok;
  } finally {
    bff.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    engine?.child.kill('SIGTERM');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}
