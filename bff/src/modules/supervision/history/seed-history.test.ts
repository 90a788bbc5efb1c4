import request from 'supertest';
import { caseDetailSchema } from '@app/shared';
import { Types, type Model } from 'mongoose';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { bookingModel } from '../../appointments/models/booking.model';
import { slotModel } from '../../appointments/models/slot.model';
import { isWorkingDay, processingWorkingDays, toChinaDate, todayInChina } from '../../calendar';
import { caseModel, type CaseRecord } from '../../cases/models/case.model';
import { detailView } from '../../cases/services/case-views';
import { person, publishItem } from '../../cases/testing/case-fixtures';
import { demoHalls } from '../../catalog/demo/demo-reference';
import { createHallRepository } from '../../catalog/repositories/hall.repository';
import { complaintModel } from '../../complaints/models/complaint.model';
import { consultationModel } from '../../consultations/models/consultation.model';
import { ratingModel } from '../../ratings/models/rating.model';
import { rectificationModel } from '../../ratings/models/rectification.model';
import { ratingStatModel } from '../../ratings/models/rating-stat.model';
import { faqDeflectionModel } from '../../consultations/models/faq.model';
import { HISTORY_COUNTS, seedHistory, type SeedHistoryResult } from './seed-history';
import { spread, historyDays, springFestivalFactor } from './shape';

/**
 * The history seed at a tiny scale (0.002: 400 cases, 600 bookings, 40 consultations, 10
 * complaints, 120 ratings) over a few published items and the demo halls, in the real stores; the
 * documents are read back through the owning modules' routes, views and schemas.
 */
const SCALE = 0.002;
let env: TestEnv;
let result: SeedHistoryResult;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  await createHallRepository(env.mongo.connection).upsertMany(demoHalls());
  const halls = (hallCode: string) => ({ halls: [{ hallCode, windows: ['ZH01'] }] });
  await publishItem(env.deps, {
    code: 'JX-ZRZY-0001',
    departmentCode: 'ZRZY',
    departmentName: '自然资源局',
    maxTrips: 1,
  });
  await publishItem(env.deps, {
    code: 'JX-SCJG-0002',
    departmentCode: 'SCJG',
    departmentName: '市场监督管理局',
    maxTrips: 2,
    onlineCapable: false,
    guide: halls('HALL-MS'),
  } as never);
  await publishItem(env.deps, {
    code: 'JX-GA-0003',
    departmentCode: 'GA',
    departmentName: '公安局',
    maxTrips: 0,
  });
  result = await seedHistory(
    { connection: env.mongo.connection, config: env.config, redis: env.redis },
    { scale: SCALE, seed: 7 },
  );
}, 300_000);
afterAll(() => env.close());

const expected = (n: number) => Math.round(n * SCALE);
const isWorking = (instant: Date) => isWorkingDay(toChinaDate(instant));

it('writes the counts of the scale, over the year that ends yesterday', async () => {
  const c = env.mongo.connection;
  expect(result.counts.cases).toBe(expected(HISTORY_COUNTS.cases));
  expect(await caseModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.cases));
  expect(result.bookingsWithoutSeat).toBe(0);
  expect(await bookingModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.appointments));
  expect(await consultationModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.consultations));
  expect(await complaintModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.complaints));
  expect(await ratingModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.ratings));
  expect(await faqDeflectionModel(c).countDocuments()).toBe(expected(HISTORY_COUNTS.faqDeflections));
  // Every closed case keeps its processing working days, as the complete step writes them.
  const closed = await caseModel(c)
    .find({ closedDate: { $exists: true } })
    .lean()
    .exec();
  expect(closed.length).toBeGreaterThan(0);
  for (const k of closed)
    expect(k.processingDays).toBe(processingWorkingDays(k.acceptedDate!, k.closedDate!, k.pauses));
  // Deflections fall on the year's days, in office hours; those tied to an item name one.
  const deflections = await faqDeflectionModel(c).find().lean().exec();
  expect(deflections.every((d) => toChinaDate(d.at) >= result.from && toChinaDate(d.at) <= result.to)).toBe(
    true,
  );
  expect(deflections.filter((d) => d.itemCode).length).toBeGreaterThan(0);
  expect(result.to < todayInChina()).toBe(true);
  expect(result.from >= todayInChina(Date.now() - 366 * 86_400_000)).toBe(true);
  // The roll-up holds every rating (bucket `all`).
  const all = await ratingStatModel(c).find({ dim: 'all' }).lean().exec();
  expect(all.reduce((n, b) => n + b.total, 0)).toBe(expected(HISTORY_COUNTS.ratings));
  // Every bad rating has its rectification.
  const bad = await ratingModel(c).countDocuments({ level: { $in: ['dissatisfied', 'very_dissatisfied'] } });
  expect(await rectificationModel(c).countDocuments()).toBe(bad);
});

