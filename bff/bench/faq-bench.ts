/**
 * `npm run bench` part: the FAQ suggestion endpoint (`GET /api/faq?q=…`, what the ask page calls while
 * the person types) over 2,000 published entries, against the bare Koa route in the same run
 * (alternating rounds), 50 connections, loopback. `BENCH_ONLY=faq` runs this part alone.
 * The BFF process runs as `npm start` does (demo data seeded); this script then adds entries up to
 * 2,000 straight into the database and bumps the FAQ version so every instance rebuilds its index.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { faqSearchKeys } from '../src/modules/consultations/faq/faq-search';
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
import { fmt, printTable, resultHeader, roundRows } from './bench-report';
import { deleteKeysWithPrefix, startEngine, startServerScript } from './processes';

const ENTRIES = 2000;

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
    startServerScript('bench-server.ts', {
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'warn',
      MONGODB_URI: uri,
      MONGODB_DB_NAME: db,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      H5_DIST: '/nonexistent',
    }),
    startServerScript('bare-koa.ts', {}),
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
    await load('warm-up', bare.url, ['/'], CLIENT_HEADERS, 2);
    await load('warm-up', bff.url, FAQ_QUERIES, CLIENT_HEADERS, WARMUP_SECONDS);
    const rounds = await alternateRounds(
      () => load('bare Koa', bare.url, ['/']),
      () => load('faq', bff.url, FAQ_QUERIES),
    );
    printTable([resultHeader(), ...roundRows(rounds, `GET /api/faq (${FAQ_QUERIES.length} queries)`)]);
    const median = medianRound(rounds);
    console.log('');
    console.log(
      `FAQ suggestions / bare Koa (median round): ${(median.ratio * 100).toFixed(1)}% (goal ≥ 50%)   p99: ${median.measured.latency.p99} ms (goal < 20 ms)`,
    );
    const clean = rounds.every((r) => r.measured.errors === 0 && r.measured.non2xx === 0);
    const ok = median.ratio >= 0.5 && median.measured.latency.p99 < 20 && clean;
    console.log(ok ? 'Goals met.' : 'Goals NOT met.');
    return ok;
  } finally {
    bff.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    engine?.child.kill('SIGTERM');
    await deleteKeysWithPrefix(REDIS_URL, prefix);
  }
}
