import type { Connection } from 'mongoose';
import { maskName, openingSessionsOn, type HallBookingConfig } from '@app/shared';
import type { AppConfig } from '../../../config/config';
import { createPiiVault } from '../../users/services/pii-vault';
import { createUserRepository } from '../../users/repositories/user.repository';
import { createServiceItemRepository } from '../../catalog/repositories/service-item.repository';
import { createHallRepository } from '../../catalog/repositories/hall.repository';
import { createCaseRepository } from '../../cases/repositories/case.repository';
import { createBookingRepository } from '../../appointments/repositories/booking.repository';
import { createSlotRepository } from '../../appointments/repositories/slot.repository';
import { createHallBookingConfigRepository } from '../../appointments/repositories/hall-booking-config.repository';
import { demoHallBookingConfig } from '../../appointments/demo/seed-halls';
import { planDay, type PlannedSlot } from '../../appointments/services/slot-plan';
import { createConsultationRepository } from '../../consultations/repositories/consultation.repository';
import { createFaqRepository } from '../../consultations/repositories/faq.repository';
import { createComplaintRepository } from '../../complaints/repositories/complaint.repository';
import { createRatingRepository } from '../../ratings/repositories/rating.repository';
import { createRectificationRepository } from '../../ratings/repositories/rectification.repository';
import { createRatingStatsRepository } from '../../ratings/repositories/rating-stats.repository';
import { caseItemSettingsModel } from '../../cases/models/case.model';
import { dayOfWeek } from '../../calendar';
import { createRng, cumulative, type Rng } from './random';

/** What the generators need from the catalogue: the published items, weighted by popularity. */
export interface HistoryItem {
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  maxTrips: number;
  onlineCapable: boolean;
  promisedLimitDays: number;
  halls: string[];
  materials: Array<{ name: string; requirement: string }>;
  coDepartments: Array<{ department: string; limitDays?: number }>;
}

export interface Person {
  id: string;
  name: string;
  masked: string;
  phone: string;
  phoneMasked: string;
}

export interface Staff {
  userId: string;
  name: string;
  department?: string;
}

