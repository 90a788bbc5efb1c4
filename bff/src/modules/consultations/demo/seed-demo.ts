import type { AppDeps } from '../../../app-deps';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { identityOf } from '../../auth/identity';
import {
  createServiceItemRepository,
  type IndexedItem,
} from '../../catalog/repositories/service-item.repository';
import { createConsultations } from '../consultations.module';
import { faqSearchKeys } from '../faq/faq-search';
import type { NewFaqEntry } from '../repositories/faq.repository';

/**
 * Demo data for consultations on an empty database (never in production): ~200 published FAQ entries
 * over the demo catalogue's departments, the 综合咨询 desk account, and ~30 consultations in every
 * state (some overdue) so the workbench queue is not empty for demo.scjg, demo.window, demo.mishan
 * and demo.zixun.
 */
export const DEMO_DESK_ACCOUNT = {
  role: 'staff' as const,
  username: 'demo.zixun',
  password: 'Demo2026pass',
  name: '孙咨询',
  department: 'XZSP',
  halls: ['HALL-SZ'],
  duties: ['consultation_desk' as const],
};

const FAQ_TEMPLATES: Array<(item: IndexedItem) => { question: string; answer: string }> = [
  (i) => ({
    question: `办理“${i.name}”需要带哪些材料？`,
    answer: `请以“${i.name}”办事指南中的材料清单为准（一次性告知）；标注“免提交”的材料由部门通过数据共享获取，无需携带。`,
  }),
  (i) => ({
    question: `“${i.name}”可以在网上办理吗？`,
    answer: i.onlineCapable
      ? `可以。在小程序中找到“${i.name}”，点击“在线申报”即可，${i.maxTrips === 0 ? '全程网办，无需到场' : `最多跑 ${i.maxTrips} 次`}。`
      : `该事项暂不支持全程网办，可先在线预约窗口，按指南备齐材料后到大厅办理，最多跑 ${Math.max(1, i.maxTrips)} 次。`,
  }),
  (i) => ({
    question: `“${i.name}”多久能办好？`,
    answer: `承诺时限为 ${i.promisedLimitDays || 1} 个工作日，自受理次日起计算，法定节假日不计入；办理进度可在“我的办件”中查看。`,
  }),
  (i) => ({
    question: `“${i.name}”可以委托别人代办吗？`,
    answer: '可以委托代办。代办人须携带本人身份证件和申请人签字的授权委托书，委托书模板可在办事指南中下载。',
  }),
];

async function seedFaq(deps: AppDeps, items: IndexedItem[], now: Date): Promise<number> {
  const c = createConsultations(deps);
  if ((await c.faqRepo.count({})) > 0) return 0;
  // Two items of each demo account's department (their guide pages show FAQ), one of every other.
  const featured = ['SCJG', 'ZRZY', 'GA', 'XZSP'];
  const byDepartment = new Map<string, IndexedItem[]>(featured.map((d) => [d, []]));
  for (const item of items) {
    const list = byDepartment.get(item.departmentCode) ?? [];
    if (list.length < (featured.includes(item.departmentCode) ? 2 : 1)) list.push(item);
    byDepartment.set(item.departmentCode, list);
  }
  const docs: NewFaqEntry[] = [];
  let n = 0;
  for (const [department, picked] of byDepartment) {
    for (const item of picked)
      for (const template of FAQ_TEMPLATES) {
        if (docs.length >= 200) break;
        const { question, answer } = template(item);
        n++;
        docs.push({
          question,
          answer,
          items: [item.code],
          departments: [department],
          status: 'published',
          search: faqSearchKeys(question),
          createdBy: 'demo',
          publishedAt: now,
          views: (n * 37) % 500,
          helpful: (n * 13) % 40,
          notHelpful: (n * 7) % 6,
          version: 0,
        });
      }
  }
  await c.faqRepo.insertMany(docs);
  await c.faq.bump();
  return docs.length;
}

const QUESTIONS = [
  ['营业执照补办', '我的营业执照原件丢失了，补办需要登报声明吗？大概几天能拿到新的？'],
  ['个体户变更经营范围', '个体工商户想增加餐饮经营范围，是否需要先办食品经营许可？顺序是怎样的？'],
  ['不动产证明', '二手房过户前需要开具不动产权属证明，能否在网上申请并打印？'],
  ['户口迁移', '孩子在外地出生，户口想迁回本市落户，需要哪些材料？父母都要到场吗？'],
  ['居住证办理', '我在本市工作半年了，办理居住证需要社保缴费证明吗？在哪里办？'],
  ['公积金提取', '租房提取住房公积金每年可以提几次？需要租房合同吗？'],
  ['社保转移', '从外省换工作到本市，养老保险关系怎么转移接续？需要回原单位吗？'],
  ['不知道找哪个部门', '小区门口占道经营的问题应该向哪个部门反映？想先咨询一下流程。'],
];

/**
 * Asked this many calendar days ago, a consultation's 3 working days have run out whatever the day:
 * the longest holiday with its weekends (春节, 国庆: 8–9 days) plus 3 working days fits in 21.
 */
const OVERDUE_DAYS_AGO = 21;

