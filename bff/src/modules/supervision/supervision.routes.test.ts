import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { bookingModel } from '../appointments/models/booking.model';
import { slotModel } from '../appointments/models/slot.model';
import { chinaDateTime, todayInChina } from '../calendar';
import { caseModel } from '../cases/models/case.model';
import { person, publishItem, rawCaseDoc } from '../cases/testing/case-fixtures';
import { departmentModel } from '../catalog/models/department.model';
import { hallModel } from '../catalog/models/hall.model';
import { serviceItemModel } from '../catalog/models/service-item.model';
import { complaintModel } from '../complaints/models/complaint.model';
import { consultationModel } from '../consultations/models/consultation.model';
import { faqDeflectionModel } from '../consultations/models/faq.model';
import { outboxOf } from '../notifications';
import { ratingModel } from '../ratings/models/rating.model';
import { rectificationModel } from '../ratings/models/rectification.model';
import { completedCase } from '../ratings/testing/rating-fixtures';

/**
 * 督查 figures on a small hand-built data set whose answers are written out below. The period is
 * fixed (2026-09-28 … 2026-10-11, 14 days, across the National Day holiday 10-01…10-07; 10-10 is a
 * 调休 working Saturday, 09-25 the Mid-Autumn holiday, 09-20 a working Sunday); the previous period
 * is 2026-09-14 … 2026-09-27. Nothing depends on the day the test runs: "overdue now" cases are due
 * before 2026-09-30 (the earliest TEST_NOW), the others in 2027-12.
 */
const FROM = '2026-09-28';
const TO = '2026-10-11';
const PERIOD = `from=${FROM}&to=${TO}`;
const at = (day: string, time = '10:00') => chinaDateTime(day, time);

let env: TestEnv;
let supervisor: Awaited<ReturnType<typeof person>>;
let staffB: Awaited<ReturnType<typeof person>>;
let staffA: Awaited<ReturnType<typeof person>>;
let citizen: Awaited<ReturnType<typeof person>>;
const item: Record<string, string> = {};
const ids = { r1: new Types.ObjectId() };

const api = () => request(env.callback);
const get = (who: { header: string }, path: string) => api().get(path).set('Authorization', who.header);

/** An area's figures (`/api/stats/<area>?<query>`) as `who` sees them; any answer but 200 fails. */
const figures = async (area: string, query = PERIOD, who = supervisor) =>
  (await get(who, `/api/stats/${area}${query ? `?${query}` : ''}`).expect(200)).body;

/** A headline as the API answers it, written as `[this period, previous period]` pairs. */
const headline = (pairs: Record<string, [number | null, number | null]>) =>
  Object.fromEntries(Object.entries(pairs).map(([key, [value, previous]]) => [key, { value, previous }]));

