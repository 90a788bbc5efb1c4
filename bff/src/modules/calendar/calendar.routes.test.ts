import { calendarResponseSchema } from '@app/shared';
import Koa from 'koa';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { errorHandler } from '../../http/middleware/error-handler';
import { buildOpenApiDocument } from '../../http/openapi';
import { routeDispatcher } from '../../http/route-dispatch';
import { toMiddleware } from '../../http/route-table';
import { calendarRoutes } from './calendar.routes';
import { registerCalendarModels } from './models/hall-closure.model';
import {
  createHallClosureRepository,
  type HallClosureRepository,
} from './repositories/hall-closure.repository';

/** The module's rows alone on a small Koa app (no auth in front: the calendar is public). */
let env: TestEnv;
let callback: ReturnType<Koa['callback']>;
let closures: HallClosureRepository;

beforeAll(async () => {
  env = await createTestEnv();
  const { HallClosure } = registerCalendarModels(env.mongo.connection);
  await HallClosure.createIndexes();
  closures = createHallClosureRepository(env.mongo.connection);
  const rows = calendarRoutes(env.deps).map((def) => ({ ...def, stack: [toMiddleware(def)] }));
  const app = new Koa();
  app.use(errorHandler({ exposeStack: false }));
  app.use(routeDispatcher(rows));
  callback = app.callback();
  await closures.upsert({
    hallCode: 'HALL-A',
    date: '2026-10-09',
    reason: '系统升级，暂停对外办公',
    createdBy: 'admin-1',
  });
});
afterAll(async () => {
  await env.close();
});

describe('calendar: hall closure repository', () => {
  it('keeps one closure per hall and date, and lists a range in date order', async () => {
    await closures.upsert({ hallCode: 'HALL-B', date: '2026-10-12', reason: '停电', createdBy: 'admin-1' });
    await closures.upsert({
      hallCode: 'HALL-B',
      date: '2026-10-12',
      reason: '停电检修',
      createdBy: 'admin-2',
    });
    await closures.upsert({
      hallCode: 'HALL-B',
      date: '2026-10-08',
      reason: '消防演练',
      createdBy: 'admin-1',
    });
    expect(await closures.listInRange('HALL-B', '2026-10-01', '2026-10-31')).toEqual([
      { hallCode: 'HALL-B', date: '2026-10-08', reason: '消防演练', createdBy: 'admin-1' },
      { hallCode: 'HALL-B', date: '2026-10-12', reason: '停电检修', createdBy: 'admin-2' },
    ]);
    expect(await closures.listInRange('HALL-B', '2026-10-09', '2026-10-11')).toEqual([]);
    expect(await closures.remove('HALL-B', '2026-10-08')).toBe(true);
    expect(await closures.remove('HALL-B', '2026-10-08')).toBe(false);
  });

  it('the (hallCode, date) index is unique', async () => {
    const { HallClosure } = registerCalendarModels(env.mongo.connection);
    await expect(
      HallClosure.create({ hallCode: 'HALL-A', date: '2026-10-09', reason: '重复', createdBy: 'x' }),
    ).rejects.toMatchObject({ code: 11000 });
  });
});

describe('calendar: GET /api/calendar', () => {
  it('answers each day of the range with its kind, in China time', async () => {
    const res = await request(callback).get('/api/calendar?from=2026-09-28&to=2026-10-12').expect(200);
    expect(calendarResponseSchema.safeParse(res.body).success).toBe(true);
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    expect(res.body.days).toHaveLength(15);
    expect(res.body.days[3]).toEqual({
      date: '2026-10-01',
      kind: 'holiday',
      isWorkingDay: false,
      name: '国庆节',
    });
    expect(res.body.days[12]).toMatchObject({
      date: '2026-10-10',
      kind: 'makeup_workday',
      isWorkingDay: true,
    });
    expect(res.body.days[11]).toEqual({ date: '2026-10-09', kind: 'workday', isWorkingDay: true });
  });

  it("with hall=CODE the hall's closures are non-working for that hall only", async () => {
    const a = await request(callback)
      .get('/api/calendar?from=2026-10-08&to=2026-10-10&hall=HALL-A')
      .expect(200);
    expect(a.body.hall).toBe('HALL-A');
    expect(a.body.days[1]).toEqual({
      date: '2026-10-09',
      kind: 'closure',
      isWorkingDay: false,
      note: '系统升级，暂停对外办公',
    });
    const c = await request(callback)
      .get('/api/calendar?from=2026-10-08&to=2026-10-10&hall=HALL-C')
      .expect(200);
    expect(c.body.days[1]).toMatchObject({ kind: 'workday', isWorkingDay: true });
  });

  it('a date that does not exist is a validation error on its field', async () => {
    const res = await request(callback).get('/api/calendar?from=2026-02-30&to=2026-03-01').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields).toEqual([
      { path: 'query.from', message: expect.stringMatching(/日期/) },
    ]);
    await request(callback).get('/api/calendar?from=2026-10-01').expect(400);
  });

  it('from after to is a validation error on query.to', async () => {
    const res = await request(callback).get('/api/calendar?from=2026-10-02&to=2026-10-01').expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'query.to', message: '结束日期不能早于开始日期' }] },
    });
  });

  it('answers at most 62 days', async () => {
    await request(callback).get('/api/calendar?from=2026-10-01&to=2026-12-01').expect(200); // 62 days
    const res = await request(callback).get('/api/calendar?from=2026-10-01&to=2026-12-02').expect(400);
    expect(res.body.error.details.fields[0]).toEqual({ path: 'query.to', message: '查询范围最多 62 天' });
  });
});

describe('calendar: OpenAPI', () => {
  it('the route documents its query and response', () => {
    const document = buildOpenApiDocument(calendarRoutes(env.deps), { version: '0.0.0' }) as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string }>; responses: Record<string, unknown> } }
      >;
    };
    const get = document.paths['/api/calendar'].get;
    expect(get.parameters.map((p) => p.name)).toEqual(['from', 'to', 'hall']);
    expect(JSON.stringify(get.responses['200'])).toContain('makeup_workday');
  });
});
