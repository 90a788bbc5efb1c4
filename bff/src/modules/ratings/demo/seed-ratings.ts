import { Types } from 'mongoose';
import {
  isBadLevel,
  RATING_LEVELS,
  RATING_REASONS,
  type RatingLevel,
  type RectificationStatus,
} from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import { identityOf } from '../../auth/identity';
import { addCalendarDays, addWorkingDays, chinaDateTime, todayInChina } from '../../calendar';
import { createServiceItemRepository } from '../../catalog/repositories/service-item.repository';
import { schedule } from '../../notifications';
import type { RatingRecord } from '../models/rating.model';
import type { RectificationRecord } from '../models/rectification.model';
import { ratingsOf } from '../ratings.module';
import { overdueJobId, RATINGS_QUEUE } from '../services/rating-jobs';

/** The demo's departments and halls (the demo accounts': 自然资源 and 市场监管 at 市中心, 公安 at 密山). */
const PLACES = [
  { department: 'ZRZY', hall: 'HALL-SZ', staff: 'demo.window', window: '综合受理' },
  { department: 'SCJG', hall: 'HALL-SZ', staff: 'demo.scjg', window: '部门窗口' },
  { department: 'GA', hall: 'HALL-MS', staff: 'demo.mishan', window: '综合受理' },
];
const COUNT = 320;
// Mostly good, as the city's figures are: weights of the five levels, best first.
const WEIGHTS = [52, 28, 10, 6, 4];
/** Comments people leave, also used by `npm run seed:history`. */
export const DEMO_RATING_COMMENTS = [
  '一次就办好了，点赞',
  '窗口人员很耐心',
  '材料清单写得很清楚',
  '等的时间有点长',
  '跑了两趟才办成',
];

/** A small deterministic generator, so every demo database looks the same. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/**
 * `npm start` on an empty database (never in production): a few hundred ratings over the demo
 * items of the demo departments and halls, the last 60 days, some bad with rectifications in every
 * state (待回访 and overdue, 待整改 and overdue, 已整改 on time and late, re-rated after it).
 */
