import type { ItemListQuery, ItemListResponse, ServiceItemDetail, ServiceItemSummary } from '@app/shared';
import { AppError } from '../../../http/app-error';
import { prepareJson, type PreparedJson } from '../../../http/prepared-json';
import type { Logger } from '../../../infra/logger';
import type { ServiceItemRecord } from '../models/service-item.model';
import type { HallRepository } from '../repositories/hall.repository';
import type { IndexedItem, ServiceItemRepository } from '../repositories/service-item.repository';
import type { CatalogSnapshot, SnapshotStore } from './catalog-snapshot';
import type { CatalogVersion } from './catalog-version';
import type { PopularityCounter } from './popularity';
import { prepareQuery } from './search-keys';
import { rankItems, type RankableItem } from './search-ranking';
import { expandQuery } from './search-synonyms';
import { suggestQueries } from './search-typo';
import { queryKey, type SearchCache } from './search-cache';

export function toSummary(item: IndexedItem): ServiceItemSummary {
  return {
    code: item.code,
    name: item.name,
    departmentCode: item.departmentCode,
    departmentName: item.departmentName,
    kind: item.kind,
    level: item.level,
    maxTrips: item.maxTrips,
    onlineCapable: item.onlineCapable,
    promisedLimitDays: item.promisedLimitDays ?? 0,
    popularity: item.popularity ?? 0,
  };
}

export function toDetail(item: ServiceItemRecord): ServiceItemDetail {
  return {
    ...toSummary({ ...item, promisedLimitDays: item.guide.promisedLimitDays }),
    ...(item.tripsReason ? { tripsReason: item.tripsReason } : {}),
    themes: item.themes ?? [],
    ...(item.aliases?.length ? { aliases: item.aliases } : {}),
    guide: item.guide,
    status: item.status,
    ...(item.publishedAt ? { publishedAt: new Date(item.publishedAt).toISOString() } : {}),
    ...(item.batch ? { batch: item.batch } : {}),
    updatedAt: new Date(item.updatedAt).toISOString(),
  };
}

/** Below this many matches a search is worth a “您是不是要找” look-up. */
const FEW_MATCHES = 3;

type Suggestion = Pick<ItemListResponse, 'didYouMean' | 'showingSuggestion'>;

/**
 * Relevance order for `q`, its synonyms included; when that finds fewer than FEW_MATCHES, the
 * closest spelling that finds more becomes `didYouMean`, and its results are shown when `q` found
 * nothing at all.
 */
function searchText(
  snapshot: CatalogSnapshot,
  candidates: RankableItem[],
  q: string,
): { matches: IndexedItem[]; suggestion: Suggestion } {
  const rank = (text: string) => {
    const prepared = prepareQuery(text);
    return rankItems(candidates, prepared, expandQuery(prepared, snapshot.synonyms));
  };
  const matches = rank(q);
  if (matches.length >= FEW_MATCHES) return { matches, suggestion: {} };
  for (const meant of suggestQueries(prepareQuery(q), snapshot.typo())) {
    const found = rank(meant);
    if (found.length <= matches.length) continue;
    return matches.length === 0
      ? { matches: found, suggestion: { didYouMean: meant, showingSuggestion: true } }
      : { matches, suggestion: { didYouMean: meant } };
  }
  return { matches, suggestion: {} };
}

/** Filters, then relevance (with a query) or popularity (without), then one page. */
export function searchSnapshot(snapshot: CatalogSnapshot, query: ItemListQuery): ItemListResponse {
  const { department, theme, maxTrips, online } = query;
  const keep = (item: IndexedItem) =>
    (!department || item.departmentCode === department || item.departmentName === department) &&
    (!theme || (item.themes ?? []).includes(theme)) &&
    (maxTrips === undefined || item.maxTrips <= maxTrips) &&
    (online === undefined || item.onlineCapable === online);
  const q = query.q?.trim();
  const { matches, suggestion } = q
    ? searchText(
        snapshot,
        snapshot.items.filter((r) => keep(r.item)),
        q,
      )
    : { matches: snapshot.byPopularity.filter(keep), suggestion: {} };
  const start = (query.page - 1) * query.pageSize;
  return {
    items: matches.slice(start, start + query.pageSize).map(toSummary),
    total: matches.length,
    page: query.page,
    pageSize: query.pageSize,
    ...suggestion,
  };
}

