import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { signedIn } from '../auth/testing/identity-fixtures';
import { createCatalog, type Catalog } from './catalog.module';
import { writeItemsCsv, writeSynonymsCsv } from './services/import/write-table';
import { fixtureItem, FIXTURE_ITEMS, loadReferenceData } from './testing/fixtures';

let env: TestEnv;
/** A second catalog, as another BFF process or the import CLI would have. */
let other: Catalog;
let dir: string;
let admin: { header: string };

const codes = async (q: string) =>
  (
    (await request(env.callback).get('/api/items').query({ q }).expect(200)).body.items as Array<{
      code: string;
    }>
  ).map((i) => i.code);

/** Other processes learn of a change through Redis (pub/sub, at worst the 1 s trust window). */
async function eventually(q: string, check: (found: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 3000;
  let found = await codes(q);
  while (!check(found) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    found = await codes(q);
  }
  return found;
}

beforeAll(async () => {
  env = await createTestEnv();
  other = createCatalog(env.deps);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-synonyms-'));
  await loadReferenceData(other);
  const file = path.join(dir, 'items.csv');
  await writeItemsCsv(file, FIXTURE_ITEMS);
  await other.importer.importFile(file, { publish: true, batch: '第一批' });
  admin = await signedIn(env.deps, 'admin');
});

afterAll(async () => {
  await env.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const synonyms = () => request(env.callback).get('/api/admin/synonyms').set('Authorization', admin.header);

describe('synonyms table (admin) and search', () => {
  it('an admin adds, edits and deletes a synonym; search follows each change', async () => {
    expect(await codes('营业执照')).toEqual(['JX-SCJG-0002']);

    const created = await request(env.callback)
      .post('/api/admin/synonyms')
      .set('Authorization', admin.header)
      .send({ term: ' 营业执照 ', expansions: ['设立登记', '设立登记', '营业执照'] })
      .expect(201);
    expect(created.body).toMatchObject({ term: '营业执照', expansions: ['设立登记'] });
    expect(await eventually('营业执照', (c) => c.includes('JX-SCJG-0001'))).toEqual([
      'JX-SCJG-0002',
      'JX-SCJG-0001',
    ]);
    // Pinyin and initials of the term expand the same way.
    expect(await codes('yyzz')).toEqual(expect.arrayContaining(['JX-SCJG-0001', 'JX-SCJG-0002']));

    const listed = await synonyms().expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, term: '营业执照' })]);

    await request(env.callback)
      .put(`/api/admin/synonyms/${created.body.id}`)
      .set('Authorization', admin.header)
      .send({ term: '营业执照', expansions: ['公积金'] })
      .expect(200);
    expect(await eventually('营业执照', (c) => c.includes('JX-GJJ-0001'))).toEqual([
      'JX-SCJG-0002',
      'JX-GJJ-0001',
    ]);

    await request(env.callback)
      .delete(`/api/admin/synonyms/${created.body.id}`)
      .set('Authorization', admin.header)
      .expect(200);
    expect(await eventually('营业执照', (c) => c.length === 1)).toEqual(['JX-SCJG-0002']);
    await request(env.callback)
      .delete(`/api/admin/synonyms/${created.body.id}`)
      .set('Authorization', admin.header)
      .expect(404)
      .expect((res) => expect(res.body.error.code).toBe('SYNONYM_NOT_FOUND'));

    // Each write is in the audit log with its action name and the entry before / after.
    const supervisor = await signedIn(env.deps, 'supervisor');
    const audit = await request(env.callback)
      .get('/api/audit')
      .query({ action: 'catalog.synonym-update' })
      .set('Authorization', supervisor.header)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'catalog.synonym-update',
      target: created.body.id,
      before: { term: '营业执照', expansions: ['设立登记'] },
      after: { term: '营业执照', expansions: ['公积金'] },
    });
  });

  it('another process editing the table reaches this one (catalog version in Redis)', async () => {
    await other.synonyms.create({ term: '社保', expansions: ['社会保障卡'] }, 'cli');
    expect(await eventually('社保', (c) => c.length > 0)).toEqual(['JX-RSJ-0001']);
  });

  it('refuses people who are not admins', async () => {
    for (const role of ['citizen', 'staff', 'supervisor'] as const) {
      const user = await signedIn(env.deps, role);
      await request(env.callback).get('/api/admin/synonyms').set('Authorization', user.header).expect(403);
      await request(env.callback)
        .post('/api/admin/synonyms')
        .set('Authorization', user.header)
        .send({ term: '驾照', expansions: ['驾驶证'] })
        .expect(403);
    }
    await request(env.callback).get('/api/admin/synonyms').expect(401);
  });

  it('bad input: 400 with a Chinese message per field; a taken term: 409', async () => {
    const post = (body: object) =>
      request(env.callback).post('/api/admin/synonyms').set('Authorization', admin.header).send(body);
    const messages = (res: request.Response) =>
      (res.body.error.details.fields as Array<{ message: string }>).map((f) => f.message);

    const empty = await post({ term: '驾照', expansions: [] }).expect(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect(messages(empty)).toContain('请填写至少一个同义词');
    expect(messages(await post({ term: '', expansions: ['驾驶证'] }).expect(400))).toContain('词语不能为空');
    expect(messages(await post({ term: '驾照', expansions: ['驾驶证，行驶证'] }).expect(400))).toContain(
      '同义词不能包含逗号、顿号或分号',
    );
    expect(messages(await post({ term: '驾'.repeat(21), expansions: ['驾驶证'] }).expect(400))).toContain(
      '词语最多 20 个字',
    );
    const same = await post({ term: '驾照', expansions: ['驾照'] }).expect(400);
    expect(same.body.error.message).toMatch(/同义词不能与词语本身相同/);
    await request(env.callback)
      .put('/api/admin/synonyms/not-an-id')
      .set('Authorization', admin.header)
      .send({ term: '驾照', expansions: ['驾驶证'] })
      .expect(400);

    await post({ term: '驾照', expansions: ['驾驶证'] }).expect(201);
    const taken = await post({ term: '驾照', expansions: ['驾驶证'] }).expect(409);
    expect(taken.body.error).toMatchObject({
      code: 'SYNONYM_EXISTS',
      message: '该词语已有同义词设置，请直接修改',
    });
  });
});

