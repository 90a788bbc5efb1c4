import { Types } from 'mongoose';
import { CONSULTATION_DEFAULT_LIMIT_DAYS, type ConsultationStatus } from '@app/shared';
import type {
  ConsultationEventRecord,
  ConsultationRecord,
} from '../../consultations/models/consultation.model';
import { dueAtOf, dueDateOf } from '../../consultations/services/consultation-clock';
import { addWorkingDays } from '../../calendar';
import type { HistoryContext } from './context';
import type { Rateable } from './cases';
import { drawCumulative } from './random';
import { after } from './time';

const ASPECTS = [
  '需要带哪些材料',
  '可以网上办理吗',
  '多久能办好',
  '可以委托他人代办吗',
  '要收费吗',
  '在哪个窗口办理',
];
const ANSWERS = [
  '您好，所需材料以办事指南为准，材料齐全可在线申报，一般无需到现场。',
  '您好，该事项可委托他人代办，需提供委托书及双方身份证件。',
  '您好，该事项不收费，承诺时限内办结，可在“我的办件”查看进度。',
];

/**
 * One consultation as the consultations module leaves it after the steps taken up to `lastDay`:
 * asked → claimed → answered (the clock's due date then cleared) → resolved by the person, with a
 * follow-up round now and then, and the overdue mark when the answer came after the due date.
 */
export function generateConsultation(
  ctx: HistoryContext,
  input: { day: string; number: string; lastDay: string },
): { doc: ConsultationRecord; rateable?: Rateable } {
  const { rng } = ctx;
  const person = rng.pick(ctx.people);
  const askedAt = after(rng, new Date(0), input.day);
  const _id = new Types.ObjectId(rng.objectIdHex(askedAt));
  const withItem = rng.chance(0.8);
  const item = withItem ? ctx.items[drawCumulative(rng, ctx.itemWeights)]! : undefined;
  const viaDesk = !item && rng.chance(0.5);
  const department = item?.departmentCode ?? (viaDesk ? undefined : rng.pick(ctx.departments));
  const hallCode = item?.halls[0];
  const limitDays = CONSULTATION_DEFAULT_LIMIT_DAYS;
  const subject = item?.name ?? '办事';
  const title = `${subject}${rng.pick(ASPECTS)}`.slice(0, 40);
  const clock = {
    start: input.day,
    limitDays,
    pauses: [] as Array<{ from: string; to: string }>,
    ...(hallCode ? { hallCode } : {}),
  };
  let dueDate = dueDateOf(clock)!;
  let cursor = askedAt;
  let day = input.day;
  let status: ConsultationStatus = 'submitted';
  let overdue = false;
  let round = 0;
  const events: ConsultationEventRecord[] = [
    {
      at: askedAt,
      kind: 'asked',
      actor: { userId: person.id, role: 'citizen', name: person.name },
      text: `${title}？`,
      round: 0,
    },
  ];
  const staff = department ? ctx.staffOf(department) : ctx.hallStaff(hallCode ?? 'desk');
  const staffActor = {
    userId: staff.userId,
    role: 'staff' as const,
    ...(department ? { department } : {}),
    name: staff.name,
  };
  const set: Partial<ConsultationRecord> = {};
  const advance = (n: number) => {
    const next = n === 0 ? day : addWorkingDays(day, n);
    if (next > input.lastDay) return false;
    cursor = after(rng, cursor, next);
    day = next;
    return true;
  };
  /** The overdue job marks a round whose due date passed while it waited. */
  const overdueBy = (answerDay: string) => {
    if (answerDay <= dueDate || overdue) return;
    overdue = true;
    events.push({ at: dueAtOf(dueDate), kind: 'overdue', actor: { role: 'system' }, round });
  };
  run: {
    if (!advance(rng.weighted([55, 35, 10]))) break run;
    status = 'claimed';
    set.claimedBy = staff.userId;
    events.push({ at: cursor, kind: 'claimed', actor: staffActor, round });
    // Answered within the limit mostly; one in twelve late.
    if (!advance(rng.chance(0.08) ? limitDays + rng.int(1, 4) : rng.weighted([30, 35, 20, 15]))) break run;
    overdueBy(day);
    status = 'answered';
    events.push({ at: cursor, kind: 'answered', actor: staffActor, text: rng.pick(ANSWERS), round });
    set.answeredBy = staff.userId;
    set.answeredAt = cursor;
    set.firstAnsweredAt = cursor;
    if (rng.chance(0.08)) {
      if (!advance(rng.int(0, 2))) break run;
      round = 1;
      status = 'follow_up';
      overdue = false;
      clock.start = day;
      dueDate = dueDateOf(clock)!;
      events.push({
        at: cursor,
        kind: 'follow_up',
        actor: { userId: person.id, role: 'citizen', name: person.name },
        text: '请问具体在哪一层办理？',
        round,
      });
      if (!advance(rng.weighted([50, 40, 10]))) break run;
      overdueBy(day);
      status = 'answered';
      events.push({
        at: cursor,
        kind: 'answered',
        actor: staffActor,
        text: '在政务服务中心二楼综合受理区。',
        round,
      });
      set.answeredAt = cursor;
    }
    if (rng.chance(0.6) && advance(rng.int(0, 3))) {
      status = 'resolved';
      events.push({
        at: cursor,
        kind: 'resolved',
        actor: { userId: person.id, role: 'citizen', name: person.name },
        round,
      });
    }
  }
  const open = status === 'submitted' || status === 'claimed' || status === 'follow_up';
  const dueAt = dueAtOf(dueDate);
  const doc: ConsultationRecord = {
    _id,
    number: input.number,
    askerId: person.id,
    title,
    question: `请问${title}？谢谢。`,
    callBack: rng.chance(0.1),
    ...(item ? { itemCode: item.code, itemName: item.name } : {}),
    ...(department ? { department } : {}),
    departments: department ? [department] : [],
    ...(viaDesk ? { viaDesk: true } : {}),
    status,
    version: events.length - 1,
    ...(set.claimedBy ? { claimedBy: set.claimedBy } : {}),
    round,
    clock,
    // The clock's due date stays only while the round waits for an answer.
    ...(open
      ? { dueDate, dueAt, overdueJobId: `consultation-overdue-${String(_id)}-${dueAt.getTime()}` }
      : {}),
    overdue: open ? overdue || cursor >= dueAt : overdue,
    pictures: [],
    events,
    ...(set.answeredBy
      ? { answeredBy: set.answeredBy, answeredAt: set.answeredAt, firstAnsweredAt: set.firstAnsweredAt }
      : {}),
    idempotencyKey: `hist-${String(_id)}`,
    askedAt,
    createdAt: askedAt,
    updatedAt: cursor,
  };
  const rateable: Rateable | undefined =
    (status === 'answered' || status === 'resolved') && set.firstAnsweredAt
      ? {
          kind: 'consultation',
          serviceId: String(_id),
          personId: person.id,
          title: `咨询：${title}（${input.number}）`,
          endedAt: set.firstAnsweredAt,
          served: {
            ...(item ? { itemCode: item.code, itemName: item.name } : {}),
            department: department ?? 'consultation_desk',
            staffId: staff.userId,
            staffName: staff.name,
          },
        }
      : undefined;
  return { doc, ...(rateable ? { rateable } : {}) };
}
