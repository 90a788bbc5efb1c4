/**
 * `npm run import:items -- <file.xlsx|file.csv> [--publish] [--batch NAME] [--date YYYY-MM-DD]
 *  [--all-or-nothing] [--actor NAME]`
 * Validates every row, upserts the valid items by code (a re-run changes nothing), reports the
 * rejected rows in Chinese. Column layout: bff/src/modules/catalog/README.md.
 * Exit code: 0 all rows imported, 2 some rows rejected, 1 the file could not be used.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../src/http/app-error';
import type { ImportReport } from '../src/modules/catalog/services/import/import.service';
import { formatIssue } from '../src/modules/catalog/services/import/validate-rows';
import { openStores, progressBar } from './cli-stores';

const USAGE =
  '用法：npm run import:items -- <文件.xlsx|文件.csv> [--publish] [--batch 批次名称] [--date YYYY-MM-DD] [--all-or-nothing]';
const MAX_PRINTED_ISSUES = 200;

export function printReport(report: ImportReport, out: (line: string) => void = console.log): void {
  for (const issue of report.issues.slice(0, MAX_PRINTED_ISSUES)) out(`  ✗ ${formatIssue(issue)}`);
  if (report.issues.length > MAX_PRINTED_ISSUES)
    out(`  … 另有 ${report.issues.length - MAX_PRINTED_ISSUES} 个问题未列出`);
  out('');
  out(`导入文件：${report.source}（${report.format}，${report.rows} 行）`);
  if (!report.written) out('因存在错误且指定了 --all-or-nothing，本次未写入任何事项。');
  out(`新增 ${report.created}，更新 ${report.updated}，未变化 ${report.unchanged}，拒绝 ${report.rejected}`);
  if (report.batch) out(`公布批次“${report.batch}”：新公布 ${report.published} 项`);
  if (report.synonyms) {
    const s = report.synonyms;
    out(`同义词：写入 ${s.written}，未变化 ${s.unchanged}，拒绝 ${s.rejected}`);
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      publish: { type: 'boolean', default: false },
      batch: { type: 'string' },
      date: { type: 'string' },
      actor: { type: 'string', default: `cli:${process.env.USER ?? 'unknown'}` },
      'all-or-nothing': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 1);
  }
  if ((values.batch || values.date) && !values.publish) {
    console.error('--batch 和 --date 只在 --publish 时有效');
    process.exit(1);
  }
  const publishedAt = values.date ? new Date(`${values.date}T09:00:00+08:00`) : undefined;
  if (publishedAt && Number.isNaN(publishedAt.getTime())) {
    console.error(`--date “${values.date}” 不是有效日期，格式为 YYYY-MM-DD`);
    process.exit(1);
  }

  const stores = await openStores();
  const bar = await progressBar('写入事项');
  let code = 0;
  try {
    // `npm run … -w bff` runs in bff/: resolve the path from where the user typed the command.
    const report = await stores.catalog.importer.importFile(
      path.resolve(process.env.INIT_CWD ?? process.cwd(), file),
      {
        publish: values.publish,
        batch: values.batch,
        publishedAt,
        actor: values.actor,
        allOrNothing: values['all-or-nothing'],
        onProgress: ({ done, total }) => total > 0 && bar.update(done, total),
      },
    );
    bar.stop();
    printReport(report);
    code = report.rejected > 0 || report.issues.length > 0 ? 2 : 0;
  } catch (err) {
    bar.stop();
    if (err instanceof AppError && err.code === 'IMPORT_INVALID_FILE') {
      console.error(`导入失败：${err.message}`);
      code = 1;
    } else throw err;
  } finally {
    await stores.close();
  }
  process.exit(code);
}

if (require.main === module) {
  main().catch((err) => {
    console.error('导入失败：', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
