import type { Guide } from '@app/shared';
import type { Catalog } from '../catalog.module';
import { DEMO_THEMES, demoHalls } from '../demo/demo-reference';
import type { ItemForSheet } from '../services/import/write-table';

/** A complete item with a believable guide; tests override only what they are about. */
export type FixtureOverrides = Omit<Partial<ItemForSheet>, 'guide'> &
  Pick<ItemForSheet, 'code' | 'name'> & { guide?: Partial<Guide> };

export function fixtureItem({ guide, ...overrides }: FixtureOverrides): ItemForSheet {
  return {
    departmentCode: 'ZRZY',
    departmentName: '市自然资源局',
    kind: '行政权力',
    level: '市',
    maxTrips: 1,
    onlineCapable: true,
    themes: [],
    ...overrides,
    guide: {
      conditions: ['申请材料齐全、符合法定形式'],
      materials: [
        { name: '申请表', form: '原件', count: 1, requirement: 'required' },
        { name: '申请人居民身份证', form: '原件', count: 1, requirement: 'shared', note: '电子证照核验' },
        { name: '授权委托书', form: '原件', count: 1, requirement: 'waivable' },
        { name: '户籍证明', form: '原件', count: 1, requirement: 'cancelled' },
      ],
      steps: [{ title: '申请', description: '网上或窗口提交' }, { title: '受理' }, { title: '办结' }],
      legalLimitDays: 20,
      promisedLimitDays: 5,
      fees: '不收费',
      halls: [{ hallCode: 'HALL-SZ', windows: ['ZH01'] }],
      phone: '0467-2100100',
      ...guide,
    },
  };
}

export const FIXTURE_ITEMS: ItemForSheet[] = [
  fixtureItem({ code: 'JX-ZRZY-0001', name: '不动产登记', maxTrips: 1 }),
  fixtureItem({
    code: 'JX-ZRZY-0002',
    name: '国有建设用地使用权及房屋所有权转移登记',
    maxTrips: 2,
    tripsReason: '需现场核验原件并实地踏勘',
    onlineCapable: false,
    themes: ['BDCZY'],
  }),
  fixtureItem({ code: 'JX-ZRZY-0003', name: '不动产登记资料查询', maxTrips: 0 }),
  fixtureItem({
    code: 'JX-SCJG-0001',
    name: '有限责任公司设立登记',
    departmentCode: 'SCJG',
    departmentName: '市市场监督管理局',
    maxTrips: 0,
    themes: ['KBQY'],
  }),
  fixtureItem({
    code: 'JX-SCJG-0002',
    name: '营业执照补领',
    departmentCode: 'SCJG',
    departmentName: '市市场监督管理局',
    maxTrips: 1,
  }),
  fixtureItem({
    code: 'JX-GJJ-0001',
    name: '住房公积金提取（购房）',
    departmentCode: 'GJJ',
    departmentName: '市住房公积金管理中心',
    kind: '公共服务',
    maxTrips: 0,
  }),
  fixtureItem({
    code: 'JX-RSJ-0001',
    name: '社会保障卡申领',
    departmentCode: 'RSJ',
    departmentName: '市人力资源和社会保障局',
    kind: '公共服务',
    maxTrips: 1,
    themes: ['XSECS'],
  }),
  fixtureItem({
    code: 'JX-GA-0001',
    name: '户口迁入（投靠）',
    departmentCode: 'GA',
    departmentName: '市公安局',
    maxTrips: 2,
    tripsReason: '需本人到场采集信息',
    onlineCapable: false,
  }),
  fixtureItem({
    code: 'JX-GA-0002',
    name: '出生登记',
    departmentCode: 'GA',
    departmentName: '市公安局',
    maxTrips: 1,
    themes: ['XSECS'],
  }),
  fixtureItem({
    code: 'MS-GA-0001',
    name: '出生登记（密山市）',
    departmentCode: 'GA',
    departmentName: '市公安局',
    level: '县区',
    maxTrips: 1,
    guide: { halls: [{ hallCode: 'HALL-MS', windows: ['MS-ZH01'] }] },
  }),
];

/** Halls and themes the fixture rows point to. */
export async function loadReferenceData(catalog: Catalog): Promise<void> {
  await catalog.reference.upsert({
    halls: demoHalls(),
    themes: DEMO_THEMES.map(({ keywords: _k, ...t }) => t),
  });
}
