import { Types } from 'mongoose';
import {
  COMPLAINT_DEFAULT_LIMIT_DAYS,
  type ComplaintKind,
  type ComplaintStatus,
  type CreateUserRequest,
  type FollowupVerdict,
} from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import { AppError } from '../../../http/app-error';
import { identityOf } from '../../auth/identity';
import { addCalendarDays, addWorkingDays, isWorkingDay, todayInChina } from '../../calendar';
import { DEMO_PASSWORD } from '../../users/demo/demo-accounts';
import type { ComplaintEventRecord, ComplaintRecord } from '../models/complaint.model';
import { createComplaintRepository, type NewComplaint } from '../repositories/complaint.repository';
import { createSubjectRepository } from '../repositories/subject.repository';
import { scheduleDeadlines } from '../services/complaint-deadlines';

/**
 * Demo data for `npm start` on an empty database (never in production): an account per complaint duty
 * and ~50 complaints in every status — some overdue, one repeat, one anonymous 举报 — with timelines, and
 * their deadline jobs in the outbox (the start-up sweep puts them on the queue).
 */
export const DEMO_COMPLAINT_ACCOUNTS: CreateUserRequest[] = [
  {
    role: 'staff',
    username: 'demo.desk',
    password: DEMO_PASSWORD,
    name: '钱派单',
    department: 'XFJ',
    halls: ['HALL-SZ'],
    duties: ['complaint_dispatch'],
  },
  {
    role: 'staff',
    username: 'demo.handler',
    password: DEMO_PASSWORD,
    name: '孙承办',
    department: 'SCJG',
    halls: [],
    duties: ['complaint_handling'],
  },
  {
    role: 'staff',
    username: 'demo.handler2',
    password: DEMO_PASSWORD,
    name: '郑承办',
    department: 'ZRZY',
    halls: [],
    duties: ['complaint_handling'],
  },
  {
    role: 'staff',
    username: 'demo.followup',
    password: DEMO_PASSWORD,
    name: '冯回访',
    department: 'XFJ',
    halls: ['HALL-SZ'],
    duties: ['complaint_followup'],
  },
];

const DESCRIPTIONS = [
  '窗口工作人员要求重复提交已经提交过的材料，来回跑了三次。',
  '预约时段到了仍需排队一个多小时，叫号系统无人管理。',
  '网上申报后超过承诺时限仍未办结，电话咨询无人接听。',
  '办事指南写的材料和窗口实际要求不一致，希望统一口径。',
  '建议增加周末延时服务，上班族工作日难以请假办事。',
  '大厅停车位太少，建议与周边单位共享车位。',
  '窗口工作人员态度生硬，不耐心解释政策。',
  '举报有中介在大厅门口收费代办，声称可以加急。',
];

