/**
 * `npm run seed:history`: a plausible year of activity ending yesterday (about 200,000 cases with
 * trips and timelines, 300,000 bookings, 20,000 consultations, 8,000 FAQ deflections, 5,000 complaints, 60,000 ratings) in
 * the database `npm start` uses (or `--uri` / MONGODB_URI), for the 督查 figures. Seeds the demo
 * catalogue and accounts first when the database is empty. `--scale 0.1` for a tenth, `--seed N` for
 * another (deterministic) year, `--force` to add a year when the period already has cases.
 * Logic: bff/src/modules/supervision/history/.
 */
import { parseArgs } from 'node:util';
import { seedDemoCatalogIfEmpty } from '../src/modules/catalog/demo/seed-demo';
import { seedDemoAccounts } from '../src/modules/users/demo/demo-accounts';
import { seedHistory, type HistoryArea } from '../src/modules/supervision/history/seed-history';
import { repositoriesOf } from '../src/modules/supervision/history/context';
import { syncIndexes } from '../src/infra/mongo/connect-mongo';
import { openStores, progressBar } from './cli-stores';

const LABELS: Record<HistoryArea | 'slots', string> = {
  cases: '办件',
  appointments: '预约',
  consultations: '咨询',
  faqDeflections: '常见问题解答',
  complaints: '投诉',
  ratings: '评价',
  slots: '号源',
};

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '20261206' },
      uri: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0 && scale <= 5) || !Number.isInteger(seed)) {
    console.error(
      '用法：npm run seed:history -- [--scale 0.1] [--seed 20261206] [--uri mongodb://…] [--force]',
    );
    process.exit(64);
  }
  if (values.uri) process.env.MONGODB_URI = values.uri;
  const stores = await openStores();
  const started = Date.now();
  try {
    const deps = {
      config: stores.config,
      logger: stores.logger,
      mongo: stores.mongo,
      redis: stores.redis,
      wechat: { apiBase: 'http://127.0.0.1:9' },
    };
    // Every owning module's indexes first (unique ones included), as the BFF creates them at start.
    repositoriesOf(stores.mongo.connection);
    await syncIndexes(stores.mongo.connection);
    const demo = await seedDemoCatalogIfEmpty(deps);
    if (demo) console.log(`数据库为空：已先生成演示事项（${demo.published} 项已公布）`);
    await seedDemoAccounts(deps);
    // One bar per area, made before the run (the progress callback is synchronous).
    const bars = new Map<string, Awaited<ReturnType<typeof progressBar>>>();
    for (const area of Object.keys(LABELS))
      bars.set(area, await progressBar(`写入${LABELS[area as HistoryArea]}`));
    let bar: Awaited<ReturnType<typeof progressBar>> | undefined;
    let current: string | undefined;
    const result = await seedHistory(
      { connection: stores.mongo.connection, config: stores.config, redis: stores.redis },
      {
        scale,
        seed,
        force: values.force,
        onProgress: ({ area, done, total }) => {
          if (current !== area) {
            bar?.stop();
            current = area;
            bar = bars.get(area);
          }
          bar?.update(done, total);
        },
      },
    );
    bar?.stop();
    if (result.skipped) {
      console.log(`未生成：${result.skipped}`);
      console.log(`督查日汇总：已补齐缺少的日期，用时 ${(result.ms.rollups / 1000).toFixed(1)} s`);
      return;
    }
    const c = result.counts;
    console.log(
      `历史数据 ${result.from} 至 ${result.to}（${result.workingDays} 个工作日，种子 ${seed}，规模 ${scale}）：` +
        `办件 ${c.cases}、预约 ${c.appointments}（号源 ${c.slots} 个）、咨询 ${c.consultations}（常见问题提前解答 ${c.faqDeflections}）、投诉 ${c.complaints}、` +
        `评价 ${c.ratings}（整改 ${c.rectifications}）`,
    );
    if (result.bookingsWithoutSeat) console.log(`号源已满而未生成的预约：${result.bookingsWithoutSeat}`);
    const s = (n: number) => `${(n / 1000).toFixed(1)} s`;
    console.log(
      `用时 ${s(Date.now() - started)}（办件 ${s(result.ms.cases)}、预约 ${s(result.ms.appointments)}、咨询 ${s(result.ms.consultations)}、` +
        `常见问题 ${s(result.ms.faqDeflections)}、` +
        `投诉 ${s(result.ms.complaints)}、评价 ${s(result.ms.ratings)}、督查日汇总 ${s(result.ms.rollups)}）`,
    );
  } finally {
    await stores.close();
  }
}

main().catch((err) => {
  console.error('生成历史数据失败：', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