describe('importing synonyms and aliases with the catalog', () => {
  it('a synonyms CSV (词语,同义词) updates the table; search follows', async () => {
    const file = path.join(dir, 'synonyms.csv');
    await writeSynonymsCsv(file, [
      { term: '户口', expansions: ['出生登记'] },
      { term: '驾照', expansions: ['驾驶证'] },
    ]);
    const report = await other.importer.importFile(file);
    expect(report.synonyms).toEqual({ written: 1, unchanged: 1, rejected: 0 });
    expect(await eventually('户口', (c) => c.includes('JX-GA-0002'))).toEqual(
      expect.arrayContaining(['JX-GA-0001', 'JX-GA-0002', 'MS-GA-0001']),
    );
    expect((await other.importer.importFile(file)).synonyms).toEqual({
      written: 0,
      unchanged: 2,
      rejected: 0,
    });
  });

  it('the 俗称 column: shown on the guide, found by search (Chinese and pinyin)', async () => {
    const file = path.join(dir, 'aliases.csv');
    await writeItemsCsv(file, [
      fixtureItem({ code: 'JX-ZRZY-0003', name: '不动产登记资料查询', maxTrips: 0, aliases: ['查房产'] }),
    ]);
    const report = await other.importer.importFile(file);
    expect(report).toMatchObject({ updated: 1, rejected: 0 });
    expect(await eventually('查房产', (c) => c.length > 0)).toEqual(['JX-ZRZY-0003']);
    expect(await codes('chafangchan')).toEqual(['JX-ZRZY-0003']);
    const detail = await request(env.callback).get('/api/items/JX-ZRZY-0003').expect(200);
    expect(detail.body.aliases).toEqual(['查房产']);
  });
});