/** ~30 consultations in every state, some overdue (asked long enough ago that their clock ran out). */
async function seedConsultations(deps: AppDeps, items: IndexedItem[]): Promise<number> {
  const identity = identityOf(deps);
  const probe = createConsultations(deps);
  if ((await probe.repo.count({})) > 0) return 0;
  const asker = await identity.users.upsertWechatUser('demo-openid-consultations', undefined);
  await identity.userService
    .setRealNameProfile(asker.id, { name: '陈群众', idNumber: '230103199003071238', phone: '13812345678' })
    .catch(() => undefined);
  const staffOf = async (username: string): Promise<Principal | undefined> => {
    const user = await identity.users.findByUsername(username);
    if (!user) return undefined;
    return {
      userId: user.id,
      role: 'staff',
      sessionId: 'demo',
      ...(user.department ? { department: user.department } : {}),
      halls: user.halls ?? [],
      duties: user.duties ?? [],
      enterprises: [],
    };
  };
  const citizen: Principal = {
    userId: asker.id,
    role: 'citizen',
    sessionId: 'demo',
    halls: [],
    duties: [],
    enterprises: [],
  };
  const itemOf = (department: string) => items.find((i) => i.departmentCode === department);

  const plan: Array<{ dept?: string; staff: string; state: string; daysAgo: number }> = [];
  const depts: Array<[string | undefined, string]> = [
    ['SCJG', 'demo.scjg'],
    ['ZRZY', 'demo.window'],
    ['GA', 'demo.mishan'],
    [undefined, 'demo.zixun'],
  ];
  const states = [
    'submitted',
    'submitted',
    'claimed',
    'info_requested',
    'transferred',
    'answered',
    'follow_up',
    'resolved',
  ];
  depts.forEach(([dept, staff], d) =>
    states.forEach((state, s) =>
      plan.push({
        ...(dept ? { dept } : {}),
        staff,
        state,
        daysAgo: (s + d) % 3 === 0 ? OVERDUE_DAYS_AGO : s % 2,
      }),
    ),
  );
  plan.push(
    { dept: 'SCJG', staff: 'demo.scjg', state: 'closed', daysAgo: 1 },
    { dept: 'ZRZY', staff: 'demo.window', state: 'closed', daysAgo: 2 },
  );

  let made = 0;
  let first: string | undefined;
  for (const [n, step] of plan.entries()) {
    const at = new Date(Date.now() - step.daysAgo * 86_400_000 - (n % 5) * 3_600_000);
    const c = createConsultations(deps, { now: () => at });
    const staff = await staffOf(step.staff);
    const item = step.dept ? itemOf(step.dept) : undefined;
    const [title, question] = QUESTIONS[n % QUESTIONS.length]!;
    try {
      const r = await c.ask.ask(
        citizen,
        {
          title: title!,
          question: question!,
          callBack: n % 3 === 0,
          ...(item ? { itemCode: item.code } : {}),
          ...(step.dept && !item ? { department: step.dept } : {}),
        },
        `demo-consultation-${n}`,
      );
      const id = String(r._id);
      first ??= r.number;
      made++;
      if (!staff || step.state === 'submitted') continue;
      if (step.state === 'transferred') {
        await c.staff.transfer(staff, id, {
          department: step.dept === 'SCJG' ? 'ZRZY' : 'SCJG',
          reason: '该问题属于其他部门职责',
        });
        continue;
      }
      if (step.state === 'closed') {
        await c.staff.closeDuplicate(staff, id, { duplicateOf: first! });
        continue;
      }
      await c.staff.claim(staff, id);
      if (step.state === 'claimed') continue;
      if (step.state === 'info_requested') {
        await c.staff.requestInfo(staff, id, {
          text: '请补充您的具体情况（如证件类型、办理地点），以便准确答复。',
        });
        continue;
      }
      await c.staff.answer(staff, id, {
        text: '您好，可先在小程序查看该事项的办事指南；材料齐全的可在线申报，一般无需到场。',
        links: item ? [item.code] : [],
      });
      if (step.state === 'answered') continue;
      await c.ask.followUp(citizen, id, '谢谢答复，请问线上申报后多久能收到结果？');
      if (step.state === 'follow_up') continue;
      await c.staff.claim(staff, id);
      await c.staff.answer(staff, id, {
        text: '受理后按承诺时限办理，结果会通过订阅消息通知您。',
        links: [],
      });
      await c.ask.resolve(citizen, id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      deps.logger.warn({ err: err.message, step }, 'consultations demo: a step was skipped');
    }
  }
  return made;
}

export async function seedDemoConsultations(deps: AppDeps): Promise<void> {
  if (deps.config.isProduction) return;
  try {
    await identityOf(deps).userService.createAccount(DEMO_DESK_ACCOUNT);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'USERNAME_TAKEN')) throw err;
  }
  const items = await createServiceItemRepository(deps.mongo.connection).loadPublishedForIndex();
  if (items.length === 0) return;
  const faq = await seedFaq(deps, items, new Date());
  const consultations = await seedConsultations(deps, items);
  if (faq || consultations)
    deps.logger.info({ faq, consultations }, 'consultations: demo FAQ and consultations seeded');
}