export interface HistoryHall {
  code: string;
  name: string;
  config: HallBookingConfig;
  openingHours?: string;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export function repositoriesOf(connection: Connection) {
  return {
    items: createServiceItemRepository(connection),
    halls: createHallRepository(connection),
    users: createUserRepository(connection),
    cases: createCaseRepository(connection),
    bookings: createBookingRepository(connection),
    slots: createSlotRepository(connection),
    hallConfigs: createHallBookingConfigRepository(connection),
    consultations: createConsultationRepository(connection),
    faq: createFaqRepository(connection),
    complaints: createComplaintRepository(connection),
    ratings: createRatingRepository(connection),
    rectifications: createRectificationRepository(connection),
    ratingStats: createRatingStatsRepository(connection),
  };
}
export type HistoryRepositories = ReturnType<typeof repositoriesOf>;

export interface HistoryContext {
  rng: Rng;
  config: AppConfig;
  repos: HistoryRepositories;
  items: HistoryItem[];
  itemByCode: Map<string, HistoryItem>;
  itemWeights: Float64Array;
  departments: string[];
  departmentNames: Map<string, string>;
  halls: Map<string, HistoryHall>;
  people: Person[];
  staffOf(department: string): Staff;
  hallStaff(hallCode: string): Staff;
  /** Keyed hash of the public progress query (the cases module's, same secret). */
  hash(value: string): string;
  /** The slots a hall offers on a working day (its booking configuration, else the demo one). */
  slotsOf(hallCode: string, date: string): PlannedSlot[];
}

const SURNAME_LIST = [...SURNAMES];
const GIVEN_LIST = [...GIVEN];

function personName(rng: Rng): string {
  const given = rng.chance(0.6) ? rng.pick(GIVEN_LIST) + rng.pick(GIVEN_LIST) : rng.pick(GIVEN_LIST);
  return rng.pick(SURNAME_LIST) + given;
}

/** Loads the catalogue and the staff, and draws the people of the year (`peopleCount`). */
export async function loadContext(
  connection: Connection,
  config: AppConfig,
  options: { seed: number; peopleCount: number },
): Promise<HistoryContext> {
  const rng = createRng(options.seed);
  const repos = repositoriesOf(connection);
  const indexed = await repos.items.loadPublishedForIndex();
  indexed.sort((a, b) => a.code.localeCompare(b.code));
  const full = new Map((await repos.items.findByCodes(indexed.map((i) => i.code))).map((i) => [i.code, i]));
  const settings = new Map(
    (await caseItemSettingsModel(connection).find({}).lean().exec()).map((s) => [
      s.itemCode,
      s.coDepartments,
    ]),
  );
  const items: HistoryItem[] = [];
  const weights: number[] = [];
  for (const i of indexed) {
    const record = full.get(i.code);
    if (!record) continue;
    items.push({
      code: i.code,
      name: i.name,
      departmentCode: i.departmentCode,
      departmentName: i.departmentName,
      level: i.level,
      maxTrips: i.maxTrips,
      onlineCapable: i.onlineCapable,
      promisedLimitDays: record.guide.promisedLimitDays ?? 0,
      halls: record.guide.halls.map((h) => h.hallCode),
      materials: record.guide.materials.map((m) => ({ name: m.name, requirement: m.requirement })),
      coDepartments: settings.get(i.code) ?? [],
    });
    // Popular items are asked for far more often (a long tail, never zero).
    weights.push(1 + Math.sqrt(Math.max(0, i.popularity ?? 0)));
  }
  if (items.length === 0)
    throw new Error('没有已公布的事项：请先运行 npm run seed:demo（或 npm start 生成演示数据）');
  const departmentNames = new Map(items.map((i) => [i.departmentCode, i.departmentName]));
  const departments = [...departmentNames.keys()].sort();

  const halls = new Map<string, HistoryHall>();
  for (const hall of await repos.halls.list()) {
    const stored = await repos.hallConfigs.get(hall.code);
    halls.set(hall.code, {
      code: hall.code,
      name: hall.name,
      openingHours: hall.openingHours,
      config: stored ?? demoHallBookingConfig(hall.code, hall.openingHours),
    });
  }

  // Real staff where the department has some (their names on the timelines), else a few stand-ins.
  const { items: staffUsers } = await repos.users.list({ role: 'staff' }, 1, 1000);
  const staffByDept = new Map<string, Staff[]>();
  for (const u of staffUsers) {
    if (!u.department) continue;
    const list = staffByDept.get(u.department) ?? [];
    list.push({ userId: u.id, name: u.name ?? '工作人员', department: u.department });
    staffByDept.set(u.department, list);
  }
  const standIn = (department?: string): Staff[] =>
    Array.from({ length: 3 }, () => ({
      userId: rng.objectIdHex(new Date(Date.UTC(2026, 0, 1))),
      name: personName(rng),
      ...(department ? { department } : {}),
    }));
  const staffCache = new Map<string, Staff[]>();
  const staffOf = (department: string) => {
    let list = staffCache.get(department);
    if (!list) staffCache.set(department, (list = staffByDept.get(department) ?? standIn(department)));
    return rng.pick(list);
  };
  const hallStaffCache = new Map<string, Staff[]>();
  const hallStaff = (hallCode: string) => {
    let list = hallStaffCache.get(hallCode);
    if (!list) hallStaffCache.set(hallCode, (list = standIn()));
    return rng.pick(list);
  };

  const people: Person[] = Array.from({ length: options.peopleCount }, () => {
    const name = personName(rng);
    const phone = `1${rng.int(30, 89)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    return {
      id: rng.objectIdHex(new Date(Date.UTC(2025, 0, 1))),
      name,
      masked: maskName(name),
      phone,
      phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`,
    };
  });

  const vault = createPiiVault(config.auth.piiSecret);
  const slotCache = new Map<string, PlannedSlot[]>();
  return {
    rng,
    config,
    repos,
    items,
    itemByCode: new Map(items.map((i) => [i.code, i])),
    itemWeights: cumulative(weights),
    departments,
    departmentNames,
    halls,
    people,
    staffOf,
    hallStaff,
    hash: (value) => vault.hash(`case-progress|${value}`),
    slotsOf(hallCode, date) {
      const key = `${hallCode}|${date}`;
      let slots = slotCache.get(key);
      if (!slots) {
        const hall = halls.get(hallCode);
        const weekday = dayOfWeek(date);
        // A 调休 Saturday or Sunday worked keeps a weekday's hours.
        const opening = hall?.openingHours
          ? openingSessionsOn(hall.openingHours, weekday, weekday === 0 || weekday === 6)
          : [];
        slots = hall ? planDay(hall.config, date, opening) : [];
        slotCache.set(key, slots);
      }
      return slots;
    },
  };
}
