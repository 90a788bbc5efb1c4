import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { createCatalog } from '../catalog.module';
import { generateDemoItems } from './demo-catalog';
import { seedDemoCatalog, seedDemoCatalogIfEmpty } from './seed-demo';

describe('demo catalogue (generator)', () => {
  const items = generateDemoItems();

  it('is deterministic: 4,505 items over 50 departments, believable trips', () => {
    expect(generateDemoItems().slice(0, 50)).toEqual(items.slice(0, 50));
    expect(items).toHaveLength(4505);
    expect(new Set(items.map((i) => i.code)).size).toBe(4505);
    expect(new Set(items.map((i) => i.departmentCode)).size).toBe(50);
    const share = items.filter((i) => i.maxTrips <= 1).length / items.length;
    expect(share).toBeGreaterThan(0.72);
    expect(share).toBeLessThan(0.8);
    expect(items.filter((i) => i.maxTrips > 1).every((i) => i.tripsReason)).toBe(true);
  });
});

describe('seeding (through the spreadsheet and the importer)', () => {
  let env: TestEnv;
  let dir: string;
  beforeAll(async () => {
    env = await createTestEnv();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-seed-'));
  });
  afterAll(async () => {
    await env.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the workbook, imports it, publishes three batches; the city meets its target', async () => {
    const file = path.join(dir, 'demo-items.xlsx');
    const result = await seedDemoCatalog(createCatalog(env.deps), { file });
    expect(result.import).toMatchObject({ created: 4505, rejected: 0 });
    expect(result.published + result.drafts).toBe(4505);
    await expect(fs.stat(file)).resolves.toBeTruthy();
    expect(await seedDemoCatalogIfEmpty(env.deps)).toBeUndefined();

    const stats = await request(env.callback).get('/api/stats/reform').expect(200);
    expect(stats.body.overall.total).toBe(result.published);
    expect(stats.body.meetsTarget).toBe(true);
    expect(stats.body.byDepartment[0].share).toBeLessThan(0.7);

    const byInitials = await request(env.callback).get('/api/items').query({ q: 'bdcdj' }).expect(200);
    expect(byInitials.body.total).toBeGreaterThan(20);
    expect(byInitials.body.items[0].name).toMatch(/^不动产/);
    const fund = await request(env.callback)
      .get('/api/items')
      .query({ q: 'gongjijin', pageSize: 5 })
      .expect(200);
    expect(fund.body.items.every((i: { name: string }) => i.name.includes('公积金'))).toBe(true);
    // Issue 17.9: the seeded synonyms and aliases, the “您是不是要找” suggestion.
    expect(result.import.synonyms).toMatchObject({ rejected: 0 });
    expect(result.import.synonyms!.written).toBeGreaterThanOrEqual(10);
    const licence = await request(env.callback)
      .get('/api/items')
      .query({ q: '营业执照', pageSize: 100 })
      .expect(200);
    const licenceNames = licence.body.items.map((i: { name: string }) => i.name);
    expect(licenceNames.filter((n: string) => n.includes('设立登记')).length).toBeGreaterThanOrEqual(42);
    expect(licenceNames).toEqual(expect.arrayContaining([expect.stringMatching(/^营业执照补领/)]));
    const typo = await request(env.callback).get('/api/items').query({ q: '营业执找' }).expect(200);
    expect(typo.body).toMatchObject({
      didYouMean: '营业执照',
      showingSuggestion: true,
      total: licence.body.total,
    });
    const halls = await request(env.callback).get('/api/halls').expect(200);
    expect(halls.body.items.map((h: { name: string }) => h.name)).toEqual(
      expect.arrayContaining(['市政务服务中心', '密山市政务服务中心']),
    );
  }, 120_000);
});
