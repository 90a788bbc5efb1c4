import type { HallRecord } from '../models/hall.model';
import type { ThemeRecord } from '../models/theme.model';
import { DEMO_DEPARTMENTS } from './demo-departments';

export const CITY_HALL = 'HALL-SZ';
export const MISHAN_HALL = 'HALL-MS';

/** County-level units with their own hall; 密山市 is the reform's pilot county and comes first. */
export const DEMO_COUNTIES = [
  {
    code: 'MS',
    name: '密山市',
    hall: MISHAN_HALL,
    address: '密山市中山路 政务服务中心（演示地址）',
    phone: '0467-5212345',
  },
  {
    code: 'HL',
    name: '虎林市',
    hall: 'HALL-HL',
    address: '虎林市虎林大街 政务服务中心（演示地址）',
    phone: '0467-5812345',
  },
  {
    code: 'JD',
    name: '鸡东县',
    hall: 'HALL-JD',
    address: '鸡东县鸡东镇 政务服务中心（演示地址）',
    phone: '0467-5412345',
  },
  {
    code: 'JG',
    name: '鸡冠区',
    hall: 'HALL-JG',
    address: '鸡西市鸡冠区 区政务服务中心（演示地址）',
    phone: '0467-2612345',
  },
] as const;
export type DemoCounty = (typeof DEMO_COUNTIES)[number];

const OPENING_HOURS = '工作日 8:30–11:30，13:30–17:00（法定节假日休息，调休工作日照常办公）';

/** Window codes: `ZH01` in the city hall, `MS-ZH01` in a county hall; department windows `D-<dept>`. */
export function windowPrefix(county?: DemoCounty): string {
  return county ? `${county.code}-` : '';
}

/** 一窗受理: general acceptance windows take every item; department windows take their own. */
export function demoHalls(): HallRecord[] {
  const general = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      code: `${prefix}ZH${String(i + 1).padStart(2, '0')}`,
      name: `综合受理${i + 1}号窗口`,
      type: '综合受理' as const,
    }));
  const consult = (prefix: string) => [
    { code: `${prefix}ZX01`, name: '综合咨询窗口', type: '综合咨询' as const },
    { code: `${prefix}ZX02`, name: '帮办代办窗口', type: '综合咨询' as const },
  ];
  const departmentWindows = (prefix: string, onlyMishan: boolean) =>
    DEMO_DEPARTMENTS.filter((d) => !onlyMishan || d.inMishan).map((d) => ({
      code: `${prefix}D-${d.code}`,
      name: `${d.name.replace(/^市|^国家税务总局鸡西市/, '')}窗口`,
      type: '部门窗口' as const,
      departmentCode: d.code,
    }));
  return [
    {
      code: CITY_HALL,
      name: '市政务服务中心',
      address: '鸡西市鸡冠区中心大街 政务服务中心一至三楼（演示地址）',
      phone: '0467-12345',
      openingHours: OPENING_HOURS,
      windows: [...general('', 8), ...consult(''), ...departmentWindows('', false)],
      order: 1,
    },
    ...DEMO_COUNTIES.map((county, i) => ({
      code: county.hall,
      name: `${county.name}政务服务中心`,
      address: county.address,
      phone: county.phone,
      openingHours: OPENING_HOURS,
      windows: [
        ...general(windowPrefix(county), 4),
        ...consult(windowPrefix(county)),
        // The pilot county hosts department windows; the others accept everything at 综合受理.
        ...(county.code === 'MS' ? departmentWindows(windowPrefix(county), true) : []),
      ],
      order: i + 2,
    })),
  ];
}

/** Life events (一件事) and the item-name fragments that place an item in them. */
export const DEMO_THEMES: Array<ThemeRecord & { keywords: string[] }> = [
  {
    code: 'KBQY',
    name: '开办企业',
    audience: 'enterprise',
    order: 1,
    description: '营业执照、公章刻制、发票申领、社保登记一次办',
    keywords: [
      '有限责任公司设立登记',
      '个人独资企业设立登记',
      '合伙企业设立登记',
      '公章刻制',
      '发票领用',
      '税务登记',
      '社会保险登记',
      '单位缴存登记',
      '银行账户开立',
      '企业名称自主申报',
    ],
  },
  {
    code: 'XSECS',
    name: '新生儿出生',
    audience: 'citizen',
    order: 2,
    description: '出生医学证明、户口登记、医保参保、社保卡一次办',
    keywords: [
      '出生医学证明',
      '出生登记',
      '城乡居民基本医疗保险参保登记',
      '社会保障卡申领',
      '生育保险待遇申领',
    ],
  },
  {
    code: 'BDCZY',
    name: '不动产转移登记',
    audience: 'citizen',
    order: 3,
    description: '二手房过户、税费缴纳与水电气热过户一次办',
    keywords: [
      '房屋所有权转移登记',
      '存量房',
      '契税',
      '用水过户',
      '用电过户',
      '燃气过户',
      '集中供热过户',
      '宽带过户',
    ],
  },
  {
    code: 'QYZX',
    name: '企业注销',
    audience: 'enterprise',
    order: 4,
    description: '税务、社保、工商注销一次办',
    keywords: ['注销登记（', '税务注销', '社会保险注销登记', '银行账户撤销', '报关单位注销'],
  },
  {
    code: 'TX',
    name: '退休',
    audience: 'citizen',
    order: 5,
    description: '退休审批、养老金申领、公积金提取一次办',
    keywords: ['退休审批', '养老保险待遇申领', '提取（退休）'],
  },
  {
    code: 'SHS',
    name: '身后事',
    audience: 'citizen',
    order: 6,
    description: '死亡注销、丧葬补助、遗属待遇一次办',
    keywords: ['死亡注销', '丧葬补助金申领', '遗属待遇申领', '殡葬补贴'],
  },
  {
    code: 'JYCY',
    name: '就业创业',
    audience: 'citizen',
    order: 7,
    description: '就业登记、创业贷款、补贴申领一次办',
    keywords: [
      '就业创业证',
      '创业担保贷款',
      '失业保险金申领',
      '职业培训补贴',
      '技能提升补贴',
      '个体工商户设立登记',
      '青年创业',
    ],
  },
  {
    code: 'RX',
    name: '子女入学',
    audience: 'citizen',
    order: 8,
    description: '入学登记、学籍、资助申请一次办',
    keywords: ['入学', '学籍', '资助', '助学金'],
  },
  {
    code: 'KBCG',
    name: '开餐馆',
    audience: 'enterprise',
    order: 9,
    description: '营业执照、食品经营许可、消防检查一次办',
    keywords: ['个体工商户设立登记', '食品经营许可（新办）', '公众聚集场所投入使用', '户外广告设置许可'],
  },
  {
    code: 'GCJS',
    name: '工程建设项目审批',
    audience: 'enterprise',
    order: 10,
    description: '立项、规划、施工、竣工验收并联审批',
    keywords: [
      '企业投资项目',
      '建设用地规划许可',
      '建设工程规划许可',
      '建筑工程施工许可',
      '环境影响',
      '消防设计审查',
      '消防验收',
      '竣工验收备案',
      '人防工程',
    ],
  },
];
