import type { Guide, ItemKind, ItemLevel, Material } from '@app/shared';
import type { ValidItem } from '../services/import/validate-rows';
import { DEMO_DEPARTMENTS, DEMO_TARGET_ITEMS, type DemoDepartment } from './demo-departments';
import { CITY_HALL, DEMO_COUNTIES, DEMO_THEMES, windowPrefix, type DemoCounty } from './demo-reference';
import { demoAliases } from './demo-synonyms';
import { mulberry32 } from '../../../infra/seeded-random';

export type DemoItem = Omit<ValidItem, 'row'>;

/** A seeded generator (mulberry32), so the demo catalogue is the same on every machine. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof seededRandom>;

/** Sub-items (办理项) the way real catalogues split a change or a closure by situation. */
function expand(name: string): string[] {
  if (/变更登记$/.test(name))
    return [name, `${name}（名称）`, `${name}（住所）`, `${name}（法定代表人）`, `${name}（经营范围）`];
  if (/注销登记$/.test(name) && /公司|企业|合作社|个体/.test(name))
    return [`${name}（简易注销）`, `${name}（一般注销）`];
  if (/（变更）$/.test(name))
    return [name, name.replace('（变更）', '（变更名称）'), name.replace('（变更）', '（变更地址）')];
  return [name];
}

function baseNames(d: DemoDepartment): string[] {
  const compose = d.compose ?? ((s: string, a: string) => `${s}${a}`);
  const combined = d.subjects.flatMap((s) => d.actions.map((a) => compose(s, a)));
  return Array.from(new Set([...combined, ...(d.fixed ?? [])].flatMap(expand)));
}

interface Slot {
  department: DemoDepartment;
  name: string;
  level: ItemLevel;
  county?: DemoCounty;
}

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/**
 * Every item exists at city level. Counties implement them too (县区, named with the county so
 * the lists stay readable), and public services reach the townships' 便民服务中心 (乡镇街道).
 * City items and the pilot county 密山市 are kept whole; the other counties are sampled with the
 * seeded generator to reach the target size exactly.
 */
function slots(rng: Rng): Slot[] {
  const city: Slot[] = [];
  const pilot: Slot[] = [];
  const others: Slot[] = [];
  for (const department of DEMO_DEPARTMENTS) {
    for (const name of baseNames(department)) {
      city.push({ department, name, level: '市' });
      for (const county of DEMO_COUNTIES) {
        const target = county.code === 'MS' ? pilot : others;
        target.push({ department, name: `${name}（${county.name}）`, level: '县区', county });
        if (department.publicService) {
          target.push({
            department,
            name: `${name}（${county.name}乡镇便民服务中心）`,
            level: '乡镇街道',
            county,
          });
        }
      }
    }
  }
  const fixed = [...city, ...pilot];
  return [...fixed, ...shuffle(rng, others).slice(0, Math.max(0, DEMO_TARGET_ITEMS - fixed.length))];
}

const TRIP_REASONS = [
  '需现场核验原件并实地踏勘',
  '需申请人本人到场签字确认并采集信息',
  '需现场采集人像、指纹等生物信息',
  '需实地核查后到窗口领取证照',
  '法律法规规定须当面审查',
];

function materialsFor(rng: Rng, name: string, enterprise: boolean): Material[] {
  const list: Material[] = [
    { name: `${name.replace(/（.*）$/, '')}申请表`, form: '原件', count: 1, requirement: 'required' },
  ];
  list.push(
    enterprise
      ? {
          name: '营业执照',
          form: '复印件',
          count: 1,
          requirement: 'shared',
          note: '通过电子证照库共享获取，无需提交',
        }
      : {
          name: '申请人居民身份证',
          form: '原件',
          count: 1,
          requirement: 'shared',
          note: '窗口通过电子证照核验，无需提交复印件',
        },
  );
  if (enterprise)
    list.push({ name: '法定代表人身份证明', form: '复印件', count: 1, requirement: 'required' });
  if (/户口|出生|迁/.test(name))
    list.push({ name: '居民户口簿', form: '原件', count: 1, requirement: 'required' });
  if (/不动产|房屋|土地|宅基地|转移登记|首次登记/.test(name)) {
    list.push({ name: '不动产权属证书', form: '原件', count: 1, requirement: 'required' });
    list.push({ name: '不动产买卖合同', form: '原件', count: 1, requirement: 'required' });
    list.push({
      name: '完税凭证',
      form: '电子件',
      count: 1,
      requirement: 'shared',
      note: '税务部门推送，无需提交',
    });
  }
  if (/公积金/.test(name))
    list.push({ name: '本人银行卡', form: '复印件', count: 1, requirement: 'required' });
  if (/许可|审批|核准/.test(name)) {
    list.push({
      name: '场所使用证明（产权证明或租赁合同）',
      form: '复印件',
      count: 1,
      requirement: rng.chance(0.3) ? 'waivable' : 'required',
      note: '可容缺受理，在承诺时限内补齐',
    });
  }
  if (rng.chance(0.5))
    list.push({
      name: '授权委托书及受托人身份证',
      form: '原件',
      count: 1,
      requirement: 'waivable',
      note: '委托他人办理时提供',
    });
  if (rng.chance(0.15))
    list.push({
      name: '户籍证明',
      form: '原件',
      count: 1,
      requirement: 'cancelled',
      note: '已列入证明材料取消清单，不再提交',
    });
  if (rng.chance(0.08))
    list.push({
      name: '无犯罪记录证明',
      form: '原件',
      count: 1,
      requirement: 'cancelled',
      note: '改为部门间核查，不再提交',
    });
  return list;
}

