import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { createCatalog, type Catalog } from './catalog.module';
import { writeItemsCsv, writeItemsWorkbook } from './services/import/write-table';
import { fixtureItem, FIXTURE_ITEMS, loadReferenceData } from './testing/fixtures';

let env: TestEnv;
let catalog: Catalog;
let dir: string;

const codesOf = (body: { items: Array<{ code: string }> }) => body.items.map((i) => i.code);
const search = (query: Record<string, string | number>) =>
  request(env.callback).get('/api/items').query(query);

/**
 * Another instance's write reaches this app through Redis pub/sub (milliseconds) or, at worst,
 * when the remembered version's trust window ends (1 s): poll instead of assuming the order.
 */
async function eventuallyCodes(query: Record<string, string | number>, expected: string[]) {
  const deadline = Date.now() + 3000;
  let codes: string[] = [];
  while (Date.now() < deadline) {
    codes = codesOf((await search(query)).body);
    if (JSON.stringify(codes) === JSON.stringify(expected)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(codes).toEqual(expected);
}

beforeAll(async () => {
  env = await createTestEnv();
  // A second catalog instance, as a CLI or another BFF would have: its writes reach the app
  // only through the shared catalog version in Redis.
  catalog = createCatalog(env.deps);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-routes-'));
  await loadReferenceData(catalog);
  const file = path.join(dir, 'items.xlsx');
  await writeItemsWorkbook(file, FIXTURE_ITEMS);
  await catalog.importer.importFile(file, {
    publish: true,
    batch: '第一批',
    publishedAt: new Date('2018-06-30T01:00:00Z'),
  });
  const drafts = path.join(dir, 'drafts.csv');
  await writeItemsCsv(drafts, [
    fixtureItem({ code: 'JX-ZRZY-0099', name: '不动产抵押权首次登记', maxTrips: 1 }),
  ]);
  await catalog.importer.importFile(drafts);
});

afterAll(async () => {
  await env.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('GET /api/items: search', () => {
  it('matches Chinese substrings, name prefix before substring', async () => {
    const res = await search({ q: '不动产' }).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(codesOf(res.body)).toEqual(['JX-ZRZY-0001', 'JX-ZRZY-0003']);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(res.body.items[0]).toEqual({
      code: 'JX-ZRZY-0001',
      name: '不动产登记',
      departmentCode: 'ZRZY',
      departmentName: '市自然资源局',
      kind: '行政权力',
      level: '市',
      maxTrips: 1,
      onlineCapable: true,
      promisedLimitDays: 5,
      popularity: 0,
    });
  });

  it('puts the exact name first', async () => {
    const res = await search({ q: '不动产登记' }).expect(200);
    expect(codesOf(res.body)[0]).toBe('JX-ZRZY-0001');
  });

  it.each(['bdcdj', 'budongchan', 'budong', 'BuDong Chan'])(
    'finds 不动产登记 items by pinyin %s',
    async (q) => {
      const res = await search({ q }).expect(200);
      expect(codesOf(res.body)).toEqual(['JX-ZRZY-0001', 'JX-ZRZY-0003']);
    },
  );

  it('matches department names and pinyin after item names', async () => {
    const res = await search({ q: '公安' }).expect(200);
    expect(codesOf(res.body).sort()).toEqual(['JX-GA-0001', 'JX-GA-0002', 'MS-GA-0001']);
    const byName = await search({ q: '出生登记' }).expect(200);
    expect(codesOf(byName.body)).toEqual(['JX-GA-0002', 'MS-GA-0001']);
  });

  it('never shows drafts', async () => {
    const res = await search({ q: '抵押权' }).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it('filters by department, theme, trips (≤ N) and online', async () => {
    expect(codesOf((await search({ department: 'GA' })).body).sort()).toEqual([
      'JX-GA-0001',
      'JX-GA-0002',
      'MS-GA-0001',
    ]);
    expect(codesOf((await search({ theme: 'XSECS' })).body).sort()).toEqual(['JX-GA-0002', 'JX-RSJ-0001']);
    const zero = await search({ maxTrips: 0 });
    expect(zero.body.total).toBe(3);
    expect(zero.body.items.every((i: { maxTrips: number }) => i.maxTrips === 0)).toBe(true);
    expect((await search({ maxTrips: 1 })).body.total).toBe(8);
    expect(codesOf((await search({ online: 'false' })).body).sort()).toEqual(['JX-GA-0001', 'JX-ZRZY-0002']);
    expect(codesOf((await search({ q: '登记', department: 'GA', maxTrips: 1 })).body)).toEqual([
      'JX-GA-0002',
      'MS-GA-0001',
    ]);
  });

  it('pages through results with a stable order', async () => {
    const all = await search({ pageSize: 100 });
    expect(all.body.total).toBe(10);
    const p1 = await search({ pageSize: 4, page: 1 });
    const p3 = await search({ pageSize: 4, page: 3 });
    expect(codesOf(p1.body)).toEqual(codesOf(all.body).slice(0, 4));
    expect(codesOf(p3.body)).toEqual(codesOf(all.body).slice(8));
    expect(p3.body).toMatchObject({ total: 10, page: 3, pageSize: 4 });
  });

  it('sends the page gzip-compressed to a client that accepts it, plain to one that does not', async () => {
    const get = (encoding: string) =>
      request(env.callback).get('/api/items').query({ q: '不动产' }).set('Accept-Encoding', encoding);
    const zipped = await get('gzip, deflate, br').expect(200);
    const plain = await get('identity').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/application\/json/);
    // Same answer (supertest unzips), in fewer bytes on the wire.
    expect(zipped.body).toEqual(plain.body);
    expect(plain.body.total).toBeGreaterThan(0);
    expect(Number(zipped.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']));
    expect(Buffer.byteLength(JSON.stringify(plain.body))).toBe(Number(plain.headers['content-length']));
  });

  it.each([
    [{ pageSize: 1000 }, 'query.pageSize'],
    [{ maxTrips: -1 }, 'query.maxTrips'],
    [{ online: 'maybe' }, 'query.online'],
    [{ page: 0 }, 'query.page'],
    [{ q: '长'.repeat(51) }, 'query.q'],
  ])('rejects bad parameters %j with the envelope', async (query, field) => {
    const res = await search(query as Record<string, string | number>).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
  });
});

describe('GET /api/items/:code', () => {
  it('returns the whole guide of a published item', async () => {
    const res = await request(env.callback).get('/api/items/JX-ZRZY-0002').expect(200);
    expect(res.body).toMatchObject({
      code: 'JX-ZRZY-0002',
      maxTrips: 2,
      tripsReason: '需现场核验原件并实地踏勘',
      status: 'published',
      batch: '第一批',
      publishedAt: '2018-06-30T01:00:00.000Z',
      themes: ['BDCZY'],
      guide: { legalLimitDays: 20, promisedLimitDays: 5, phone: '0467-2100100' },
    });
    expect(res.body.guide.materials.map((m: { requirement: string }) => m.requirement)).toEqual([
      'required',
      'shared',
      'waivable',
      'cancelled',
    ]);
  });

  it.each(['JX-ZRZY-0099', 'NO-SUCH-1', 'x'])(
    'answers 404 ITEM_NOT_FOUND for a draft or unknown code (%s)',
    async (code) => {
      const res = await request(env.callback).get(`/api/items/${code}`).expect(404);
      expect(res.body.error).toMatchObject({ code: 'ITEM_NOT_FOUND', message: '未找到该服务事项' });
    },
  );

  it('counts views in Redis and adds them to popularity on flush', async () => {
    for (let i = 0; i < 3; i++) await request(env.callback).get('/api/items/JX-SCJG-0002').expect(200);
    await new Promise((r) => setTimeout(r, 50)); // the counter is not awaited by the read
    await catalog.popularity.flush();
    const stored = await catalog.repos.items.findByCode('JX-SCJG-0002');
    expect(stored?.popularity).toBe(3);
  });
});

describe('lists and stats', () => {
  it('GET /api/departments counts published items only', async () => {
    const res = await request(env.callback).get('/api/departments').expect(200);
    const counts = Object.fromEntries(
      res.body.items.map((d: { code: string; itemCount: number }) => [d.code, d.itemCount]),
    );
    expect(counts).toEqual({ GA: 3, GJJ: 1, RSJ: 1, SCJG: 2, ZRZY: 3 });
  });

  it('GET /api/themes lists life events with their published items', async () => {
    const res = await request(env.callback).get('/api/themes').expect(200);
    const birth = res.body.items.find((t: { code: string }) => t.code === 'XSECS');
    expect(birth).toMatchObject({
      name: '新生儿出生',
      audience: 'citizen',
      itemCodes: ['JX-GA-0002', 'JX-RSJ-0001'],
    });
    expect(res.body.items.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['开办企业', '不动产转移登记']),
    );
  });

  it('GET /api/halls lists both halls with their windows', async () => {
    const res = await request(env.callback).get('/api/halls').expect(200);
    const names = res.body.items.map((h: { name: string }) => h.name);
    expect(names).toEqual(expect.arrayContaining(['市政务服务中心', '密山市政务服务中心']));
    const city = res.body.items.find((h: { code: string }) => h.code === 'HALL-SZ');
    expect(new Set(city.windows.map((w: { type: string }) => w.type))).toEqual(
      new Set(['综合受理', '综合咨询', '部门窗口']),
    );
  });

  it('GET /api/stats/reform reports the share at ≤ 1 trip against the 70% target', async () => {
    const res = await request(env.callback).get('/api/stats/reform').expect(200);
    expect(res.body).toMatchObject({
      target: 0.7,
      overall: { total: 10, atMostOneTrip: 8, zeroTrip: 3, share: 0.8 },
      meetsTarget: true,
    });
    const ga = res.body.byDepartment.find((d: { departmentCode: string }) => d.departmentCode === 'GA');
    expect(ga).toMatchObject({ departmentName: '市公安局', total: 3, atMostOneTrip: 2, share: 0.6667 });
    expect(res.body.byDepartment[0].share).toBeLessThanOrEqual(res.body.byDepartment.at(-1).share);
  });
});

describe('cache invalidation', () => {
  it('concurrent requests for one page share a single look-up (and at most one ranking)', async () => {
    const client = env.redis.client as unknown as { catalogLookup: (...args: unknown[]) => Promise<unknown> };
    const lookups = jest.spyOn(client, 'catalogLookup');
    try {
      // A page size nobody asked for yet: a cold page in memory and in Redis.
      const query = { q: '公积金', page: 1, pageSize: 7 };
      const pages = await Promise.all(Array.from({ length: 20 }, () => catalog.query.searchPage(query)));
      expect(lookups).toHaveBeenCalledTimes(1);
      expect(new Set(pages).size).toBe(1);
      expect(JSON.parse(pages[0].json.toString('utf8')).pageSize).toBe(7);
    } finally {
      lookups.mockRestore();
    }
  });

  it('caches a search in Redis under the catalog version', async () => {
    await search({ q: '营业执照' }).expect(200);
    const keys = await env.redis.client.keys(`${env.redis.keyPrefix}catalog:search:v*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('a later import (from another instance) changes the cached answer', async () => {
    expect(codesOf((await search({ q: '营业执照' })).body)).toEqual(['JX-SCJG-0002']);
    const file = path.join(dir, 'more.csv');
    await writeItemsCsv(file, [
      fixtureItem({
        code: 'JX-SCJG-0003',
        name: '营业执照遗失补领（个体工商户）',
        departmentCode: 'SCJG',
        departmentName: '市市场监督管理局',
      }),
    ]);
    await catalog.importer.importFile(file, { publish: true, batch: '第二批' });
    await eventuallyCodes({ q: '营业执照' }, ['JX-SCJG-0002', 'JX-SCJG-0003']);
  });

  it('publishing a draft and withdrawing an item show at once', async () => {
    expect((await search({ q: '抵押权' })).body.total).toBe(0);
    await catalog.publication.publish({ codes: ['JX-ZRZY-0099'], batch: '第二批', actor: 'test' });
    await eventuallyCodes({ q: '抵押权' }, ['JX-ZRZY-0099']);
    await request(env.callback).get('/api/items/JX-ZRZY-0099').expect(200);
    await catalog.publication.withdraw({ codes: ['JX-ZRZY-0099'], actor: 'test', reason: '事项合并' });
    await eventuallyCodes({ q: '抵押权' }, []);
    await request(env.callback).get('/api/items/JX-ZRZY-0099').expect(404);
    const history = await catalog.publication.history('JX-ZRZY-0099');
    expect(history.map((c) => c.action).sort()).toEqual(['create', 'publish', 'withdraw']);
    expect(history.find((c) => c.action === 'withdraw')).toMatchObject({
      actor: 'test',
      changes: expect.arrayContaining([{ field: 'reason', after: '事项合并' }]),
    });
  });

  it('with no query, orders by popularity', async () => {
    await catalog.repos.items.setPopularity(
      new Map([
        ['JX-GJJ-0001', 500],
        ['JX-RSJ-0001', 300],
      ]),
    );
    await catalog.publication.catalogChanged();
    await eventuallyCodes({ pageSize: 2 }, ['JX-GJJ-0001', 'JX-RSJ-0001']);
  });
});