/**
 * Result pages of the current version kept in this process (bounded). A new version empties it:
 * keys of older versions can never be asked for again.
 */
export function createPageMemory<Page>(maxEntries = 5000) {
  let version: number | undefined;
  const pages = new Map<string, Page>();
  return {
    get(v: number, key: string): Page | undefined {
      return v === version ? pages.get(key) : undefined;
    },
    set(v: number, key: string, page: Page) {
      if (v !== version) {
        pages.clear();
        version = v;
      }
      if (pages.size >= maxEntries) pages.delete(pages.keys().next().value as string);
      pages.set(key, page);
    },
  };
}

export interface CatalogQueryDeps {
  logger: Logger;
  items: ServiceItemRepository;
  halls: HallRepository;
  version: CatalogVersion;
  cache: SearchCache;
  snapshots: SnapshotStore;
  popularity: PopularityCounter;
}

/** The public read side of the catalog. Only published items are ever visible here. */
export function createCatalogQueryService(deps: CatalogQueryDeps) {
  let redisWarned = false;
  const redisFailed = (err: unknown) => {
    // Search keeps working from the in-process snapshot while Redis is away; say so once.
    if (!redisWarned)
      deps.logger.warn({ err }, 'catalog: Redis unavailable, serving without the search cache');
    redisWarned = true;
  };

  async function currentVersion(): Promise<number | undefined> {
    try {
      const v = await deps.version.current();
      redisWarned = false;
      return v;
    } catch (err) {
      redisFailed(err);
      return undefined;
    }
  }

  const snapshot = async () => deps.snapshots.get(await currentVersion());
  const memory = createPageMemory<PreparedJson>();
  const inFlight = new Map<string, Promise<PreparedJson>>();
  const remember = (version: number, key: string, json: string) => {
    const page = prepareJson(json);
    memory.set(version, key, page);
    return page;
  };

  /** Redis (one call reads the version and the cached JSON text), else the snapshot. */
  async function loadPage(key: string, query: ItemListQuery): Promise<PreparedJson> {
    let version: number | undefined;
    try {
      const found = await deps.cache.lookup(key);
      version = found.version;
      deps.version.confirm(version);
      redisWarned = false;
      if (found.hit !== null) return remember(version, key, found.hit);
    } catch (err) {
      redisFailed(err);
    }
    const json = JSON.stringify(searchSnapshot(await deps.snapshots.get(version), query));
    if (version === undefined) return prepareJson(json);
    deps.cache.store(version, key, json).catch(redisFailed);
    return remember(version, key, json);
  }

  return {
    /**
     * One result page, encoded and compressed once (see prepareJson). Fastest first: this
     * process's memory (same version), then Redis (one call reads the version and the cached JSON
     * text), then the snapshot. Pages are sent as stored, without parsing and re-serialising.
     */
    async searchPage(query: ItemListQuery): Promise<PreparedJson> {
      const key = queryKey(query);
      const known = deps.version.known();
      const local = known === undefined ? undefined : memory.get(known, key);
      if (local !== undefined) return local;
      // Requests for the same page at the same moment share one look-up: when the remembered
      // version lapses (each second) or after a publication, a hot page costs one Redis call and at
      // most one ranking, not one per request in flight.
      let loading = inFlight.get(key);
      if (!loading) {
        loading = loadPage(key, query).finally(() => inFlight.delete(key));
        inFlight.set(key, loading);
      }
      return loading;
    },

    async search(query: ItemListQuery): Promise<ItemListResponse> {
      return JSON.parse((await this.searchPage(query)).json.toString('utf8')) as ItemListResponse;
    },

    async getItem(code: string): Promise<ServiceItemDetail> {
      const item = await deps.items.findPublishedByCode(code);
      if (!item) throw new AppError('ITEM_NOT_FOUND');
      deps.popularity.recordView(code);
      return toDetail(item);
    },

    async departments() {
      return { items: (await snapshot()).departments };
    },

    async themes() {
      return { items: (await snapshot()).themes };
    },

    async halls() {
      const halls = await deps.halls.list();
      return { items: halls.map(({ order: _order, ...hall }) => hall) };
    },

    async reformStats() {
      return (await snapshot()).stats;
    },
  };
}
export type CatalogQueryService = ReturnType<typeof createCatalogQueryService>;