export async function seedDemoRatings(deps: AppDeps): Promise<number> {
  if (deps.config.isProduction) return 0;
  const ratings = ratingsOf(deps);
  if ((await ratings.repos.ratings.count()) > 0) return 0;
  const all = await createServiceItemRepository(deps.mongo.connection).loadPublishedForIndex();
  const users = identityOf(deps).users;
  const places = [];
  for (const place of PLACES) {
    const items = all.filter((i) => i.departmentCode === place.department).slice(0, 8);
    if (items.length === 0) continue;
    const staff = await users.findByUsername(place.staff);
    places.push({ ...place, items, staffId: staff?.id, staffName: staff?.name ?? undefined });
  }
  if (places.length === 0) return 0;

  const rnd = random(20261206);
  const now = new Date();
  const today = todayInChina(now);
  const docs: RatingRecord[] = [];
  const rects: RectificationRecord[] = [];
  const pickLevel = (): RatingLevel => {
    let r = rnd() * 100;
    for (let i = 0; i < WEIGHTS.length; i++) if ((r -= WEIGHTS[i]!) < 0) return RATING_LEVELS[i]!;
    return 'satisfied';
  };
  const states: Array<{ status: RectificationStatus; late?: boolean; reRate?: boolean }> = [
    { status: 'awaiting_callback' },
    { status: 'awaiting_callback', late: true },
    { status: 'awaiting_rectification' },
    { status: 'awaiting_rectification', late: true },
    { status: 'rectified' },
    { status: 'rectified', late: true },
    { status: 'rectified', reRate: true },
  ];
  let bad = 0;
  for (let n = 0; n < COUNT; n++) {
    const place = places[n % places.length]!;
    const item = place.items[Math.floor(rnd() * place.items.length)]!;
    const level = pickLevel();
    const state = isBadLevel(level) ? states[bad++ % states.length]! : undefined;
    // Open rectifications are recent (their deadlines still mean something); the rest spread over 60 days.
    const ago = state && state.status !== 'rectified' ? (state.late ? 20 : 0) : Math.floor(rnd() * 60);
    const day = addCalendarDays(today, -ago);
    const createdAt = new Date(Math.min(chinaDateTime(day, '10:00').getTime() + n * 1000, now.getTime()));
    const reasons = RATING_REASONS[level].filter(() => rnd() < 0.35).slice(0, 3);
    const comment =
      rnd() < 0.3 ? DEMO_RATING_COMMENTS[Math.floor(rnd() * DEMO_RATING_COMMENTS.length)] : undefined;
    const _id = new Types.ObjectId();
    const served = {
      itemCode: item.code,
      itemName: item.name,
      department: place.department,
      hallCode: place.hall,
      windowName: place.window,
      ...(place.staffId ? { staffId: place.staffId } : {}),
      ...(place.staffName ? { staffName: place.staffName } : {}),
    };
    const rating: RatingRecord = {
      _id,
      kind: 'case',
      serviceId: new Types.ObjectId().toHexString(),
      round: 1,
      personId: `demo-person-${n % 97}`,
      title: `${item.name}（演示办件）`,
      level,
      reasons,
      ...(comment ? { comment } : {}),
      showComment: !!comment && rnd() < 0.6,
      served,
      endedAt: new Date(createdAt.getTime() - 3_600_000),
      day,
      counted: true,
      createdAt,
      updatedAt: createdAt,
    };
    docs.push(rating);
    if (!state) continue;
    const rectId = new Types.ObjectId();
    rating.rectificationId = rectId;
    const callbackDueDate = addWorkingDays(day, deps.config.ratings.callbackWorkingDays);
    const rectifyDueDate = addWorkingDays(day, deps.config.ratings.rectifyWorkingDays);
    const callbackDueAt = chinaDateTime(addCalendarDays(callbackDueDate, 1), '00:00');
    const rectifyDueAt = chinaDateTime(addCalendarDays(rectifyDueDate, 1), '00:00');
    const callbackDone = state.status !== 'awaiting_callback';
    const rectified = state.status === 'rectified';
    const callbackAt = new Date(
      createdAt.getTime() + (state.late && state.status !== 'awaiting_rectification' ? 5 : 0.2) * 86_400_000,
    );
    const rectifiedAt = new Date(
      Math.min(createdAt.getTime() + (state.late ? 25 : 6) * 86_400_000, now.getTime()),
    );
    const outbox = [
      ...(!callbackDone && callbackDueAt > now
        ? [
            schedule(
              RATINGS_QUEUE,
              'callback-overdue',
              overdueJobId(String(rectId), 'callback'),
              callbackDueAt,
              { rectificationId: String(rectId) },
            ),
          ]
        : []),
      ...(!rectified && rectifyDueAt > now
        ? [
            schedule(
              RATINGS_QUEUE,
              'rectify-overdue',
              overdueJobId(String(rectId), 'rectify'),
              rectifyDueAt,
              { rectificationId: String(rectId) },
            ),
          ]
        : []),
    ];
    const rect: RectificationRecord = {
      _id: rectId,
      ratingId: _id,
      kind: 'case',
      serviceId: rating.serviceId,
      personId: rating.personId,
      title: rating.title,
      department: place.department,
      served,
      level,
      reasons,
      ...(comment ? { comment } : {}),
      status: state.status,
      version: callbackDone ? (rectified ? 2 : 1) : 0,
      callbackDueDate,
      callbackDueAt,
      rectifyDueDate,
      rectifyDueAt,
      callbackOverdue:
        !callbackDone && callbackDueAt < now
          ? true
          : !!(callbackDone && state.late && callbackAt > callbackDueAt),
      rectifyOverdue: (!rectified && rectifyDueAt < now) || (rectified && rectifiedAt > rectifyDueAt),
      ...(callbackDone && place.staffId
        ? { assigneeId: place.staffId, ...(place.staffName ? { assigneeName: place.staffName } : {}) }
        : {}),
      ...(callbackDone
        ? {
            callback: {
              reached: rnd() < 0.8,
              note: '已电话回访，群众反映的情况已记录',
              at: callbackAt,
              by: place.staffId ?? 'demo',
              onTime: callbackAt <= callbackDueAt,
            },
          }
        : {}),
      ...(rectified
        ? {
            rectification: {
              problem: '窗口一次性告知不到位',
              actions: '完善材料清单，组织窗口人员培训',
              evidence: [],
              at: rectifiedAt,
              by: place.staffId ?? 'demo',
              onTime: rectifiedAt <= rectifyDueAt,
            },
          }
        : {}),
      pendingEvidence: [],
      ...(outbox.length ? { outbox } : {}),
      createdAt,
      updatedAt: createdAt,
    };
    if (state.reRate) {
      const second: RatingRecord = {
        ...rating,
        _id: new Types.ObjectId(),
        round: 2,
        level: 'satisfied',
        reasons: ['proactive'],
        showComment: false,
        createdAt: new Date(rectifiedAt.getTime() + 3_600_000),
        updatedAt: new Date(rectifiedAt.getTime() + 3_600_000),
        day: todayInChina(new Date(rectifiedAt.getTime() + 3_600_000)),
      };
      delete second.comment;
      delete second.rectificationId;
      rating.counted = false;
      rect.reRating = { ratingId: second._id, level: 'satisfied', at: second.createdAt };
      docs.push(second);
    }
    rects.push(rect);
  }
  await ratings.repos.ratings.insertMany(docs);
  await ratings.repos.rectifications.insertMany(rects);
  await ratings.repos.stats.applyMany(docs.filter((r) => r.counted));
  deps.logger.info({ ratings: docs.length, rectifications: rects.length }, 'demo ratings seeded');
  return docs.length;
}
