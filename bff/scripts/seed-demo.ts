/**
 * `npm run seed:demo`: writes the demo catalogue (4,505 items, 50 departments) to
 * .data/demo-items.xlsx and imports it through the importer, publishing three dated batches.
 * Safe to run again: the second run reports every item unchanged.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemoCatalog } from '../src/modules/catalog/demo/seed-demo';
import { printReport } from './import-items';
import { openStores, progressBar } from './cli-stores';

async function main() {
  const { values } = parseArgs({ options: { file: { type: 'string' } } });
  const stores = await openStores();
  const bar = await progressBar('写入事项');
  try {
    const result = await seedDemoCatalog(stores.catalog, {
      file: values.file && path.resolve(process.env.INIT_CWD ?? process.cwd(), values.file),
      onProgress: ({ done, total }) => total > 0 && bar.update(done, total),
    });
    bar.stop();
    printReport(result.import);
    console.log(`演示数据：${result.file}`);
    console.log(`已公布 ${result.published} 项（3 个批次），草稿 ${result.drafts} 项；用时 ${result.ms} ms`);
  } finally {
    bar.stop();
    await stores.close();
  }
}

main().catch((err) => {
  console.error('生成演示数据失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
