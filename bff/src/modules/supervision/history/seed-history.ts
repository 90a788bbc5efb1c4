import type { Connection } from 'mongoose';
import type { AppConfig } from '../../../config/config';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { BookingRecord } from '../../appointments/models/booking.model';
import type { CaseRecord } from '../../cases/models/case.model';
import type { ComplaintRecord } from '../../complaints/models/complaint.model';
import type { ConsultationRecord } from '../../consultations/models/consultation.model';
import { syncIndexes } from '../../../infra/mongo/connect-mongo';
import { statsVersions } from '../repositories/stats-cache.repository';
import { addCalendarDays, chinaDateTime, todayInChina } from '../../calendar';
import { generateBookingDay } from './appointments';
import { generateCase, type Rateable, type VisitBooking } from './cases';
import { generateComplaint, type ComplaintSeed } from './complaints';
import { generateConsultation } from './consultations';
import { generateDeflection, indexFaqs } from './faq-deflections';
import { loadContext, repositoriesOf } from './context';
import { generateRatings } from './ratings';
import { createSeatBook } from './seats';
import { historyDays, spread } from './shape';
import { createFiguresRepository } from '../repositories/figures.repository';
import { createReferenceRepository } from '../repositories/reference.repository';
import { createRollupRepository } from '../repositories/rollup.repository';
import { loadReference } from '../services/reference';
import { ROLLUP_PARTS } from '../services/rollup-parts';
import { createRollups } from '../services/rollups';

/** A year at scale 1, as the issue describes it. */
export const HISTORY_COUNTS = {
  cases: 200_000,
  appointments: 300_000,
  consultations: 20_000,
  /** People a suggested FAQ answer stopped before they asked (not in the list; ~2 in 5 of the asked). */
  faqDeflections: 8_000,
  complaints: 5_000,
  ratings: 60_000,
} as const;
export type HistoryArea = keyof typeof HISTORY_COUNTS;

export interface SeedHistoryOptions {
  /** 1 = the year above; 0.1 a tenth of it. */
  scale?: number;
  seed?: number;
  /** The clock: the history ends the day before `now` (China time). */
  now?: Date;
  /** Seed even when the period already has cases (a second year on top of the first). */
  force?: boolean;
  /** Documents per insert. */
  batchSize?: number;
  onProgress?: (p: { area: HistoryArea | 'slots'; done: number; total: number }) => void;
}

export interface SeedHistoryResult {
  skipped?: string;
  from: string;
  to: string;
  workingDays: number;
  counts: Record<HistoryArea, number> & { slots: number; rectifications: number };
  /** Bookings the seat ledger had no room for (the year's demand above the halls' capacity). */
  bookingsWithoutSeat: number;
  ms: Record<HistoryArea | 'rollups' | 'total', number>;
}

/** The year is written without roll-up stamps: the seed computes the 督查 roll-ups of its days itself. */
const ROLLED_UP = { rollupsRebuiltByCaller: true };

/** The 督查 roll-ups of the seeded days, computed from the documents (see supervision/services/rollups). */
function rollupsOf(connection: Connection) {
  return createRollups({
    store: createRollupRepository(connection),
    figures: createFiguresRepository(connection),
    context: () => loadReference(createReferenceRepository(connection)),
  });
}

/** The sources the supervision figures' cache keys hold a version of (`stats:v:<source>`): bumped so running BFFs recompute. */
const CACHE_SOURCES = ['cases', 'appointments', 'consultations', 'complaints', 'ratings'];

/**
 * `npm run seed:history`: a plausible year of activity ending yesterday, written through the owning
 * modules' repositories (bulk inserts of documents shaped as their services write them): cases with
 * their trips and timelines, the bookings (the cases' visits among them) and the slots' seat ledger,
 * consultations, complaints, ratings with their rectifications and the ratings roll-up. Deterministic
 * for a seed and a clock. Needs the catalogue (published items, halls).
 */
