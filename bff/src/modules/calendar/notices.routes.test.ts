import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { holidayNoticeListResponseSchema } from '@app/shared';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { signedIn } from '../auth/testing/identity-fixtures';
import { startHolidayNotices } from './calendar.runtime';
import { clearHolidayNotices, hasNoticeFor } from './services/holiday-notices';
import { parseNoticeFile } from './services/notice-file';
import { describeDay } from './services/working-day-calendar';

/**
 * Loading the year's official notice: the admin route and `npm run calendar:import`, good and bad
 * files, what the calendar says before and after, the audit trail, and the reload of a running BFF.
 */
const run = promisify(execFile);
const BFF = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(__dirname, 'notices', '2027.example.csv');

let env: TestEnv;
let runtime: { close(): Promise<void> };
beforeAll(async () => {
  env = await createTestEnv();
  runtime = await startHolidayNotices(env.deps);
});
afterAll(async () => {
  clearHolidayNotices();
  await runtime.close();
  await env.close();
});

const example = () => parseNoticeFile(readFileSync(EXAMPLE, 'utf8'), EXAMPLE) as Record<string, unknown>;

async function importAs(role: 'admin' | 'supervisor' | 'staff', body: unknown, status: number) {
  const who = await signedIn(env.deps, role);
  return request(env.callback)
    .post('/api/admin/calendar/notices')
    .set('Authorization', who.header)
    .send(body as object)
    .expect(status);
}

describe('calendar notices: before a notice, 2027 is provisional', () => {
  it('the calendar says so, and New Year’s Day and the Spring Festival are days off', async () => {
    const res = await request(env.callback).get('/api/calendar?from=2027-01-01&to=2027-01-04').expect(200);
    expect(res.body.provisional).toBe(true);
    expect(res.body.note).toMatch(/放假安排通知尚未发布/);
    expect(res.body.days[0]).toMatchObject({ kind: 'holiday', name: '元旦', provisional: true });
    expect(res.body.days[3]).toMatchObject({ kind: 'workday', isWorkingDay: true, provisional: true });
    const in2026 = await request(env.callback).get('/api/calendar?from=2026-12-01&to=2026-12-31').expect(200);
    expect(in2026.body.provisional).toBeUndefined();
  });
});

describe('calendar notices: bad files are refused, every problem listed, nothing stored', () => {
  const day = (date: string, kind: string, name: string) => ({ date, kind, name });
  it.each([
    [
      'dates of two years',
      [day('2027-02-09', 'holiday', '春节'), day('2028-01-03', 'holiday', '元旦')],
      /不在 2027 年内/,
    ],
    [
      'a date twice',
      [day('2027-02-09', 'holiday', '春节'), day('2027-02-09', 'workday', '春节')],
      /重复出现/,
    ],
    ['a name not in Chinese', [day('2027-02-09', 'holiday', 'Spring Festival')], /应为中文/],
    ['a statutory day as a working day', [day('2027-02-08', 'workday', '春节')], /是法定节假日（春节）/],
    ['a weekday as a 调休 working day', [day('2027-02-17', 'workday', '春节')], /不是周六或周日/],
    ['an unknown kind', [day('2027-02-09', 'off', '春节')], /holiday（放假）或 workday/],
  ])('%s', async (_label, days, message) => {
    const res = await importAs('admin', { year: 2027, days }, 400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details.fields)).toMatch(message);
    expect(await env.mongo.connection.collection('holiday_notices').countDocuments()).toBe(0);
    expect(hasNoticeFor(2027)).toBe(false);
  });

  it('only admins import; supervisors read the list', async () => {
    await importAs('supervisor', example(), 403);
    await importAs('staff', example(), 403);
    const supervisor = await signedIn(env.deps, 'supervisor');
    const list = await request(env.callback)
      .get('/api/admin/calendar/notices')
      .set('Authorization', supervisor.header)
      .expect(200);
    expect(holidayNoticeListResponseSchema.parse(list.body)).toMatchObject({
      items: [],
      packageCoverage: { firstYear: 2004, lastYear: 2026 },
    });
  });
});