function guideFor(rng: Rng, slot: Slot, maxTrips: number, online: boolean, phone: string): Guide {
  const { department: d, county } = slot;
  const name = slot.name.replace(/（[^（）]*(市|县|区|中心)）$/, '');
  const enterprise = /公司|企业|单位|经营|许可|机构|项目|资质/.test(name);
  const legalLimitDays = rng.pick([0, 5, 10, 15, 20, 20, 30, 60]);
  const promisedLimitDays =
    legalLimitDays === 0 ? 0 : Math.max(1, Math.round(legalLimitDays * rng.pick([0.2, 0.25, 0.3, 0.5])));
  const hall = county ? county.hall : CITY_HALL;
  const prefix = windowPrefix(county);
  const windows = [`${prefix}ZH0${rng.int(1, county ? 4 : 8)}`];
  if (!county || (county.code === 'MS' && d.inMishan)) windows.push(`${prefix}D-${d.code}`);
  return {
    conditions: [
      enterprise
        ? '申请人为依法设立的企业或其他组织'
        : '申请人为具有完全民事行为能力的自然人，或其监护人、委托代理人',
      `符合${name.replace(/（.*）$/, '')}的法定条件和标准`,
      '申请材料齐全、符合法定形式',
    ],
    materials: materialsFor(rng, name, enterprise),
    steps: [
      {
        title: '申请',
        description: online
          ? '通过黑龙江政务服务网或微信小程序在线提交，或到综合受理窗口提交'
          : '到综合受理窗口提交申请材料',
      },
      { title: '受理', description: '材料齐全的当场受理；不齐全的一次性告知需补正的全部内容' },
      { title: '审查', description: `${d.name}在承诺时限内完成审查` },
      {
        title: '办结',
        description:
          maxTrips === 0 ? '结果通过邮寄或电子证照送达，无需到现场' : '窗口领取结果，或选择免费邮寄送达',
      },
    ],
    legalLimitDays,
    promisedLimitDays,
    fees: rng.chance(0.9) ? '不收费' : rng.pick(['工本费 10 元', '工本费 20 元', '按国家规定标准收取']),
    halls: [{ hallCode: hall, windows }],
    phone,
    legalBasis: rng.pick([
      '《中华人民共和国行政许可法》',
      '《优化营商环境条例》',
      '国务院关于在全国推开“证照分离”改革的决定',
      '《黑龙江省政务服务条例》',
    ]),
  };
}

function themesFor(name: string): string[] {
  return DEMO_THEMES.filter((t) => t.keywords.some((k) => name.includes(k))).map((t) => t.code);
}

/** Codes: `JX-SCJG-0001` (city), `MS-SCJG-0001` (county), `MSX-SCJG-0001` (townships of a county). */
function codePrefix(slot: Slot): string {
  if (!slot.county) return 'JX';
  return slot.level === '乡镇街道' ? `${slot.county.code}X` : slot.county.code;
}

/** The demo catalogue: ~4,505 items over 50 departments, deterministic for a given seed. */
export function generateDemoItems(seed = 20180601): DemoItem[] {
  const rng = seededRandom(seed);
  const counters = new Map<string, number>();
  return slots(rng).map((slot, index) => {
    const { department: d, name, level } = slot;
    const key = `${codePrefix(slot)}-${d.code}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const atMostOne = rng.chance(d.reform);
    const onlineCapable = atMostOne ? rng.chance(0.75) : rng.chance(0.3);
    const maxTrips = atMostOne ? (onlineCapable && rng.chance(0.45) ? 0 : 1) : rng.chance(0.85) ? 2 : 3;
    const deptIndex = DEMO_DEPARTMENTS.indexOf(d);
    const phone = `0467-2${String(100 + deptIndex).padStart(3, '0')}${String(100 + (index % 900)).slice(-3)}`;
    const kind: ItemKind = d.publicService ? '公共服务' : '行政权力';
    return {
      code: `${key}-${String(n).padStart(4, '0')}`,
      name,
      departmentCode: d.code,
      departmentName: d.name,
      kind,
      level,
      maxTrips,
      ...(maxTrips > 1 ? { tripsReason: rng.pick(TRIP_REASONS) } : {}),
      onlineCapable,
      themes: themesFor(name),
      ...(demoAliases(name).length > 0 ? { aliases: demoAliases(name) } : {}),
      guide: guideFor(rng, slot, maxTrips, onlineCapable, phone),
    };
  });
}

/** Views so the demo's "popular first" order looks like a real city's (housing, social security…). */
export function demoPopularity(items: DemoItem[], seed = 7): Map<string, number> {
  const rng = seededRandom(seed);
  const hot = /公积金|社会保障卡|不动产|户口|居民身份证|营业执照|出生|医疗保险|养老|结婚|设立登记/;
  return new Map(
    items.map((i) => [
      i.code,
      (hot.test(i.name) ? rng.int(200, 2000) : rng.int(0, 150)) * (i.level === '市' ? 3 : 1),
    ]),
  );
}
