import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AppDeps } from '../../../app-deps';
import { appointmentsOf } from '../../appointments/appointments.runtime';
import type { Principal } from '../../auth/access/principal';
import { casesOf } from '../../cases/cases.module';
import { fileCase } from '../../cases/testing/case-fixtures';
import { todayInChina } from '../../calendar';
import { ratingsOf } from '../ratings.module';

/** Test helpers for ratings: services that are over (a completed case, a checked-in booking), ratings. */

/** A case of `applicant` taken to 办结 by `lead` (staff of the item's department). */
export async function completedCase(deps: AppDeps, applicant: Principal, lead: Principal, itemCode: string) {
  const created = await fileCase(deps, applicant, itemCode);
  const s = casesOf(deps).service;
  await s.prereview(lead, created.id, { result: 'pass' });
  await s.accept(lead, created.id, {});
  await s.start(lead, created.id);
  await s.complete(lead, created.id, 'approved');
  return created.id;
}

/** A booking of `personId` written straight into the store, `checked_in` (over) or `booked` (not yet). */
export async function bookingOf(
  deps: AppDeps,
  personId: string,
  itemCode: string,
  options: { status?: 'checked_in' | 'booked'; hallCode?: string; staffId?: string } = {},
) {
  const now = new Date();
  const date = todayInChina(now);
  const status = options.status ?? 'checked_in';
  const code = randomBytes(4).toString('hex').toUpperCase();
  const result = await appointmentsOf(deps).appt.ctx.repos.bookings.insert({
    code,
    personId,
    itemCode,
    hallCode: options.hallCode ?? 'HALL-RT',
    windowType: '综合受理',
    date,
    start: '09:00',
    end: '09:30',
    slotId: `${options.hallCode ?? 'HALL-RT'}|${date}|09:00`,
    slotStartsAt: now,
    slotEndsAt: new Date(now.getTime() + 1_800_000),
    status,
    idemKey: `${personId}|${code}`,
    createdAt: now,
    ...(status === 'checked_in'
      ? { checkedInAt: now, checkedInBy: options.staffId ?? 'staff-x', queueNo: 'A001', queueSeq: 1 }
      : {}),
  });
  if (!result.ok) throw new Error('booking fixture not written');
  return String(result.booking._id);
}

/**
 * A rating stored straight (the authorization matrix's `rating` / `rectification` fixtures): of the
 * person `personId`, for a service of `department`; bad ones with their rectification.
 */
export async function storedRating(
  deps: AppDeps,
  personId: string,
  department: string,
  level: 'satisfied' | 'dissatisfied' = 'satisfied',
) {
  const ratings = ratingsOf(deps);
  const now = new Date();
  const inserted = await ratings.repos.ratings.insert({
    _id: new Types.ObjectId(),
    kind: 'case',
    serviceId: new Types.ObjectId().toHexString(),
    round: 1,
    personId,
    title: '矩阵测试办件',
    level,
    reasons: [],
    showComment: false,
    served: { department, itemCode: 'JX-MATRIX' },
    endedAt: now,
    day: todayInChina(now),
    counted: false,
  });
  if (inserted === 'duplicate') throw new Error('unexpected duplicate');
  const rectification = level === 'dissatisfied' ? await ratings.rectifications.open(inserted) : undefined;
  return { rating: inserted, rectification };
}