it('puts no activity on a non-working day', async () => {
  const c = env.mongo.connection;
  const cases = await caseModel(c)
    .find({}, { submittedAt: 1, timeline: 1, trips: 1 })
    .lean<CaseRecord[]>()
    .exec();
  for (const k of cases) {
    expect(isWorking(k.submittedAt)).toBe(true);
    for (const e of k.timeline) expect([e.kind, isWorking(e.at)]).toEqual([e.kind, true]);
    for (const t of k.trips) expect(isWorking(t.at)).toBe(true);
  }
  for (const b of await bookingModel(c).find({}, { date: 1 }).lean().exec())
    expect(isWorkingDay(b.date)).toBe(true);
  for (const q of await consultationModel(c).find({}, { askedAt: 1 }).lean().exec())
    expect(isWorking(q.askedAt)).toBe(true);
  for (const q of await complaintModel(c).find({}, { filedDate: 1 }).lean().exec())
    expect(isWorkingDay(q.filedDate)).toBe(true);
  for (const r of await ratingModel(c).find({}, { day: 1 }).lean().exec())
    expect(isWorkingDay(r.day)).toBe(true);
});

it('writes documents the owning modules accept: their schemas, views and routes', async () => {
  const c = env.mongo.connection;
  const models = [
    caseModel(c),
    bookingModel(c),
    consultationModel(c),
    complaintModel(c),
    ratingModel(c),
    rectificationModel(c),
  ] as unknown as Array<Model<Record<string, unknown>>>;
  for (const model of models) {
    for (const doc of await model.find({}).limit(200).lean().exec()) {
      const error = await new model(doc).validate().catch((err: Error) => err);
      expect([model.modelName, error?.message]).toEqual([model.modelName, undefined]);
    }
  }
  // Every case renders in the staff view; the trips it counts are the ones it records.
  const today = todayInChina();
  const cases = await caseModel(c).find({}).lean<CaseRecord[]>().exec();
  for (const k of cases) {
    const view = detailView(k, today, 'staff', [], (code) => code);
    expect(view.trips.taken).toBe(k.trips.length);
    const parsed = caseDetailSchema.safeParse(view);
    expect([k.number, parsed.error?.message]).toEqual([k.number, undefined]);
  }
  const statuses = new Set(cases.map((k) => k.status));
  expect(statuses.has('delivered')).toBe(true);
  // Appointment trips name bookings that were checked in at that instant, at the trip's hall.
  const visit = cases.flatMap((k) => k.trips).find((t) => t.source === 'appointment')!;
  const booking = await bookingModel(c).findById(new Types.ObjectId(visit.appointmentId)).lean().exec();
  expect(booking).toMatchObject({ status: 'served', hallCode: visit.hallCode, checkedInAt: visit.at });
  // The seat ledger: no slot above its capacity, booked = holders.
  for (const slot of await slotModel(c)
    .find({ booked: { $gt: 0 } })
    .lean()
    .exec()) {
    expect(slot.booked).toBeLessThanOrEqual(slot.capacity);
    expect(Object.keys(slot.seats ?? {}).length).toBe(slot.booked);
  }
  // The routes read them back (their response schemas included) for a supervisor.
  const supervisor = await person(env.deps, 'supervisor');
  const done = cases.find((k) => k.status === 'delivered')!;
  const detail = await request(env.callback)
    .get(`/api/cases/${String(done._id)}`)
    .set('Authorization', supervisor.header)
    .expect(200);
  expect(detail.body).toMatchObject({ number: done.number, status: 'delivered' });
  const consultation = await consultationModel(c).findOne({ status: 'resolved' }).lean().exec();
  await request(env.callback)
    .get(`/api/consultations/${String(consultation!._id)}`)
    .set('Authorization', supervisor.header)
    .expect(200);
  const complaint = await complaintModel(c).findOne({}).lean().exec();
  await request(env.callback)
    .get(`/api/complaints/${String(complaint!._id)}`)
    .set('Authorization', supervisor.header)
    .expect(200);
});

it('is skipped when the period already has its history', async () => {
  const again = await seedHistory(
    { connection: env.mongo.connection, config: env.config },
    { scale: SCALE, seed: 7 },
  );
  expect(again.skipped).toMatch(/已有/);
});

describe('the shape of the year', () => {
  it('spreads counts over working days exactly, under a cap', () => {
    const days = historyDays('2026-12-06');
    expect(days.every((d) => isWorkingDay(d))).toBe(true);
    const parts = spread(1000, days, 6);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...parts)).toBeLessThanOrEqual(6);
  });
  it('dips around the Spring Festival (2026-02-17)', () => {
    expect(springFestivalFactor('2026-02-13')).toBeLessThan(0.5);
    expect(springFestivalFactor('2026-02-24')).toBeLessThan(0.6);
    expect(springFestivalFactor('2026-05-12')).toBe(1);
  });
});
