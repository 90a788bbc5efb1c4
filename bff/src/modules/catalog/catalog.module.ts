import type { Connection } from 'mongoose';
import type { Logger } from '../../infra/logger';
import type { RedisHandle } from '../../infra/redis/connect-redis';
import { createDepartmentRepository } from './repositories/department.repository';
import { createHallRepository } from './repositories/hall.repository';
import { createItemChangeRepository } from './repositories/item-change.repository';
import { createServiceItemRepository } from './repositories/service-item.repository';
import { createSynonymRepository } from './repositories/synonym.repository';
import { createThemeRepository } from './repositories/theme.repository';
import { createCatalogQueryService } from './services/catalog-query.service';
import { createSnapshotStore } from './services/catalog-snapshot';
import { createCatalogVersion } from './services/catalog-version';
import { createImportService } from './services/import/import.service';
import { createPopularityCounter } from './services/popularity';
import { createPublicationService } from './services/publication.service';
import { createReferenceDataService } from './services/reference-data.service';
import { createSearchCache } from './services/search-cache';
import { createSynonymsService } from './services/synonyms.service';

export interface CatalogDeps {
  logger: Logger;
  mongo: { connection: Connection };
  redis: RedisHandle;
}

/**
 * Wires the catalog once per app (or per script): repositories on the app's connection, services
 * over them. Creating it registers the models, so `syncIndexes` afterwards creates their indexes.
 */
export function createCatalog(
  deps: CatalogDeps,
  options: { popularityFlushMs?: number; versionTrustMs?: number } = {},
) {
  const connection = deps.mongo.connection;
  const repos = {
    items: createServiceItemRepository(connection),
    departments: createDepartmentRepository(connection),
    themes: createThemeRepository(connection),
    halls: createHallRepository(connection),
    changes: createItemChangeRepository(connection),
    synonyms: createSynonymRepository(connection),
  };
  const version = createCatalogVersion(deps.redis, { trustMs: options.versionTrustMs, logger: deps.logger });
  const snapshots = createSnapshotStore(repos);
  const cache = createSearchCache(deps.redis, version.key);
  const popularity = createPopularityCounter({
    redis: deps.redis,
    items: repos.items,
    logger: deps.logger,
    flushIntervalMs: options.popularityFlushMs,
  });
  const publication = createPublicationService({ logger: deps.logger, ...repos, version, snapshots });
  return {
    repos,
    version,
    popularity,
    publication,
    query: createCatalogQueryService({
      logger: deps.logger,
      ...repos,
      version,
      cache,
      snapshots,
      popularity,
    }),
    importer: createImportService({ ...repos, publication }),
    reference: createReferenceDataService({ ...repos, publication }),
    synonyms: createSynonymsService({ synonyms: repos.synonyms, publication }),
  };
}
export type Catalog = ReturnType<typeof createCatalog>;
