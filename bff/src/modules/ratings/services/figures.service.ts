import {
  PUBLIC_SATISFACTION_DAYS,
  RATING_LEVEL_LABELS,
  RATING_LEVELS,
  type PublicSatisfaction,
  type RatingFiguresQuery,
  type RatingFiguresResponse,
} from '@app/shared';
import { addCalendarDays, dayOfWeek, todayInChina } from '../../calendar';
import type { RatingRecord } from '../models/rating.model';
import { maskComment } from './rating-views';
import type { Counts, RatingStatsRepository } from '../repositories/rating-stats.repository';
import type { RectificationService } from './rectification.service';

export interface FiguresDeps {
  stats: RatingStatsRepository;
  /** Recent comments their authors allowed to be shown, of an item (masked here). */
  shownComments(itemCode: string, limit: number): Promise<RatingRecord[]>;
  rectifications: Pick<RectificationService, 'figures'>;
  now: () => Date;
  /** How long a public figure is reused (GET /api/items/:code and /api/halls stay fast). */
  cacheMs?: number;
}

const share = (c: Counts) => (c.total > 0 ? c.satisfied / c.total : null);

/** Monday of the ISO week of a China date. */
export function weekOf(day: string): string {
  const dow = dayOfWeek(day); // 0 = Sunday
  return addCalendarDays(day, -((dow + 6) % 7));
}

/**
 * Figures from the roll-up (rating_stats): the public satisfaction of an item or a hall (last 90 days,
 * cached in the process for `cacheMs`), and the supervisors' rows by item / department / hall /
 * window / staff / week with the rectifications' state and on-time share.
 */
export function createFiguresService(deps: FiguresDeps) {
  const cacheMs = deps.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; value: PublicSatisfaction }>();

  async function publicOf(dim: 'item' | 'hall' | 'all', key: string): Promise<PublicSatisfaction> {
    const cacheKey = `${dim}:${key}`;
    const hit = cache.get(cacheKey);
    const t = Date.now();
    if (hit && t - hit.at < cacheMs) return hit.value;
    const today = todayInChina(deps.now());
    const counts = await deps.stats.sum(
      dim,
      key,
      addCalendarDays(today, -(PUBLIC_SATISFACTION_DAYS - 1)),
      today,
    );
    const comments =
      dim === 'item'
        ? (await deps.shownComments(key, 3)).map((r) => ({
            levelLabel: RATING_LEVEL_LABELS[r.level],
            text: maskComment(r.comment ?? ''),
            day: r.day,
          }))
        : undefined;
    const value = {
      days: PUBLIC_SATISFACTION_DAYS,
      count: counts.total,
      share: share(counts),
      ...(comments ? { comments } : {}),
    };
    if (cache.size > 20_000) cache.clear();
    cache.set(cacheKey, { at: t, value });
    return value;
  }

  /** The table's rows: by week (oldest first) or by a dimension (most ratings first). */
  async function rowsBy(
    by: RatingFiguresQuery['by'],
    from: string,
    to: string,
  ): Promise<Array<{ key: string } & Counts>> {
    if (by !== 'week')
      return [...(await deps.stats.byKey(by, from, to))]
        .map(([key, c]) => ({ key, ...c }))
        .sort((a, b) => b.total - a.total);
    const days = await deps.stats.days('all', '*', from, to);
    const weeks = new Map<string, Counts>();
    for (const d of days) {
      const w = weekOf(d.day);
      const c = weeks.get(w) ?? { total: 0, satisfied: 0, levels: {} };
      c.total += d.total;
      c.satisfied += d.satisfied;
      for (const [l, n] of Object.entries(d.levels ?? {})) c.levels[l] = (c.levels[l] ?? 0) + n;
      weeks.set(w, c);
    }
    return [...weeks].map(([key, c]) => ({ key, ...c })).sort((a, b) => a.key.localeCompare(b.key));
  }

  return {
    ofItem: (code: string) => publicOf('item', code),
    ofHall: (code: string) => publicOf('hall', code),
    /** The city's public satisfaction (last 90 days), shown beside the reform share (issue 14). */
    overall: () => publicOf('all', '*'),
    /** Forget cached figures (tests; a rating the person wants to see at once). */
    forget() {
      cache.clear();
    },
    /** A rating was counted or taken out: this process shows its item's and hall's new figure at once. */
    changed(served: { itemCode?: string; hallCode?: string }) {
      if (served.itemCode) cache.delete(`item:${served.itemCode}`);
      if (served.hallCode) cache.delete(`hall:${served.hallCode}`);
    },

    async table(q: RatingFiguresQuery): Promise<RatingFiguresResponse> {
      const today = todayInChina(deps.now());
      const to = q.to ?? today;
      const from = q.from ?? addCalendarDays(to, -89);
      // The rectifications' figures do not depend on the rows: both are asked at once.
      const [rows, rectifications] = await Promise.all([
        rowsBy(q.by, from, to),
        deps.rectifications.figures(),
      ]);
      return {
        by: q.by,
        rows: rows.map((r) => ({
          key: r.key,
          total: r.total,
          satisfied: r.satisfied,
          share: share(r),
          levels: Object.fromEntries(RATING_LEVELS.map((l) => [l, r.levels[l] ?? 0])),
        })),
        rectifications,
      };
    },
  };
}
export type FiguresService = ReturnType<typeof createFiguresService>;
