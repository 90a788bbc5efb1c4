/**
 * Loads a year's official holiday notice (国务院办公厅关于某年部分节假日安排的通知):
 *   npm run calendar:import -- FILE --by ADMIN_USERNAME [--dry-run]
 * FILE is JSON or CSV (`date,kind,name`; see bff/src/modules/calendar/services/notice-file.ts and
 * the example bff/src/modules/calendar/notices/2027.example.csv). The notice replaces the year's
 * previous one, wins over chinese-days' data and over the days computed from the law, is audited
 * (action calendar.notice.import, actor: the admin account named by --by, which must exist) and announced to the running BFFs, which reload.
 * Uses the same environment variables (MONGODB_URI, …) as `npm start`.
 * Exit codes: 0 imported (or valid with --dry-run), 1 bad arguments or an invalid file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../src/http/app-error';
import { createAuditRepository } from '../src/modules/audit/repositories/audit.repository';
import { createUserRepository } from '../src/modules/users/repositories/user.repository';
import { checkNotice, holidayNoticesOf, parseNoticeFile } from '../src/modules/calendar';
import { openStores } from './cli-stores';

const USAGE = 'usage: npm run calendar:import -- FILE.json|FILE.csv --by ADMIN_USERNAME [--dry-run]';

function report(err: unknown): number {
  if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
    console.error(`通知文件有误：${err.message}`);
    const fields = (err.details?.fields ?? []) as Array<{ path: string; message: string }>;
    for (const field of fields) console.error(`  ${field.path || '(file)'}: ${field.message}`);
    return 1;
  }
  throw err;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        by: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 1;
  }
  // `npm run` from the repository root runs this in bff/: a relative FILE is the caller's.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  let input: unknown;
  try {
    input = parseNoticeFile(readFileSync(file, 'utf8'), file);
    const notice = checkNotice(input);
    if (values['dry-run']) {
      console.log(`${file}: ${notice.year} 年通知有效，共 ${notice.days.length} 天（未导入：--dry-run）`);
      return 0;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`找不到文件：${file}`);
      return 1;
    }
    return report(err);
  }
  if (!values.by) {
    console.error(`--by: 请给出执行导入的管理员用户名（写入审计日志）\n${USAGE}`);
    return 1;
  }
  const stores = await openStores();
  try {
    const admin = await createUserRepository(stores.mongo.connection).findByUsername(values.by);
    if (!admin || admin.role !== 'admin' || admin.status !== 'active') {
      console.error(`--by ${values.by}: 不是有效的管理员账号`);
      return 1;
    }
    const result = await holidayNoticesOf(stores).importNotice(input, admin.id);
    await createAuditRepository(stores.mongo.connection).insert({
      at: new Date(),
      actorId: admin.id,
      actorRole: 'admin',
      action: 'calendar.notice.import',
      method: 'CLI',
      path: 'npm run calendar:import',
      target: String(result.notice.year),
      ...(result.replaced ? { before: { ...result.replaced } } : {}),
      after: { ...result.notice },
      status: 200,
    });
    const { notice } = result;
    console.log(
      `imported the ${notice.year} notice: ${notice.holidays} holiday(s), ${notice.workdays} 调休 working day(s)` +
        (result.replaced ? ` (replaced the one imported ${result.replaced.importedAt})` : ''),
    );
    return 0;
  } catch (err) {
    return report(err);
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('calendar:import failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
