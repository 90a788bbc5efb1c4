import { Types } from 'mongoose';
import { isBadLevel, RATING_LEVELS, RATING_REASONS, type RatingLevel } from '@app/shared';
import type { RatingRecord } from '../../ratings/models/rating.model';
import type { RectificationRecord } from '../../ratings/models/rectification.model';
import { addCalendarDays, addWorkingDays, chinaDateTime, toChinaDate } from '../../calendar';
import type { HistoryContext } from './context';
import type { Rateable } from './cases';
import { after } from './time';
import { DEMO_RATING_COMMENTS } from '../../ratings/demo/seed-ratings';

/** Mostly good, as the city's figures are; departments differ a little (so the ranking says something). */
const WEIGHTS = [50, 30, 11, 6, 3];

/**
 * `count` ratings of services that ended (a sample without repeats: one rating per service), given
 * 0–2 working days after the service ended, as the ratings service writes them; bad ones with their
 * 整改 (rectification) in the state their deadlines put them in by `lastDay` (most rectified on time).
 */
export function generateRatings(
  ctx: HistoryContext,
  pool: Rateable[],
  input: { count: number; lastDay: string; now: Date },
): { ratings: RatingRecord[]; rectifications: RectificationRecord[] } {
  const { rng } = ctx;
  const quality = new Map(ctx.departments.map((d) => [d, 0.6 + 0.8 * rng.next()]));
  // Partial Fisher–Yates: the first `count` of a shuffled pool.
  const n = Math.min(input.count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const ratings: RatingRecord[] = [];
  const rectifications: RectificationRecord[] = [];
  const { callbackWorkingDays, rectifyWorkingDays } = ctx.config.ratings;
  for (let i = 0; i < n; i++) {
    const s = pool[i]!;
    const endedDay = toChinaDate(s.endedAt);
    let day = addWorkingDays(endedDay, rng.weighted([55, 30, 15]));
    if (day > input.lastDay) day = endedDay;
    const createdAt = after(rng, s.endedAt, day, 5, 240);
    const q = quality.get(s.served.department) ?? 1;
    const weights = WEIGHTS.map((w, k) => (k >= 3 ? w * q : w));
    const level: RatingLevel = RATING_LEVELS[rng.weighted(weights)]!;
    const reasons = RATING_REASONS[level].filter(() => rng.chance(0.35)).slice(0, 3);
    const comment = rng.chance(0.25) ? rng.pick(DEMO_RATING_COMMENTS) : undefined;
    const _id = new Types.ObjectId(rng.objectIdHex(createdAt));
    const rating: RatingRecord = {
      _id,
      kind: s.kind,
      serviceId: s.serviceId,
      round: 1,
      personId: s.personId,
      title: s.title,
      level,
      reasons,
      ...(comment ? { comment } : {}),
      showComment: !!comment && rng.chance(0.6),
      served: s.served,
      endedAt: s.endedAt,
      day,
      counted: true,
      createdAt,
      updatedAt: createdAt,
    };
    ratings.push(rating);
    if (!isBadLevel(level)) continue;
    // 整改: 回访 within the callback limit, then the rectification, each on time mostly.
    const rectId = new Types.ObjectId(rng.objectIdHex(createdAt));
    rating.rectificationId = rectId;
    const callbackDueDate = addWorkingDays(day, callbackWorkingDays);
    const rectifyDueDate = addWorkingDays(day, rectifyWorkingDays);
    const callbackDueAt = chinaDateTime(addCalendarDays(callbackDueDate, 1), '00:00');
    const rectifyDueAt = chinaDateTime(addCalendarDays(rectifyDueDate, 1), '00:00');
    const lateCallback = rng.chance(0.08);
    const lateRectify = rng.chance(0.1);
    const callbackDay = addWorkingDays(
      day,
      lateCallback ? callbackWorkingDays + rng.int(1, 3) : rng.int(0, callbackWorkingDays),
    );
    const rectifyDay = addWorkingDays(
      callbackDay,
      lateRectify ? rectifyWorkingDays + rng.int(1, 4) : rng.int(1, Math.max(1, rectifyWorkingDays - 1)),
    );
    const callbackDone = callbackDay <= input.lastDay;
    const rectified = callbackDone && rectifyDay <= input.lastDay;
    const callbackAt = callbackDone ? after(rng, createdAt, callbackDay) : undefined;
    const rectifiedAt = rectified ? after(rng, callbackAt!, rectifyDay) : undefined;
    const staff = ctx.staffOf(s.served.department);
    rectifications.push({
      _id: rectId,
      ratingId: _id,
      kind: s.kind,
      serviceId: s.serviceId,
      personId: s.personId,
      title: s.title,
      department: s.served.department,
      served: s.served,
      level,
      reasons,
      ...(comment ? { comment } : {}),
      status: rectified ? 'rectified' : callbackDone ? 'awaiting_rectification' : 'awaiting_callback',
      version: rectified ? 2 : callbackDone ? 1 : 0,
      callbackDueDate,
      callbackDueAt,
      rectifyDueDate,
      rectifyDueAt,
      callbackOverdue: callbackAt ? callbackAt > callbackDueAt : input.now > callbackDueAt,
      rectifyOverdue: rectifiedAt ? rectifiedAt > rectifyDueAt : input.now > rectifyDueAt,
      ...(callbackDone ? { assigneeId: staff.userId, assigneeName: staff.name } : {}),
      ...(callbackAt
        ? {
            callback: {
              reached: rng.chance(0.85),
              note: '已电话回访，群众反映的情况已记录',
              at: callbackAt,
              by: staff.userId,
              onTime: callbackAt <= callbackDueAt,
            },
          }
        : {}),
      ...(rectifiedAt
        ? {
            rectification: {
              problem: '窗口一次性告知不到位',
              actions: '完善材料清单，组织窗口人员培训',
              evidence: [],
              at: rectifiedAt,
              by: staff.userId,
              onTime: rectifiedAt <= rectifyDueAt,
            },
          }
        : {}),
      pendingEvidence: [],
      createdAt,
      updatedAt: rectifiedAt ?? callbackAt ?? createdAt,
    });
  }
  return { ratings, rectifications };
}