function workingDaysAgo(today: string, n: number): string {
  let date = today;
  let left = n;
  while (left > 0) {
    date = addCalendarDays(date, -1);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

export async function seedDemoComplaints(deps: AppDeps): Promise<number> {
  if (deps.config.isProduction) return 0;
  const identity = identityOf(deps);
  for (const account of DEMO_COMPLAINT_ACCOUNTS) {
    await identity.userService.createAccount(account).catch((err: unknown) => {
      if (!(err instanceof AppError && err.code === 'USERNAME_TAKEN')) throw err;
    });
  }
  const repo = createComplaintRepository(deps.mongo.connection);
  if ((await repo.countAll()) > 0) return 0;
  const subjects = createSubjectRepository(deps.mongo.connection);
  const items = [...(await subjects.sampleItems('SCJG', 3)), ...(await subjects.sampleItems('ZRZY', 2))];
  const itemDept = (i: number) => (i < 3 ? 'SCJG' : 'ZRZY');
  const people = [];
  for (const [i, name] of ['陈群众', '林群众', '黄群众'].entries()) {
    const user = await identity.users.upsertWechatUser(`demo-complaint-citizen-${i}`, undefined);
    await identity.userService.setRealNameProfile(user.id, {
      name,
      idNumber: ['110101199003074514', '110101198506128012', '110101197811234534'][i]!,
      phone: `1380000${String(1000 + i)}`,
    });
    const fresh = (await identity.users.findById(user.id))!;
    people.push({
      id: user.id,
      name,
      phoneEnc: fresh.phoneEnc ?? undefined,
      phoneMasked: fresh.phoneMasked ?? undefined,
    });
  }

  const today = todayInChina();
  const plan: Array<{ status: ComplaintStatus; n: number }> = [
    { status: 'submitted', n: 8 },
    { status: 'rejected', n: 3 },
    { status: 'accepted', n: 5 },
    { status: 'handling', n: 14 },
    { status: 'replied', n: 7 },
    { status: 'escalated', n: 2 },
    { status: 'closed', n: 9 },
    { status: 'unreachable', n: 2 },
  ];
  let seq = 0;
  let count = 0;
  for (const { status, n } of plan) {
    for (let k = 0; k < n; k++) {
      seq++;
      const kind: ComplaintKind = seq % 7 === 0 ? 'suggestion' : seq % 11 === 0 ? 'report' : 'complaint';
      const anonymous = seq === 22; // one anonymous 举报 (in 办理中)
      const realKind: ComplaintKind = anonymous ? 'report' : kind;
      const person = people[seq % people.length]!;
      const itemIndex = seq % Math.max(1, items.length);
      const item = items[itemIndex];
      // Some of the handling ones are overdue (started long ago); the rest within their limit.
      const overdue = status === 'handling' && k < 4;
      const started = workingDaysAgo(today, overdue ? 18 + k : status === 'submitted' ? 0 : 2 + (seq % 9));
      const filedDate = status === 'submitted' ? workingDaysAgo(today, k % 3) : workingDaysAgo(started, 1);
      const limitDays = COMPLAINT_DEFAULT_LIMIT_DAYS[realKind];
      const dueDate = addWorkingDays(started, limitDays);
      const lead = item ? itemDept(itemIndex) : 'SCJG';
      const at = (date: string, h: number) => new Date(`${date}T0${h}:00:00+08:00`);
      const events: ComplaintEventRecord[] = [
        { at: at(filedDate, 9), kind: 'filed', actor: { role: 'citizen', as: 'filer' } },
      ];
      const desk = { role: 'staff' as const, as: 'desk' };
      const handler = { role: 'staff' as const, as: 'handler', department: lead };
      const follow = { role: 'staff' as const, as: 'followup' };
      const past = status !== 'submitted' && status !== 'rejected';
      if (status === 'rejected')
        events.push({
          at: at(started, 9),
          kind: 'rejected',
          actor: desk,
          note: '不属于受理范围：请向区市场监管局反映',
        });
      if (past)
        events.push({ at: at(started, 9), kind: 'accepted', actor: desk, note: `办理时限至 ${dueDate}` });
      const dispatched = past && status !== 'accepted';
      if (dispatched)
        events.push({
          at: at(started, 10),
          kind: 'dispatched',
          actor: desk,
          note: `交办承办部门，办理时限至 ${dueDate}`,
        });
      if (overdue)
        events.push({
          at: at(today, 0),
          kind: 'overdue',
          actor: { role: 'system', as: 'system' },
          note: `已超过办理时限 ${dueDate}`,
        });
      const replied = ['replied', 'escalated', 'closed', 'unreachable'].includes(status);
      const repliedDate = replied ? workingDaysAgo(today, 1) : undefined;
      if (replied)
        events.push({
          at: at(repliedDate!, 8),
          kind: 'replied',
          actor: handler,
          note: '经核查情况属实，已对窗口人员批评教育并整改。',
        });
      let verdict: FollowupVerdict | undefined;
      const followups: ComplaintRecord['followups'] = [];
      if (status === 'closed') {
        verdict = k % 3 === 0 ? 'basically_satisfied' : 'satisfied';
        followups.push({
          at: at(today, 8),
          date: today,
          method: 'phone',
          reached: true,
          verdict,
          round: 0,
          by: 'demo',
        });
        events.push(
          {
            at: at(today, 8),
            kind: 'verdict',
            actor: follow,
            note: verdict === 'satisfied' ? '满意' : '基本满意',
          },
          { at: at(today, 8), kind: 'closed', actor: follow },
        );
      }
      if (status === 'escalated') {
        verdict = 'unsatisfied';
        events.push({
          at: at(today, 8),
          kind: 'escalated',
          actor: follow,
          note: '已重办 2 次仍不满意，转督查',
        });
      }
      if (status === 'unreachable') {
        for (const d of [2, 1, 0]) {
          const date = workingDaysAgo(today, d);
          followups.push({ at: at(date, 8), date, method: 'phone', reached: false, round: 0, by: 'demo' });
        }
        events.push({
          at: at(today, 8),
          kind: 'unreachable',
          actor: follow,
          note: '三个工作日均未联系上，按无法联系办结',
        });
      }
      const id = new Types.ObjectId();
      const open = status === 'accepted' || status === 'handling';
      const doc: NewComplaint = {
        number: `TS${filedDate.replaceAll('-', '')}9${String(seq).padStart(3, '0')}`,
        kind: realKind,
        status,
        version: events.length,
        filerId: person.id,
        anonymous,
        ...(anonymous
          ? {}
          : {
              contact: {
                name: person.name,
                ...(person.phoneEnc ? { phoneEnc: person.phoneEnc } : {}),
                ...(person.phoneMasked ? { phoneMasked: person.phoneMasked } : {}),
              },
            }),
        idemKey: `${person.id}|demo-${seq}`,
        subject: item
          ? { kind: 'item', label: item.name, code: item.code, itemCode: item.code, department: lead }
          : { kind: 'free', label: '市政务服务中心大厅' },
        description: DESCRIPTIONS[seq % DESCRIPTIONS.length]!,
        attachments: [],
        filedAt: at(filedDate, 9),
        filedDate,
        ...(past ? { acceptedDate: started, clockStart: started, limitDays, dueDate } : {}),
        ...(status === 'rejected'
          ? {
              rejection: { reason: 'out_of_scope' as const, note: '请向区市场监管局反映' },
              closedAt: at(started, 9),
            }
          : {}),
        ...(dispatched ? { leadDepartment: lead } : {}),
        coDepartments: dispatched && seq % 5 === 0 ? [{ department: 'XF' }] : [],
        returns:
          status === 'accepted' && k === 0
            ? [{ department: 'ZRZY', reason: '不属于本部门职责', at: at(started, 11) }]
            : [],
        followups,
        ...(verdict ? { verdict } : {}),
        ...(replied
          ? {
              result: '已核实并整改',
              reply: '经核查情况属实，已对窗口人员批评教育并整改。',
              repliedAt: at(repliedDate!, 8),
            }
          : {}),
        ...(status === 'closed' || status === 'unreachable' ? { closedAt: at(today, 8) } : {}),
        redoCount: status === 'escalated' ? 2 : 0,
        round: status === 'escalated' ? 2 : 0,
        escalated: status === 'escalated',
        supervisions:
          overdue && k === 0
            ? [
                {
                  _id: new Types.ObjectId(),
                  note: '已超期，请三日内办结并说明原因',
                  at: at(today, 9),
                  by: 'demo',
                },
              ]
            : [],
        ...(overdue ? { overdueFor: dueDate } : {}),
        timeline: events,
        ...(open ? { outbox: scheduleDeadlines(String(id), 0, started, dueDate) } : {}),
      };
      const made = await repo.insert({ ...doc, _id: id });
      if (typeof made !== 'string') count++;
    }
  }
  // One repeat: the same person, the same item, within 30 days of an earlier one.
  const first = await repo.list({ statuses: ['closed'] }, 1, 1, { filedAt: 1 });
  const earlier = first.items[0];
  if (earlier) {
    const now = new Date();
    const made = await repo.insert({
      number: `TS${today.replaceAll('-', '')}9999`,
      kind: earlier.kind,
      status: 'submitted',
      version: 1,
      filerId: earlier.filerId,
      anonymous: false,
      ...(earlier.contact ? { contact: earlier.contact } : {}),
      idemKey: `${earlier.filerId}|demo-repeat`,
      subject: earlier.subject,
      description: '上次反映的问题又出现了：窗口仍然要求重复提交材料。',
      attachments: [],
      filedAt: now,
      filedDate: today,
      coDepartments: [],
      returns: [],
      followups: [],
      redoCount: 0,
      round: 0,
      escalated: false,
      supervisions: [],
      repeatOf: earlier._id,
      repeatOfNumber: earlier.number,
      timeline: [
        { at: now, kind: 'filed', actor: { role: 'citizen', as: 'filer' } },
        {
          at: now,
          kind: 'repeat_linked',
          actor: { role: 'system', as: 'system' },
          note: `30 日内同一诉求人就同一事项的再次投诉，关联 ${earlier.number}`,
        },
      ],
    });
    if (typeof made !== 'string') count++;
  }
  deps.logger.info(`demo complaints created: ${count}`);
  return count;
}
