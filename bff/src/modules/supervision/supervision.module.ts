import type { Readable } from 'node:stream';
import type { StatsArea, StatsQuery, StatsRatingsQuery } from '@app/shared';
import type { AppDeps } from '../../app-deps';
import type { Principal } from '../auth/access/principal';
import { ratingsOf } from '../ratings';
import { createFiguresRepository } from './repositories/figures.repository';
import { createReferenceRepository } from './repositories/reference.repository';
import { createRollupRepository } from './repositories/rollup.repository';
import { createStatsCacheRepository } from './repositories/stats-cache.repository';
import { exportFileName, streamWorkbook } from './services/export.service';
import { createFiguresService, pageViewOf } from './services/figures.service';
import { sharedInFlight } from './services/shared-in-flight';
import { resolveQuery, todayOfClock } from './services/period';
import { loadReference, type Reference } from './services/reference';
import { createRollups } from './services/rollups';
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
  /** How long a process trusts its mirrored version counters without news from Redis (1 s). */
  versionTrustMs?: number;
  /** How long the catalog's names and codes are reused in this process (a catalog write drops them). */
  referenceMs?: number;
}

export function createSupervision(deps: AppDeps, options: SupervisionOptions = {}) {
  const connection = deps.mongo.connection;
  const now = options.now ?? (() => new Date());
  const referenceRepo = createReferenceRepository(connection);
  const cacheRepo = createStatsCacheRepository(deps.redis, {
    ttlSeconds: options.cacheTtlSeconds ?? 600,
    versionTrustMs: options.versionTrustMs,
    logger: deps.logger,
  });
  const cache = createStatsCache(cacheRepo, deps.logger);
  const figuresRepo = createFiguresRepository(connection);
  const rollups = createRollups({
    store: createRollupRepository(connection),
    figures: figuresRepo,
    context: () => ref(),
  });
  const figures = createFiguresService({
    repo: sharedInFlight(figuresRepo),
    // The roll-ups share their loads themselves (see rollups.days).
    rollups,
    ratingTable: (q) => ratingsOf(deps).figures.table(q),
  });

  let reference: { at: number; value: Promise<Reference>; loaded?: Reference } | undefined;
  const referenceMs = options.referenceMs ?? 60_000;
  const fresh = () => !!reference && Date.now() - reference.at <= referenceMs;
  const ref = () => {
    if (!reference || !fresh()) {
      const value = loadReference(referenceRepo);
      const entry: NonNullable<typeof reference> = { at: Date.now(), value };
      value.then(
        (loaded) => (entry.loaded = loaded),
        () => (reference = undefined),
      );
      reference = entry;
    }
    return reference.value;
  };
  /** The reference when it is loaded and fresh, without waiting. */
  const loadedRef = () => (fresh() ? reference?.loaded : undefined);
  onStatsChange(connection, async (source) => {
    if (source === 'catalog') reference = undefined;
    await cacheRepo.bump(source);
  });

  const today = todayOfClock(now);
  // Per catalog reference (a reloaded one starts afresh): a repeated request's cache key and inputs
  // are looked up, not worked out again — resolving the period was a quarter of a cached answer's CPU.
  const jobs = new WeakMap<Reference, Map<string, ReturnType<typeof resolveJob>>>();

  /** The cache key and the computation of a route's figures for this query and person. */
  async function figureJob(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
    return jobWith(await ref(), route, q, principal);
  }

  function jobWith(r: Reference, route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
    const by = route === 'ratings' ? ((q as StatsRatingsQuery).by ?? 'department') : '';
    const day = today();
    // Everything resolveQuery reads: the query, the day, and the caller's role and department.
    const asked = JSON.stringify([
      route,
      day,
      principal.role,
      principal.department,
      q.from,
      q.to,
      q.department,
      q.hall,
      q.level,
      by,
    ]);
    let known = jobs.get(r);
    if (!known) jobs.set(r, (known = new Map()));
    const hit = known.get(asked);
    if (hit) return hit;
    const job = resolveJob(route, q, principal, r, day, by);
    if (known.size >= 1000) known.delete(known.keys().next().value as string);
    known.set(asked, job);
    return job;
  }

  function resolveJob(
    route: StatsRoute,
    q: StatsQuery | StatsRatingsQuery,
    principal: Principal,
    r: Reference,
    day: string,
    by: StatsRatingsQuery['by'] | '',
  ) {
    const resolved = resolveQuery(q, principal, r, day);
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
    return {
      key,
      sources: ROUTE_SOURCES[route],
      compute,
      present: pageViewOf(route),
    };
  }

  async function figure(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
    const job = await figureJob(route, q, principal);
    return cache.through(job.key, job.sources, job.compute);
  }

  return {
    figure,
    /**
     * A repeated request's figures, when everything it needs is in memory (the catalog reference,
     * the version counters, the encoded answer): answered without waiting for anything. Else undefined.
     */
    preparedFigureAtOnce(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
      const r = loadedRef();
      if (!r) return undefined;
      const job = jobWith(r, route, q, principal);
      return cache.preparedHit(job.key, job.sources);
    },
    /** The figures encoded for sending: a repeated request is answered from stored bytes. */
    async preparedFigure(route: StatsRoute, q: StatsQuery | StatsRatingsQuery, principal: Principal) {
      const job = await figureJob(route, q, principal);
      return cache.preparedThrough(job.key, job.sources, job.compute, job.present);
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