/** An error envelope: the status and stable code (beside what was asked, to tell failures apart), a Chinese message. */
function expectErrorEnvelope(res: request.Response, asked: string, status: number, code: string) {
  expect([asked, res.status, res.body.error?.code]).toEqual([asked, status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

/** An .xlsx download: answers 200, then its workbook and the response (for its headers). */
async function downloadWorkbook(who: { header: string }, path: string) {
  const res = await get(who, path)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as never);
  return { res, workbook };
}

let seq = 0;
const caseDoc = (o: Record<string, unknown>) => rawCaseDoc(o);
const trips = (n: number) => Array.from({ length: n }, () => ({ at: at('2026-09-28'), source: 'window' }));
const correction = [{ at: at('2026-09-28'), kind: 'request_correction', actor: { role: 'staff' } }];

async function seed() {
  const conn = env.deps.mongo.connection;
  await departmentModel(conn).collection.insertMany([
    { code: 'dept-sa', name: '甲局' },
    { code: 'dept-sb', name: '乙局' },
  ]);
  await hallModel(conn).collection.insertOne({ code: 'HALL-SV', name: '督查大厅', windows: [] });
  // Items: 甲局 maxTrips 0,0,1,1,2 (4 of 5 ≤ 1, 2 at 0); 乙局 1,1,1,2,3 (3 of 5): 7 of 10 = exactly 70%.
  const plan: Array<[string, string, number, '市' | '县区' | '乡镇街道']> = [
    ['A1', 'dept-sa', 0, '市'],
    ['A2', 'dept-sa', 0, '县区'],
    ['A3', 'dept-sa', 1, '市'],
    ['A4', 'dept-sa', 1, '市'],
    ['A5', 'dept-sa', 2, '乡镇街道'],
    ['B1', 'dept-sb', 1, '市'],
    ['B2', 'dept-sb', 1, '县区'],
    ['B3', 'dept-sb', 1, '市'],
    ['B4', 'dept-sb', 2, '县区'],
    ['B5', 'dept-sb', 3, '市'],
  ];
  for (const [name, dept, maxTrips, level] of plan) {
    item[name] = await publishItem(env.deps, {
      name: `事项${name}`,
      departmentCode: dept,
      departmentName: dept === 'dept-sa' ? '甲局' : '乙局',
      maxTrips,
      level,
      ...(maxTrips >= 2 ? { tripsReason: '需现场核验' } : {}),
    });
  }
  await serviceItemModel(conn).updateMany({}, { $set: { publishedAt: at('2026-09-01') } });

  const A = (k: string) => ({ itemCode: item[k], department: 'dept-sa' });
  const B = (k: string) => ({ itemCode: item[k], department: 'dept-sb' });
  await caseModel(conn).collection.insertMany([
    // closed in the period: working days from 受理 to 办结 across the holiday
    caseDoc({
      ...A('A3'),
      status: 'completed',
      submittedAt: at('2026-09-28'),
      acceptedDate: '2026-09-29',
      closedDate: '2026-10-09',
      dueDate: '2026-10-09',
      trips: trips(1),
      timeline: correction,
    }), // c1: 3 days, on time, 1 trip
    caseDoc({
      ...A('A3'),
      status: 'completed',
      submittedAt: at('2026-09-26'),
      acceptedDate: '2026-09-28',
      closedDate: '2026-10-10',
      dueDate: '2026-10-09',
      trips: trips(0),
      processingDays: 5, // kept by the complete step (c1, c3 are older cases without it)
    }), // c2: 5 days, late
    caseDoc({
      ...A('A1'),
      status: 'delivered',
      submittedAt: at('2026-09-30'),
      acceptedDate: '2026-09-30',
      closedDate: '2026-09-30',
      dueDate: '2026-10-12',
      trips: trips(0),
    }), // c3: 0 days
    caseDoc({
      ...B('B1'),
      status: 'completed',
      submittedAt: at('2026-09-20'),
      acceptedDate: '2026-09-21',
      closedDate: '2026-10-09',
      dueDate: '2026-10-15',
      trips: trips(2),
      pauses: [{ from: '2026-09-22', to: '2026-09-24' }],
      processingDays: 5,
    }), // c4: 8 − 3 paused = 5 days
    caseDoc({
      ...B('B5'),
      status: 'completed',
      submittedAt: at('2026-09-28'),
      acceptedDate: '2026-09-28',
      closedDate: '2026-10-08',
      dueDate: '2026-10-08',
      trips: trips(3),
    }), // c5: 3 days, 3 trips
    // closed in the previous period (09-20 is a working Sunday): 6 days, late, 1 trip
    caseDoc({
      ...A('A4'),
      status: 'completed',
      submittedAt: at('2026-09-14'),
      acceptedDate: '2026-09-15',
      closedDate: '2026-09-22',
      dueDate: '2026-09-21',
      trips: trips(1),
      timeline: correction,
    }),
    // open
    caseDoc({
      ...A('A2'),
      status: 'in_progress',
      submittedAt: at('2026-09-14'),
      acceptedDate: '2026-09-15',
      dueDate: '2026-09-25',
    }), // overdue now
    caseDoc({ ...B('B2'), status: 'needs_correction', submittedAt: at('2026-10-10'), timeline: correction }),
    caseDoc({
      ...B('B3'),
      status: 'in_progress',
      submittedAt: at('2026-10-08'),
      acceptedDate: '2026-10-08',
      dueDate: '2027-12-31',
    }),
  ]);

  const rating = (o: Record<string, unknown>, served: { department: string; itemCode: string }) => ({
    _id: new Types.ObjectId(),
    kind: 'case',
    serviceId: new Types.ObjectId().toHexString(),
    round: 1,
    personId: 'p1',
    title: '办件',
    reasons: [],
    showComment: false,
    served: { ...served, hallCode: 'HALL-SV' },
    endedAt: at('2026-09-28'),
    counted: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...o,
  });
  const r3 = new Types.ObjectId();
  const r6 = new Types.ObjectId();
  const rp2 = new Types.ObjectId();
  await ratingModel(conn).collection.insertMany([
    rating({ _id: ids.r1, level: 'satisfied', day: '2026-09-29' }, A('A3')),
    rating({ level: 'very_satisfied', day: '2026-10-08' }, A('A3')),
    rating({ _id: r3, level: 'dissatisfied', day: '2026-10-09' }, B('B1')),
    rating({ level: 'basic', day: '2026-10-09' }, B('B1')),
    // an invalid (malicious) rating: stored, not counted, left out of every figure
    rating(
      {
        level: 'very_dissatisfied',
        day: '2026-10-10',
        counted: false,
        invalid: { reason: '恶意', by: 'x', at: new Date() },
      },
      A('A1'),
    ),
    rating({ _id: r6, level: 'very_dissatisfied', day: '2026-10-10' }, B('B5')),
    rating({ level: 'satisfied', day: '2026-09-20' }, A('A3')),
    rating({ _id: rp2, level: 'dissatisfied', day: '2026-09-21' }, B('B1')),
  ]);
  const rect = (
    ratingId: Types.ObjectId,
    created: string,
    o: Record<string, unknown>,
    served: { department: string; itemCode: string },
  ) => ({
    ratingId,
    kind: 'case',
    serviceId: 's',
    personId: 'p1',
    title: '办件',
    department: served.department,
    served: { ...served, hallCode: 'HALL-SV' },
    level: 'dissatisfied',
    reasons: [],
    version: 0,
    callbackDueDate: created,
    callbackDueAt: at(created),
    rectifyDueDate: created,
    rectifyDueAt: at(created),
    callbackOverdue: false,
    rectifyOverdue: false,
    pendingEvidence: [],
    createdAt: at(created),
    updatedAt: at(created),
    ...o,
  });
  await rectificationModel(conn).collection.insertMany([
    rect(
      r3,
      '2026-10-09',
      { status: 'rectified', callback: { onTime: true }, rectification: { onTime: true } },
      B('B1'),
    ),
    rect(r6, '2026-10-10', { status: 'awaiting_rectification', rectifyOverdue: true }, B('B5')),
    rect(
      rp2,
      '2026-09-21',
      { status: 'rectified', callback: { onTime: true }, rectification: { onTime: false } },
      B('B1'),
    ),
  ]);

  let code = 0;
  const booking = (key: string, date: string, status: string, checkIn?: string, called?: string) => ({
    code: `SV${++code}`,
    idemKey: `sv|${code}`,
    personId: 'p1',
    itemCode: item[key],
    hallCode: 'HALL-SV',
    windowType: '综合受理',
    date,
    start: '09:00',
    end: '09:30',
    slotId: 's',
    slotStartsAt: at(date, '09:00'),
    slotEndsAt: at(date, '09:30'),
    status,
    notices: [],
    ...(checkIn ? { checkedInAt: at(date, checkIn) } : {}),
    ...(called ? { calledAt: at(date, called) } : {}),
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  await bookingModel(conn).collection.insertMany([
    booking('A3', '2026-09-29', 'served', '09:10', '09:25'), // waited 15 min, hour 9
    booking('A3', '2026-09-29', 'served', '09:20', '09:50'), // 30 min, hour 9
    booking('B1', '2026-09-30', 'called', '14:05', '14:10'), // 5 min, hour 14
    booking('B1', '2026-10-08', 'no_show'),
    booking('A4', '2026-10-09', 'cancelled'),
    booking('B3', '2026-10-09', 'checked_in', '10:00'), // still waiting
    booking('A3', '2026-10-09', 'rescheduled'), // replaced by another booking: not counted
    booking('A3', '2026-09-21', 'no_show'),
    booking('A3', '2026-09-22', 'served', '10:00', '10:20'),
  ]);
  const slot = (date: string, capacity: number, booked: number) => ({
    _id: `HALL-SV|综合受理|${date}|09:00`,
    hallCode: 'HALL-SV',
    windowType: '综合受理',
    date,
    start: '09:00',
    end: '09:30',
    startsAt: at(date, '09:00'),
    endsAt: at(date, '09:30'),
    capacity,
    booked,
    seats: {},
    closed: false,
    opensAt: at('2026-09-01'),
    closesAt: at(date, '08:00'),
  });
  // Tuesday 2/10, Friday 3/10, the 调休 Saturday 0/5.
  await slotModel(conn).collection.insertMany([
    slot('2026-09-29', 10, 2),
    slot('2026-10-09', 10, 3),
    slot('2026-10-10', 5, 0),
  ] as never[]);

  const consultation = (o: Record<string, unknown>) => ({
    _id: new Types.ObjectId(),
    number: `ZX-${++seq}`,
    askerId: `p${seq}`,
    title: '咨询',
    question: '问题',
    callBack: false,
    departments: [],
    status: 'answered',
    version: 0,
    round: 0,
    clock: { start: '2026-09-28', limitDays: 3, pauses: [] },
    overdue: false,
    pictures: [],
    events: [],
    createdAt: new Date(),
    updatedAt: new Date(),
    ...o,
  });
  await consultationModel(conn).collection.insertMany([
    // 09-30 16:00 → 10-08 10:30 across the holiday: 1 h + 1.5 h = 2.5 working hours
    consultation({
      department: 'dept-sa',
      itemCode: item.A3,
      askedAt: at('2026-09-30', '16:00'),
      firstAnsweredAt: at('2026-10-08', '10:30'),
    }),
    consultation({
      department: 'dept-sa',
      askedAt: at('2026-10-09', '09:00'),
      firstAnsweredAt: at('2026-10-09', '13:00'),
    }), // 4 h
    // the 调休 Saturday 10:00 → Monday 10:00 (Sunday off): 7 h + 1 h = 8 h
    consultation({
      department: 'dept-sb',
      itemCode: item.B1,
      askedAt: at('2026-10-10', '10:00'),
      firstAnsweredAt: at('2026-10-12', '10:00'),
    }),
    consultation({ askedAt: at('2026-10-09', '11:00'), status: 'submitted', overdue: true }), // the desk, unanswered, overdue
    consultation({
      department: 'dept-sa',
      askedAt: at('2026-09-24', '09:00'),
      firstAnsweredAt: at('2026-09-24', '10:00'),
    }), // previous: 1 h
  ]);
  await faqDeflectionModel(conn).collection.insertMany([
    { at: at('2026-10-09'), itemCode: item.A3 },
    { at: at('2026-10-10') },
  ]);

  const k1 = new Types.ObjectId();
  const complaint = (o: Record<string, unknown>) => ({
    _id: new Types.ObjectId(),
    number: `TS-${++seq}`,
    version: 0,
    filerId: 'p1',
    anonymous: false,
    idemKey: `p1|${seq}`,
    description: '描述',
    attachments: [],
    coDepartments: [],
    returns: [],
    followups: [],
    redoCount: 0,
    escalated: false,
    supervisions: [],
    timeline: [],
    round: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...o,
  });
  await complaintModel(conn).collection.insertMany([
    complaint({
      _id: k1,
      kind: 'complaint',
      status: 'closed',
      leadDepartment: 'dept-sa',
      subject: { kind: 'item', label: 'A3', itemCode: item.A3, department: 'dept-sa' },
      filedAt: at('2026-09-28'),
      filedDate: '2026-09-28',
      dueDate: '2026-10-09',
      closedAt: at('2026-10-09', '15:00'),
      verdict: 'satisfied',
    }),
    // the same person again about the same item: a repeat; 重办 once; closed late; not satisfied
    complaint({
      kind: 'complaint',
      status: 'closed',
      leadDepartment: 'dept-sa',
      subject: { kind: 'item', label: 'A3', itemCode: item.A3, department: 'dept-sa' },
      filedAt: at('2026-09-29'),
      filedDate: '2026-09-29',
      dueDate: '2026-10-08',
      closedAt: at('2026-10-10'),
      verdict: 'unsatisfied',
      redoCount: 1,
      repeatOf: k1,
    }),
    complaint({
      kind: 'suggestion',
      status: 'handling',
      leadDepartment: 'dept-sb',
      subject: { kind: 'other', label: '建议' },
      filedAt: at('2026-09-29'),
      filedDate: '2026-09-29',
      dueDate: '2026-09-29',
    }), // overdue now
    complaint({
      kind: 'report',
      status: 'submitted',
      anonymous: true,
      subject: { kind: 'other', label: '举报', department: 'dept-sb' },
      filedAt: at('2026-10-09'),
      filedDate: '2026-10-09',
    }),
    complaint({
      kind: 'complaint',
      status: 'submitted',
      leadDepartment: 'dept-sb',
      subject: { kind: 'other', label: '上期' },
      filedAt: at('2026-09-20'),
      filedDate: '2026-09-20',
    }),
  ]);
}

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  supervisor = await person(env.deps, 'supervisor');
  staffA = await person(env.deps, 'staff', { department: 'dept-sa', halls: [] });
  staffB = await person(env.deps, 'staff', { department: 'dept-sb', halls: [] });
  citizen = await person(env.deps, 'citizen');
  await seed();
});
afterAll(async () => {
  await outboxOf(env.deps).close();
  await env.close();
});

const row = (rows: Array<Record<string, unknown>>, key: string) => rows.find((r) => r.key === key);

describe('the figures of a period, with the previous period (环比)', () => {
  it('trips: the 70% line of published items, trips per closed case and their distribution', async () => {
    const b = await figures('trips');
    expect(b.period).toEqual({ from: FROM, to: TO, days: 14 });
    expect(b.previousPeriod).toEqual({ from: '2026-09-14', to: '2026-09-27', days: 14 });
    expect(b.target).toBe(0.7);
    expect(b.headline).toEqual(
      headline({
        publishedItems: [10, 10],
        itemShare: [0.7, 0.7],
        zeroTripItems: [2, 2],
        closedCases: [5, 1],
        tripsPerCase: [1.2, 1],
        oneTripCaseShare: [0.6, 1],
      }),
    );
    expect(b.tripsDistribution).toEqual([
      { bucket: '0', label: '零跑腿', count: 2, share: 0.4, previousCount: 0 },
      { bucket: '1', label: '跑 1 次', count: 1, share: 0.2, previousCount: 1 },
      { bucket: '2', label: '跑 2 次', count: 1, share: 0.2, previousCount: 0 },
      { bucket: '3+', label: '跑 3 次及以上', count: 1, share: 0.2, previousCount: 0 },
    ]);
    expect(row(b.byDepartment, 'dept-sa')).toEqual({
      key: 'dept-sa',
      name: '甲局',
      publishedItems: 5,
      atMostOneTripItems: 4,
      zeroTripItems: 2,
      itemShare: 0.8,
      closedCases: 3,
      tripsPerCase: 0.33,
      oneTripCaseShare: 1,
    });
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({
      itemShare: 0.6,
      closedCases: 2,
      tripsPerCase: 2.5,
      oneTripCaseShare: 0,
    });
    expect(b.itemsByLevel).toEqual([
      { level: '市', publishedItems: 6, atMostOneTripItems: 5, zeroTripItems: 1, itemShare: 0.8333 },
      { level: '县区', publishedItems: 3, atMostOneTripItems: 2, zeroTripItems: 1, itemShare: 0.6667 },
      { level: '乡镇街道', publishedItems: 1, atMostOneTripItems: 0, zeroTripItems: 0, itemShare: 0 },
    ]);
    // a level filter narrows items and cases to that level
    const county = await figures('trips', `${PERIOD}&level=${encodeURIComponent('县区')}`);
    expect(county.headline.publishedItems.value).toBe(3);
    expect(county.headline.closedCases.value).toBe(0);
  });

  it('cases: received, accepted, closed, on time, overdue now, working days across the holiday, 补正 rate', async () => {
    const b = await figures('cases');
    expect(b.headline).toEqual(
      headline({
        received: [5, 4],
        accepted: [5, 3],
        closed: [5, 1],
        onTimeShare: [0.8, 0],
        overdueOpen: [1, null],
        // 0, 3, 3, 5, 5 working days (nearest rank): median 3, p90 5; the previous case took 6
        medianDays: [3, 6],
        p90Days: [5, 6],
        correctionRate: [0.4, 0.25],
      }),
    );
    expect(row(b.byDepartment, 'dept-sa')).toEqual({
      key: 'dept-sa',
      name: '甲局',
      received: 2,
      accepted: 3,
      closed: 3,
      onTimeShare: 0.6667,
      overdueOpen: 1,
      medianDays: 3,
      p90Days: 5,
      correctionRate: 0.5,
    });
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({
      received: 3,
      accepted: 2,
      closed: 2,
      onTimeShare: 1,
      correctionRate: 0.3333,
    });
    expect(b.overdueByDepartment).toEqual([{ key: 'dept-sa', name: '甲局', overdueOpen: 1 }]);
    expect(row(b.correctionByItem, item.A3!)).toEqual({
      key: item.A3,
      name: '事项A3',
      received: 1,
      corrections: 1,
      correctionRate: 1,
    });
    expect(b.correctionByItem).toHaveLength(2);
    expect(b.correctionItems).toBe(2);
  });

  it('drill-down: a department answers its items', async () => {
    const b = await figures('cases', `${PERIOD}&department=dept-sa`);
    expect(b.table).toBe('item');
    expect(b.byDepartment).toBeUndefined();
    expect(b.filters).toEqual({ department: 'dept-sa', departmentName: '甲局' });
    expect(row(b.byItem, item.A3!)).toMatchObject({
      name: '事项A3',
      received: 1,
      accepted: 2,
      closed: 2,
      onTimeShare: 0.5,
      medianDays: 3,
      p90Days: 5,
    });
    expect(row(b.byItem, item.A1!)).toMatchObject({ closed: 1, onTimeShare: 1, medianDays: 0 });
    expect(row(b.byItem, item.A2!)).toMatchObject({ overdueOpen: 1, received: 0 });
    expect(b.byItem.every((r: { key: string }) => Object.values(item).slice(0, 5).includes(r.key))).toBe(
      true,
    );
  });

  it('a hall filter keeps what happened in that hall: the bookings and ratings of HALL-SV, no case (none lists a hall)', async () => {
    const hall = `${PERIOD}&hall=HALL-SV`;
    const [all, inHall] = await Promise.all([figures('appointments'), figures('appointments', hall)]);
    expect(inHall.headline).toEqual(all.headline);
    expect(row(inHall.byDepartment, 'dept-sb')).toEqual(row(all.byDepartment, 'dept-sb'));
    const [ratings, ratingsInHall] = await Promise.all([figures('ratings'), figures('ratings', hall)]);
    expect(ratingsInHall.headline).toEqual(ratings.headline);
    const cases = await figures('cases', hall);
    expect(cases.headline.closed).toEqual({ value: 0, previous: 0 });
    expect(cases.headline.received).toEqual({ value: 0, previous: 0 });
    expect(cases.correctionByItem).toEqual([]);
    // The drill-down reads the rows with their items; its sums are the department's row.
    const dept = await figures('appointments', `${PERIOD}&department=dept-sb`);
    expect(dept.headline.booked.value).toBe(row(all.byDepartment, 'dept-sb')!.booked);
    expect(dept.headline.waitMedian.value).toBe(row(all.byDepartment, 'dept-sb')!.waitMedian);
  });

  it('appointments: no-show rate, waiting time (median, p90) by hour and hall, slot use by weekday', async () => {
    const b = await figures('appointments');
    expect(b.headline).toEqual(
      headline({
        booked: [6, 2],
        checkedIn: [4, 1],
        cancelled: [1, 0],
        noShow: [1, 1],
        noShowRate: [0.2, 0.5],
        waitMedian: [15, 20],
        waitP90: [30, 20],
        slotUse: [0.2, null],
      }),
    );
    expect(b.waitingByHour).toEqual([
      { hour: 9, count: 2, median: 15, p90: 30 },
      { hour: 14, count: 1, median: 5, p90: 5 },
    ]);
    expect(b.byHall).toEqual([
      {
        key: 'HALL-SV',
        name: '督查大厅',
        booked: 6,
        checkedIn: 4,
        noShowRate: 0.2,
        waitMedian: 15,
        waitP90: 30,
        capacity: 25,
        slotUse: 0.2,
      },
    ]);
    expect(
      b.slotUseByWeekday.map((r: { weekday: number; share: number | null }) => [r.weekday, r.share]),
    ).toEqual([
      [1, null],
      [2, 0.2],
      [3, null],
      [4, null],
      [5, 0.3],
      [6, 0],
      [7, null],
    ]);
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({
      booked: 3,
      checkedIn: 2,
      noShow: 1,
      noShowRate: 0.3333,
      waitMedian: 5,
    });
    expect(row(b.byDepartment, 'dept-sa')).toMatchObject({
      booked: 3,
      checkedIn: 2,
      cancelled: 1,
      noShowRate: 0,
      waitMedian: 15,
      waitP90: 30,
    });
  });

  it('consultations: answer time in working hours (across the holiday and a weekend), overdue, FAQ answers', async () => {
    const b = await figures('consultations');
    expect(b.headline).toEqual(
      headline({
        asked: [4, 1],
        answered: [3, 1],
        medianHours: [4, 1],
        p90Hours: [8, 1],
        overdue: [1, 0],
        faqDeflected: [2, 0],
      }),
    );
    expect(row(b.byDepartment, 'dept-sa')).toMatchObject({
      asked: 2,
      answered: 2,
      medianHours: 2.5,
      p90Hours: 4,
    });
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({ asked: 1, medianHours: 8 });
    expect(row(b.byDepartment, '')).toMatchObject({
      name: '综合窗口（未分派部门）',
      asked: 1,
      answered: 0,
      overdue: 1,
    });
  });

  it('complaints: by kind, on-time closing, 重办, repeat complaints, follow-up satisfaction (and the older fields)', async () => {
    const b = await figures('complaints');
    expect(b.headline).toEqual(
      headline({
        total: [4, 1],
        closed: [2, 0],
        onTimeShare: [0.5, null],
        redoShare: [0.25, 0],
        repeatRate: [0.25, 0],
        satisfaction: [0.5, null],
      }),
    );
    expect(b.byKind.map((k: { label: string; count: number }) => [k.label, k.count])).toEqual([
      ['投诉', 2],
      ['建议', 1],
      ['举报', 1],
    ]);
    expect(b).toMatchObject({ total: 4, open: 2, overdue: 1, repeat: 1, repeatRate: 0.25 });
    expect(b.byStatus).toMatchObject({ closed: 2, handling: 1, submitted: 1 });
    expect(row(b.byDepartment, 'dept-sa')).toMatchObject({
      total: 2,
      closed: 2,
      onTimeShare: 0.5,
      redoShare: 0.5,
      repeatRate: 0.5,
      satisfaction: 0.5,
    });
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({ total: 2, closed: 0 });
  });

  it('ratings: satisfaction without the invalid rating, levels, bad ratings and their rectification', async () => {
    const b = await figures('ratings');
    expect(b.headline).toEqual(
      headline({
        total: [5, 2],
        share: [0.6, 0.5],
        bad: [2, 1],
        rectifiedOnTime: [1, 0],
        rectifiedLate: [0, 1],
        open: [1, 0],
        overdue: [1, 0],
      }),
    );
    expect(b.levels.map((l: { key: string; count: number }) => [l.key, l.count])).toEqual([
      ['very_satisfied', 1],
      ['satisfied', 1],
      ['basic', 1],
      ['dissatisfied', 1],
      ['very_dissatisfied', 1],
    ]);
    expect(row(b.byDepartment, 'dept-sa')).toMatchObject({ total: 2, satisfied: 2, share: 1, bad: 0 });
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({
      total: 3,
      satisfied: 1,
      share: 0.3333,
      bad: 2,
      rectifiedOnTime: 1,
      open: 1,
      overdue: 1,
    });
    // the older `by=` table is still there
    expect(b.by).toBe('department');
    expect(Array.isArray(b.rows)).toBe(true);
    expect(b.rectifications).toHaveProperty('onTimeShare');
  });

  it('overview: the headline row and the trend by week', async () => {
    const b = await figures('overview');
    expect(b.headline).toEqual(
      headline({
        oneTripCaseShare: [0.6, 1],
        itemShare: [0.7, 0.7],
        satisfaction: [0.6, 0.5],
        onTimeShare: [0.8, 0],
        overdueOpen: [1, null],
      }),
    );
    expect(b.trend).toEqual([
      { weekStart: '2026-09-28', casesClosed: 1, onTimeShare: 1, satisfaction: 1, oneTripShare: 1 },
      { weekStart: '2026-10-05', casesClosed: 4, onTimeShare: 0.75, satisfaction: 0.5, oneTripShare: 0.5 },
    ]);
    expect(row(b.byDepartment, 'dept-sb')).toMatchObject({
      closedCases: 2,
      oneTripCaseShare: 0,
      onTimeShare: 1,
      satisfaction: 0.3333,
      overdueOpen: 0,
    });
  });
});

describe('who sees what, and bad input', () => {
  it('staff see their own department only; another department is 403; citizens 403; signed out 401', async () => {
    const own = await figures('cases', PERIOD, staffB);
    expect(own.filters.department).toBe('dept-sb');
    expect(own.table).toBe('item');
    expect(own.headline.received.value).toBe(3);
    const b = Object.entries(item)
      .filter(([k]) => k.startsWith('B'))
      .map(([, v]) => v);
    expect(own.byItem.every((r: { key: string }) => b.includes(r.key))).toBe(true);
    const otherPath = `/api/stats/cases?${PERIOD}&department=dept-sa`;
    const other = await get(staffB, otherPath);
    expectErrorEnvelope(other, otherPath, 403, 'STATS_DEPARTMENT_FORBIDDEN');
    expect(other.body.error.message).toMatch(/本部门/);
    // the older by= rating table is cut to the staff member's department too
    const ratings = await figures('ratings', `${PERIOD}&by=hall`, staffB);
    expect(ratings.rows).toEqual([]);
    expect(ratings.rectifications).toMatchObject({ total: 2, overdue: 1, onTimeShare: 1 });
    expect((await get(staffA, `/api/stats/overview?${PERIOD}&department=dept-sa`)).status).toBe(200);
    expect((await get(citizen, `/api/stats/overview?${PERIOD}`)).status).toBe(403);
    expect((await get(citizen, `/api/stats/cases/export?${PERIOD}`)).status).toBe(403);
    expect((await api().get(`/api/stats/overview?${PERIOD}`)).status).toBe(401);
  });

  it('a bad period or an unknown filter is a 400 envelope in Chinese', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-10-11&to=2026-09-28', 'STATS_PERIOD_INVALID'],
      ['from=2026-02-30&to=2026-03-01', 'STATS_PERIOD_INVALID'],
      ['from=2026/09/28&to=2026-10-11', 'STATS_PERIOD_INVALID'],
      ['from=2024-01-01&to=2026-10-11', 'STATS_PERIOD_TOO_LONG'],
      [`${PERIOD}&department=dept-nowhere`, 'STATS_FILTER_UNKNOWN'],
      [`${PERIOD}&hall=HALL-NOWHERE`, 'STATS_FILTER_UNKNOWN'],
      [`${PERIOD}&level=${encodeURIComponent('省')}`, 'STATS_FILTER_UNKNOWN'],
    ];
    for (const [q, code] of cases) {
      expectErrorEnvelope(await get(supervisor, `/api/stats/cases?${q}`), q, 400, code);
    }
  });

  it('no period: this month up to today', async () => {
    const today = todayInChina();
    const b = await figures('overview', '');
    expect(b.period.from).toBe(`${today.slice(0, 8)}01`);
    expect(b.period.to).toBe(today);
    // the public reform figure carries the public satisfaction share beside the ≤ 1-trip share
    const reform = (await api().get('/api/stats/reform').expect(200)).body;
    expect(reform.satisfaction).toMatchObject({ days: 90 });
    expect(reform.overall.total).toBe(10);
  });
});

