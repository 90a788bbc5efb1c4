import { Types } from 'mongoose';
import {
  isBadLevel,
  RATING_ADDENDUM_DAYS,
  type CreateRatingRequest,
  type PendingRating,
  type RateableKind,
  type RatingView,
  type ServiceRatingState,
  type StaffRatingsQuery,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { todayInChina } from '../../calendar';
import type { RatingRecord } from '../models/rating.model';
import type { RectificationRecord } from '../models/rectification.model';
import type { RatingRepository } from '../repositories/rating.repository';
import type { RatingStatsRepository } from '../repositories/rating-stats.repository';
import type { RectificationRepository } from '../repositories/rectification.repository';
import type { RateableRegistry, RatedService } from './rateable';
import { ratingView, type RatingAudience } from './rating-views';

const DAY_MS = 86_400_000;

export interface RatingServiceDeps {
  ratings: RatingRepository;
  rectifications: RectificationRepository;
  stats: RatingStatsRepository;
  registry: RateableRegistry;
  /** Opens (idempotently) the rectification of a bad round-1 rating. */
  openRectification(r: RatingRecord): Promise<RectificationRecord>;
  now: () => Date;
  windowDays: number;
  /** Told after the figures changed (the public figure's cache). */
  counted?: (r: RatingRecord) => void;
}

/**
 * 好差评: rate a service once (per round), 追评, the person's lists, staff lists, invalid marking.
 * The unique index (kind, serviceId, round) decides races: the loser answers the winner's rating.
 */
export function createRatingService(deps: RatingServiceDeps) {
  const { ratings, rectifications, registry, now } = deps;
  const stats = {
    async apply(r: RatingRecord, sign: 1 | -1) {
      await deps.stats.apply(r, sign);
      deps.counted?.(r);
    },
  };
  const windowMs = deps.windowDays * DAY_MS;

  function adapterOf(kind: RateableKind) {
    const adapter = registry.get(kind);
    if (!adapter) throw new AppError('RATING_KIND_NOT_AVAILABLE');
    return adapter;
  }

  async function serviceOf(p: Principal, kind: RateableKind, id: string): Promise<RatedService> {
    const service = await adapterOf(kind).findForPerson(p, id);
    if (!service) throw new AppError('NOT_FOUND', '未找到该服务');
    return service;
  }

  async function rectsOf(list: RatingRecord[]) {
    const withRect = list.filter((r) => r.round === 1 && isBadLevel(r.level)).map((r) => r._id);
    const found = withRect.length ? await rectifications.findByRatings(withRect) : [];
    return new Map(found.map((x) => [String(x.ratingId), x]));
  }

  async function views(list: RatingRecord[], audience: RatingAudience): Promise<RatingView[]> {
    const rects = await rectsOf(list);
    const at = now();
    return list.map((r) => ratingView(r, rects.get(String(r._id)), audience, at));
  }

  /**
   * What the person may do with this service now: round 1 within the window from its end; round 2
   * (整改后评价) once its bad rating's rectification is done, within the window from then.
   */
  function nextRound(
    service: RatedService,
    existing: RatingRecord[],
    rect: RectificationRecord | null | undefined,
    at: Date,
  ): { round?: 1 | 2; until?: Date; blocked?: 'not_over' | 'expired' | 'rated' } {
    const first = existing.find((r) => r.round === 1);
    if (!first) {
      if (!service.endedAt) return { blocked: 'not_over' };
      const until = new Date(service.endedAt.getTime() + windowMs);
      return at > until ? { blocked: 'expired', until } : { round: 1, until };
    }
    const second = existing.find((r) => r.round === 2);
    if (!second && rect?.status === 'rectified' && rect.rectification && !first.invalid) {
      const until = new Date(rect.rectification.at.getTime() + windowMs);
      if (at <= until) return { round: 2, until };
    }
    return { blocked: 'rated' };
  }

  async function stateOf(p: Principal, kind: RateableKind, id: string) {
    const service = await serviceOf(p, kind, id);
    const existing = await ratings.findOfService(kind, id);
    const first = existing.find((r) => r.round === 1);
    const rect = first && isBadLevel(first.level) ? await rectifications.findByRating(first._id) : null;
    return { service, existing, rect, next: nextRound(service, existing, rect, now()) };
  }

  /** After a round-2 rating: the round-1 rating stops counting in the figures; the rectification notes it. */
  async function afterReRating(r: RatingRecord, first: RatingRecord | undefined) {
    if (first && (await ratings.uncount(first._id))) await stats.apply(first, -1);
    if (first)
      await rectifications.setReRating(first._id, { ratingId: r._id, level: r.level, at: r.createdAt });
  }

  /** The service's own module keeps its mark (a complaint's `ratedAt`); repaired by a later tap. */
  async function markRated(service: RatedService, r: RatingRecord) {
    await registry.get(service.kind)?.rated?.(service, r.createdAt);
  }

  return {
    async rate(p: Principal, body: CreateRatingRequest): Promise<RatingView> {
      const { service, existing, next } = await stateOf(p, body.kind, body.id);
      if (!next.round) {
        if (next.blocked === 'not_over') throw new AppError('RATING_SERVICE_NOT_OVER');
        if (next.blocked === 'expired') throw new AppError('RATING_WINDOW_CLOSED');
        // Rated already: the second tap answers the first's rating.
        const latest = existing[existing.length - 1]!;
        if (latest.round === 1 && isBadLevel(latest.level)) await deps.openRectification(latest);
        const first = existing.find((r) => r.round === 1);
        if (first) await markRated(service, first);
        return (await views([latest], 'person'))[0]!;
      }
      const at = now();
      const round = next.round;
      const inserted = await ratings.insert({
        _id: new Types.ObjectId(),
        kind: body.kind,
        serviceId: body.id,
        round,
        personId: p.userId,
        title: service.title,
        level: body.level,
        reasons: body.reasons,
        ...(body.comment ? { comment: body.comment } : {}),
        showComment: body.showComment,
        served: service.served,
        endedAt: service.endedAt!,
        day: todayInChina(at),
        counted: true,
      });
      if (inserted === 'duplicate') {
        // Lost the race to a tap at the same moment: answer that rating (and repair what it needs).
        const winner = (await ratings.findOfService(body.kind, body.id)).find((r) => r.round === round)!;
        if (round === 1 && isBadLevel(winner.level)) await deps.openRectification(winner);
        if (round === 1) await markRated(service, winner);
        return (await views([winner], 'person'))[0]!;
      }
      await stats.apply(inserted, 1);
      if (round === 1 && isBadLevel(inserted.level)) await deps.openRectification(inserted);
      if (round === 1) await markRated(service, inserted);
      if (round === 2)
        await afterReRating(
          inserted,
          existing.find((r) => r.round === 1),
        );
      return (await views([inserted], 'person'))[0]!;
    },

    /** The rating card of one service (the case / ticket page). */
    async serviceState(p: Principal, kind: RateableKind, id: string): Promise<ServiceRatingState> {
      const { service, existing, next } = await stateOf(p, kind, id);
      const labels = { not_over: '服务结束后可评价', expired: '已过评价期（未评价）', rated: '已评价' };
      return {
        kind,
        serviceId: id,
        title: service.title,
        canRate: next.round !== undefined,
        ...(next.round ? { round: next.round } : {}),
        ...(next.blocked ? { blocked: next.blocked, blockedLabel: labels[next.blocked] } : {}),
        ...(next.until && next.round ? { rateUntil: next.until.toISOString() } : {}),
        ratings: await views(existing, 'person'),
      };
    },

    async addendum(p: Principal, id: string, text: string): Promise<RatingView> {
      const r = await ratings.findById(id);
      if (!r || r.personId !== p.userId) throw new AppError('NOT_FOUND', '未找到该评价');
      const notBefore = new Date(now().getTime() - RATING_ADDENDUM_DAYS * DAY_MS);
      const updated = await ratings.setAddendum(r._id, p.userId, text, now(), notBefore);
      if (!updated) throw new AppError('RATING_ADDENDUM_CLOSED');
      return (await views([updated], 'person'))[0]!;
    },

    async mine(p: Principal) {
      return { items: await views(await ratings.listByPerson(p.userId), 'person') };
    },

    /** 待评价: services over within the window and not rated, and 整改后评价 that are open. */
    async pending(p: Principal): Promise<{ items: PendingRating[] }> {
      const at = now();
      const since = new Date(at.getTime() - windowMs);
      const items: PendingRating[] = [];
      for (const adapter of registry.values()) {
        const ended = await adapter.endedSince(p, since, 50);
        if (ended.length === 0) continue;
        const rated = await ratings.findOfServices(
          adapter.kind,
          ended.map((s) => s.id),
        );
        const firstRated = new Set(rated.filter((r) => r.round === 1).map((r) => r.serviceId));
        for (const s of ended) {
          if (firstRated.has(s.id) || !s.endedAt) continue;
          items.push({
            kind: s.kind,
            serviceId: s.id,
            title: s.title,
            endedAt: s.endedAt.toISOString(),
            rateUntil: new Date(s.endedAt.getTime() + windowMs).toISOString(),
            round: 1,
          });
        }
      }
      // 整改后评价: rectified bad ratings of the person without a round 2 yet.
      const mine = await ratings.list(
        { personId: p.userId, round: 1, level: { $in: ['dissatisfied', 'very_dissatisfied'] } },
        50,
      );
      const rects = await rectsOf(mine);
      const seconds = new Set(
        (await ratings.list({ personId: p.userId, round: 2 }, 100)).map((r) => `${r.kind}:${r.serviceId}`),
      );
      for (const r of mine) {
        const rect = rects.get(String(r._id));
        if (!rect?.rectification || rect.status !== 'rectified' || r.invalid) continue;
        if (seconds.has(`${r.kind}:${r.serviceId}`)) continue;
        const until = new Date(rect.rectification.at.getTime() + windowMs);
        if (at > until) continue;
        items.push({
          kind: r.kind,
          serviceId: r.serviceId,
          title: r.title,
          endedAt: rect.rectification.at.toISOString(),
          rateUntil: until.toISOString(),
          round: 2,
        });
      }
      items.sort((a, b) => b.endedAt.localeCompare(a.endedAt));
      return { items };
    },

    /** Staff: their department's ratings, or the services they did; supervisors all. */
    async staffList(p: Principal, q: StaffRatingsQuery) {
      const supervisor = p.role === 'supervisor' || p.role === 'admin';
      const filter: Record<string, unknown> =
        q.scope === 'mine'
          ? { 'served.staffId': p.userId }
          : q.scope === 'all' && supervisor
            ? {}
            : { 'served.department': p.department ?? '-' };
      if (q.bad === 'true') filter.level = { $in: ['dissatisfied', 'very_dissatisfied'] };
      if (q.bad === 'false') filter.level = { $nin: ['dissatisfied', 'very_dissatisfied'] };
      const list = await ratings.list(filter, 100);
      const out = await views(list, supervisor ? 'supervisor' : 'staff');
      return { items: out.map(({ addendumUntil: _omit, ...rest }) => rest) };
    },

    /** 恶意差评: a supervisor marks it invalid with a reason; it stays stored and leaves the figures. */
    async markInvalid(p: Principal, id: string, reason: string) {
      const r = await ratings.findById(id);
      if (!r) throw new AppError('NOT_FOUND', '未找到该评价');
      const before = await ratings.markInvalid(r._id, { reason, by: p.userId, at: now() });
      if (!before) throw new AppError('RATING_ALREADY_INVALID');
      if (before.counted) await stats.apply(before, -1);
      const after = (await ratings.findById(id))!;
      return { before, view: (await views([after], 'supervisor'))[0]! };
    },

    /** Ownership for the routes' resource rule: the rater; staff of the served department. */
    async ownership(id: string) {
      const r = await ratings.findById(id);
      return r ? { userId: r.personId, department: r.served.department } : undefined;
    },
  };
}
export type RatingService = ReturnType<typeof createRatingService>;