export async function seedHistory(
  stores: { connection: Connection; config: AppConfig; redis?: RedisHandle },
  options: SeedHistoryOptions = {},
): Promise<SeedHistoryResult> {
  const started = Date.now();
  const scale = options.scale ?? 1;
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? 1000;
  const target = Object.fromEntries(
    Object.entries(HISTORY_COUNTS).map(([k, v]) => [k, Math.round(v * scale)]),
  ) as Record<HistoryArea, number>;
  const today = todayInChina(now);
  const days = historyDays(today);
  const from = days[0]!;
  const lastDay = days[days.length - 1]!;
  // The 督查 roll-ups cover every day up to yesterday and the year before the history too: a
  // 12-month period is shown beside the 12 months before it (环比), which had no activity.
  const rolledFrom = addCalendarDays(from, -366);
  const rolledTo = addCalendarDays(today, -1);
  const caseModel = repositoriesOf(stores.connection).cases.model;
  // The owning modules' indexes before the bulk writes (a script's connection has not registered
  // their models yet; the BFF creates the same ones at start): the seed's look-ups and upserts use them.
  const rollups = rollupsOf(stores.connection);
  await syncIndexes(stores.connection);
  const existing = await caseModel
    .countDocuments({
      submittedAt: { $gte: chinaDateTime(from, '00:00'), $lt: chinaDateTime(today, '00:00') },
    })
    .exec();
  const ctx = await loadContext(stores.connection, stores.config, {
    // A forced second year must not draw the first one's ids again.
    seed: (options.seed ?? 20261206) + existing,
    peopleCount: Math.max(50, Math.round(60_000 * scale)),
  });
  const { repos } = ctx;
  // Per area: documents written and milliseconds taken.
  const zeros = () =>
    Object.fromEntries(Object.keys(HISTORY_COUNTS).map((area) => [area, 0])) as Record<HistoryArea, number>;
  const counts = { ...zeros(), slots: 0, rectifications: 0 };
  const ms = { ...zeros(), rollups: 0, total: 0 };
  const result = (skipped?: string): SeedHistoryResult => ({
    ...(skipped ? { skipped } : {}),
    from,
    to: lastDay,
    workingDays: days.length,
    counts,
    bookingsWithoutSeat,
    ms: { ...ms, total: Date.now() - started },
  });
  let bookingsWithoutSeat = 0;
  if (!options.force && existing > 0) {
    // An earlier year (perhaps seeded before the roll-ups existed): its missing days are computed.
    const t0 = Date.now();
    for (const part of ROLLUP_PARTS) await rollups.days(part, rolledFrom, rolledTo);
    ms.rollups = Date.now() - t0;
    return result(`该时段已有 ${existing} 件办件（已生成过历史数据？加 --force 再生成一年）`);
  }
  const compact = (day: string) => day.replaceAll('-', '');
  const progress = (area: HistoryArea | 'slots', done: number, total: number) =>
    options.onProgress?.({ area, done, total });
  const pool: Rateable[] = [];

  // ---- cases (and the bookings their visits need, placed in the seat ledger) ----
  let t = Date.now();
  const seats = createSeatBook(ctx);
  const visitsByDay = new Map<string, VisitBooking[]>();
  let caseBuffer: CaseRecord[] = [];
  const caseWriter = overlapped(async (docs: CaseRecord[]) => {
    await repos.cases.insertMany(docs, ROLLED_UP);
    counts.cases += docs.length;
    progress('cases', counts.cases, target.cases);
  });
  const flushCases = async () => {
    await caseWriter.push(caseBuffer);
    caseBuffer = [];
  };
  const caseQuota = spread(target.cases, days);
  for (const [i, day] of days.entries()) {
    const max = await repos.cases.maxNumberWithPrefix(`JX-${compact(day)}-`);
    let seq = max ? Number(max.slice(-6)) : 0;
    for (let k = 0; k < caseQuota[i]!; k++) {
      const number = `JX-${compact(day)}-${String(++seq).padStart(6, '0')}`;
      const { doc, visits, rateable } = generateCase(ctx, seats, { day, number, lastDay });
      caseBuffer.push(doc);
      for (const v of visits) {
        const list = visitsByDay.get(v.slot.date) ?? [];
        list.push(v);
        visitsByDay.set(v.slot.date, list);
      }
      if (rateable) pool.push(rateable);
      if (caseBuffer.length >= batch) await flushCases();
    }
  }
  await flushCases();
  await caseWriter.drain();
  ms.cases = Date.now() - t;

  // ---- appointments: the visits, then the other bookings up to the count, day by day ----
  t = Date.now();
  const bookingHalls = [...ctx.halls.keys()];
  const visitCount = [...visitsByDay.values()].reduce((n, l) => n + l.length, 0);
  const caps = days.map((day) => Math.floor(0.92 * seats.capacityLeft(day, bookingHalls)));
  const freeQuota = spread(Math.max(0, target.appointments - visitCount), days, caps);
  const codes = new Set<string>();
  let bookingBuffer: BookingRecord[] = [];
  const bookingWriter = overlapped(async (docs: BookingRecord[]) => {
    await repos.bookings.insertMany(docs, ROLLED_UP);
    counts.appointments += docs.length;
    progress('appointments', counts.appointments, target.appointments);
  });
  const flushBookings = async () => {
    await bookingWriter.push(bookingBuffer);
    bookingBuffer = [];
  };
  for (const [i, date] of days.entries()) {
    const day = generateBookingDay(ctx, seats, {
      date,
      visits: visitsByDay.get(date) ?? [],
      freeCount: freeQuota[i]!,
      codes,
      bookingHalls,
    });
    bookingsWithoutSeat += day.missed;
    bookingBuffer.push(...day.docs);
    pool.push(...day.rateables);
    const ledgers = seats.drain(date);
    for (let k = 0; k < ledgers.length; k += batch) await repos.slots.addHistory(ledgers.slice(k, k + batch));
    counts.slots += ledgers.length;
    if (bookingBuffer.length >= batch) await flushBookings();
  }
  await flushBookings();
  await bookingWriter.drain();
  ms.appointments = Date.now() - t;

  // ---- consultations ----
  t = Date.now();
  let consultationBuffer: ConsultationRecord[] = [];
  const consultationWriter = overlapped(async (docs: ConsultationRecord[]) => {
    await repos.consultations.insertMany(docs, ROLLED_UP);
    counts.consultations += docs.length;
    progress('consultations', counts.consultations, target.consultations);
  });
  const flushConsultations = async () => {
    await consultationWriter.push(consultationBuffer);
    consultationBuffer = [];
  };
  const consultationQuota = spread(target.consultations, days);
  for (const [i, day] of days.entries()) {
    if (!consultationQuota[i]) continue;
    const max = await repos.consultations.maxNumberWithPrefix(`ZX-${compact(day)}-`);
    let seq = max ? Number(max.slice(-6)) : 0;
    for (let k = 0; k < consultationQuota[i]!; k++) {
      const number = `ZX-${compact(day)}-${String(++seq).padStart(6, '0')}`;
      const { doc, rateable } = generateConsultation(ctx, { day, number, lastDay });
      consultationBuffer.push(doc);
      if (rateable) pool.push(rateable);
      if (consultationBuffer.length >= batch) await flushConsultations();
    }
  }
  await flushConsultations();
  await consultationWriter.drain();
  ms.consultations = Date.now() - t;

  // ---- FAQ deflections (asked nothing: a suggestion answered them) ----
  t = Date.now();
  const faqs = indexFaqs(await repos.faq.published());
  const deflectionQuota = spread(target.faqDeflections, days);
  for (const [i, day] of days.entries()) {
    const docs = Array.from({ length: deflectionQuota[i]! }, () => generateDeflection(ctx, faqs, day));
    await repos.faq.insertDeflections(docs);
    counts.faqDeflections += docs.length;
    progress('faqDeflections', counts.faqDeflections, target.faqDeflections);
  }
  ms.faqDeflections = Date.now() - t;

  // ---- complaints (kept until the ratings are drawn: a rated complaint records when) ----
  t = Date.now();
  const complaints: ComplaintRecord[] = [];
  const earlier: ComplaintSeed[] = [];
  const complaintQuota = spread(target.complaints, days);
  for (const [i, day] of days.entries()) {
    // The history's own numbers (TS<date>5xxx and up): the live counter of a day starts at 0001.
    if (!complaintQuota[i]) continue;
    const [top] = await repos.complaints.model
      .find({ number: { $gte: `TS${compact(day)}5`, $lt: `TS${compact(day)}~` } }, { number: 1 })
      .sort({ number: -1 })
      .limit(1)
      .lean<Array<{ number: string }>>()
      .exec();
    const first = top ? Number(top.number.slice(10)) + 1 : 5001;
    for (let k = 0; k < complaintQuota[i]!; k++) {
      const number = `TS${compact(day)}${String(first + k)}`;
      const { doc, rateable } = generateComplaint(ctx, { day, number, lastDay, earlier });
      complaints.push(doc);
      earlier.push({
        _id: doc._id,
        number,
        filerId: doc.filerId,
        filedAt: doc.filedAt,
        subject: doc.subject,
        kind: doc.kind,
      });
      if (earlier.length > 400) earlier.shift();
      if (rateable) pool.push(rateable);
    }
  }
  ms.complaints = Date.now() - t;

  // ---- ratings, their rectifications and the roll-up ----
  t = Date.now();
  const { ratings, rectifications } = generateRatings(ctx, pool, { count: target.ratings, lastDay, now });
  const complaintById = new Map(complaints.map((c) => [String(c._id), c]));
  for (const r of ratings) if (r.kind === 'complaint') complaintById.get(r.serviceId)!.ratedAt = r.createdAt;
  const t2 = Date.now();
  for (let k = 0; k < complaints.length; k += batch) {
    await repos.complaints.insertMany(complaints.slice(k, k + batch));
    counts.complaints += Math.min(batch, complaints.length - k);
    progress('complaints', counts.complaints, target.complaints);
  }
  const complaintInsertMs = Date.now() - t2;
  ms.complaints += complaintInsertMs;
  for (let k = 0; k < ratings.length; k += batch) {
    const part = ratings.slice(k, k + batch);
    await repos.ratings.insertMany(part, ROLLED_UP);
    await repos.ratingStats.applyMany(part);
    counts.ratings += part.length;
    progress('ratings', counts.ratings, target.ratings);
  }
  for (let k = 0; k < rectifications.length; k += batch)
    await repos.rectifications.insertMany(rectifications.slice(k, k + batch));
  counts.rectifications = rectifications.length;
  ms.ratings = Date.now() - t - complaintInsertMs;

  // ---- the 督查 roll-ups of every seeded day ----
  t = Date.now();
  await rollups.rebuild(rolledFrom, rolledTo);
  ms.rollups = Date.now() - t;

  // Running BFFs recompute their figures (the supervision module's per-area cache versions).
  if (stores.redis) {
    const versions = statsVersions(stores.redis);
    await Promise.all(CACHE_SOURCES.map((source) => versions.bump(source))).catch(() => undefined);
  }
  return result();
}

/**
 * One batch written while the next one is generated: the engine inserts (its own process) while
 * this process builds documents. At most one write in flight; a failed write fails the next push.
 */
function overlapped<T>(write: (docs: T[]) => Promise<void>) {
  let inflight: Promise<void> = Promise.resolve();
  return {
    async push(docs: T[]) {
      await inflight;
      if (docs.length) inflight = write(docs);
    },
    drain: () => inflight,
  };
}
