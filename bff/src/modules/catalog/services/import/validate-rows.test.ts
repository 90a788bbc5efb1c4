import { FIXTURE_ITEMS } from '../../testing/fixtures';
import { DEMO_THEMES, demoHalls } from '../../demo/demo-reference';
import { ITEM_SHEET, MATERIAL_SHEET, type ItemColumn, type MaterialColumn, type RawRow } from './columns';
import { parseCsv, toCsv } from './csv';
import {
  formatIssue,
  parseMaterial,
  validateImport,
  validateSynonyms,
  type ImportReferences,
} from './validate-rows';
import { itemToCells } from './write-table';

const refs: ImportReferences = {
  halls: new Map(demoHalls().map((h) => [h.code, new Set(h.windows.map((w) => w.code))])),
  themes: new Set(DEMO_THEMES.map((t) => t.code)),
};

function rows(overrides: Array<Partial<Record<ItemColumn, string>>> = []): RawRow<ItemColumn>[] {
  return FIXTURE_ITEMS.slice(0, Math.max(overrides.length, 1)).map((item, i) => ({
    sheet: ITEM_SHEET,
    row: i + 2,
    cells: { ...itemToCells(item, true), ...overrides[i] },
  }));
}

describe('row validation', () => {
  it('accepts a complete row and builds the guide (materials from the 申请材料 cell)', () => {
    const result = validateImport({ format: 'csv', items: rows() }, refs);
    expect(result.issues).toEqual([]);
    expect(result.items[0]).toMatchObject({
      code: 'JX-ZRZY-0001',
      maxTrips: 1,
      onlineCapable: true,
      guide: {
        materials: FIXTURE_ITEMS[0].guide.materials,
        halls: [{ hallCode: 'HALL-SZ', windows: ['ZH01'] }],
      },
    });
  });

  it('reports every bad cell with row, column and a Chinese reason, and refuses the row', () => {
    const result = validateImport(
      {
        format: 'csv',
        items: rows([
          {},
          {
            maxTrips: '三',
            onlineCapable: '也许',
            kind: '行政许可',
            promisedLimitDays: '30',
            legalLimitDays: '20',
          },
          { maxTrips: '2', tripsReason: '', halls: 'HALL-XX:ZH01', themes: 'NOPE' },
        ]),
      },
      refs,
    );
    expect(result.items.map((i) => i.code)).toEqual(['JX-ZRZY-0001']);
    expect(result.rejectedRows).toBe(2);
    const lines = result.issues.map(formatIssue);
    expect(lines).toEqual(
      expect.arrayContaining([
        '「事项」第 3 行「事项类型」：“行政许可”无效，应为：行政权力 / 公共服务',
        '「事项」第 3 行「最多跑动次数」：“三”不是整数',
        '「事项」第 3 行「网上可办」：“也许”无效，应为“是”或“否”',
        '「事项」第 3 行「承诺时限」：承诺时限（30）不能超过法定时限（20）',
        '「事项」第 4 行「跑动原因」：最多跑动 2 次须说明原因',
        '「事项」第 4 行「办理地点」：大厅“HALL-XX”不存在',
        '「事项」第 4 行「主题」：主题“NOPE”不存在',
      ]),
    );
  });

  it('refuses duplicated codes in one file (all occurrences)', () => {
    const result = validateImport({ format: 'csv', items: rows([{}, { code: 'JX-ZRZY-0001' }]) }, refs);
    expect(result.items).toEqual([]);
    expect(result.issues[1].reason).toMatch(/重复（首次出现在第 2 行）/);
  });

  it('refuses an item whose row in the 材料 sheet is wrong, and reports that row', () => {
    const materials: RawRow<MaterialColumn>[] = [
      {
        sheet: MATERIAL_SHEET,
        row: 2,
        cells: {
          itemCode: 'JX-ZRZY-0001',
          name: '申请表',
          form: '原件',
          count: '1',
          requirement: '必须提交',
        },
      },
      {
        sheet: MATERIAL_SHEET,
        row: 3,
        cells: {
          itemCode: 'JX-ZRZY-0002',
          name: '身份证',
          form: '扫描件',
          count: '1',
          requirement: '必须提交',
        },
      },
      {
        sheet: MATERIAL_SHEET,
        row: 4,
        cells: { itemCode: 'NOPE-1', name: 'x', form: '原件', count: '1', requirement: '容缺' },
      },
    ];
    const result = validateImport({ format: 'xlsx', items: rows([{}, {}]), materials }, refs);
    expect(result.items.map((i) => [i.code, i.guide.materials.length])).toEqual([['JX-ZRZY-0001', 1]]);
    expect(result.issues.map(formatIssue)).toEqual([
      '「事项」第 3 行「申请材料」：「材料」表第 3 行有误，该事项不导入',
      '「材料」第 3 行「材料」：材料“身份证”的形式“扫描件”无效，应为：原件 / 复印件 / 原件和复印件 / 电子件',
      '「材料」第 4 行「事项编码」：事项“NOPE-1”不在「事项」表中',
    ]);
  });

  it('reads material requirements in Chinese, including 容缺 / 免提交 / 已取消', () => {
    expect(
      parseMaterial({ name: '户籍证明', form: '原件', count: '1', requirement: '已取消' }).material
        ?.requirement,
    ).toBe('cancelled');
    expect(
      parseMaterial({ name: '身份证', form: '原件', count: '1', requirement: '免提交' }).material
        ?.requirement,
    ).toBe('shared');
    expect(parseMaterial({ name: '委托书', form: '原件', count: '0', requirement: '容缺' }).reason).toMatch(
      /份数/,
    );
  });
});

