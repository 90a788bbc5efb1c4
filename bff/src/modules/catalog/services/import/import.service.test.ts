import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestEnv, type TestEnv } from '../../../../../test/support/test-env';
import { AppError } from '../../../../http/app-error';
import { createCatalog, type Catalog } from '../../catalog.module';
import { fixtureItem, FIXTURE_ITEMS, loadReferenceData } from '../../testing/fixtures';
import { ITEM_COLUMNS } from './columns';
import { toCsv } from './csv';
import { formatIssue } from './validate-rows';
import { itemToCells, writeItemsCsv, writeItemsWorkbook } from './write-table';

let env: TestEnv;
let catalog: Catalog;
let dir: string;

beforeAll(async () => {
  env = await createTestEnv();
  catalog = createCatalog(env.deps);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-import-'));
  await loadReferenceData(catalog);
});
afterAll(async () => {
  await env.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function expectFileError(file: string, message: RegExp) {
  const err = await catalog.importer.importFile(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'IMPORT_INVALID_FILE', status: 400 });
  expect((err as AppError).message).toMatch(message);
}

describe('importing a workbook', () => {
  const file = () => path.join(dir, 'items.xlsx');

  it('creates every valid item as a draft, with a change-log entry each', async () => {
    await writeItemsWorkbook(file(), FIXTURE_ITEMS);
    const progress: number[] = [];
    const report = await catalog.importer.importFile(file(), {
      actor: 'tester',
      onProgress: (e) => progress.push(e.done),
    });
    expect(report).toMatchObject({
      format: 'xlsx',
      rows: 10,
      created: 10,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      written: true,
      issues: [],
    });
    expect(progress.at(-1)).toBe(10);
    const stored = await catalog.repos.items.findByCode('JX-ZRZY-0001');
    expect(stored).toMatchObject({ status: 'draft', popularity: 0, search: { initials: 'bdcdj' } });
    expect(stored?.guide.materials).toHaveLength(4);
    expect(await catalog.publication.history('JX-ZRZY-0001')).toEqual([
      expect.objectContaining({ action: 'create', actor: 'tester', source: 'items.xlsx' }),
    ]);
  });

  it('changes nothing when run again', async () => {
    const report = await catalog.importer.importFile(file());
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 10, rejected: 0 });
    expect(await catalog.publication.history('JX-ZRZY-0001')).toHaveLength(1);
  });

  it('updates a changed item (动态调整) and logs who changed what', async () => {
    const changed = FIXTURE_ITEMS.map((i) =>
      i.code === 'JX-ZRZY-0001' ? { ...i, maxTrips: 0, guide: { ...i.guide, fees: '工本费 10 元' } } : i,
    );
    await writeItemsWorkbook(file(), changed);
    const report = await catalog.importer.importFile(file(), { actor: '张三' });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 9 });
    const [latest] = await catalog.publication.history('JX-ZRZY-0001');
    expect(latest).toMatchObject({
      action: 'update',
      actor: '张三',
      changes: [
        { field: 'maxTrips', before: 1, after: 0 },
        { field: 'guide.fees', before: '不收费', after: '工本费 10 元' },
      ],
    });
  });

  it('--publish publishes the file in a dated batch, once', async () => {
    const report = await catalog.importer.importFile(file(), {
      publish: true,
      batch: '第一批',
      publishedAt: new Date('2018-06-30T01:00:00Z'),
    });
    expect(report).toMatchObject({ unchanged: 10, published: 10, batch: '第一批' });
    expect(await catalog.repos.items.findByCode('JX-GA-0001')).toMatchObject({
      status: 'published',
      batch: '第一批',
    });
    const again = await catalog.importer.importFile(file(), { publish: true, batch: '第二批' });
    expect(again).toMatchObject({ unchanged: 10, published: 0 });
    expect(await catalog.repos.items.findByCode('JX-GA-0001')).toMatchObject({ batch: '第一批' });
  });
});

describe('invalid rows', () => {
  it('rejects only the bad rows, reports them in Chinese, and writes the others whole', async () => {
    const good = fixtureItem({ code: 'JX-TEST-0001', name: '测试事项一' });
    const bad = fixtureItem({ code: 'JX-TEST-0002', name: '测试事项二' });
    const keys = Object.keys(ITEM_COLUMNS) as Array<keyof typeof ITEM_COLUMNS>;
    const badCells = {
      ...itemToCells(bad, true),
      maxTrips: '3',
      tripsReason: '',
      materials: '申请表|原件|两份|必须提交',
    };
    const file = path.join(dir, 'mixed.csv');
    await fs.writeFile(
      file,
      toCsv([
        keys.map((k) => ITEM_COLUMNS[k].header),
        keys.map((k) => itemToCells(good, true)[k]),
        keys.map((k) => badCells[k]),
      ]),
    );
    const report = await catalog.importer.importFile(file);
    expect(report).toMatchObject({ format: 'csv', rows: 2, created: 1, rejected: 1 });
    expect(report.issues.map(formatIssue)).toEqual([
      '「事项」第 3 行「跑动原因」：最多跑动 3 次须说明原因',
      '「事项」第 3 行「申请材料」：材料“申请表”的份数“两份”无效，应为 1–99 的整数（格式：名称|形式|份数|要求|备注）',
    ]);
    expect(await catalog.repos.items.findByCode('JX-TEST-0002')).toBeNull();
    expect((await catalog.repos.items.findByCode('JX-TEST-0001'))?.guide.materials).toHaveLength(4);
  });

  it('with allOrNothing, writes nothing when any row is wrong', async () => {
    const file = path.join(dir, 'strict.csv');
    await writeItemsCsv(file, [
      fixtureItem({ code: 'JX-TEST-0003', name: '测试事项三' }),
      fixtureItem({
        code: 'JX-TEST-0004',
        name: '测试事项四',
        guide: { halls: [{ hallCode: 'HALL-NONE', windows: [] }] },
      }),
    ]);
    const report = await catalog.importer.importFile(file, { allOrNothing: true });
    expect(report).toMatchObject({ written: false, created: 0, rejected: 1 });
    expect(report.issues[0]).toMatchObject({ row: 3, column: '办理地点', reason: '大厅“HALL-NONE”不存在' });
    expect(await catalog.repos.items.findByCode('JX-TEST-0003')).toBeNull();
  });
});

describe('wrong files', () => {
  it('refuses other file types with a clear message', async () => {
    const txt = path.join(dir, 'items.txt');
    await fs.writeFile(txt, 'hello');
    await expectFileError(txt, /不支持的文件类型“\.txt”/);
    await expectFileError(path.join(dir, 'old.xls'), /另存为 \.xlsx/);
  });

  it('refuses a text file named .xlsx, a missing file, non-UTF-8 CSV and missing columns', async () => {
    const fake = path.join(dir, 'fake.xlsx');
    await fs.writeFile(fake, '事项编码,事项名称\n');
    await expectFileError(fake, /不是有效的 Excel 工作簿/);
    await expectFileError(path.join(dir, 'missing.csv'), /找不到或无法读取文件/);
    const gbk = path.join(dir, 'gbk.csv');
    await fs.writeFile(gbk, Buffer.from([0xca, 0xc2, 0xcf, 0xee, 0x2c, 0x0a]));
    await expectFileError(gbk, /不是 UTF-8 编码/);
    const partial = path.join(dir, 'partial.csv');
    await fs.writeFile(
      partial,
      toCsv([
        ['事项编码', '事项名称'],
        ['JX-A-1', '甲'],
      ]),
    );
    await expectFileError(partial, /缺少必需的列：实施部门编码、实施部门/);
  });
});
