import type { Readable } from 'node:stream';
import type { StatsArea, StatsQuery, StatsRatingsQuery } from '@app/shared';
import type { AppDeps } from '../../app-deps';
import type { Principal } from '../auth/access/principal';
import { ratingsOf } from '../ratings';
import { createFiguresRepository } from './repositories/figures.repository';
import { createReferenceRepository } from './repositories/reference.repository';
import { createStatsCacheRepository } from './repositories/stats-cache.repository';
import { exportFileName, streamWorkbook } from './services/export.service';
import { createFiguresService } from './services/figures.service';
import { sharedInFlight } from './services/shared-in-flight';
import { resolveQuery } from './services/period';
import { loadReference, type Reference } from './services/reference';
import { createStatsCache } from './services/stats-cache';
import { onStatsChange, type StatsSource } from './stats-changes';

export type StatsRoute = StatsArea | 'overview';

/** The sources each route's figures read: their version counters are part of the cache key. */
export const ROUTE_SOURCES: Record<StatsRoute, readonly StatsSource[]> = {
  overview: ['cases', 'ratings', 'catalog'],
  trips: ['cases', 'catalog'],
  cases: ['cases', 'catalog'],
  appointments: ['appointments', 'catalog'],
  consultations: ['consultations', 'catalog'],
  complaints: ['complaints', 'catalog'],
  ratings: ['ratings', 'catalog'],
};

export interface SupervisionOptions {
  now?: () => Date;
  /** Safety net: a cached figure lives at most this long even if no write bumps its version. */
  cacheTtlSeconds?: number;
  /** How long the catalog's names and codes are reused in this process (a catalog write drops them). */
  referenceMs?: number;
}

export function createSupervision(deps: AppDeps, options: SupervisionOptions = {}) {
  const connection = deps.mongo.connection;
  const now = options.now ?? (() => new Date());
  const referenceRepo = createReferenceRepository(connection);
  const cacheRepo = createStatsCacheRepository(deps.redis, options.cacheTtlSeconds ?? 600);
  const cache = createStatsCache(cacheRepo, deps.logger);
  const figures = createFiguresService({
    repo: sharedInFlight(createFiguresRepository(connection)),
    ratingTable: (q) => ratingsOf(deps).figures.table(q),
  });

  let reference: { at: number; value: Promise<Reference> } | undefined;
  const referenceMs = options.referenceMs ?? 60_000;
  const ref = () => {
    if (!reference || Date.now() - reference.at > referenceMs) {
      const value = loadReference(referenceRepo);
      value.catch(() => (reference = undefined));
      reference = { at: Date.now(), value };
    }
    return reference.value;
  };
  onStatsChange(connection, async (source) => {
    if (source === 'catalog') reference = undefined;
    await cacheRepo.bump(source);
  });

  /** The cache key and the computation of a route's figures for this query and person. */
  async function figureJob(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
    const r = await ref();
    const resolved = resolveQuery(q, principal, r, now());
    const by = route === 'ratings' ? ((q as StatsRatingsQuery).by ?? 'department') : '';
    const f = resolved.filters;
    const key = [
      route,
      resolved.today,
      resolved.period.from,
      resolved.period.to,
      f.department,
      f.hall,
      f.level,
      by,
    ]
      .map((p) => p ?? '')
      .join(':');
    const compute = () =>
      route === 'ratings' ? figures.ratings(resolved, r, by || 'department') : figures[route](resolved, r);
    return { key, sources: ROUTE_SOURCES[route], compute };
  }

  async function figure(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
    const job = await figureJob(route, q, principal);
    return cache.through(job.key, job.sources, job.compute);
  }

  return {
    figure,
    /** The figures encoded for sending: a repeated request is answered from stored bytes. */
    async preparedFigure(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
      const job = await figureJob(route, q, principal);
      return cache.preparedThrough(job.key, job.sources, job.compute);
    },
    /** The figures of a route as an .xlsx stream and its file name. */
    async exportOf(
      route: StatsRoute,
      q: StatsQuery,
      principal: Principal,
    ): Promise<{ filename: string; stream: Readable; figures: Awaited<ReturnType<typeof figure>> }> {
      const result = await figure(route, q, principal);
      return {
        filename: exportFileName(route, result),
        stream: streamWorkbook(route, result as never),
        figures: result,
      };
    },
  };
}
export type Supervision = ReturnType<typeof createSupervision>;

const instances = new WeakMap<AppDeps, Supervision>();

/** One supervision service per app (tests may pass options to replace it). */
export function supervisionOf(deps: AppDeps, options?: SupervisionOptions): Supervision {
  const existing = instances.get(deps);
  if (existing && !options) return existing;
  const created = createSupervision(deps, options);
  instances.set(deps, created);
  return created;
}