describe('CSV', () => {
  it('round-trips quotes, commas, new lines and Chinese, with the BOM Excel writes', () => {
    const records = [
      ['事项编码', '受理条件'],
      ['A-1', '第一条, 含逗号\n第二条 "引号"'],
    ];
    expect(parseCsv(toCsv(records))).toEqual(records);
  });
});

describe('俗称 and 同义词 (issue 17.9)', () => {
  it('splits 俗称 on 顿号, commas, semicolons and lines; drops repeats and the name itself', () => {
    const result = validateImport(
      { format: 'csv', items: rows([{ aliases: '房产证、 房产证,不动产登记；产权证\n过户' }]) },
      refs,
    );
    expect(result.issues).toEqual([]);
    expect(result.items[0].aliases).toEqual(['房产证', '产权证', '过户']);
    expect(validateImport({ format: 'csv', items: rows([{ aliases: '' }]) }, refs).items[0].aliases).toBe(
      undefined,
    );
  });

  it('refuses a 俗称 over 20 字 or more than 10 of them, in Chinese', () => {
    const long = validateImport({ format: 'csv', items: rows([{ aliases: '长'.repeat(21) }]) }, refs);
    expect(long.issues.map(formatIssue)).toEqual([
      `「事项」第 2 行「俗称」：“${'长'.repeat(20)}…”超过 20 个字`,
    ]);
    const many = validateImport(
      {
        format: 'csv',
        items: rows([{ aliases: Array.from({ length: 11 }, (_, i) => `别名${i}`).join('、') }]),
      },
      refs,
    );
    expect(many.issues.map(formatIssue)).toEqual(['「事项」第 2 行「俗称」：最多 10 个（当前 11 个）']);
  });

  it('validates 同义词 rows: term and expansions required, a repeated term refused', () => {
    const row = (n: number, term: string, expansions: string) => ({
      sheet: '同义词',
      row: n,
      cells: { term, expansions },
    });
    const result = validateSynonyms([
      row(2, '营业执照', '设立登记、营业执照'),
      row(3, '', '居民身份证'),
      row(4, '房产证', ''),
      row(5, '营业执照', '开公司'),
    ]);
    expect(result.synonyms).toEqual([{ term: '营业执照', expansions: ['设立登记'] }]);
    expect(result.issues.map(formatIssue)).toEqual([
      '「同义词」第 3 行「词语」：不能为空',
      '「同义词」第 4 行「同义词」：不能为空，多个同义词用顿号或逗号分隔',
      '「同义词」第 5 行「词语」：词语“营业执照”在文件中重复（首次出现在第 2 行）',
    ]);
  });
});