describe('Excel export', () => {
  it('streams an .xlsx with the period and filters in its header rows, Chinese columns, numbers as numbers; audited', async () => {
    const { res, workbook: wb } = await downloadWorkbook(
      supervisor,
      `/api/stats/cases/export?${PERIOD}&department=dept-sa`,
    );
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('办件')}-2026-09-28-2026-10-11.xlsx`,
    );
    const ws = wb.getWorksheet('办件')!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['办件统计']);
    expect(values(2)).toEqual(['统计期间', '2026-09-28 至 2026-10-11', '14 天']);
    expect(values(3)).toEqual(['上期（环比）', '2026-09-14 至 2026-09-27']);
    expect(values(4)).toEqual(['筛选条件', '部门：甲局；大厅：全部；事项层级：全部']);
    expect(values(7)).toEqual(['指标', '本期', '上期']);
    expect(values(8)).toEqual(['申报件数', 2, 3]);
    expect(ws.getRow(11).getCell(1).value).toBe('按时办结率');
    expect(ws.getRow(11).getCell(2).value).toBe(0.6667);
    expect(ws.getRow(11).getCell(2).numFmt).toBe('0.0%');
    // the item table: header then one row per item, numbers as numbers
    let header = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === '事项编码') header = n;
    });
    expect(values(header).slice(0, 5)).toEqual(['事项编码', '事项名称', '申报件数', '受理件数', '办结件数']);
    let a3: unknown[] | undefined;
    for (let n = header + 1; n <= ws.rowCount; n++)
      if (ws.getRow(n).getCell(1).value === item.A3) a3 = values(n);
    expect(a3).toEqual([item.A3, '事项A3', 1, 2, 2, 0.5, 0, 3, 5, 1]);
    expect(wb.getWorksheet('补正率（按事项）')).toBeDefined();

    // the overview's export, for the current month when no period is given
    const { workbook: month } = await downloadWorkbook(supervisor, '/api/stats/overview/export');
    const today = todayInChina();
    expect(month.getWorksheet('督查总览')!.getRow(2).getCell(2).value).toBe(
      `${today.slice(0, 8)}01 至 ${today}`,
    );
    expect(month.getWorksheet('按周趋势')!.getRow(1).getCell(1).value).toBe('周（起始日）');

    const audit = await get(supervisor, '/api/audit?action=supervision.export');
    expect(JSON.stringify(audit.body)).toContain('"area":"cases"');
  });
});

describe('cache', () => {
  it('a cached figure is reused, and changes as soon as a write changes its data', async () => {
    const first = await figures('ratings');
    const again = await figures('ratings');
    expect(again.generatedAt).toBe(first.generatedAt);
    expect(again.headline.total.value).toBe(5);
    // a supervisor marks the first rating invalid (the ratings module's own write path)
    await api()
      .post(`/api/staff/ratings/${ids.r1.toHexString()}/invalid`)
      .set('Authorization', supervisor.header)
      .send({ reason: '与服务无关的恶意评价' })
      .expect(200);
    const after = await figures('ratings');
    expect(after.headline.total).toEqual({ value: 4, previous: 2 });
    expect(after.headline.share).toEqual({ value: 0.5, previous: 0.5 });
  });

  it('a case closed through the cases service today counts at once (closedDate, the cases version)', async () => {
    const today = todayInChina();
    const q = `from=${today}&to=${today}&department=dept-sa`;
    const before = await figures('cases', q);
    const lead = await person(env.deps, 'staff', { department: 'dept-sa', halls: [] });
    await completedCase(env.deps, citizen.principal, lead.principal, item.A3!);
    const after = await figures('cases', q);
    expect(after.headline.closed.value).toBe(before.headline.closed.value + 1);
    expect(after.headline.received.value).toBe(before.headline.received.value + 1);
    // (on some test days a hand-built case of A3 was closed that day too)
    const a3 = (b: { byItem: Array<Record<string, unknown>> }) =>
      Number(row(b.byItem, item.A3!)?.closed ?? 0);
    expect(a3(after)).toBe(a3(before) + 1);
  });
});
