import { pinyinSyllables } from './search-keys';
import type { Department, ReformStats, Theme } from '@app/shared';
import type { DepartmentRepository } from '../repositories/department.repository';
import type { IndexedItem, ServiceItemRepository } from '../repositories/service-item.repository';
import type { ThemeRepository } from '../repositories/theme.repository';
import { computeReformStats } from './reform-stats';
import type { SynonymRepository } from '../repositories/synonym.repository';
import { byPopularity, toRankable, type RankableItem } from './search-ranking';
import { buildSynonymIndex, type SynonymIndex } from './search-synonyms';
import { buildTypoIndex, type TypoIndex } from './search-typo';

/**
 * Everything the public read routes need, derived from the published items at one catalog version.
 * ~4,500 summaries fit easily in memory; serving from here avoids regex scans in the database.
 */
export interface CatalogSnapshot {
  version: number;
  builtAt: number;
  items: RankableItem[];
  byPopularity: IndexedItem[];
  departments: Department[];
  themes: Theme[];
  stats: ReformStats;
  /** The city's synonyms (part of the catalog version: editing them bumps it). */
  synonyms: SynonymIndex;
  /** Built on the first search that finds nothing or little, then kept with the snapshot. */
  typo(): TypoIndex;
}

export interface SnapshotDeps {
  items: ServiceItemRepository;
  departments: DepartmentRepository;
  themes: ThemeRepository;
  synonyms: SynonymRepository;
  /** Rebuild even at the same version after this long, so popularity order catches up. */
  maxAgeMs?: number;
}

async function build(deps: SnapshotDeps, version: number): Promise<CatalogSnapshot> {
  const [items, departments, themes, synonymEntries] = await Promise.all([
    deps.items.loadPublishedForIndex(),
    deps.departments.list(),
    deps.themes.list(),
    deps.synonyms.list(),
  ]);
  const counts = new Map<string, number>();
  const themeItems = new Map<string, string[]>();
  for (const item of items) {
    counts.set(item.departmentCode, (counts.get(item.departmentCode) ?? 0) + 1);
    for (const theme of item.themes ?? [])
      themeItems.set(theme, [...(themeItems.get(theme) ?? []), item.code]);
  }
  const rankable = items.map(toRankable);
  const synonyms = buildSynonymIndex(synonymEntries);
  let typo: TypoIndex | undefined;
  return {
    version,
    builtAt: Date.now(),
    items: rankable,
    synonyms,
    typo: () => (typo ??= buildTypoIndex(rankable, synonyms)),
    byPopularity: [...items].sort(byPopularity),
    departments: departmentsInPinyinOrder(departments, counts),
    themes: themes.map((t) => ({
      code: t.code,
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      audience: t.audience,
      itemCodes: (themeItems.get(t.code) ?? []).sort(),
    })),
    stats: computeReformStats(items),
  };
}

export function createSnapshotStore(deps: SnapshotDeps) {
  const maxAgeMs = deps.maxAgeMs ?? 5 * 60_000;
  let current: CatalogSnapshot | undefined;
  let pending: { version: number; promise: Promise<CatalogSnapshot> } | undefined;

  function rebuild(version: number): Promise<CatalogSnapshot> {
    // Many requests arriving during a rebuild share one database read.
    if (pending && pending.version === version) return pending.promise;
    const promise = build(deps, version).then(
      (snapshot) => {
        // Last finished wins; a late build for an older version is corrected by the next request.
        current = snapshot;
        if (pending?.promise === promise) pending = undefined;
        return snapshot;
      },
      (err: unknown) => {
        if (pending?.promise === promise) pending = undefined;
        throw err;
      },
    );
    pending = { version, promise };
    return promise;
  }

  return {
    /**
     * The snapshot for `version`. With Redis unreachable the version is unknown (undefined):
     * keep serving the last snapshot while it is fresh rather than failing the search.
     */
    async get(version: number | undefined): Promise<CatalogSnapshot> {
      const fresh = current && Date.now() - current.builtAt < maxAgeMs;
      if (current && fresh && (version === undefined || current.version === version)) return current;
      return rebuild(version ?? current?.version ?? -1);
    },
    /** Drops the local snapshot (after a write in this process, before the version bump is seen). */
    invalidate() {
      current = undefined;
    },
  };
}
export type SnapshotStore = ReturnType<typeof createSnapshotStore>;

/**
 * Departments in pinyin order of their names without the common 市 prefix (公安局 under G, not all
 * under S), each with its pinyin and initials so a person can find one by typing either.
 */
export function departmentsInPinyinOrder(
  departments: Array<{ code: string; name: string }>,
  counts: Map<string, number>,
): Department[] {
  return departments
    .map((d) => {
      const syllables = pinyinSyllables(d.name);
      const key = pinyinSyllables(d.name.replace(/^市/, '')).join(' ');
      return {
        key,
        dept: {
          code: d.code,
          name: d.name,
          itemCount: counts.get(d.code) ?? 0,
          pinyin: syllables.join(' '),
          initials: syllables.map((s) => s[0]).join(''),
        },
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.dept.code < b.dept.code ? -1 : 1))
    .map((x) => x.dept);
}