describe('calendar notices: an admin loads the 2027 notice over HTTP', () => {
  it('stores it, the calendar follows it at once, and the import is audited', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const res = await request(env.callback)
      .post('/api/admin/calendar/notices')
      .set('Authorization', admin.header)
      .send(example())
      .expect(200);
    expect(res.body.notice).toMatchObject({
      year: 2027,
      holidays: 28,
      workdays: 4,
      importedBy: admin.user.id,
    });
    expect(res.body.replaced).toBeUndefined();

    const feb = await request(env.callback).get('/api/calendar?from=2027-02-08&to=2027-02-20').expect(200);
    expect(feb.body.provisional).toBeUndefined();
    const byDate = Object.fromEntries(feb.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2027-02-09']).toMatchObject({ kind: 'holiday', name: '春节', note: '调休放假' });
    expect(byDate['2027-02-15']).toMatchObject({ kind: 'workday', isWorkingDay: true });
    expect(byDate['2027-02-20']).toMatchObject({
      kind: 'makeup_workday',
      isWorkingDay: true,
      note: '调休上班',
    });

    const audit = await env.mongo.connection
      .collection('audit_log')
      .findOne({ action: 'calendar.notice.import' });
    expect(audit).toMatchObject({ actorRole: 'admin', target: '2027' });
    expect(String(audit?.actorId)).toBe(admin.user.id);

    const again = await request(env.callback)
      .post('/api/admin/calendar/notices')
      .set('Authorization', admin.header)
      .send(example())
      .expect(200);
    expect(again.body.replaced).toMatchObject({ year: 2027, holidays: 28 });
  });
});

describe('calendar notices: npm run calendar:import', () => {
  let adminName = '';
  beforeAll(async () => {
    adminName = (await signedIn(env.deps, 'admin')).user.username!;
  });
  const cli = (file: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/calendar-import.ts', file, '--by', adminName], {
      cwd: BFF,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        MONGODB_URI: env.mongo.uri,
        MONGODB_DB_NAME: env.config.mongo.dbName,
        REDIS_URL: env.config.redis.url,
        REDIS_KEY_PREFIX: env.config.redis.keyPrefix,
        LOG_LEVEL: 'error',
      },
      timeout: 60_000,
    });

  it('refuses a bad file with exit code 1 and the problems on stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'notice-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'date,kind,name\n2028-05-01,workday,劳动节\n2028-05-06,workday,劳动节\n');
    const failure = await cli(bad).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/2028-05-01 是法定节假日（劳动节）/);
    expect(await env.mongo.connection.collection('holiday_notices').countDocuments({ year: 2028 })).toBe(0);
  }, 120_000);

  it('imports a good CSV, audits it, and the running BFF reloads without a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'notice-'));
    const good = path.join(dir, '2028.csv');
    writeFileSync(
      good,
      '# title: 2028年部分节假日安排（测试）\ndate,kind,name\n2028-01-24,holiday,春节\n2028-01-25,holiday,春节\n2028-01-29,workday,春节\n',
    );
    const { stdout } = await cli(good);
    expect(stdout).toMatch(/imported the 2028 notice: 2 holiday\(s\), 1/);
    const audit = await env.mongo.connection
      .collection('audit_log')
      .findOne({ action: 'calendar.notice.import', target: '2028' });
    expect(audit).toMatchObject({ actorRole: 'admin', method: 'CLI' });
    // The app in this process learnt it over Redis (calendar.runtime.ts).
    for (let i = 0; i < 50 && !hasNoticeFor(2028); i++) await new Promise((r) => setTimeout(r, 100));
    expect(describeDay('2028-01-24')).toMatchObject({ kind: 'holiday', name: '春节', note: '调休放假' });
    expect(describeDay('2028-01-29')).toMatchObject({ kind: 'makeup_workday', isWorkingDay: true });
  }, 120_000);
});
