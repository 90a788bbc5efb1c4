import type { HallRecord } from '../models/hall.model';
import type { ThemeRecord } from '../models/theme.model';
import type { HallRepository } from '../repositories/hall.repository';
import type { ThemeRepository } from '../repositories/theme.repository';
import type { PublicationService } from './publication.service';

/**
 * Halls with their windows and the life-event themes: small reference lists that item rows point
 * to (办理地点, 主题), so they are loaded before items are imported.
 */
export function createReferenceDataService(deps: {
  halls: HallRepository;
  themes: ThemeRepository;
  publication: PublicationService;
}) {
  return {
    async upsert(data: { halls?: HallRecord[]; themes?: ThemeRecord[] }): Promise<void> {
      await deps.halls.upsertMany(data.halls ?? []);
      await deps.themes.upsertMany(data.themes ?? []);
      await deps.publication.catalogChanged();
    },
  };
}
